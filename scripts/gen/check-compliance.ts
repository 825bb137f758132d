// DATABASE_URL=postgres://…/a_generated_db JICENG_DATA_KEY=… npx tsx scripts/gen/check-compliance.ts [--today 2026-11-23] [--vary]
//
// --vary first writes into the database what the generator leaves out, so that every condition of
// the rules is met somewhere: committees (three sitting members, or two after one left), heart talks
// (members with one talk, two, or one outside the year), exemptions granted by the higher org,
// branches founded or dissolved inside a period, dissolved party groups, draft and returned
// meetings, lectures by the secretary, members who left. A scratch database only: the rollups are
// not recounted for these rows.
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
import { complianceInSql, onClient } from './compliance.js';

const { values } = parseArgs({
  options: { today: { type: 'string', default: '2026-11-23' }, vary: { type: 'boolean', default: false } },
});
const today = values.today as string;
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL: a generated database of your own');
const database = await openPostgres(url, 1);
await loadDataKeys(database.db, { kek: deploymentKey({ dataDir: '', databaseUrl: url }) });
const client = new pg.Client({ connectionString: url });
await client.connect();

if (values.vary) {
  await client.query('begin');
  await client.query('set local session_replication_role = replica');
  const year = today.slice(0, 4);
  for (const text of [
    // Committees: three sitting members where id % 7 = 0; where id % 11 = 0 one of them has left.
    `insert into committee_members (org_id, member_id, role, started_on, ended_on)
     select m.org_id, m.id, 'member', date '${year}-01-01',
       case when m.org_id % 11 = 0 and m.rn = 3 then date '${year}-03-01' end
     from (select id, org_id, row_number() over (partition by org_id order by id) as rn from members) m
     join orgs o on o.id = m.org_id and o.kind in ('branch', 'joint_branch')
     where m.rn <= 3 and (m.org_id % 7 = 0 or m.org_id % 11 = 0)`,
    // Heart talks in branches where id % 5 = 0: none, one, two, or one the year before, by member.
    `insert into heart_talks (org_id, org_path, member_id, talker_member_id, talked_on, summary)
     select m.org_id, m.org_path, m.id, m.id, d.on_, '谈心谈话'
     from members m
     cross join lateral (values (date '${year}-03-10', 1), (date '${year}-09-20', 2), (date '${Number(year) - 1}-12-20', 3)) d(on_, k)
     where m.org_id % 5 = 0 and ((m.id % 4 = 1 and d.k = 1) or (m.id % 4 = 2 and d.k <= 2) or (m.id % 4 = 3 and d.k = 3))`,
    // Exemptions granted by the higher org.
    `insert into orglife_exemptions (org_id, org_path, rule_id, period_key, reason)
     select id, path, r.rule_id, r.period_key, '上级批准的原因'
     from orgs cross join (values ('orglife.generalMeetingPeriod', '${year}-Q2'), ('orglife.secretaryLecturesPerYear', '${year}'),
       ('orglife.themeDayPeriod', '${year}-03'), ('orglife.heartTalksPerYear', '${year}')) r(rule_id, period_key)
     where kind in ('branch', 'joint_branch') and id % 13 = 0`,
    // Founded or dissolved inside a period, on a period's first or last day, or before the year.
    `update orgs set founded_on = case id % 4 when 0 then date '${year}-05-15' when 1 then date '${year}-04-01'
       when 2 then date '${year}-12-31' else date '${year}-02-28' end
     where kind in ('branch', 'joint_branch') and id % 17 = 0`,
    `update orgs set dissolved_on = case id % 3 when 0 then date '${year}-08-10' when 1 then date '${year}-06-30'
       else date '${year}-01-01' end, status = 'dissolved'
     where kind in ('branch', 'joint_branch') and id % 19 = 0`,
    `update orgs set status = 'dissolved', dissolved_on = date '${year}-06-01' where kind = 'group' and id % 3 = 0`,
    `update meetings set status = case when id % 2 = 0 then 'draft' else 'returned' end where id % 29 = 0`,
    `update meetings set by_secretary = true where kind = 'party_lecture' and id % 3 = 0`,
    `update members set status = 'left' where id % 23 = 0`,
  ])
    await client.query(text);
  await client.query('commit');
}

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
  onClient(client),
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
