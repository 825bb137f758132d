-- Issue #16: runs of unpaid months that reached the warning or lapse level are kept as facts of the
-- record (dues_arrears_runs), and a branch's decision names the run it settles. The backfill below
-- computes the runs of the existing ledgers exactly as src/domain/dues/runs.ts does: a month is unpaid
-- at a month-end when it was owed (an amount above zero) and its earliest valid regular payment was
-- made after that day; consecutive month-ends whose streak reaches the warning level form one run.
CREATE TABLE "dues_arrears_runs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "dues_arrears_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"member_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" "ltree" NOT NULL,
	"level" varchar(8) NOT NULL,
	"first_month" date NOT NULL,
	"last_month" date NOT NULL,
	"reached_month" date NOT NULL,
	"expected_fen" integer NOT NULL,
	"detected_on" date NOT NULL,
	"member_notified_at" timestamp with time zone,
	"branch_notified_at" timestamp with time zone,
	"status" varchar(10) DEFAULT 'open' NOT NULL,
	"withdrawn_on" date,
	"withdrawn_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dues_lapse_decisions" ADD COLUMN "run_id" integer;--> statement-breakpoint
ALTER TABLE "dues_arrears_runs" ADD CONSTRAINT "dues_arrears_runs_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_arrears_runs" ADD CONSTRAINT "dues_arrears_runs_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_lapse_decisions" ADD CONSTRAINT "dues_lapse_decisions_run_id_dues_arrears_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."dues_arrears_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "dues_arrears_runs_member_level_first_idx" ON "dues_arrears_runs" USING btree ("member_id","level","first_month");--> statement-breakpoint
CREATE INDEX "dues_arrears_runs_org_id_idx" ON "dues_arrears_runs" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "dues_arrears_runs_org_path_gist" ON "dues_arrears_runs" USING gist ("org_path");--> statement-breakpoint
CREATE INDEX "dues_arrears_runs_open_idx" ON "dues_arrears_runs" USING btree ("org_id","level") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "dues_lapse_decisions_run_id_idx" ON "dues_lapse_decisions" USING btree ("run_id");--> statement-breakpoint
-- Backfill. Only members with a month before the current one that was unpaid at its own end (nothing
-- paid, or first paid after it) can have a run; each member's months are walked once in order.
DO $$
DECLARE
  -- Today in Beijing (a test may fix it with `set local jiceng.today`).
  today date := coalesce(nullif(current_setting('jiceng.today', true), '')::date,
    (now() AT TIME ZONE 'Asia/Shanghai')::date);
  cur date := date_trunc('month', today)::date;
  wn int := coalesce((SELECT CASE WHEN jsonb_typeof(value) = 'number' THEN (value #>> '{}')::int END
                      FROM settings WHERE key = 'rule:dues.warningMonths'), 3);
  ln int := 6;
  mem record;
  ms date[];
  ex int[];
  paid date[];
  n int;
  i int;
  j int;
  s int;
  b date;
  g_on boolean;
  g_to date;
  w_from date; w_at date; l_from date; l_at date;
  lvl text;
  f date;
BEGIN
  FOR mem IN
    SELECT m.id, m.org_id, m.org_path FROM members m
    WHERE EXISTS (SELECT 1 FROM dues_ledger l WHERE l.member_id = m.id AND l.month < cur
      AND coalesce(l.expected_fen, 0) > 0
      AND (l.paid_fen = 0 OR l.last_paid_on >= (l.month + interval '1 month')::date))
  LOOP
    SELECT array_agg(l.month ORDER BY l.month), array_agg(coalesce(l.expected_fen, 0) ORDER BY l.month),
      array_agg(CASE WHEN l.paid_fen > 0 THEN (SELECT min(p.paid_on) FROM dues_payments p
        WHERE p.ledger_id = l.id AND p.kind = 'regular' AND p.voided_at IS NULL) END ORDER BY l.month)
    INTO ms, ex, paid
    FROM dues_ledger l WHERE l.member_id = mem.id AND l.month < cur;
    n := coalesce(array_length(ms, 1), 0);
    g_on := false;
    -- i walks the month-ends b = ms[i]; a missing calendar month between rows ends any streak.
    FOR i IN 1..n + 1 LOOP
      s := 0;
      IF i <= n THEN
        b := ms[i];
        j := i;
        WHILE j >= 1 AND ms[j] = (b - make_interval(months => i - j))::date AND ex[j] > 0
          AND (paid[j] IS NULL OR paid[j] >= (b + interval '1 month')::date) LOOP
          s := s + 1;
          j := j - 1;
        END LOOP;
      END IF;
      IF s >= least(wn, ln) AND (NOT g_on OR b = (g_to + interval '1 month')::date) THEN
        IF NOT g_on THEN
          g_on := true; w_from := NULL; l_from := NULL;
        END IF;
        g_to := b;
        IF s >= wn AND w_from IS NULL THEN w_from := (b - make_interval(months => s - 1))::date; w_at := b; END IF;
        IF s >= ln AND l_from IS NULL THEN l_from := (b - make_interval(months => s - 1))::date; l_at := b; END IF;
      ELSIF g_on THEN
        FOREACH lvl IN ARRAY ARRAY['warning', 'lapse'] LOOP
          f := CASE lvl WHEN 'warning' THEN w_from ELSE l_from END;
          IF f IS NOT NULL THEN
            INSERT INTO dues_arrears_runs (member_id, org_id, org_path, level, first_month, last_month,
              reached_month, expected_fen, detected_on)
            SELECT mem.id, mem.org_id, mem.org_path, lvl, f, g_to,
              CASE lvl WHEN 'warning' THEN w_at ELSE l_at END,
              (SELECT coalesce(sum(coalesce(l.expected_fen, 0)), 0) FROM dues_ledger l
                WHERE l.member_id = mem.id AND l.month BETWEEN f AND g_to),
              today
            ON CONFLICT DO NOTHING;
          END IF;
        END LOOP;
        g_on := false;
        -- This month-end may open the next run at once.
        IF s >= least(wn, ln) THEN
          g_on := true; g_to := b; w_from := NULL; l_from := NULL;
          IF s >= wn THEN w_from := (b - make_interval(months => s - 1))::date; w_at := b; END IF;
          IF s >= ln THEN l_from := (b - make_interval(months => s - 1))::date; l_at := b; END IF;
        END IF;
      END IF;
    END LOOP;
  END LOOP;
  -- Decisions recorded before runs were kept settle the run of their member and level they were
  -- about (the one their streak overlaps; a 'deadline_set' also fits a warning run).
  UPDATE dues_lapse_decisions d SET run_id = (
    SELECT r.id FROM dues_arrears_runs r
    WHERE r.member_id = d.member_id AND r.first_month <= d.streak_to AND d.streak_from <= r.last_month
    ORDER BY (r.level = 'lapse') DESC, r.id LIMIT 1)
  WHERE d.run_id IS NULL;
  UPDATE dues_arrears_runs r SET status = 'decided'
  WHERE EXISTS (SELECT 1 FROM dues_lapse_decisions d WHERE d.run_id = r.id);
  -- A lapse run's decision settles the warning run of the same months too.
  UPDATE dues_arrears_runs w SET status = 'decided'
  WHERE w.level = 'warning' AND w.status = 'open' AND EXISTS (SELECT 1 FROM dues_arrears_runs r
    WHERE r.level = 'lapse' AND r.status = 'decided' AND r.member_id = w.member_id
      AND w.first_month <= r.last_month AND r.first_month <= w.last_month);
  -- The notices already sent by the daily job before this change (keys 'kind:member:month').
  UPDATE dues_arrears_runs r SET member_notified_at = (
    SELECT min(n.created_at) FROM notifications n JOIN users u ON u.id = n.user_id
    WHERE u.member_id = r.member_id AND n.kind = 'dues.warning'
      AND split_part(n.dedupe_key, ':', 2) = r.member_id::text
      AND split_part(n.dedupe_key, ':', 3) BETWEEN to_char(r.first_month, 'YYYY-MM') AND to_char(r.last_month, 'YYYY-MM'))
  WHERE r.level = 'warning';
  UPDATE dues_arrears_runs r SET branch_notified_at = (
    SELECT min(n.created_at) FROM notifications n
    WHERE n.kind = CASE r.level WHEN 'warning' THEN 'dues.warning.branch' ELSE 'dues.lapse' END
      AND split_part(n.dedupe_key, ':', 2) = r.member_id::text
      AND split_part(n.dedupe_key, ':', 3) BETWEEN to_char(r.first_month, 'YYYY-MM') AND to_char(r.last_month, 'YYYY-MM'));
END $$;
