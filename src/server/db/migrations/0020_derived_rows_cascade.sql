ALTER TABLE "learning_credits" DROP CONSTRAINT "learning_credits_member_id_members_id_fk";
--> statement-breakpoint
ALTER TABLE "learning_progress" DROP CONSTRAINT "learning_progress_member_id_members_id_fk";
--> statement-breakpoint
ALTER TABLE "points_entries" DROP CONSTRAINT "points_entries_member_id_members_id_fk";
--> statement-breakpoint
ALTER TABLE "points_totals" DROP CONSTRAINT "points_totals_member_id_members_id_fk";
--> statement-breakpoint
ALTER TABLE "learning_credits" ADD CONSTRAINT "learning_credits_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_progress" ADD CONSTRAINT "learning_progress_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_entries" ADD CONSTRAINT "points_entries_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_totals" ADD CONSTRAINT "points_totals_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "study_sessions_last_beat_idx" ON "study_sessions" USING btree ("last_beat_at");