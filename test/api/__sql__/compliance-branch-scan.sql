select c.org_id as "orgId", o.name as "orgName", c.rule_id as "ruleId",
  c.meeting_kind as "meetingKind", c.period_key as "periodKey", c.period_start::text as "periodStart",
  c.period_end::text as "periodEnd", c.subject_id as "subjectId", g.name as "subjectName",
  c.required, c.held, c.exempt_reason as "exemptReason", e.id as "exemptionId", c.org_path::text as "orgPath",
  k.id as "childId", k.name as "childName", k.kind as "childKind", k.path::text as "childPath",
  (select count(*)::int from orgs where parent_id = $1) as "childCount"
  from orglife_compliance c join orgs o on o.id = c.org_id
  left join orgs g on g.id = c.subject_id and c.subject_id <> 0
  left join orglife_exemptions e on e.org_id = c.org_id and e.rule_id = c.rule_id and e.period_key = c.period_key
  left join orgs k on k.id = case when nlevel(c.org_path) > $2
  then subltree(c.org_path, $3, $4)::text::int end
  where (c.org_path >= $5::ltree and c.org_path < $6::ltree)
  and c.period_end >= least($7::date, $8::date)
  and c.period_start <= greatest(($9::date + interval '1 month' - interval '1 day')::date, $10::date);
-- params: [4,3,3,4,"1.2.4","1.2.40","2026-01-01","2026-11-23","2026-11-01","2026-11-23"]
