-- The recount of the subtree rollups (migration 0008), made cheaper for large data (the generated
-- province with a year of activity: 20 M rollup rows). Every row of a recount is new: the table
-- is emptied, its key dropped, the figures appended with plain inserts, and the key built once by
-- sorting, instead of probing the key with an upsert for each row. The triggers' deltas still
-- upsert in key order (rollup_sql with `upsert`, the default).
DROP FUNCTION rollup_sql(text);
--> statement-breakpoint
CREATE FUNCTION rollup_sql(src text, upsert boolean DEFAULT true) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
    INSERT INTO subtree_counts AS s (org_id, dim, key, n)
    SELECT a.org_id, d.dim, d.key, sum(d.n)::bigint
    FROM (SELECT x.path::text AS path, x.dim, x.key, sum(x.n) AS n FROM (%s) x WHERE x.key IS NOT NULL
          GROUP BY 1, 2, 3 HAVING sum(x.n) <> 0) d
    CROSS JOIN LATERAL unnest(string_to_array(d.path, '.')::int[]) a(org_id)
    GROUP BY 1, 2, 3 HAVING sum(d.n) <> 0%s$q$, src, CASE WHEN upsert THEN $u$
    ORDER BY 1, 2, 3
    ON CONFLICT (org_id, dim, key) DO UPDATE SET n = s.n + excluded.n$u$ ELSE '' END)
$f$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION rollup_rebuild(on_ date) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- Hash aggregates of millions of rows and the key's sort: memory for this transaction only.
  PERFORM set_config('work_mem', '256MB', true);
  PERFORM set_config('maintenance_work_mem', '1GB', true);
  LOCK TABLE rollup_state IN EXCLUSIVE MODE;
  -- TRUNCATE locks out every reader and writer of the rollups until this transaction ends, so no
  -- trigger finds the table without its key.
  TRUNCATE subtree_counts;
  ALTER TABLE subtree_counts DROP CONSTRAINT subtree_counts_org_id_dim_key_pk;
  INSERT INTO rollup_state (id, age_bands_on) VALUES (1, on_)
    ON CONFLICT (id) DO UPDATE SET age_bands_on = excluded.age_bands_on;
  -- Each source counts in dimensions of its own, so no two inserts write the same key.
  EXECUTE rollup_sql(rollup_src('members', 'members', 1, on_), false);
  EXECUTE rollup_sql(rollup_src('orgs', 'orgs', 1, on_), false);
  EXECUTE rollup_sql(rollup_src('coverage', 'coverage_units', 1, on_), false);
  EXECUTE rollup_sql(rollup_src('development', 'development_cases', 1, on_), false);
  EXECUTE rollup_sql(rollup_src('compliance', 'orglife_compliance', 1, on_), false);
  EXECUTE rollup_sql(rollup_src('dues', 'dues_ledger', 1, on_), false);
  ALTER TABLE subtree_counts ADD CONSTRAINT subtree_counts_org_id_dim_key_pk PRIMARY KEY (org_id, dim, key);
  -- Fresh statistics, or the planner guesses a child comparison's few hundred index reads as a scan.
  ANALYZE subtree_counts;
END $$;
