// A second server process for test/api/cache-processes.test.ts: the app on DATABASE_URL (the
// suite's PostgreSQL database), listening on a free loopback port, with the suite's clock. Prints
// `READY <port>` when it serves; stops on SIGTERM.
import { buildApp } from '../../../src/server/app.js';
import { loadConfig } from '../../../src/server/config.js';
import { openPostgres } from '../../../src/server/db/client.js';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');
const database = await openPostgres(url, 4);
const now = new Date(process.env.CACHE_TEST_NOW ?? Date.now());
const config = {
  ...loadConfig({ LOG_LEVEL: 'warn', WEB_DIST: '/nonexistent', DATABASE_URL: url }),
  loginRateLimit: 1000,
};
const app = await buildApp({ config, database, clock: () => now });
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
console.log(`READY ${typeof address === 'object' && address ? address.port : 0}`);
process.on('SIGTERM', async () => {
  await app.close();
  await database.close();
  process.exit(0);
});
