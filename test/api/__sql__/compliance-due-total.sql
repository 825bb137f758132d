select coalesce(sum(s.n), 0)::int as total,
  (select count(*)::int from orgs where parent_id = $1) as children
  from subtree_counts s
  where s.org_id = $2 and s.dim = 'cl.open' and s.key >= $3
  and substr(s.key, 12, 10) <= $4;
-- params: [4,4,"2026-11-23","2026-11-23"]
