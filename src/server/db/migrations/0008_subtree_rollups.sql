CREATE TABLE "rollup_state" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"age_bands_on" date NOT NULL,
	CONSTRAINT "rollup_state_one_row" CHECK ("rollup_state"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "subtree_counts" (
	"org_id" integer NOT NULL,
	"dim" varchar(16) NOT NULL,
	"key" varchar(30) NOT NULL,
	"n" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "subtree_counts_org_id_dim_key_pk" PRIMARY KEY("org_id","dim","key")
);
--> statement-breakpoint
CREATE INDEX "members_birth_date_idx" ON "members" USING btree ("birth_date");--> statement-breakpoint
-- Subtree rollups (issue #7; docs/ARCHITECTURE.md "Subtree rollups"). Every change to members,
-- orgs, coverage_units, development_cases, orglife_compliance or dues_ledger adds its delta to the rows of each
-- ancestor (the org itself included), in the statement's own transaction: statement-level triggers
-- read the changed rows from their transition tables, group them by path, dimension and key first
-- (a move of 50,000 members is a few hundred groups), then spread each group over the ancestors of
-- its path. The upserts go in key order so that two writers never wait on each other's rows in
-- opposite orders.
-- The constants below (current statuses, 汉族 = '01', college-or-above levels, the age bands, the
-- unpaid ledger states) are those of src/domain; the API tests compare every rollup with a scan
-- that uses the domain's own lists, so a drift fails there.
CREATE FUNCTION rollup_age_band(birth date, on_ date) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN birth > (on_ - interval '31 years')::date THEN 'le30'
    WHEN birth > (on_ - interval '36 years')::date THEN '31-35'
    WHEN birth > (on_ - interval '41 years')::date THEN '36-40'
    WHEN birth > (on_ - interval '46 years')::date THEN '41-45'
    WHEN birth > (on_ - interval '51 years')::date THEN '46-50'
    WHEN birth > (on_ - interval '56 years')::date THEN '51-55'
    WHEN birth > (on_ - interval '61 years')::date THEN '56-60'
    ELSE 'ge61' END
$$;
--> statement-breakpoint
-- The upsert of a delta. `src` yields (path, dim, key, n): n is what a row adds (+1, an amount) or,
-- negated, what a row that no longer counts takes away. Paths are grouped as text: PostgreSQL 15's
-- ltree has no hash support, and sorting millions of ltrees made a recount 4× slower.
CREATE FUNCTION rollup_sql(src text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
    INSERT INTO subtree_counts AS s (org_id, dim, key, n)
    SELECT a.org_id, d.dim, d.key, sum(d.n)::bigint
    FROM (SELECT x.path::text AS path, x.dim, x.key, sum(x.n) AS n FROM (%s) x WHERE x.key IS NOT NULL
          GROUP BY 1, 2, 3 HAVING sum(x.n) <> 0) d
    CROSS JOIN LATERAL unnest(string_to_array(d.path, '.')::int[]) a(org_id)
    GROUP BY 1, 2, 3 HAVING sum(d.n) <> 0
    ORDER BY 1, 2, 3
    ON CONFLICT (org_id, dim, key) DO UPDATE SET n = s.n + excluded.n$q$, src)
$f$;
--> statement-breakpoint
-- What the rows of relation `rel` (a table, a transition table or a subquery) of source `kind`
-- contribute, times `sign`; member ages are taken on `on_`.
--   members: a current member (在册: active, mobile, lost contact) counts once in each figure;
--   orgs: an active org, by kind and sector; coverage: 两新 units by kind, and those covered;
--   development: active cases by stage, admissions and confirmations by year;
--   compliance: organizational-life requirements met, exempt or open, by closing and opening day;
--   dues: per month the ledger rows, the amounts expected and paid, and the rows not paid in full.
CREATE FUNCTION rollup_src(kind text, rel text, sign int, on_ date) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $f$
BEGIN
  IF kind = 'members' THEN
    RETURN format($q$
      SELECT r.org_path AS path, k.dim, k.key, %s AS n FROM %s r
      CROSS JOIN LATERAL (VALUES ('m', 'total'), ('m.category', r.category), ('m.gender', r.gender),
        ('m.status', r.status), ('m.ethnicity', r.ethnicity), ('m.education', r.education),
        ('m.joinDecade', (extract(year FROM r.joined_on)::int / 10 * 10)::text),
        ('m.ageBand', rollup_age_band(r.birth_date, %L::date)),
        ('m.flag', CASE WHEN r.ethnicity <> '01' THEN 'minority' END),
        ('m.flag', CASE WHEN r.education IN ('postgraduate', 'bachelor', 'college') THEN 'college' END)) k(dim, key)
      WHERE r.status IN ('active', 'mobile', 'lost_contact')$q$, sign, rel, on_);
  ELSIF kind = 'orgs' THEN
    RETURN format($q$
      SELECT r.path, k.dim, k.key, %s AS n FROM %s r
      CROSS JOIN LATERAL (VALUES ('o', 'total'), ('o.kind', r.kind), ('o.sector', r.sector)) k(dim, key)
      WHERE r.status = 'active'$q$, sign, rel);
  ELSIF kind = 'coverage' THEN
    RETURN format($q$
      SELECT r.org_path AS path, k.dim, k.key, %s AS n FROM %s r
      CROSS JOIN LATERAL (VALUES ('c.total', r.kind),
        ('c.covered', CASE WHEN r.covered_by_org_id IS NOT NULL THEN r.kind END)) k(dim, key)$q$, sign, rel);
  ELSIF kind = 'development' THEN
    RETURN format($q$
      SELECT r.org_path AS path, k.dim, k.key, %s AS n FROM %s r
      CROSS JOIN LATERAL (VALUES ('dev.stage', CASE WHEN r.status = 'active' THEN r.stage END),
        ('dev.admitted', extract(year FROM r.admitted_on)::int::text),
        ('dev.confirmed', CASE WHEN r.stage = 'full' THEN extract(year FROM r.confirmed_on)::int::text END)) k(dim, key)$q$,
      sign, rel);
  ELSIF kind = 'compliance' THEN
    -- By closing and opening day, so that a read on any day can tell due from missed (a row not met
    -- and not exempt is missed once its period has ended) and take any range of closing months.
    RETURN format($q$
      SELECT r.org_path AS path, k.dim, r.period_end::text || '|' || r.period_start::text AS key, %s AS n FROM %s r
      CROSS JOIN LATERAL (VALUES (CASE WHEN r.held >= r.required THEN 'cl.met'
        WHEN r.exempt_reason IS NOT NULL THEN 'cl.exempt' ELSE 'cl.open' END)) k(dim)$q$,
      sign, rel);
  ELSIF kind = 'dues' THEN
    -- Summed by org and month before the four figures are spread (a ledger is 12 rows per member).
    RETURN format($q$
      SELECT g.path, k.dim, to_char(g.month, 'YYYY-MM') AS key, %s * k.v AS n
      FROM (SELECT r.org_path::text AS path, r.month, count(*) AS rows_, sum(coalesce(r.expected_fen, 0)) AS expected,
              sum(r.paid_fen) AS paid, count(*) FILTER (WHERE r.status IN ('unpaid', 'partial')) AS unpaid
            FROM %s r GROUP BY 1, 2) g
      CROSS JOIN LATERAL (VALUES ('d.rows', g.rows_), ('d.expected', g.expected), ('d.paid', g.paid),
        ('d.unpaid', g.unpaid)) k(dim, v)$q$,
      sign, rel);
  END IF;
  RAISE EXCEPTION 'rollup_src: unknown kind %', kind;
END $f$;
--> statement-breakpoint
-- One trigger function for every source (TG_ARGV[0] names it). It runs the upsert with EXECUTE:
-- the transition tables new_rows / old_rows are visible there, and one text serves all operations.
CREATE FUNCTION rollup_trg() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  kind text := TG_ARGV[0];
  on_ date;
  src text;
BEGIN
  IF kind = 'members' THEN
    -- FOR SHARE: a shift of the age bands to a new day waits for this transaction, and this one
    -- waits for a shift in progress, so no member is counted in the band of the wrong day.
    SELECT age_bands_on INTO on_ FROM rollup_state WHERE id = 1 FOR SHARE;
  END IF;
  IF TG_OP = 'INSERT' THEN
    src := rollup_src(kind, 'new_rows', 1, on_);
  ELSIF TG_OP = 'DELETE' THEN
    src := rollup_src(kind, 'old_rows', -1, on_);
  ELSE
    src := rollup_src(kind, 'new_rows', 1, on_) || ' UNION ALL ' || rollup_src(kind, 'old_rows', -1, on_);
  END IF;
  EXECUTE rollup_sql(src);
  IF kind = 'orgs' AND TG_OP = 'DELETE' THEN
    DELETE FROM subtree_counts s USING old_rows o WHERE s.org_id = o.id;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Three statement triggers per source table: <table>_rollup_ins, _upd and _del.
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES ('members', 'members'), ('orgs', 'orgs'), ('coverage_units', 'coverage'),
      ('development_cases', 'development'), ('orglife_compliance', 'compliance'), ('dues_ledger', 'dues')) v(tbl, kind) LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION rollup_trg(%L)', t.tbl || '_rollup_ins', t.tbl, t.kind);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION rollup_trg(%L)', t.tbl || '_rollup_upd', t.tbl, t.kind);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION rollup_trg(%L)', t.tbl || '_rollup_del', t.tbl, t.kind);
  END LOOP;
END $$;
--> statement-breakpoint
-- Ages move with the calendar: shifting the bands from one day to another touches only the members
-- whose birthday crossed an edge in between (edges at 31, 36, … 61 years; the birth-date index).
-- Either direction, any gap. Returns the number of members who changed band.
CREATE FUNCTION rollup_shift_age_bands(to_ date) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  from_ date;
  moved integer;
  rel text;
BEGIN
  SELECT age_bands_on INTO from_ FROM rollup_state WHERE id = 1 FOR UPDATE;
  IF from_ = to_ THEN RETURN 0; END IF;
  SELECT string_agg(format('(m.birth_date > %L::date AND m.birth_date <= %L::date)',
           (least(from_, to_) - make_interval(years => e))::date,
           (greatest(from_, to_) - make_interval(years => e))::date), ' OR ')
    INTO rel FROM unnest(ARRAY[31, 36, 41, 46, 51, 56, 61]) e;
  rel := format('(SELECT m.* FROM members m WHERE (%s) AND rollup_age_band(m.birth_date, %L::date) <> rollup_age_band(m.birth_date, %L::date))',
    rel, from_, to_);
  EXECUTE format('SELECT count(*)::int FROM %s x WHERE x.status IN (''active'', ''mobile'', ''lost_contact'')', rel)
    INTO moved;
  EXECUTE rollup_sql(rollup_src('members', rel, -1, from_) || ' UNION ALL ' || rollup_src('members', rel, 1, to_));
  UPDATE rollup_state SET age_bands_on = to_ WHERE id = 1;
  RETURN moved;
END $$;
--> statement-breakpoint
-- Recounts everything from the tables: this migration, and the generator after its bulk load (it
-- disables the triggers while it copies).
CREATE FUNCTION rollup_rebuild(on_ date) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- Hash aggregates of millions of rows: give them memory for this transaction only.
  PERFORM set_config('work_mem', '256MB', true);
  LOCK TABLE rollup_state IN EXCLUSIVE MODE;
  DELETE FROM subtree_counts;
  INSERT INTO rollup_state (id, age_bands_on) VALUES (1, on_)
    ON CONFLICT (id) DO UPDATE SET age_bands_on = excluded.age_bands_on;
  EXECUTE rollup_sql(rollup_src('members', 'members', 1, on_));
  EXECUTE rollup_sql(rollup_src('orgs', 'orgs', 1, on_));
  EXECUTE rollup_sql(rollup_src('coverage', 'coverage_units', 1, on_));
  EXECUTE rollup_sql(rollup_src('development', 'development_cases', 1, on_));
  EXECUTE rollup_sql(rollup_src('compliance', 'orglife_compliance', 1, on_));
  EXECUTE rollup_sql(rollup_src('dues', 'dues_ledger', 1, on_));
  -- Fresh statistics, or the planner guesses a child comparison's few hundred index reads as a scan.
  ANALYZE subtree_counts;
END $$;
--> statement-breakpoint
SELECT rollup_rebuild((now() AT TIME ZONE 'Asia/Shanghai')::date);
