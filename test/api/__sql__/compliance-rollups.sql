select s.org_id as "orgId", left(s.key, 7) as month, split_part(s.key, '|', 3) as kind,
  case split_part(s.dim, '.', 2) when 'open' then case
  when left(s.key, 10) < $1 then 'missed' when substr(s.key, 12, 10) <= $2 then 'due'
  else 'not_started' end else split_part(s.dim, '.', 2) end as state, sum(s.n)::int as n
  from subtree_counts s
  where s.org_id = $3 and s.dim in ('clk.met', 'clk.exempt', 'clk.open') and s.key >= $4 and left(s.key, 7) <= $5
  group by 1, 2, 3, 4 having sum(s.n) <> 0
  union all
  select s.org_id, left(s.key, 7), null, case split_part(s.dim, '.', 2) when 'open' then case
  when left(s.key, 10) < $6 then 'missed' when substr(s.key, 12, 10) <= $7 then 'due'
  else 'not_started' end else split_part(s.dim, '.', 2) end, sum(s.n)::int
  from orgs c join subtree_counts s on s.org_id = c.id
  and s.dim in ('cl.met', 'cl.exempt', 'cl.open') and s.key >= $8 and left(s.key, 7) <= $9
  where c.parent_id = $10
  group by 1, 2, 3, 4 having sum(s.n) <> 0;
-- params: ["2026-11-23","2026-11-23",4,"2026-01","2026-11","2026-11-23","2026-11-23","2026-01","2026-11",4]
