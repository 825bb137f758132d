import { loadConfig } from '../config.js';
import { openDatabase } from './client.js';
import { lockOrExit } from './lock.js';
import { runMigrations } from './migrate.js';

// `npm run db:migrate`: applies migrations to DATABASE_URL (or the embedded database). An embedded
// database is migrated only while nothing else has it open: a running server is refused (lock.ts);
// it migrates at its own start anyway.
const config = loadConfig();
if (!config.databaseUrl) lockOrExit(config.dataDir, 'migrate', { signals: true });
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
await runMigrations(database);
await database.close();
console.log(`migrations applied (${database.kind})`);
