// scratch: time dashboard parts at the root
import { openPostgres, queryRows } from '../src/server/db/client.js';
import { provinceApp } from './province.js';
import { sql } from 'drizzle-orm';
const database = await openPostgres(process.env.DATABASE_URL as string, 10);
const { app, cookies, ids } = await provinceApp(database, '2026-11-23');
const urls = process.argv.slice(2).map((u) => u.replace('ROOT', String(ids.root)).replace('CITY', String(ids.city)));
for (const url of urls) {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const r = await app.inject({ method: 'GET', url, headers: { cookie: cookies.province } });
    times.push(performance.now() - t);
    if (r.statusCode !== 200) { console.log(url, r.statusCode, r.body.slice(0, 200)); break; }
  }
  console.log(url, times.map((t) => t.toFixed(0)).join(' '));
}
await app.close(); await database.close();
