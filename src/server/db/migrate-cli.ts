import { loadConfig } from '../config.js';
import { openForCommand } from './client.js';
import { runMigrations } from './migrate.js';

// `npm run db:migrate`: applies migrations to DATABASE_URL (or the embedded database). The embedded
// PostgreSQL is migrated through the running server's cluster, or started for this run; PGlite only
// while nothing else has it open (a running server is refused, lock.ts; it migrates at its own
// start anyway).
const config = loadConfig();
const database = await openForCommand(config, 'migrate');
await runMigrations(database);
await database.close();
console.log(`migrations applied (${database.kind})`);
