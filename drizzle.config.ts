import { defineConfig } from 'drizzle-kit';

// Used only to generate SQL migrations from the schema; migrations are applied in code
// (src/server/db/migrate.ts) so that PGlite gets the ltree extension first.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/server/db/schema/index.ts',
  out: './src/server/db/migrations',
});
