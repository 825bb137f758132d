with sz as materialized (
  select (select coalesce(sum(s.n), 0)::int from subtree_counts s
  where s.org_id = $1 and s.dim in ('cl.met', 'cl.exempt', 'cl.open') and s.key >= $2) as size
  ), r as materialized (
  select c.*, case when c.held >= c.required then 'met'
  when c.exempt_reason is not null then 'exempt'
  when $3::date < c.period_start then 'not_started'
  when $4::date <= c.period_end then 'due'
  else 'missed' end as state,
  case when nlevel(c.org_path) > $5
  then subltree(c.org_path, $6, $7)::text::int end as child
  from orglife_compliance c
  where (select size from sz) <= $8 and c.org_path >= (select $9::ltree) and c.org_path < (select $10::ltree)
  and c.period_end + 0 >= $11::date and c.period_start <= $12::date
  ), inr as (
  select * from r where period_end >= $13::date and period_end <= $14::date
  ), kids as (
  select id, name, kind, path::text as path from orgs where parent_id = $15
  )
  select (select size from sz) as size, (select count(*)::int from kids) as children,
  (select json_agg(a) from (
  select 'subtree' as part, $16::int as "orgId", left(period_end::text, 7) as month,
  meeting_kind as kind, state, count(*)::int as n from inr group by 3, 4, 5
  union all
  select 'child', child, left(period_end::text, 7), null, state, count(*)::int
  from inr where child in (select id from kids) group by 2, 3, 5
  union all
  select 'own', $17::int, left(period_end::text, 7), null, state, count(*)::int
  from inr where child is null group by 3, 5) a) as agg,
  (select json_agg(json_build_object('orgId', i."orgId", 'orgName', i."orgName", 'ruleId', i."ruleId",
  'meetingKind', i."meetingKind", 'periodKey', i."periodKey", 'periodStart', i."periodStart",
  'periodEnd', i."periodEnd", 'subjectId', i."subjectId", 'subjectName', i."subjectName",
  'required', i.required, 'held', i.held, 'exemptReason', i."exemptReason",
  'exemptionId', i."exemptionId") order by i.ord)
  from (select c.org_id as "orgId", o.name as "orgName", c.rule_id as "ruleId",
  c.meeting_kind as "meetingKind", c.period_key as "periodKey", c.period_start::text as "periodStart",
  c.period_end::text as "periodEnd", c.subject_id as "subjectId", g.name as "subjectName",
  c.required, c.held, c.exempt_reason as "exemptReason", e.id as "exemptionId", row_number() over (order by c.period_end desc, c.org_path, c.rule_id, c.subject_id) as ord
  from inr c join orgs o on o.id = c.org_id
  left join orgs g on g.id = c.subject_id and c.subject_id <> 0
  left join orglife_exemptions e on e.org_id = c.org_id and e.rule_id = c.rule_id and e.period_key = c.period_key where c.state = 'missed' order by c.period_end desc, c.org_path, c.rule_id, c.subject_id limit $18) i) as missed,
  (select json_agg(json_build_object('orgId', i."orgId", 'orgName', i."orgName", 'ruleId', i."ruleId",
  'meetingKind', i."meetingKind", 'periodKey', i."periodKey", 'periodStart', i."periodStart",
  'periodEnd', i."periodEnd", 'subjectId', i."subjectId", 'subjectName', i."subjectName",
  'required', i.required, 'held', i.held, 'exemptReason', i."exemptReason",
  'exemptionId', i."exemptionId") order by i.ord)
  from (select c.org_id as "orgId", o.name as "orgName", c.rule_id as "ruleId",
  c.meeting_kind as "meetingKind", c.period_key as "periodKey", c.period_start::text as "periodStart",
  c.period_end::text as "periodEnd", c.subject_id as "subjectId", g.name as "subjectName",
  c.required, c.held, c.exempt_reason as "exemptReason", e.id as "exemptionId", row_number() over (order by c.period_end, c.org_path, c.rule_id, c.subject_id) as ord
  from r c join orgs o on o.id = c.org_id
  left join orgs g on g.id = c.subject_id and c.subject_id <> 0
  left join orglife_exemptions e on e.org_id = c.org_id and e.rule_id = c.rule_id and e.period_key = c.period_key where c.state = 'due' order by c.period_end, c.org_path, c.rule_id, c.subject_id limit $19) i) as due,
  (select count(*)::int from r where state = 'due') as "dueTotal",
  (select json_agg(1) where false) as items,
  (select json_agg(k order by k.path) from kids k where (select size from sz) <= $20) as kids;
-- params: [4,"2026-01-01","2026-11-23","2026-11-23",3,3,4,1000,"1.2.4","1.2.40","2026-01-01","2026-11-30","2026-01-01","2026-11-30",4,4,4,200,200,1000]
