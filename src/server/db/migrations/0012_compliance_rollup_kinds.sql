-- The compliance rollups (migration 0008) by meeting kind too: beside `cl.*` keyed 'closing
-- day|opening day' (the dashboard and the heat map's children read them, unchanged), `clk.*`
-- keyed 'closing day|opening day|meeting kind'. The compliance page then reads its totals,
-- kinds, trend and heat map from the rollups of the org (`clk.*`) and its children (`cl.*`, two to
-- three times fewer rows than by kind: an org with 2,598 direct branches reads each one's year)
-- instead of aggregating the subtree's requirements (4 s at a province's root with 3.1 M rows).
-- The other sources are unchanged: the function of migration 0008 keeps them under a new name, and
-- rollup_src answers for compliance itself and hands every other source to it.
-- The longer keys need a longer column (a change of declared length only: no rewrite).
ALTER TABLE "subtree_counts" ALTER COLUMN "key" SET DATA TYPE varchar(48);
--> statement-breakpoint
ALTER FUNCTION rollup_src(text, text, int, date) RENAME TO rollup_src_0008;
--> statement-breakpoint
CREATE FUNCTION rollup_src(kind text, rel text, sign int, on_ date) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $f$
BEGIN
  IF kind = 'compliance' THEN
    RETURN format($q$
      SELECT r.org_path AS path, k.prefix || s.state AS dim,
        r.period_end::text || '|' || r.period_start::text || k.suffix AS key, %s AS n FROM %s r
      CROSS JOIN LATERAL (VALUES (CASE WHEN r.held >= r.required THEN 'met'
        WHEN r.exempt_reason IS NOT NULL THEN 'exempt' ELSE 'open' END)) s(state)
      CROSS JOIN LATERAL (VALUES ('cl.', ''), ('clk.', '|' || r.meeting_kind)) k(prefix, suffix)$q$,
      sign, rel);
  END IF;
  RETURN rollup_src_0008(kind, rel, sign, on_);
END $f$;
--> statement-breakpoint
-- The compliance figures recounted, both families (the other sources' are untouched).
DELETE FROM subtree_counts WHERE dim IN ('cl.met', 'cl.exempt', 'cl.open');
--> statement-breakpoint
DO $$
BEGIN
  EXECUTE rollup_sql(rollup_src('compliance', 'orglife_compliance', 1, NULL));
END $$;
--> statement-breakpoint
-- The missed and due lists of the compliance page: open requirements in the lists' order.
CREATE INDEX "orglife_compliance_missed_idx" ON "orglife_compliance" USING btree ("period_end" DESC NULLS FIRST,"org_path","rule_id") WHERE held < required and exempt_reason is null;--> statement-breakpoint
CREATE INDEX "orglife_compliance_due_idx" ON "orglife_compliance" USING btree ("period_end","org_path","rule_id") WHERE held < required and exempt_reason is null;