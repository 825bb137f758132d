-- The rollups' key carries the count (issue #21): an org's figures are an index-only scan of
-- a few index pages, where the heap held each of its ~100 rows on a page of its own (a branch's
-- dashboard read 103 heap pages; with the count in the key, 4 index pages). The cost: an update
-- of a count is no longer a HOT update (the key's index holds it), measured in docs/benchmarks.md.
-- Drizzle's schema cannot say INCLUDE; the constraint keeps its name and columns, so the schema
-- and the migrations still agree (npm run db:check).
ALTER TABLE subtree_counts DROP CONSTRAINT subtree_counts_org_id_dim_key_pk,
  ADD CONSTRAINT subtree_counts_org_id_dim_key_pk PRIMARY KEY (org_id, dim, key) INCLUDE (n);
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
  -- The key carries the count (migration 0023): the dashboard's reads are index-only scans.
  ALTER TABLE subtree_counts ADD CONSTRAINT subtree_counts_org_id_dim_key_pk PRIMARY KEY (org_id, dim, key) INCLUDE (n);
  -- Fresh statistics, or the planner guesses a child comparison's few hundred index reads as a scan.
  ANALYZE subtree_counts;
END $$;
