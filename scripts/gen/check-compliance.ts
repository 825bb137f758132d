// DATABASE_URL=postgres://…/a_generated_db JICENG_DATA_KEY=… npx tsx scripts/gen/check-compliance.ts [--today 2026-11-23]
//
// Checks the generator's compliance in SQL (compliance.ts) against the app's refreshAllCompliance
// on a generated database of your own (it rewrites orglife_compliance; never a shared one): the app
// judges every branch first and its rows are kept aside, then the SQL writes the table again and
// the two sets are compared row by row (every column). Prints both times and the differences; exits
// 1 on any. The rollup triggers are off for both (session_replication_role), as in the generator,
// so the rollups are left as they were: correct when the rows agree.
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openPostgres } from '../../src/server/db/client.js';
import { deploymentKey, loadDataKeys } from '../../src/server/lib/pii.js';
import { refreshAllCompliance } from '../../src/server/modules/orglife/refresh.js';
import { loadRuleHistory, loadRules } from '../../src/server/modules/settings/rules.js';
import { complianceInSql } from './compliance.js';

const { values } = parseArgs({ options: { today: { type: 'string', default: '2026-11-23' } } });
const today = values.today as string;
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL: a generated database of your own');
const database = await openPostgres(url, 1);
await loadDataKeys(database.db, { kek: deploymentKey({ dataDir: '', databaseUrl: url }) });
const client = new pg.Client({ connectionString: url });
await client.connect();

let t = performance.now();
await database.db.transaction(async (tx) => {
  await tx.execute(sql`set local session_replication_role = replica`);
  await refreshAllCompliance(tx, today);
  await tx.execute(sql`drop table if exists gen_check_app`);
  await tx.execute(sql`create table gen_check_app as select * from orglife_compliance`);
});
const appSeconds = (performance.now() - t) / 1000;

await client.query('begin');
await client.query('set local session_replication_role = replica');
await client.query('set local work_mem = $$256MB$$');
await client.query('delete from orglife_compliance');
t = performance.now();
const n = await complianceInSql(
  client,
  await loadRules(database.db),
  await loadRuleHistory(database.db),
  today,
);
const sqlSeconds = (performance.now() - t) / 1000;
const diff = async (a: string, b: string) =>
  (await client.query(`select * from (select * from ${a} except all select * from ${b}) d limit 5`)).rows;
const onlyApp = await diff('gen_check_app', 'orglife_compliance');
const onlySql = await diff('orglife_compliance', 'gen_check_app');
const [{ app }] = (await client.query('select count(*)::int as app from gen_check_app')).rows;
await client.query('commit');
await client.query('drop table gen_check_app');
console.log(`refreshAllCompliance: ${app.toLocaleString('en')} rows in ${appSeconds.toFixed(1)} s`);
console.log(`compliance in SQL:    ${n.toLocaleString('en')} rows in ${sqlSeconds.toFixed(1)} s`);
if (onlyApp.length || onlySql.length) {
  console.log('DIFFERENT. Only in the app (first 5):', onlyApp, 'only in SQL (first 5):', onlySql);
  process.exitCode = 1;
} else console.log('identical, row by row');
await client.end();
await database.close();
