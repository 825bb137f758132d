-- The points ranking of a large subtree (issue #21, decision 0054): a histogram of the year's totals
-- per subtree, kept by statement triggers on points_totals as subtree_counts is (migration 0008):
-- the changed rows are grouped by path, year and points first, then spread over the ancestors of
-- the path (the org itself included), upserted in key order. From it a ranking reads the total,
-- the average and each row's rank (1 + the members above it) of any subtree in a few hundred index
-- entries, and where the page starts; the page itself walks points_totals_top_idx from the top
-- (year, points desc, member_id) and keeps the rows of the subtree.
-- Not in the Drizzle schema (like subtree_counts' covering key, Drizzle cannot say INCLUDE).
CREATE TABLE points_subtree (
  org_id integer NOT NULL,
  year smallint NOT NULL,
  points integer NOT NULL,
  n integer NOT NULL,
  CONSTRAINT points_subtree_pk PRIMARY KEY (org_id, year, points) INCLUDE (n)
);
--> statement-breakpoint
CREATE INDEX points_totals_top_idx ON points_totals (year, points DESC, member_id) INCLUDE (org_path, org_id);
--> statement-breakpoint
-- The upsert of a delta: `src` yields (path text, year, points, n) with n = +1 for a row that now
-- counts, -1 for one that no longer does.
CREATE FUNCTION points_subtree_sql(src text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
    INSERT INTO points_subtree AS s (org_id, year, points, n)
    SELECT a.org_id, d.year, d.points, sum(d.n)::int
    FROM (SELECT x.path, x.year, x.points, sum(x.n) AS n FROM (%s) x GROUP BY 1, 2, 3 HAVING sum(x.n) <> 0) d
    CROSS JOIN LATERAL unnest(string_to_array(d.path, '.')::int[]) a(org_id)
    GROUP BY 1, 2, 3 HAVING sum(d.n) <> 0
    ORDER BY 1, 2, 3
    ON CONFLICT (org_id, year, points) DO UPDATE SET n = s.n + excluded.n$q$, src)
$f$;
--> statement-breakpoint
CREATE FUNCTION points_subtree_trg() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  src text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    src := 'SELECT org_path::text AS path, year, points, 1 AS n FROM new_rows';
  ELSIF TG_OP = 'DELETE' THEN
    src := 'SELECT org_path::text AS path, year, points, -1 AS n FROM old_rows';
  ELSE
    -- An update that changes neither the year, the points nor the path nets to nothing (HAVING).
    src := 'SELECT org_path::text AS path, year, points, 1 AS n FROM new_rows
      UNION ALL SELECT org_path::text, year, points, -1 FROM old_rows';
  END IF;
  EXECUTE points_subtree_sql(src);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER points_totals_subtree_ins AFTER INSERT ON points_totals REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION points_subtree_trg();
--> statement-breakpoint
CREATE TRIGGER points_totals_subtree_upd AFTER UPDATE ON points_totals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION points_subtree_trg();
--> statement-breakpoint
CREATE TRIGGER points_totals_subtree_del AFTER DELETE ON points_totals REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION points_subtree_trg();
--> statement-breakpoint
-- Recounts the histogram from points_totals (this migration; a bulk load with the triggers off).
CREATE FUNCTION points_subtree_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE points_totals IN SHARE MODE;
  TRUNCATE points_subtree;
  EXECUTE points_subtree_sql('SELECT org_path::text AS path, year, points, 1 AS n FROM points_totals');
  ANALYZE points_subtree;
END $$;
--> statement-breakpoint
SELECT points_subtree_rebuild();
