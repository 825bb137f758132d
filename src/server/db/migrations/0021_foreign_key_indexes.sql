CREATE INDEX "development_documents_step_id_idx" ON "development_documents" USING btree ("step_id");--> statement-breakpoint
CREATE INDEX "external_study_org_idx" ON "external_study" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "heart_talks_talker_idx" ON "heart_talks" USING btree ("talker_member_id");--> statement-breakpoint
CREATE INDEX "meetings_group_idx" ON "meetings" USING btree ("group_id") WHERE group_id is not null;--> statement-breakpoint
CREATE INDEX "meetings_lecturer_idx" ON "meetings" USING btree ("lecturer_member_id") WHERE lecturer_member_id is not null;--> statement-breakpoint
CREATE INDEX "notifications_org_idx" ON "notifications" USING btree ("org_id") WHERE org_id is not null;--> statement-breakpoint
CREATE INDEX "member_link_requests_org_id_idx" ON "member_link_requests" USING btree ("org_id");