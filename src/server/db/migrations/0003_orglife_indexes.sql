DROP INDEX "meetings_org_path_held_idx";--> statement-breakpoint
DROP INDEX "orglife_compliance_path_end_idx";--> statement-breakpoint
CREATE INDEX "meetings_held_idx" ON "meetings" USING btree ("held_on","starts_at","id");--> statement-breakpoint
CREATE INDEX "orglife_compliance_end_idx" ON "orglife_compliance" USING btree ("period_end");