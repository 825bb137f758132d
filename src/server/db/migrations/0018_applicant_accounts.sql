ALTER TABLE "activation_codes" ALTER COLUMN "member_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "activation_codes" ADD COLUMN "development_case_id" integer;--> statement-breakpoint
ALTER TABLE "development_cases" ADD COLUMN "phone_hash" varchar(64);--> statement-breakpoint
ALTER TABLE "activation_codes" ADD CONSTRAINT "activation_codes_development_case_id_development_cases_id_fk" FOREIGN KEY ("development_case_id") REFERENCES "public"."development_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activation_codes_development_case_id_idx" ON "activation_codes" USING btree ("development_case_id");--> statement-breakpoint
CREATE INDEX "development_cases_phone_hash_idx" ON "development_cases" USING btree ("phone_hash") WHERE phone_hash is not null;