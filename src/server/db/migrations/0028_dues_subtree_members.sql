-- The dues summary of a large subtree from kept figures (issue #21, decision 0054). The amounts by
-- month are the ledger rollups (subtree_counts d.*, migration 0008); what they cannot give is how
-- many distinct members a span of months counts (a member has a ledger row each month, and may
-- move between orgs within the year). Two levels, as 学时进度's (migration 0026):
--   dues_member_years: per member, year and org path of their ledger rows, the first month with a
--     row and the first month with a row not paid in full (13: none); recomputed for the members of
--     every changed ledger row by statement triggers;
--   dues_subtree: per org (the org and every ancestor of those paths), year, first month and first
--     unpaid month, how many members, each member counted once per org (the earliest months of
--     their rows below it).
-- The members of a subtree with a row in January–M are those whose first month there is ≤ M, the
-- unpaid ones those whose first unpaid month is ≤ M: the summary's year to date.
CREATE TABLE dues_member_years (
  member_id integer NOT NULL,
  year smallint NOT NULL,
  org_path ltree NOT NULL,
  first_month smallint NOT NULL,
  first_unpaid smallint NOT NULL
);
--> statement-breakpoint
CREATE INDEX dues_member_years_member_idx ON dues_member_years (member_id);
--> statement-breakpoint
CREATE TABLE dues_subtree (
  org_id integer NOT NULL,
  year smallint NOT NULL,
  first_month smallint NOT NULL,
  first_unpaid smallint NOT NULL,
  n integer NOT NULL,
  CONSTRAINT dues_subtree_pk PRIMARY KEY (org_id, year, first_month, first_unpaid) INCLUDE (n)
);
--> statement-breakpoint
-- What the rows of `rel` (dues_member_years' shape) count per org, times `sign`: each member once per
-- ancestor, with the earliest months of their paths below it.
CREATE FUNCTION dues_subtree_sql(rel text, sign int) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
    SELECT a.org_id, r.year, min(r.first_month) AS first_month, min(r.first_unpaid) AS first_unpaid, %s AS n
    FROM %s r CROSS JOIN LATERAL unnest(string_to_array(r.org_path::text, '.')::int[]) a(org_id)
    GROUP BY r.member_id, r.year, a.org_id$q$, sign, rel)
$f$;
--> statement-breakpoint
CREATE FUNCTION dues_subtree_upsert(src text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
    INSERT INTO dues_subtree AS s (org_id, year, first_month, first_unpaid, n)
    SELECT x.org_id, x.year, x.first_month, x.first_unpaid, sum(x.n)::int FROM (%s) x
    GROUP BY 1, 2, 3, 4 HAVING sum(x.n) <> 0
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (org_id, year, first_month, first_unpaid) DO UPDATE SET n = s.n + excluded.n$q$, src)
$f$;
--> statement-breakpoint
-- The member years of the ledger rows of `rel` (a table or a subquery of dues_ledger's shape).
CREATE FUNCTION dues_member_years_sql(rel text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
    SELECT l.member_id, extract(year FROM l.month)::smallint AS year, l.org_path,
      min(extract(month FROM l.month))::smallint AS first_month,
      coalesce(min(extract(month FROM l.month)) FILTER (WHERE l.status IN ('unpaid', 'partial')), 13)::smallint AS first_unpaid
    FROM %s l GROUP BY 1, 2, 3$q$, rel)
$f$;
--> statement-breakpoint
CREATE FUNCTION dues_member_years_refresh(ids int[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
  ids := ARRAY(SELECT DISTINCT x FROM unnest(ids) x ORDER BY 1);
  -- One statement: the members' old years out, their years from the ledger now in, and the
  -- difference counted per org (the old ones -1, the new ones +1).
  EXECUTE format('WITH old_years AS (DELETE FROM dues_member_years y WHERE y.member_id = ANY($1) RETURNING y.*),
      new_years AS (INSERT INTO dues_member_years %s RETURNING *) %s',
    dues_member_years_sql('(SELECT * FROM dues_ledger WHERE member_id = ANY($1))'),
    dues_subtree_upsert(dues_subtree_sql('new_years', 1) || ' UNION ALL ' || dues_subtree_sql('old_years', -1)))
    USING ids;
END $$;
--> statement-breakpoint
CREATE FUNCTION dues_member_years_trg() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids int[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(member_id) INTO ids FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(member_id) INTO ids FROM old_rows;
  ELSE
    -- Only rows whose month, status or path changed (a payment's other columns leave the counts).
    SELECT array_agg(n.member_id) INTO ids FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE n.status IS DISTINCT FROM o.status OR n.org_path IS DISTINCT FROM o.org_path
        OR n.month IS DISTINCT FROM o.month OR n.member_id IS DISTINCT FROM o.member_id;
    SELECT array_cat(ids, array_agg(o.member_id)) INTO ids FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE n.member_id IS DISTINCT FROM o.member_id;
  END IF;
  PERFORM dues_member_years_refresh(ids);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER dues_ledger_members_ins AFTER INSERT ON dues_ledger REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dues_member_years_trg();
--> statement-breakpoint
CREATE TRIGGER dues_ledger_members_upd AFTER UPDATE ON dues_ledger REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dues_member_years_trg();
--> statement-breakpoint
CREATE TRIGGER dues_ledger_members_del AFTER DELETE ON dues_ledger REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dues_member_years_trg();
--> statement-breakpoint
-- Recounts both levels from the ledger (this migration; a bulk load with the triggers off).
CREATE FUNCTION dues_subtree_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('work_mem', '256MB', true);
  LOCK TABLE dues_ledger IN SHARE MODE;
  TRUNCATE dues_member_years, dues_subtree;
  EXECUTE 'INSERT INTO dues_member_years ' || dues_member_years_sql('dues_ledger');
  EXECUTE dues_subtree_upsert(dues_subtree_sql('dues_member_years', 1));
  ANALYZE dues_member_years;
  ANALYZE dues_subtree;
END $$;
--> statement-breakpoint
SELECT dues_subtree_rebuild();
