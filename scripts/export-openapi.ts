// `npm run openapi:export`: writes the OpenAPI document to dist/openapi.json without a server.
import { mkdirSync, writeFileSync } from 'node:fs';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { openPglite } from '../src/server/db/client.js';

const database = await openPglite(undefined);
const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), database });
await app.ready();
mkdirSync('dist', { recursive: true });
writeFileSync('dist/openapi.json', JSON.stringify(app.swagger(), null, 2));
await app.close();
await database.close();
console.log('dist/openapi.json written');
