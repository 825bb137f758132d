// Issue #20: the progress and ranking pages at province scale, as families of `npm run bench`
// (bench/compare.ts): the 学时进度 summary of a subtree (figures by child org), its member list
// (behind pace, a page of 20 sorted by hours), and the points ranking (a page of 20), each through
// the app's own route as the province admin, at every level. Ours only: the peers' designs have
// no such tables, their columns show "–".
//
// The copied tables: committee_members (who is a leader: the target of 56 学时), learning_progress
// and points_totals (the per-member yearly rows the pages read). When the demo copied has no
// learning_progress or points_totals rows for the year (a data set made before the education
// seeds existed), `fillEducation` synthesises them for every current member, deterministically
// from the member id, and says so in the report: the pages' cost depends on the row counts, not on
// where the rows came from.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../src/server/app.js';
import { type Db, queryRows } from '../src/server/db/client.js';
import type { CopiedTable } from './copy-demo.js';

export const EDUCATION_TABLES: CopiedTable[] = [
  {
    table: 'committee_members',
    columns: ['role', 'started_on', 'ended_on', 'sort_order'],
    orgIds: ['org_id'],
    memberIds: ['member_id'],
    ownerColumn: 'org_id',
  },
  {
    table: 'learning_progress',
    columns: [
      'year',
      'online_seconds',
      'class_seconds',
      'external_seconds',
      'total_seconds',
      'higher_classes',
    ],
    orgIds: ['org_id'],
    memberIds: ['member_id'],
    paths: ['org_path'],
    ownerColumn: 'org_id',
  },
  {
    table: 'points_totals',
    columns: ['year', 'points'],
    orgIds: ['org_id'],
    memberIds: ['member_id'],
    paths: ['org_path'],
    ownerColumn: 'org_id',
  },
];

const countRow = z.object({ n: z.number() });

/**
 * Synthesises the year's learning_progress and points_totals rows when there are none (see the
 * header); returns what it did, for the report.
 */
export async function fillEducation(db: Db, year: number): Promise<string> {
  const said: string[] = [];
  const [lp] = await queryRows(
    db,
    sql`select count(*)::int as n from learning_progress where year = ${year}`,
    countRow,
  );
  if (lp.n === 0) {
    // By a hash of the id: 6% no row (no hours), the rest spread over 0–60 学时 of 45 minutes
    // (about a third behind pace in late November, a third past the 32 学时 target).
    await db.execute(sql`insert into learning_progress
        (member_id, year, org_id, org_path, online_seconds, class_seconds, external_seconds, total_seconds)
      select id, ${year}, org_id, org_path, s * 6 / 10, s * 3 / 10, s - s * 6 / 10 - s * 3 / 10, s
      from (select m.id, m.org_id, m.org_path, ((hashint4(m.id) & 2147483647) % 1000) as h from members m
            where m.status not in ('left', 'deceased')) x,
        lateral (select (h * 162)::int as s) y
      where h >= 60`);
    said.push('learning_progress synthesised (none for the year in the copied demo)');
  }
  const [pt] = await queryRows(
    db,
    sql`select count(*)::int as n from points_totals where year = ${year}`,
    countRow,
  );
  if (pt.n === 0) {
    await db.execute(sql`insert into points_totals (member_id, year, org_id, org_path, points)
      select m.id, ${year}, m.org_id, m.org_path, (hashint4(m.id + 7) & 2147483647) % 120
      from members m where m.status not in ('left', 'deceased')`);
    said.push('points_totals synthesised (none for the year in the copied demo)');
  }
  if (said.length) await db.execute(sql`analyze learning_progress; analyze points_totals`);
  const [a] = await queryRows(
    db,
    sql`select count(*)::int as n from learning_progress where year = ${year}`,
    countRow,
  );
  const [b] = await queryRows(
    db,
    sql`select count(*)::int as n from points_totals where year = ${year}`,
    countRow,
  );
  const [c] = await queryRows(db, sql`select count(*)::int as n from committee_members`, countRow);
  return `${a.n.toLocaleString('en-US')} learning_progress and ${b.n.toLocaleString('en-US')} points_totals rows for ${year}, ${c.n.toLocaleString('en-US')} committee_members rows${said.length ? ` (${said.join('; ')})` : ' (already in the database: copied from the demo seed, or synthesised by an earlier run)'}`;
}

/** The routes timed per sampled org: [family name, url of the org]. */
export function educationRoutes(year: number): Array<{ name: string; url: (orgId: number) => string }> {
  return [
    {
      name: 'Study progress (issue #20): subtree summary, figures by child org, training lists',
      url: (id) => `/api/progress/orgs/${id}?year=${year}`,
    },
    {
      name: 'Study progress (issue #20): member list behind pace, page of 20 sorted by hours, total',
      url: (id) => `/api/progress/orgs/${id}/members?year=${year}&standing=behind&pageSize=20`,
    },
    {
      // HOOK: the points module's ranking route (helper "points"); when the route is missing
      // (404 from the router, not from the scope) the family reports it instead of timing.
      name: 'Points ranking (issue #20): subtree or branch ranking, page of 20',
      url: (id) => `/api/points/ranking?orgId=${id}&year=${year}&pageSize=20`,
    },
  ];
}

/** One timed GET through the app; throws on anything but 200 (a bench that measures errors is worthless). */
export async function getOk(app: App, cookie: string, url: string) {
  const r = await app.inject({ url, headers: { cookie } });
  if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body.slice(0, 300)}`);
  return r;
}
