select 'subtree' as part, s.org_id as "orgId", left(s.key, 7) as month,
  split_part(s.key, '|', 3) as kind, case split_part(s.dim, '.', 2) when 'open' then case
  when left(s.key, 10) < $1 then 'missed' when substr(s.key, 12, 10) <= $2 then 'due'
  else 'not_started' end else split_part(s.dim, '.', 2) end as state, sum(s.n)::int as n
  from subtree_counts s
  where s.org_id = $3 and s.dim in ('clk.met', 'clk.exempt', 'clk.open') and s.key >= $4 and left(s.key, 7) <= $5
  group by 2, 3, 4, 5 having sum(s.n) <> 0
  union all
  select 'child', s.org_id, left(s.key, 7), null, case split_part(s.dim, '.', 2) when 'open' then case
  when left(s.key, 10) < $6 then 'missed' when substr(s.key, 12, 10) <= $7 then 'due'
  else 'not_started' end else split_part(s.dim, '.', 2) end, sum(s.n)::int
  from (select id from orgs where parent_id = $8 order by path
  limit $9 offset $10) c
  join subtree_counts s on s.org_id = c.id
  and s.dim in ('cl.met', 'cl.exempt', 'cl.open') and s.key >= $11 and left(s.key, 7) <= $12
  group by 2, 3, 4, 5 having sum(s.n) <> 0
  union all
  select 'own', c.org_id, left(c.period_end::text, 7), null, case when c.held >= c.required then 'met'
  when c.exempt_reason is not null then 'exempt'
  when $13::date < c.period_start then 'not_started'
  when $14::date <= c.period_end then 'due'
  else 'missed' end, count(*)::int
  from orglife_compliance c
  where c.org_id = $15 and c.period_end >= $16::date and c.period_end <= ($17::date + interval '1 month' - interval '1 day')::date
  group by 2, 3, 4, 5;
-- params: ["2026-11-23","2026-11-23",4,"2026-01","2026-11","2026-11-23","2026-11-23",4,50,0,"2026-01","2026-11","2026-11-23","2026-11-23",4,"2026-01-01","2026-11-01"]
