DROP INDEX "members_name_pinyin_idx";--> statement-breakpoint
DROP INDEX "members_name_initials_idx";--> statement-breakpoint
CREATE INDEX "members_name_chars_gin" ON "members" USING gin (string_to_array("name", null));--> statement-breakpoint
CREATE INDEX "members_name_pinyin_idx" ON "members" USING btree ("name_pinyin" varchar_pattern_ops,"org_path");--> statement-breakpoint
CREATE INDEX "members_name_initials_idx" ON "members" USING btree ("name_initials" varchar_pattern_ops,"org_path");