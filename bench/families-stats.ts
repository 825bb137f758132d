// Issue #21 part 3: the annual report (统计年报) as a family of bench/compare.ts, in the shape of
// bench/families-more.ts (its types are the contract).
//   ours — the app's report read (`annualReport`, what GET /api/orgs/:id/report calls, without
//          app.inject) of the current year to today: from last year's kept closing states plus the
//          events since (a large subtree), or in full (a small one). A closed year is one kept row
//          (bench/stats.ts: 2–4 ms at any level) and is not a family here: in the generated data
//          most orgs were founded this year, so last year's report of a sampled org is mostly
//          "not founded yet";
//   peers — the same headline figures (表一: on the roll, women, minorities, full members, college,
//          age bands on the day, joining periods; 表二: the period's register events by kind and
//          status; 表三: members developed in the period; 表四: orgs by kind) computed by scanning the
//          subtree's members, events and orgs, with the subtree found by `ancestors LIKE` (peer 1) or
//          a recursive CTE (peer 2).
// The peers' figures are what such a design computes from the register as it is now (the members'
// current status and org); the app's are as of the period (the tree and the register history of
// that day). A peer that replayed the history as the app does is what bench/stats.ts times as
// "before": 0.3–6 s on the generated city.

import { addYears } from '../src/domain/common/dates.js';
import { AGE_BANDS } from '../src/domain/member/age-bands.js';
import { EDUCATION_LEVELS } from '../src/domain/member/education.js';
import { HAN_CODE } from '../src/domain/member/ethnicities.js';
import { CURRENT_MEMBER_STATUSES } from '../src/domain/member/labels.js';
import { annualReport } from '../src/server/modules/stats/service.js';
import {
  ALL_LEVELS,
  ctxOf,
  type Design,
  type FamiliesCtx,
  type Family,
  type OrgKey,
} from './families-more.js';

const quoted = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(', ');
const current = `(${quoted(CURRENT_MEMBER_STATUSES)})`;
const college = `(${quoted(EDUCATION_LEVELS.filter((e) => e.collegeOrAbove).map((e) => e.code))})`;

/** The age band of `birth_date` on `on`, as constant bounds (the peers' best plan, as ours). */
const bandCase = (on: string) =>
  `case ${AGE_BANDS.filter((b) => b.max !== null)
    .map((b) => `when m.birth_date > '${addYears(on, -(b.max! + 1))}'::date then '${b.code}'`)
    .join(' ')} else '${AGE_BANDS[AGE_BANDS.length - 1]!.code}' end`;

export async function statsFamilies(c: FamiliesCtx): Promise<Family[]> {
  const { client, db, today, ancSubtree, ancParams, cteSubtree } = c;
  const year = Number(today.slice(0, 4));

  const peer = async (d: Exclude<Design, 'ltree'>, o: OrgKey, from: string, to: string) => {
    const sub =
      d === 'ancestors'
        ? { with: '', from: 'bench_peer.orgs_anc a', id: 'a.id', where: ancSubtree, params: ancParams(o) }
        : { with: cteSubtree, from: 'sub s', id: 's.id', where: 'true', params: [o.id] };
    const n = sub.params.length;
    const args = [...sub.params, from, to];
    // 表一 and 表三 in one pass over the subtree's members.
    await client.query(
      `${sub.with} select count(*) filter (where m.status in ${current})::int as total,
         count(*) filter (where m.status in ${current} and m.gender = 'female')::int as women,
         count(*) filter (where m.status in ${current} and m.ethnicity <> '${HAN_CODE}')::int as minorities,
         count(*) filter (where m.status in ${current} and m.category = 'full')::int as full_members,
         count(*) filter (where m.status in ${current} and m.education in ${college})::int as college,
         count(*) filter (where m.joined_on between $${n + 1}::date and $${n + 2}::date)::int as developed
       from ${sub.from} join members m on m.org_id = ${sub.id} where ${sub.where}`,
      args,
    );
    await client.query(
      `${sub.with} select x.band, x.edu, x.jp, count(*)::int from (
         select ${bandCase(to)} as band, m.education as edu,
           case when m.joined_on < '1949-10-01' then 1 when m.joined_on < '1978-12-18' then 2
                when m.joined_on < '2012-11-08' then 3 else 4 end as jp
         from ${sub.from} join members m on m.org_id = ${sub.id}
         where ${sub.where} and m.status in ${current}) x
       group by grouping sets ((x.band), (x.edu), (x.jp))`,
      sub.params,
    );
    // 表二: the period's register events of the subtree by kind and status.
    await client.query(
      `${sub.with} select e.kind, e.data->>'status' as status, count(*)::int
       from ${sub.from} join member_events e on e.org_id = ${sub.id}
       where ${sub.where} and e.occurred_on between $${n + 1}::date and $${n + 2}::date
       group by 1, 2`,
      args,
    );
    // 表四: the subtree's orgs by kind and status.
    return client.query(
      `${sub.with} select g.kind, g.status, count(*)::int
       from ${sub.from} join orgs g on g.id = ${sub.id} where ${sub.where} group by 1, 2`,
      sub.params,
    );
  };

  const report = (q: { year?: number; asOf?: string }, from: string, to: string) => (d: Design, o: OrgKey) =>
    d === 'ltree' ? annualReport(db, ctxOf(o, today), o.id, q) : peer(d, o, from, to);

  return [
    {
      name: `Annual report (统计年报), ${year} to ${today} (ours: incremental from last year's kept states, or in full for a small subtree; peers: scans)`,
      run: report({ asOf: today }, `${year}-01-01`, today),
      levels: ALL_LEVELS,
      read: true,
    },
  ];
}
