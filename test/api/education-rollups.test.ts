/**
 * The education rollups (issue #21, decision 0054). 学时进度: the kept rows per member
 * (progress_members) equal a fresh computation and their subtree counts (progress_subtree) a direct
 * count after random writes to hours, committee roles (back-dated, future-dated, ended on 1 January)
 * and members (left, moved, joined after the as-of date); the summary by child and the member lists
 * read from them equal the scan's for every org, or the reads decline (the register changed since
 * the as-of date) and the service scans. Points: the points histogram per subtree
 * (points_subtree) equals a direct count of points_totals after random writes — inserts, point
 * changes, deletes, moves of a member to another branch, rows of a past year — and the ranking read
 * through it (both plans: the walk from the top and the subtree's own range) equals the window
 * ranking over the subtree's rows for every org and several pages.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rankingOf } from '../../src/server/modules/points/index.js';
import { keptFiguresByChild, keptMembers, WALKED } from '../../src/server/modules/progress/kept.js';
import * as progressRepo from '../../src/server/modules/progress/repo.js';
import { judgingOf, periodOf } from '../../src/server/modules/progress/service.js';
import { setupEnv, type TestEnv, TODAY } from './harness.js';

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

describe('学时进度 kept figures', () => {
  it('equal a fresh computation and the scan after random writes, or decline when the register changed since the date', async () => {
    const random = rng(2021);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
    const members = await rows<{ id: number }>(sql`select id from members order by id`);
    const branches = await rows<{ id: number; path: string }>(
      sql`select id, path::text as path from orgs where kind in ('branch', 'joint_branch') order by id`,
    );
    const orgs = await rows<{ id: number; path: string }>(
      sql`select id, path::text as path from orgs order by id`,
    );
    const day = (y: number) =>
      `${y}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${pick(['01', '02', '15', '28'])}`;
    const compare = async (label: string) => {
      // Level 1: the kept rows are what the members' state gives now.
      const fresh = sql`select * from progress_members_of(array(select id from members))`;
      expect(
        await rows(
          sql`(select * from progress_members except all ${fresh}) union all (${fresh} except all select * from progress_members)`,
        ),
        `${label}: progress_members`,
      ).toEqual([]);
      // Level 2: the subtree counts are the kept rows counted per ancestor.
      const direct = sql`select o.id as org_id, p.kind, p.year_from, p.year_to, p.leader, p.seconds, count(*)::int as n
        from orgs o join progress_members p on p.org_path <@ o.path group by 1, 2, 3, 4, 5, 6`;
      const kept = sql`select org_id, kind, year_from, year_to, leader, seconds, n from progress_subtree where n <> 0`;
      expect(
        await rows(sql`(${kept} except all ${direct}) union all (${direct} except all ${kept})`),
        `${label}: progress_subtree`,
      ).toEqual([]);
      // The reads: equal to the scan for every org, two years (this one today, the last one at its end).
      let declined = 0;
      let answered = 0;
      for (const q of [{ year: 2026 }, { year: 2025 }, { year: 2026, on: '2026-06-30' }]) {
        const { judging } = await judgingOf(env.db, periodOf(TODAY, q));
        for (const o of orgs) {
          const scan = await progressRepo.figuresByChild(env.db, o.path, judging, 'all');
          const got = await keptFiguresByChild(env.db, o.id, o.path, judging);
          if (got === null) {
            declined++;
            continue;
          }
          answered++;
          const sorted = (xs: progressRepo.FiguresRow[]) =>
            [...xs].sort((a, b) => a.child.localeCompare(b.child));
          expect(sorted(got), `${label}: figures of ${o.path} ${JSON.stringify(q)}`).toEqual(sorted(scan));
          for (const standing of WALKED) {
            for (const [order, role, offset] of [
              ['asc', undefined, 0],
              ['desc', undefined, 1],
              ['asc', 'leader', 0],
              ['desc', 'member', 0],
            ] as const) {
              const f = { standing, order, role, limit: 2, offset };
              const byScan = await progressRepo.membersOf(env.db, o.path, judging, f, 'all');
              for (const plan of ['walk', 'range'] as const) {
                const list = await keptMembers(env.db, o.id, o.path, judging, f, plan);
                expect(
                  list,
                  `${label}: members of ${o.path} ${plan} ${JSON.stringify({ ...q, ...f })}`,
                ).toEqual({
                  total: byScan.total,
                  rows: byScan.rows.map(({ total: _t, ...r }) => r),
                });
              }
            }
          }
        }
      }
      return { declined, answered };
    };
    // Hours on and about every threshold of both roles (the standings' edges), and anywhere.
    const edges: number[] = [0, 1];
    for (const q of [{ year: 2026 }, { year: 2025 }, { year: 2026, on: '2026-06-30' }]) {
      const { judging: j } = await judgingOf(env.db, periodOf(TODAY, q));
      for (const t of [j.memberTarget, j.leaderTarget, j.memberExpected, j.leaderExpected])
        edges.push(t - 1, t, t + 1);
    }
    let answered = 0;
    let declined = 0;
    for (let round = 0; round < 8; round++) {
      for (let step = 0; step < 25; step++) {
        const m = pick(members).id;
        const op = random();
        if (op < 0.35) {
          const year = pick([2026, 2026, 2025]);
          const s = random() < 0.7 ? pick(edges) : Math.floor(random() * 200_000);
          const b = pick(branches);
          await env.db.execute(sql`insert into learning_progress
              (member_id, year, org_id, org_path, online_seconds, class_seconds, external_seconds, total_seconds)
            values (${m}, ${year}, ${b.id}, ${b.path}::ltree, ${s}, 0, 0, ${s})
            on conflict (member_id, year) do update set online_seconds = excluded.online_seconds,
              total_seconds = excluded.total_seconds`);
        } else if (op < 0.45) {
          await env.db.execute(
            sql`delete from learning_progress where member_id = ${m} and year = ${pick([2025, 2026])}`,
          );
        } else if (op < 0.7) {
          // A committee role: back-dated, future-dated (after the as-of date), ended on a 1 January.
          const started = random() < 0.06 ? '2026-12-01' : day(pick([2019, 2024, 2025, 2026]));
          const ended = pick([null, null, '2026-01-01', '2025-01-01', day(2026)]);
          await env.db.execute(sql`insert into committee_members (org_id, member_id, role, started_on, ended_on)
            values (${pick(branches).id}, ${m}, ${pick(['secretary', 'member'])}, ${started}::date,
              ${ended !== null && ended > started ? ended : null}::date)
            on conflict do nothing`);
        } else if (op < 0.78) {
          await env.db.execute(
            sql`delete from committee_members where id = (select min(id) from committee_members where member_id = ${m})`,
          );
        } else if (op < 0.88) {
          // A transfer: the member and their derived rows to another branch.
          const b = pick(branches);
          await env.db.execute(
            sql`update members set org_id = ${b.id}, org_path = ${b.path}::ltree where id = ${m}`,
          );
          await env.db.execute(
            sql`update learning_progress set org_id = ${b.id}, org_path = ${b.path}::ltree where member_id = ${m}`,
          );
        } else if (op < 0.94) {
          // Left (back-dated or not) and back on the register.
          if (random() < 0.5)
            await env.db.execute(
              sql`update members set status = 'left', left_on = ${pick(['2026-03-01', '2026-11-01'])}::date where id = ${m}`,
            );
          else
            await env.db.execute(sql`update members set status = 'active', left_on = null where id = ${m}`);
        } else {
          // Admitted after an as-of date (the mid-year date), or long before.
          await env.db.execute(
            sql`update members set joined_on = ${pick(['2026-08-01', '2010-05-04'])}::date where id = ${m}`,
          );
        }
      }
      const r = await compare(`round ${round}`);
      answered += r.answered;
      declined += r.declined;
    }
    // Both ways were taken: the kept reads answered, and declined where the register had changed.
    expect(answered).toBeGreaterThan(10);
    expect(declined).toBeGreaterThan(0);
  });
});
