/**
 * The education rollups (issue #21, decision 0054): the points histogram per subtree
 * (points_subtree) equals a direct count of points_totals after random writes — inserts, point
 * changes, deletes, moves of a member to another branch, rows of a past year — and the ranking read
 * through it (both plans: the walk from the top and the subtree's own range) equals the window
 * ranking over the subtree's rows for every org and several pages.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rankingOf } from '../../src/server/modules/points/index.js';
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

interface Org {
  id: number;
  name: string;
  path: string;
  kind: string;
}

describe('points histogram per subtree', () => {
  it('equals a direct count after random writes, and the ranking read through it equals the window ranking', async () => {
    const random = rng(21);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
    const members = await rows<{ id: number }>(sql`select id from members order by id`);
    const branches = await rows<{ id: number; path: string }>(
      sql`select id, path::text as path from orgs where kind in ('branch', 'joint_branch') order by id`,
    );
    expect(members.length).toBeGreaterThanOrEqual(5);
    // Random writes as the app's writers and a correction would make them: several statements,
    // some touching many rows at once (the triggers are per statement).
    for (let step = 0; step < 120; step++) {
      const m = pick(members).id;
      const year = pick([2026, 2026, 2026, 2025, 2024]);
      const op = random();
      if (op < 0.45) {
        const b = pick(branches);
        await env.db.execute(sql`insert into points_totals (member_id, year, org_id, org_path, points)
          values (${m}, ${year}, ${b.id}, ${b.path}::ltree, ${Math.floor(random() * 12)})
          on conflict (member_id, year) do update set points = points_totals.points + excluded.points`);
      } else if (op < 0.65) {
        await env.db.execute(
          sql`update points_totals set points = points - ${Math.floor(random() * 5)} where member_id = ${m}`,
        );
      } else if (op < 0.75) {
        await env.db.execute(sql`delete from points_totals where member_id = ${m} and year = ${year}`);
      } else if (op < 0.9) {
        // A transfer: the member's rows follow to another branch.
        const b = pick(branches);
        await env.db.execute(
          sql`update points_totals set org_id = ${b.id}, org_path = ${b.path}::ltree where member_id = ${m}`,
        );
      } else {
        // One statement over many rows: a recount of the year.
        await env.db.execute(sql`update points_totals set points = points + 1 where year = ${year}`);
      }
    }
    const orgs = await rows<Org>(sql`select id, name, path::text as path, kind from orgs order by id`);
    const kept = await rows<{ org_id: number; year: number; points: number; n: number }>(
      sql`select org_id, year::int as year, points, n from points_subtree where n <> 0 order by 1, 2, 3`,
    );
    const direct = await rows<{ org_id: number; year: number; points: number; n: number }>(
      sql`select o.id as org_id, t.year::int as year, t.points, count(*)::int as n
          from orgs o join points_totals t on t.org_path <@ o.path group by 1, 2, 3 order by 1, 2, 3`,
    );
    expect(kept.length).toBeGreaterThan(10);
    expect(kept).toEqual(direct);
    expect(await rows(sql`select * from points_subtree where n < 0`)).toEqual([]);

    // The ranking of every org, several page sizes and pages, against the window over its rows.
    for (const o of orgs) {
      for (const [year, current, pageSize] of [
        [2026, 1, 20],
        [2026, 1, 2],
        [2026, 2, 2],
        [2025, 2, 1],
        [2025, 4, 1],
      ]) {
        const got = await rankingOf(env.db, o, year, { current, pageSize });
        const branch = o.kind === 'branch' || o.kind === 'joint_branch';
        const where = branch ? sql`t.org_path = ${o.path}::ltree` : sql`t.org_path <@ ${o.path}::ltree`;
        const expected = await rows<{ rank: number; memberId: number; points: number }>(
          sql`select r.rank::int as rank, r.member_id as "memberId", r.points
              from (select t.member_id, t.points, rank() over (order by t.points desc) as rank
                    from points_totals t where t.year = ${year} and ${where}
                    order by t.points desc, t.member_id limit ${pageSize} offset ${(current - 1) * pageSize}) r
              order by r.rank, r.member_id`,
        );
        const [stats] = await rows<{ total: number; average: number }>(
          sql`select count(*)::int as total, coalesce(round(avg(t.points), 1), 0)::float8 as average
              from points_totals t where t.year = ${year} and ${where}`,
        );
        expect(
          {
            total: got.total,
            average: got.average,
            rows: got.data.map((r) => [r.rank, r.memberId, r.points]),
          },
          `${o.name} ${year} page ${current} of ${pageSize}`,
        ).toEqual({
          total: stats.total,
          average: stats.average,
          rows: expected.map((r) => [r.rank, r.memberId, r.points]),
        });
      }
    }
  });
});
