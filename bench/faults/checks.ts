// The invariants read after every restart, with SQL on the database the server left behind. Each
// returns the problems it found (none expected): a write must be there whole or not at all, what is
// derived from it must equal a recount, and a write the client saw acknowledged must be there.
// The recounts (compliance, subtree rollups) run in a transaction that is rolled back.
import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { ledgerStatus } from '../../src/domain/dues/ledger.js';
import { type DbOrTx, queryRows } from '../../src/server/db/client.js';
import { refreshAllCompliance } from '../../src/server/modules/orglife/refresh.js';
import type { Attempt } from './ops.js';

export interface Problem {
  check: string;
  detail: string;
}

const n = z.object({ n: z.union([z.number(), z.string()]) });
/** A count(*) (a bigint: text on node-postgres, so converted here; queryRows only types rows). */
const count = async (db: DbOrTx, q: SQL) => Number((await queryRows(db, q, n))[0]?.n ?? 0);
const ROLLBACK = new Error('rollback');

/** Runs `fn` in a transaction that never commits. */
async function rolledBack<T>(db: DbOrTx, fn: (tx: DbOrTx) => Promise<T>): Promise<T> {
  let out: T | undefined;
  await db
    .transaction(async (tx) => {
      out = await fn(tx);
      throw ROLLBACK;
    })
    .catch((e) => {
      if (e !== ROLLBACK) throw e;
    });
  return out as T;
}

/** Tables that carry a copy of their org's path (kept in step by a subtree move, orgs/repo.ts). */
const PATH_COPIES = [
  'members',
  'meetings',
  'heart_talks',
  'orglife_exemptions',
  'orglife_compliance',
  'development_cases',
  'dues_ledger',
  'dues_payments',
  'dues_lapse_decisions',
  'dues_arrears_runs',
  'dues_imports',
  'coverage_units',
];

/** The tree and every copy of it: paths, depths, the current version of each org. */
export async function treeChecks(db: DbOrTx): Promise<Problem[]> {
  const out: Problem[] = [];
  const badPaths = await count(
    db,
    sql`select count(*) as n from orgs o left join orgs p on p.id = o.parent_id
        where (o.parent_id is null and o.path::text <> o.id::text)
           or (o.parent_id is not null and (p.id is null or o.path::text <> p.path::text || '.' || o.id
               or o.depth <> p.depth + 1))`,
  );
  if (badPaths)
    out.push({
      check: 'org paths',
      detail: `${badPaths} orgs whose path or depth is not their parent's plus themselves`,
    });
  for (const table of PATH_COPIES) {
    const bad = await count(
      db,
      sql`select count(*) as n from ${sql.identifier(table)} x join orgs o on o.id = x.org_id where x.org_path <> o.path`,
    );
    if (bad)
      out.push({
        check: 'path copies',
        detail: `${table}: ${bad} rows whose org_path differs from their org's path`,
      });
  }
  const versions = await count(
    db,
    sql`select count(*) as n from orgs o
        where (select count(*) from org_versions v where v.org_id = o.id and v.valid_to is null) <> 1
           or exists (select 1 from org_versions v where v.org_id = o.id and v.valid_to is null
             and (v.parent_id is distinct from o.parent_id or v.name <> o.name or v.kind <> o.kind or v.status <> o.status))`,
  );
  if (versions)
    out.push({
      check: 'org versions',
      detail: `${versions} orgs without exactly one current version equal to the org`,
    });
  return out;
}

/** subtree_counts against `rollup_rebuild`'s recount (the test suite's drift check). */
export async function rollupChecks(db: DbOrTx): Promise<Problem[]> {
  const diff = await rolledBack(db, async (tx) => {
    await tx.execute(
      sql`create temp table kept on commit drop as select org_id, dim, key, n from subtree_counts where n <> 0`,
    );
    await tx.execute(sql`select rollup_rebuild((select age_bands_on from rollup_state))`);
    return count(
      tx,
      sql`select count(*) as n from ((select org_id, dim, key, n from kept
            except select org_id, dim, key, n from subtree_counts where n <> 0)
          union all (select org_id, dim, key, n from subtree_counts where n <> 0
            except select org_id, dim, key, n from kept)) d`,
    );
  });
  return diff ? [{ check: 'subtree rollups', detail: `${diff} rollup rows differ from a recount` }] : [];
}

/** orglife_compliance against a full recompute with the rules now in force. */
export async function complianceChecks(db: DbOrTx, today: string): Promise<Problem[]> {
  const cols = sql`org_id, org_path::text, rule_id, meeting_kind, period_key, period_start, period_end, subject_id,
    required, held, exempt_reason`;
  const diff = await rolledBack(db, async (tx) => {
    await tx.execute(sql`create temp table kept on commit drop as select ${cols} from orglife_compliance`);
    await refreshAllCompliance(tx, today);
    return count(
      tx,
      sql`select count(*) as n from ((select * from kept except select ${cols} from orglife_compliance)
          union all (select ${cols} from orglife_compliance except select * from kept)) d`,
    );
  });
  return diff
    ? [{ check: 'compliance', detail: `${diff} compliance rows differ from a full recompute` }]
    : [];
}

/** Every ledger row's paid amount, last payment and status from its payments. */
export async function ledgerChecks(db: DbOrTx): Promise<Problem[]> {
  const rows = await queryRows(
    db,
    sql`select l.id, l.expected_fen as expected, l.paid_fen as paid, l.status, l.last_paid_on::text as last,
          coalesce(p.sum, 0)::int as sum, p.max::text as max
        from dues_ledger l left join (select ledger_id, sum(amount_fen) as sum, max(paid_on) as max from dues_payments
          where kind = 'regular' and voided_at is null group by ledger_id) p on p.ledger_id = l.id`,
    z.object({
      id: z.number(),
      expected: z.number().nullable(),
      paid: z.number(),
      status: z.string(),
      last: z.string().nullable(),
      sum: z.number(),
      max: z.string().nullable(),
    }),
  );
  const bad = rows.filter(
    (r) =>
      r.paid !== r.sum ||
      r.last !== r.max ||
      (r.status !== 'exempt' && r.status !== ledgerStatus(r.expected, r.paid)),
  );
  return bad.length
    ? [
        {
          check: 'dues ledger',
          detail: `${bad.length} ledger rows disagree with their payments (e.g. id ${bad[0].id})`,
        },
      ]
    : [];
}

/** Imports are never left mid-way by a restart (the server marks interrupted ones on start). */
export async function importStateChecks(db: DbOrTx): Promise<Problem[]> {
  const stuck = await count(
    db,
    sql`select count(*) as n from imports where status in ('parsing', 'committing')`,
  );
  return stuck
    ? [{ check: 'imports', detail: `${stuck} imports still parsing or committing after the restart` }]
    : [];
}

/**
 * The attempted write: all or nothing. `acked`: the client saw it finish before the kill, so it
 * must be there. Returns the problems and whether the write is in the database.
 */
export async function attemptChecks(
  db: DbOrTx,
  a: Attempt,
  acked: boolean,
): Promise<{ problems: Problem[]; applied: boolean }> {
  const problems: Problem[] = [];
  const fail = (detail: string) => problems.push({ check: a.op, detail });
  let applied = false;
  if (a.op === 'import') {
    const [imp] = await queryRows(
      db,
      sql`select status, (summary->>'created')::int as created from imports where id = ${a.importId}`,
      z.object({ status: z.string(), created: z.number().nullable() }),
    );
    const members = await count(db, sql`select count(*) as n from members where import_id = ${a.importId}`);
    // Every imported member has its register history: registered, and status_changed when full.
    const missingEvents = await count(
      db,
      sql`select count(*) as n from members m where m.import_id = ${a.importId}
          and not exists (select 1 from member_events e where e.member_id = m.id and e.kind = 'registered')`,
    );
    applied = imp?.status === 'committed';
    if (applied && (members !== a.rows || imp.created !== a.rows))
      fail(
        `import ${a.importId} committed with ${members} members (created ${imp.created}), expected ${a.rows}`,
      );
    if (!applied && members !== 0)
      fail(`import ${a.importId} is ${imp?.status} but ${members} members carry its id`);
    if (!applied && imp?.status !== 'validated')
      fail(`import ${a.importId} is ${imp?.status}, expected validated again`);
    if (missingEvents) fail(`${missingEvents} imported members without their registered event`);
  } else if (a.op === 'batch') {
    const ids = sql.join(
      a.memberIds.map((id) => sql`${id}`),
      sql`, `,
    );
    const paid = await count(
      db,
      sql`select count(*) as n from dues_payments where member_id in (${ids}) and month = ${`${a.month}-01`}::date
          and kind = 'regular' and voided_at is null`,
    );
    const key = await count(
      db,
      sql`select count(*) as n from idempotency_keys where key = ${a.key} and status_code is not null`,
    );
    applied = paid === a.memberIds.length;
    if (paid !== 0 && !applied) fail(`batch ${a.key}: ${paid} of ${a.memberIds.length} payments booked`);
    if (key !== (applied ? 1 : 0)) fail(`batch ${a.key}: payments ${paid}, idempotency key stored ${key}`);
  } else if (a.op === 'move') {
    const [org] = await queryRows(
      db,
      sql`select parent_id as "parentId" from orgs where id = ${a.orgId}`,
      z.object({ parentId: z.number().nullable() }),
    );
    const [audit] = await queryRows(
      db,
      sql`select (after->>'parentId')::int as "parentId" from audit_log where action = 'org.move' and entity_id = ${a.orgId}
          order by id desc limit 1`,
      z.object({ parentId: z.number().nullable() }),
    );
    applied = org?.parentId === a.to;
    if (org?.parentId !== a.to && org?.parentId !== a.from)
      fail(`org ${a.orgId} under ${org?.parentId}, neither ${a.from} nor ${a.to}`);
    if (audit && audit.parentId !== org?.parentId)
      fail(`org ${a.orgId} under ${org?.parentId} but its last move's audit entry says ${audit.parentId}`);
  } else {
    const [setting] = await queryRows(
      db,
      sql`select value from settings where key = ${`rule:${a.ruleId}`}`,
      z.object({ value: z.unknown() }),
    );
    const [audit] = await queryRows(
      db,
      sql`select after->'value' as value from audit_log where action = 'rule.override' and after->>'id' = ${a.ruleId}
          order by id desc limit 1`,
      z.object({ value: z.unknown() }),
    );
    const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
    applied = setting !== undefined && same(setting.value, a.to);
    if (setting && !same(setting.value, a.from) && !applied)
      fail(
        `rule ${a.ruleId} = ${JSON.stringify(setting.value)}, neither ${JSON.stringify(a.from)} nor ${JSON.stringify(a.to)}`,
      );
    if (audit && setting && !same(audit.value, setting.value))
      fail(
        `rule ${a.ruleId} = ${JSON.stringify(setting.value)} but its last audit entry says ${JSON.stringify(audit.value)}`,
      );
  }
  if (acked && !applied) fail(`acknowledged before the kill but not in the database after the restart`);
  return { problems, applied };
}

/** Every invariant that does not depend on the attempt. */
export async function globalChecks(db: DbOrTx, today: string): Promise<Problem[]> {
  return [
    ...(await treeChecks(db)),
    ...(await ledgerChecks(db)),
    ...(await importStateChecks(db)),
    ...(await complianceChecks(db, today)),
    ...(await rollupChecks(db)),
  ];
}
