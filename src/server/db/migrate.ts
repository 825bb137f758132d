import path from 'node:path';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { Database } from './client.js';

export const MIGRATIONS_FOLDER = path.join(import.meta.dirname, 'migrations');

/** Applies pending migrations; idempotent, safe at every start. */
export async function runMigrations(database: Database): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_FOLDER };
  // biome-ignore lint/suspicious/noExplicitAny: the two migrators take their own driver types
  const db = database.db as any;
  if (database.kind === 'pglite') await migratePglite(db, config);
  else await migratePg(db, config);
}
