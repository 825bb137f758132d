CREATE TABLE "development_cases" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "development_cases_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"org_path" "ltree" NOT NULL,
	"version" varchar(4) NOT NULL,
	"rules" jsonb NOT NULL,
	"name" varchar(30) NOT NULL,
	"name_pinyin" varchar(200) DEFAULT '' NOT NULL,
	"name_initials" varchar(30) DEFAULT '' NOT NULL,
	"gender" varchar(6) NOT NULL,
	"id_number" varchar(18) NOT NULL,
	"birth_date" date NOT NULL,
	"phone" varchar(20),
	"ethnicity" varchar(20),
	"education" varchar(20),
	"work_unit" varchar(100),
	"status" varchar(10) DEFAULT 'active' NOT NULL,
	"stage" varchar(14) DEFAULT 'applicant' NOT NULL,
	"last_step_key" varchar(30),
	"last_step_on" date,
	"next_key" varchar(30),
	"next_earliest_on" date,
	"next_due_on" date,
	"applied_on" date NOT NULL,
	"activist_on" date,
	"candidate_eligible_on" date,
	"candidate_on" date,
	"admitted_on" date,
	"probation_ends_on" date,
	"extension_months" smallint,
	"confirmed_on" date,
	"member_id" integer,
	"closed_reason" text,
	"closed_on" date,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "development_documents" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "development_documents_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"case_id" integer NOT NULL,
	"step_id" integer NOT NULL,
	"file_name" varchar(200) NOT NULL,
	"mime_type" varchar(100) NOT NULL,
	"size" integer NOT NULL,
	"stored_name" varchar(100) NOT NULL,
	"uploaded_by" integer,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "development_plans" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "development_plans_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"year" smallint NOT NULL,
	"quota" integer NOT NULL,
	"note" text,
	"set_by" integer,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "development_steps" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "development_steps_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"case_id" integer NOT NULL,
	"no" smallint NOT NULL,
	"key" varchar(30) NOT NULL,
	"occurred_on" date NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"corrects_id" integer,
	"correction_reason" text,
	"superseded_by_id" integer,
	"recorded_by" integer,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_disciplines" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "member_disciplines_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"member_id" integer NOT NULL,
	"kind" varchar(20) NOT NULL,
	"decided_on" date NOT NULL,
	"ends_on" date,
	"reason" text NOT NULL,
	"recorded_by" integer,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "orgs" ADD COLUMN "approves_development" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "development_cases" ADD CONSTRAINT "development_cases_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "development_cases" ADD CONSTRAINT "development_cases_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "development_cases" ADD CONSTRAINT "development_cases_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "development_documents" ADD CONSTRAINT "development_documents_case_id_development_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."development_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "development_documents" ADD CONSTRAINT "development_documents_step_id_development_steps_id_fk" FOREIGN KEY ("step_id") REFERENCES "public"."development_steps"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "development_documents" ADD CONSTRAINT "development_documents_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "development_plans" ADD CONSTRAINT "development_plans_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "development_plans" ADD CONSTRAINT "development_plans_set_by_users_id_fk" FOREIGN KEY ("set_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "development_steps" ADD CONSTRAINT "development_steps_case_id_development_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."development_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "development_steps" ADD CONSTRAINT "development_steps_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_disciplines" ADD CONSTRAINT "member_disciplines_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_disciplines" ADD CONSTRAINT "member_disciplines_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "development_cases_org_id_idx" ON "development_cases" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "development_cases_org_path_gist" ON "development_cases" USING gist ("org_path");--> statement-breakpoint
CREATE INDEX "development_cases_stage_idx" ON "development_cases" USING btree ("status","stage");--> statement-breakpoint
CREATE INDEX "development_cases_next_due_idx" ON "development_cases" USING btree ("next_due_on") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "development_cases_name_idx" ON "development_cases" USING btree ("name");--> statement-breakpoint
CREATE INDEX "development_cases_member_id_idx" ON "development_cases" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "development_documents_case_id_idx" ON "development_documents" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "development_plans_org_year" ON "development_plans" USING btree ("org_id","year");--> statement-breakpoint
CREATE INDEX "development_steps_case_id_idx" ON "development_steps" USING btree ("case_id","id");--> statement-breakpoint
CREATE INDEX "member_disciplines_member_id_idx" ON "member_disciplines" USING btree ("member_id");--> statement-breakpoint
-- Approval authority for existing trees: every 党委 except a village or community 党委 whose parent is a
-- township or street committee (rural/community sector); organization departments correct it per org.
UPDATE "orgs" o SET "approves_development" = true
WHERE o."kind" = 'committee'
  AND NOT (o."sector" IN ('rural', 'community') AND EXISTS (
    SELECT 1 FROM "orgs" p WHERE p."id" = o."parent_id" AND p."kind" = 'committee' AND p."sector" IN ('rural', 'community')
  ));
