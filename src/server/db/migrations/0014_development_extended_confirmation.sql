-- Issue #16, item 5: a probationary member whose probation was extended and who was then confirmed
-- got 转正日期 = the original end of probation. The engine took the extension's months from the
-- case's LAST confirmation vote, which after an extension is the later vote to confirm (it has no
-- months), so once that vote was on record the case lost its extension months, its probation end
-- went back to one year after admission, and the approval of the confirmation wrote that date to
-- the register (members.confirmed_on) and to the member event of the confirmation. 转正日期 is the
-- end of the extended probation (党章第七条), and party age follows from it.
--
-- This corrects, for every case with an approved extension: the case's extension months, end of
-- probation and 转正日期; the register entry's 转正日期 and extension months; and the date of the
-- confirmation event. The months are those of the effective (not superseded) 'extend' vote whose
-- next approval was approved; the end is admission + (probation months kept with the case, else
-- 12, + extension) months, PostgreSQL's month arithmetic clamping the day like the engine's
-- addMonths. A register entry or event is corrected only while it still carries the wrong date
-- (one year after admission), so a later manual correction is kept. Idempotent: a second run finds
-- nothing to change. One statement: the cases are selected once (x) and the three tables updated
-- from that selection (data-modifying CTEs see the same snapshot).
with x as (
  select c.id as case_id, c.member_id, c.stage, e.months,
    (c.admitted_on + make_interval(months => e.probation + e.months))::date as ends_on,
    (c.admitted_on + make_interval(months => e.probation))::date as wrong_on
  from development_cases c
  join lateral (
    select (v.data->>'extensionMonths')::int as months,
      coalesce((c.rules->>'member.probationMonths')::int, 12) as probation
    from development_steps v
    where v.case_id = c.id and v.key = 'confirmation_vote' and v.superseded_by_id is null
      and v.data->>'decision' = 'extend' and v.data->>'extensionMonths' is not null
      and (select a.data->>'outcome' from development_steps a
           where a.case_id = c.id and a.key = 'confirmation_approval' and a.superseded_by_id is null
             and (a.occurred_on, a.id) > (v.occurred_on, v.id)
           order by a.occurred_on, a.id limit 1) = 'approved'
    order by v.occurred_on, v.id limit 1
  ) e on true
  where c.admitted_on is not null
),
register as (
  update members m
  set confirmed_on = x.ends_on, probation_extended_months = x.months, updated_at = now()
  from x
  where x.stage = 'full' and m.id = x.member_id and m.category = 'full' and m.confirmed_on = x.wrong_on
  returning m.id
),
events as (
  update member_events ev
  set occurred_on = x.ends_on,
    data = jsonb_set(ev.data, '{confirmedOn}', to_jsonb(x.ends_on::text))
  from x
  where x.stage = 'full' and ev.member_id = x.member_id and ev.data->>'developmentCaseId' = x.case_id::text
    and ev.data->>'decision' = 'confirm' and ev.occurred_on = x.wrong_on
  returning ev.id
)
update development_cases c
set extension_months = x.months,
  probation_ends_on = x.ends_on,
  confirmed_on = case when c.confirmed_on is null then null else x.ends_on end,
  updated_at = now()
from x
where c.id = x.case_id and (c.extension_months is distinct from x.months
  or c.probation_ends_on is distinct from x.ends_on
  or (c.confirmed_on is not null and c.confirmed_on <> x.ends_on));
