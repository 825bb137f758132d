/**
 * The dues summary's kept counts (issue #21, decision 0054): dues_member_years equals a fresh
 * computation from the ledger and dues_subtree a direct count of distinct members per org after
 * random ledger writes (new months, payments, a row unpaid again, a member's rows moved to another
 * branch mid-year, deletions, past years), and the summary's figures read from them (keptFigures)
 * equal the scan of the ledger (the summary's statements before decision 0054, below) for every org
 * and several spans of months.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keptFigures } from '../../src/server/modules/dues/summary.js';
import { setupEnv, type TestEnv } from './harness.js';

let env: TestEnv;
beforeAll(async () => {
  env = await setupEnv();
});
afterAll(() => env.app.close());

async function rows<T>(q: ReturnType<typeof sql>) {
  return ((await env.db.execute(q)) as unknown as { rows: T[] }).rows;
}

/** Mulberry32: the same writes on every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface OrgRow {
  id: number;
  name: string;
  path: string;
  kind: string;
  depth: number;
  parentId: number | null;
}

/** The summary's figures by scanning the subtree's ledger rows, as the page read them before. */
async function scannedFigures(o: OrgRow, from: string, to: string) {
  const sub = sql`org_id in (select id from orgs where path <@ ${o.path}::ltree)`;
  const byMonth = await rows(sql`select to_char(month, 'YYYY-MM') as month, count(*)::int as members,
      coalesce(sum(expected_fen), 0)::bigint as expected, coalesce(sum(paid_fen), 0)::bigint as paid,
      (count(*) filter (where status in ('unpaid', 'partial')))::int as unpaid
    from dues_ledger where ${sub} and month between ${from}::date and ${to}::date
    group by month order by month`);
  const [year_] = await rows(sql`select count(distinct member_id)::int as members,
      coalesce(sum(expected_fen), 0)::bigint as expected, coalesce(sum(paid_fen), 0)::bigint as paid,
      (count(distinct member_id) filter (where status in ('unpaid', 'partial')))::int as unpaid
    from dues_ledger where ${sub} and month between ${from}::date and ${to}::date`);
  const children = await rows(sql`select c.id as "orgId", c.name as "orgName", c.kind,
      count(distinct l.member_id)::int as members,
      coalesce(sum(l.expected_fen), 0)::bigint as expected, coalesce(sum(l.paid_fen), 0)::bigint as paid,
      (count(distinct l.member_id) filter (where l.status in ('unpaid', 'partial')))::int as unpaid
    from orgs c
    left join orgs o on o.path <@ c.path
    left join dues_ledger l on l.org_id = o.id and l.month between ${from}::date and ${to}::date
    where c.parent_id = ${o.id} and c.status = 'active'
    group by c.id, c.name, c.kind, c.sort_order order by c.sort_order, c.id`);
  return { byMonth, year_, children };
}

/** Amounts as numbers (node-postgres reads a bigint sum as a string). */
const norm = (x: unknown) =>
  JSON.parse(JSON.stringify(x, (_k, v) => (typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v)));

describe('dues summary from kept counts', () => {
  it('equals the ledger scan after random writes, for every org and span', async () => {
    const random = rng(54);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
    const members = await rows<{ id: number }>(sql`select id from members order by id`);
    const branches = await rows<{ id: number; path: string }>(
      sql`select id, path::text as path from orgs where kind in ('branch', 'joint_branch') order by id`,
    );
    const orgs = await rows<{
      id: number;
      name: string;
      path: string;
      kind: string;
      depth: number;
      parentId: number | null;
    }>(sql`select id, name, path::text as path, kind, depth, parent_id as "parentId" from orgs order by id`);
    for (let round = 0; round < 4; round++) {
      for (let step = 0; step < 40; step++) {
        const m = pick(members).id;
        const month = `${pick([2025, 2026, 2026])}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-01`;
        const op = random();
        if (op < 0.45) {
          const b = pick(branches);
          const status = pick(['unpaid', 'paid', 'partial', 'exempt']);
          await env.db.execute(sql`insert into dues_ledger (member_id, org_id, org_path, month, expected_fen, paid_fen, status)
            values (${m}, ${b.id}, ${b.path}::ltree, ${month}::date, ${100 + Math.floor(random() * 900)},
              ${status === 'paid' ? 500 : status === 'partial' ? 100 : 0}, ${status})
            on conflict (member_id, month) do update set status = excluded.status, paid_fen = excluded.paid_fen`);
        } else if (op < 0.65) {
          // A payment, or a row unpaid again (a payment voided).
          await env.db.execute(sql`update dues_ledger set status = ${pick(['paid', 'unpaid', 'partial'])},
            paid_fen = paid_fen + 100 where member_id = ${m} and month = ${month}::date`);
        } else if (op < 0.75) {
          await env.db.execute(
            sql`delete from dues_ledger where member_id = ${m} and month = ${month}::date`,
          );
        } else if (op < 0.9) {
          // The member's rows from a month on move to another branch (a transfer mid-year).
          const b = pick(branches);
          await env.db.execute(sql`update dues_ledger set org_id = ${b.id}, org_path = ${b.path}::ltree
            where member_id = ${m} and month >= ${month}::date`);
        } else {
          // One statement over many rows and members: a month marked paid everywhere.
          await env.db.execute(sql`update dues_ledger set status = 'paid' where month = ${month}::date`);
        }
      }
      const fresh = sql`select l.member_id, extract(year from l.month)::smallint as year, l.org_path,
          min(extract(month from l.month))::smallint as first_month,
          coalesce(min(extract(month from l.month)) filter (where l.status in ('unpaid', 'partial')), 13)::smallint as first_unpaid
        from dues_ledger l group by 1, 2, 3`;
      const kept = sql`select member_id, year, org_path, first_month, first_unpaid from dues_member_years`;
      expect(
        await rows(sql`(${kept} except all ${fresh}) union all (${fresh} except all ${kept})`),
        `round ${round}: member years`,
      ).toEqual([]);
      const direct = sql`select o.id as org_id, x.year, x.first_month, x.first_unpaid, count(*)::int as n
        from orgs o cross join lateral (select l.member_id, extract(year from l.month)::smallint as year,
            min(extract(month from l.month))::smallint as first_month,
            coalesce(min(extract(month from l.month)) filter (where l.status in ('unpaid', 'partial')), 13)::smallint as first_unpaid
          from dues_ledger l where l.org_path <@ o.path group by 1, 2) x
        group by 1, 2, 3, 4`;
      const counted = sql`select org_id, year, first_month, first_unpaid, n from dues_subtree where n <> 0`;
      expect(
        await rows(sql`(${counted} except all ${direct}) union all (${direct} except all ${counted})`),
        `round ${round}: subtree`,
      ).toEqual([]);
      for (const o of orgs) {
        for (const [year, to] of [
          [2026, '2026-11'],
          [2026, '2026-02'],
          [2025, '2025-12'],
        ] as const) {
          const { byMonth, year_, children } = await keptFigures(
            env.db,
            o,
            year,
            { from: `${year}-01`, to },
            '2026-10-01',
          );
          const scan = await scannedFigures(o, `${year}-01-01`, `${to}-01`);
          expect(norm({ byMonth, year_, children }), `round ${round}: ${o.name} ${year} to ${to}`).toEqual(
            norm(scan),
          );
        }
      }
    }
    expect(
      Number((await rows<{ n: number }>(sql`select count(*)::int as n from dues_member_years`))[0].n),
    ).toBeGreaterThan(3);
  });
});
