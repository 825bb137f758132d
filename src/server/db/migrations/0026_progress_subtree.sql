-- 学时进度 of a large subtree from kept figures (issue #21, decision 0054). Two levels, so that every
-- writer only ever recomputes the members it touched:
--   progress_members: per current member (在册: not left, not deceased) what the progress pages
--     count, from the member's org path: one 'h' row per year with hours (total_seconds > 0) with
--     whether the member held a committee role in that year, and one 'l' row per span of years in
--     which the member held a committee role (overlapping roles merged: a member counts once).
--     Recomputed for the members of every changed row of learning_progress, members (path, status)
--     and committee_members, by statement triggers.
--   progress_subtree: those rows counted per subtree (the org and each ancestor), kept by statement
--     triggers on progress_members as subtree_counts is (migration 0008).
-- A role is held in year Y when it began by 31 December of Y and had not ended by 1 January of Y
-- (ended_on > Y-01-01), as the scan in src/server/modules/progress/repo.ts counts it. The reads
-- (progress/kept.ts) use these figures only for the register as it stands (no member of the subtree
-- joined after the as-of date or left after it, no role beginning after it within the year) and
-- fall back to the scan otherwise. Not in the Drizzle schema (INCLUDE keys).
CREATE TABLE progress_members (
  member_id integer NOT NULL,
  kind char(1) NOT NULL,
  year_from smallint NOT NULL,
  year_to smallint NOT NULL,
  org_path ltree NOT NULL,
  leader boolean NOT NULL,
  seconds integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX progress_members_member_idx ON progress_members (member_id);
--> statement-breakpoint
CREATE TABLE progress_subtree (
  org_id integer NOT NULL,
  kind char(1) NOT NULL,
  year_from smallint NOT NULL,
  year_to smallint NOT NULL,
  leader boolean NOT NULL,
  seconds integer NOT NULL,
  n integer NOT NULL,
  CONSTRAINT progress_subtree_pk PRIMARY KEY (org_id, kind, year_from, year_to, leader, seconds) INCLUDE (n)
);
--> statement-breakpoint
-- The guards' lookups: members joined or left after a date, roles begun after a date.
CREATE INDEX members_joined_on_idx ON members (joined_on);
--> statement-breakpoint
CREATE INDEX members_left_on_idx ON members (left_on) WHERE left_on IS NOT NULL;
--> statement-breakpoint
CREATE INDEX committee_members_started_on_idx ON committee_members (started_on);
--> statement-breakpoint
-- What the members `ids` contribute now (current members only).
CREATE FUNCTION progress_members_of(ids int[]) RETURNS TABLE (member_id int, kind char(1), year_from smallint,
    year_to smallint, org_path ltree, leader boolean, seconds int) LANGUAGE sql STABLE AS $$
  WITH m AS (
    SELECT m.id, m.org_path FROM members m
    WHERE m.id = ANY(ids) AND m.status NOT IN ('left', 'deceased')),
  spans AS (
    SELECT c.member_id, extract(year FROM c.started_on)::int AS f,
      CASE WHEN c.ended_on IS NULL THEN 9999
        WHEN c.ended_on > make_date(extract(year FROM c.ended_on)::int, 1, 1) THEN extract(year FROM c.ended_on)::int
        ELSE extract(year FROM c.ended_on)::int - 1 END AS t
    FROM committee_members c JOIN m ON m.id = c.member_id),
  marked AS (
    SELECT s.*, CASE WHEN s.f <= max(s.t) OVER (PARTITION BY s.member_id ORDER BY s.f, s.t
        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) THEN 0 ELSE 1 END AS starts
    FROM spans s WHERE s.t >= s.f),
  islands AS (
    SELECT x.member_id, x.f, x.t, sum(x.starts) OVER (PARTITION BY x.member_id ORDER BY x.f, x.t) AS island FROM marked x),
  merged AS (SELECT i.member_id, min(i.f) AS f, max(i.t) AS t FROM islands i GROUP BY i.member_id, i.island)
  SELECT m.id, 'h'::char(1), p.year, p.year, m.org_path,
    EXISTS (SELECT 1 FROM merged s WHERE s.member_id = m.id AND s.f <= p.year AND s.t >= p.year), p.total_seconds
  FROM m JOIN learning_progress p ON p.member_id = m.id AND p.total_seconds > 0
  UNION ALL
  SELECT m.id, 'l'::char(1), least(s.f, 32767)::smallint, least(s.t, 32767)::smallint, m.org_path, true, 0
  FROM m JOIN merged s ON s.member_id = m.id
$$;
--> statement-breakpoint
CREATE FUNCTION progress_members_refresh(ids int[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  -- In id order, so that two writers refreshing the same members queue instead of deadlocking.
  ids := ARRAY(SELECT DISTINCT x FROM unnest(ids) x ORDER BY 1);
  DELETE FROM progress_members p WHERE p.member_id = ANY(ids);
  INSERT INTO progress_members SELECT * FROM progress_members_of(ids);
END $$;
--> statement-breakpoint
CREATE FUNCTION progress_members_trg() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids int[];
BEGIN
  IF TG_TABLE_NAME = 'members' THEN
    -- Only what the rows depend on: the path and the status.
    IF TG_OP = 'INSERT' THEN
      SELECT array_agg(id) INTO ids FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
      SELECT array_agg(id) INTO ids FROM old_rows;
    ELSE
      SELECT array_agg(n.id) INTO ids FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE n.org_path IS DISTINCT FROM o.org_path OR n.status IS DISTINCT FROM o.status;
    END IF;
  ELSIF TG_OP = 'INSERT' THEN
    SELECT array_agg(member_id) INTO ids FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(member_id) INTO ids FROM old_rows;
  ELSE
    SELECT array_agg(member_id) INTO ids FROM (SELECT member_id FROM new_rows UNION SELECT member_id FROM old_rows) x;
  END IF;
  PERFORM progress_members_refresh(ids);
  RETURN NULL;
END $$;
--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['learning_progress', 'members', 'committee_members'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION progress_members_trg()', t || '_progress_ins', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION progress_members_trg()', t || '_progress_upd', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION progress_members_trg()', t || '_progress_del', t);
  END LOOP;
END $$;
--> statement-breakpoint
-- The subtree counts of progress_members' rows: `src` yields (path text, kind, year_from, year_to,
-- leader, seconds, n) with n = +1 / -1.
CREATE FUNCTION progress_subtree_sql(src text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
    INSERT INTO progress_subtree AS s (org_id, kind, year_from, year_to, leader, seconds, n)
    SELECT a.org_id, d.kind, d.year_from, d.year_to, d.leader, d.seconds, sum(d.n)::int
    FROM (SELECT x.path, x.kind, x.year_from, x.year_to, x.leader, x.seconds, sum(x.n) AS n FROM (%s) x
          GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(x.n) <> 0) d
    CROSS JOIN LATERAL unnest(string_to_array(d.path, '.')::int[]) a(org_id)
    GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(d.n) <> 0
    ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (org_id, kind, year_from, year_to, leader, seconds) DO UPDATE SET n = s.n + excluded.n$q$, src)
$f$;
--> statement-breakpoint
CREATE FUNCTION progress_subtree_trg() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cols text := 'org_path::text AS path, kind, year_from, year_to, leader, seconds';
  src text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    src := format('SELECT %s, 1 AS n FROM new_rows', cols);
  ELSIF TG_OP = 'DELETE' THEN
    src := format('SELECT %s, -1 AS n FROM old_rows', cols);
  ELSE
    src := format('SELECT %s, 1 AS n FROM new_rows UNION ALL SELECT %s, -1 FROM old_rows', cols, cols);
  END IF;
  EXECUTE progress_subtree_sql(src);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER progress_members_subtree_ins AFTER INSERT ON progress_members REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION progress_subtree_trg();
--> statement-breakpoint
CREATE TRIGGER progress_members_subtree_upd AFTER UPDATE ON progress_members REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION progress_subtree_trg();
--> statement-breakpoint
CREATE TRIGGER progress_members_subtree_del AFTER DELETE ON progress_members REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION progress_subtree_trg();
--> statement-breakpoint
-- Recounts both levels from the tables (this migration; a bulk load with the triggers off).
CREATE FUNCTION progress_subtree_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('work_mem', '256MB', true);
  LOCK TABLE learning_progress, committee_members IN SHARE MODE;
  TRUNCATE progress_members, progress_subtree;
  -- One statement: its trigger counts every row into progress_subtree at once.
  INSERT INTO progress_members SELECT * FROM progress_members_of(ARRAY(SELECT id FROM members));
  ANALYZE progress_members;
  ANALYZE progress_subtree;
END $$;
--> statement-breakpoint
SELECT progress_subtree_rebuild();
