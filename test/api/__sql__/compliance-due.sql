select c.org_id as "orgId", o.name as "orgName", c.rule_id as "ruleId",
  c.meeting_kind as "meetingKind", c.period_key as "periodKey", c.period_start::text as "periodStart",
  c.period_end::text as "periodEnd", c.subject_id as "subjectId", g.name as "subjectName",
  c.required, c.held, c.exempt_reason as "exemptReason", e.id as "exemptionId" from orglife_compliance c join orgs o on o.id = c.org_id
  left join orgs g on g.id = c.subject_id and c.subject_id <> 0
  left join orglife_exemptions e on e.org_id = c.org_id and e.rule_id = c.rule_id and e.period_key = c.period_key where (c.org_path >= $1::ltree and c.org_path < $2::ltree) and c.held < c.required and c.exempt_reason is null and c.period_start <= $3::date and c.period_end >= $4::date order by c.period_end, c.org_path, c.rule_id limit 200;
-- params: ["1.2.4","1.2.40","2026-11-23","2026-11-23"]
