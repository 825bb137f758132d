select coalesce(sum(s.n), 0)::int as total from subtree_counts s
  where s.org_id = $1 and s.dim = 'cl.open' and s.key >= $2
  and substr(s.key, 12, 10) <= $3;
-- params: [4,"2026-11-23","2026-11-23"]
