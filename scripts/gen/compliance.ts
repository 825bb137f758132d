// The year's organizational-life compliance of every branch in one INSERT … SELECT, for the
// generator (issue #21 part 6): the app's refreshAllCompliance judges the branches 2,000 at a time in
// Node, reading their meetings, members and talks through JSON rows and writing the requirements
// back through JSON batches (291 s for the province's 3.1 M requirements).
//
// The rules stay the app's: which requirements exist, their periods, what is required, the
// exemption rule in force and the period labels come from the domain's own functions
// (requirementsFor, heartTalkRequirements, rulesInForceOn, periodLabel), called here once on a probe
// branch that has everything (a committee, a party group, no founding or dissolution date) to give
// the templates of the year. What depends on the branch is then the same few conditions the domain
// applies, in SQL: the branch's life overlapping the period, the committee and the groups it has,
// its members for the heart talks, the meetings that match (kind, period, group, the secretary's
// lecture), the talks per member and the exemptions granted or earned by founding and dissolution.
// `npx tsx scripts/gen/check-compliance.ts` compares the result row by row with
// refreshAllCompliance on a generated database.
import type pg from 'pg';
import type { IsoDate } from '../../src/domain/common/dates.js';
import { heartTalkRequirements } from '../../src/domain/orglife/heart-talks.js';
import { monthsBetweenKeys, periodLabel } from '../../src/domain/orglife/periods.js';
import { requirementsFor } from '../../src/domain/orglife/requirements.js';
import { type RuleHistory, rulesInForceOn } from '../../src/domain/orglife/versions.js';
import type { Rules } from '../../src/domain/rules/index.js';
import { trackingStart } from '../../src/server/modules/orglife/refresh.js';

interface Template {
  ord: number;
  rule_id: string;
  meeting_kind: string;
  period_key: string;
  period_start: string;
  period_end: string;
  /** Null for the heart talks: the branch's member count. */
  required: number | null;
  by_secretary: boolean;
  per_group: boolean;
  needs_committee: boolean;
  heart: boolean;
  /** Heart talks: the talks a member needs in the period. */
  per_member: number;
  exempt_founded: boolean;
  label: string;
}

/** The requirement templates of the months, from the domain's functions on a probe branch. */
export function complianceTemplates(rules: Rules, history: RuleHistory, today: IsoDate) {
  const startMonth = trackingStart(rules);
  const endMonth = `${today.slice(0, 4)}-12`;
  if (startMonth > endMonth) return { from: `${startMonth}-01`, templates: [] as Template[] };
  const probe = {
    kind: 'branch' as const,
    foundedOn: null,
    dissolvedOn: null,
    hasCommittee: true,
    // A placeholder group: a template with per_group is repeated for each of the branch's groups.
    groupIds: [0],
  };
  const months = monthsBetweenKeys(startMonth, endMonth);
  const reqs = [
    ...requirementsFor(probe, startMonth, endMonth, rules, history),
    ...heartTalkRequirements(probe, months, 1, rules, history),
  ];
  const templates: Template[] = [];
  for (const req of reqs) {
    // As refreshCompliance: a period begun before tracking started is not judged.
    if (req.period.start < `${startMonth}-01`) continue;
    const at = rulesInForceOn(req.period.start, rules, history);
    const heart = req.meetingKind === 'heart_talk';
    templates.push({
      ord: templates.length,
      rule_id: req.ruleId,
      meeting_kind: req.meetingKind,
      period_key: req.period.key,
      period_start: req.period.start,
      period_end: req.period.end,
      required: heart ? null : req.required,
      by_secretary: req.bySecretary === true,
      per_group: req.meetingKind === 'group_meeting' && req.subjectId !== undefined,
      needs_committee: req.meetingKind === 'committee_meeting',
      heart,
      per_member: heart ? at['orglife.heartTalksPerYear'] : 0,
      exempt_founded: at['orglife.exemptFoundedOrDissolvedInPeriod'] === true,
      label: periodLabel(req.period.key),
    });
  }
  return { from: `${startMonth}-01`, templates };
}

/** The insert-select: $1 the first day judged, $2 the committee size that makes a committee. */
export const COMPLIANCE_SQL = `insert into orglife_compliance (org_id, org_path, rule_id, meeting_kind, period_key, period_start, period_end,
       subject_id, required, held, exempt_reason)
     with b as (
       select o.id, o.path, o.founded_on, o.dissolved_on,
         coalesce(c.n, 0) >= $2::int as has_committee, coalesce(m.n, 0) as members
       from orgs o
       left join (select org_id, count(*) as n from committee_members where ended_on is null group by org_id) c
         on c.org_id = o.id
       left join (select org_id, count(*) as n from members where status not in ('left', 'deceased') group by org_id) m
         on m.org_id = o.id
       where o.kind in ('branch', 'joint_branch')
     ),
     -- What a template is asked of: the branch itself (subject 0), or each of its active party groups.
     s as (
       select id as org_id, false as per_group, 0 as subject from orgs where kind in ('branch', 'joint_branch')
       union all
       select parent_id, true, id from orgs where kind = 'group' and status = 'active'
     ),
     -- Meetings held per branch, template and party group (0 where the template is not per group).
     held as (
       select mt.org_id, t.ord, case when t.per_group then mt.group_id else 0 end as subject, count(*)::int as n
       from meetings mt join gen_requirements t on t.meeting_kind = mt.kind and not t.heart
         and mt.held_on between t.period_start and t.period_end and (not t.by_secretary or mt.by_secretary)
       where mt.status in ('submitted', 'reviewed') and mt.held_on >= $1::date
       group by 1, 2, 3
     ),
     -- Heart talks: the branch's members on the register with enough talks in the period.
     talked as (
       select x.org_id, x.ord, count(*)::int as n
       from (select ht.org_id, ht.member_id, t.ord, t.per_member, count(*) as talks
             from heart_talks ht join gen_requirements t on t.heart and ht.talked_on between t.period_start and t.period_end
             where ht.talked_on >= $1::date group by 1, 2, 3, 4) x
       join members mm on mm.id = x.member_id and mm.org_id = x.org_id and mm.status not in ('left', 'deceased')
       where x.talks >= x.per_member
       group by 1, 2
     )
     select b.id, b.path, t.rule_id, t.meeting_kind, t.period_key, t.period_start, t.period_end, s.subject,
       case when t.heart then b.members else t.required end,
       case when t.heart then coalesce(tk.n, 0) else coalesce(h.n, 0) end,
       case
         when e.reason is not null then '上级党组织批准' || t.label || '免于考核：' || e.reason
         when t.exempt_founded and b.founded_on > t.period_start and b.founded_on <= t.period_end
           then to_char(b.founded_on, 'YYYY-MM-DD') || '成立，' || t.label || '免于考核'
         when t.exempt_founded and b.dissolved_on >= t.period_start and b.dissolved_on < t.period_end
           then to_char(b.dissolved_on, 'YYYY-MM-DD') || '撤销，' || t.label || '免于考核'
       end
     from b join gen_requirements t
       on (b.founded_on is null or b.founded_on <= t.period_end)
       and (b.dissolved_on is null or b.dissolved_on >= t.period_start)
       and (not t.needs_committee or b.has_committee)
       and (not t.heart or b.members > 0)
     join s on s.org_id = b.id and s.per_group = t.per_group
     left join held h on h.org_id = b.id and h.ord = t.ord and h.subject = s.subject
     left join talked tk on t.heart and tk.org_id = b.id and tk.ord = t.ord
     left join orglife_exemptions e on e.org_id = b.id and e.rule_id = t.rule_id and e.period_key = t.period_key
     order by b.id, t.ord, s.subject`;

/** Runs one statement and answers the rows it wrote (a pg client, or a Drizzle transaction in tests). */
export type RunSql = (text: string) => Promise<number | null | undefined>;

/** A pg client as a RunSql. */
export const onClient =
  (client: pg.ClientBase): RunSql =>
  async (text) =>
    (await client.query(text)).rowCount;

/**
 * Inserts every branch's requirements into the (empty) orglife_compliance, as
 * refreshAllCompliance(today) would; returns the rows written. Runs inside the caller's
 * transaction (the temporary table of templates goes at commit). The values are written into the
 * statements as literals (a date, a number and the templates' JSON, quoted), so that any driver runs
 * them.
 */
export async function complianceInSql(
  run: RunSql,
  rules: Rules,
  history: RuleHistory,
  today: IsoDate,
): Promise<number> {
  const { from, templates } = complianceTemplates(rules, history, today);
  if (templates.length === 0) return 0;
  const literal = (v: string) => `'${v.replaceAll("'", "''")}'`;
  await run('drop table if exists gen_requirements');
  await run(
    `create temporary table gen_requirements on commit drop as
    select * from json_to_recordset(${literal(JSON.stringify(templates))}::json) as t(ord int, rule_id text,
      meeting_kind text, period_key text, period_start date, period_end date, required int, by_secretary boolean,
      per_group boolean, needs_committee boolean, heart boolean, per_member int, exempt_founded boolean, label text)`,
  );
  // A plan of hash joins over a few million rows: compiling it (JIT) costs seconds and saves none.
  await run('set local jit = off');
  const n = await run(
    COMPLIANCE_SQL.replaceAll('$1::date', `${literal(from)}::date`).replaceAll(
      '$2::int',
      `${Number(rules['branch.committeeSize'].min)}::int`,
    ),
  );
  return n ?? 0;
}
