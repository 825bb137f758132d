CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" integer,
	"username" varchar(40),
	"action" varchar(40) NOT NULL,
	"entity" varchar(20) NOT NULL,
	"entity_id" integer,
	"org_path" "ltree",
	"before" jsonb,
	"after" jsonb,
	"reason" text,
	"request_id" varchar(40),
	"ip" varchar(60)
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" varchar(80) PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "member_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"member_id" integer NOT NULL,
	"kind" varchar(20) NOT NULL,
	"occurred_on" date NOT NULL,
	"org_id" integer NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" integer
);
--> statement-breakpoint
CREATE TABLE "members" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "members_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"org_path" "ltree" NOT NULL,
	"group_id" integer,
	"name" varchar(30) NOT NULL,
	"name_pinyin" varchar(120) DEFAULT '' NOT NULL,
	"name_initials" varchar(30) DEFAULT '' NOT NULL,
	"gender" varchar(6) NOT NULL,
	"ethnicity" varchar(2) NOT NULL,
	"birth_date" date NOT NULL,
	"id_number" varchar(18),
	"phone" varchar(20),
	"education" varchar(30) NOT NULL,
	"work_unit" varchar(100),
	"category" varchar(14) NOT NULL,
	"status" varchar(14) DEFAULT 'active' NOT NULL,
	"leave_reason" varchar(10),
	"left_on" date,
	"joined_on" date NOT NULL,
	"confirmed_on" date,
	"probation_extended_months" smallint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "transfers" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "transfers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"member_id" integer NOT NULL,
	"from_org_id" integer NOT NULL,
	"from_org_path" "ltree" NOT NULL,
	"to_org_id" integer NOT NULL,
	"to_org_path" "ltree" NOT NULL,
	"kind" varchar(10) DEFAULT 'internal' NOT NULL,
	"status" varchar(10) DEFAULT 'pending' NOT NULL,
	"letter_number" varchar(40) NOT NULL,
	"reason" text NOT NULL,
	"requested_on" date NOT NULL,
	"requested_by" integer,
	"responded_on" date,
	"responded_by" integer,
	"response_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "committee_members" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "committee_members_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"term_id" integer,
	"member_id" integer NOT NULL,
	"role" varchar(30) NOT NULL,
	"started_on" date NOT NULL,
	"ended_on" date,
	"sort_order" smallint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "org_terms" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "org_terms_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"term_start" date NOT NULL,
	"term_end" date NOT NULL,
	"status" varchar(10) DEFAULT 'current' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "org_versions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "org_versions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"parent_id" integer,
	"name" varchar(100) NOT NULL,
	"kind" varchar(20) NOT NULL,
	"status" varchar(12) NOT NULL,
	"change" varchar(20) NOT NULL,
	"reason" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" integer
);
--> statement-breakpoint
CREATE TABLE "orgs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "orgs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"parent_id" integer,
	"path" "ltree" NOT NULL,
	"depth" smallint NOT NULL,
	"name" varchar(100) NOT NULL,
	"short_name" varchar(40),
	"name_pinyin" varchar(400) DEFAULT '' NOT NULL,
	"name_initials" varchar(100) DEFAULT '' NOT NULL,
	"kind" varchar(20) NOT NULL,
	"sector" varchar(30) NOT NULL,
	"division_code" varchar(12),
	"founded_on" date,
	"status" varchar(12) DEFAULT 'active' NOT NULL,
	"dissolved_on" date,
	"dissolve_reason" text,
	"covered_units" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "role_assignments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "role_assignments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"role" varchar(20) NOT NULL,
	"org_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" varchar(64) PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "users_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"username" varchar(40) NOT NULL,
	"display_name" varchar(40) NOT NULL,
	"password_hash" varchar(200) NOT NULL,
	"member_id" integer,
	"active" boolean DEFAULT true NOT NULL,
	"failed_logins" smallint DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "member_events" ADD CONSTRAINT "member_events_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "members" ADD CONSTRAINT "members_group_id_orgs_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_from_org_id_orgs_id_fk" FOREIGN KEY ("from_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_to_org_id_orgs_id_fk" FOREIGN KEY ("to_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_responded_by_users_id_fk" FOREIGN KEY ("responded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committee_members" ADD CONSTRAINT "committee_members_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committee_members" ADD CONSTRAINT "committee_members_term_id_org_terms_id_fk" FOREIGN KEY ("term_id") REFERENCES "public"."org_terms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_terms" ADD CONSTRAINT "org_terms_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_versions" ADD CONSTRAINT "org_versions_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity","entity_id");--> statement-breakpoint
CREATE INDEX "audit_log_user_id_idx" ON "audit_log" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "audit_log_org_path_gist" ON "audit_log" USING gist ("org_path");--> statement-breakpoint
CREATE INDEX "member_events_member_id_idx" ON "member_events" USING btree ("member_id","occurred_on");--> statement-breakpoint
CREATE INDEX "members_org_id_idx" ON "members" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "members_group_id_idx" ON "members" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "members_org_path_gist" ON "members" USING gist ("org_path");--> statement-breakpoint
CREATE INDEX "members_org_path_id_idx" ON "members" USING btree ("org_path","id");--> statement-breakpoint
CREATE INDEX "members_name_idx" ON "members" USING btree ("name");--> statement-breakpoint
CREATE INDEX "members_name_pinyin_idx" ON "members" USING btree ("name_pinyin");--> statement-breakpoint
CREATE INDEX "members_name_initials_idx" ON "members" USING btree ("name_initials");--> statement-breakpoint
CREATE INDEX "transfers_member_id_idx" ON "transfers" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "transfers_from_org_id_idx" ON "transfers" USING btree ("from_org_id");--> statement-breakpoint
CREATE INDEX "transfers_to_org_id_idx" ON "transfers" USING btree ("to_org_id");--> statement-breakpoint
CREATE INDEX "transfers_requested_by_idx" ON "transfers" USING btree ("requested_by");--> statement-breakpoint
CREATE INDEX "transfers_responded_by_idx" ON "transfers" USING btree ("responded_by");--> statement-breakpoint
CREATE INDEX "transfers_from_path_gist" ON "transfers" USING gist ("from_org_path");--> statement-breakpoint
CREATE INDEX "transfers_to_path_gist" ON "transfers" USING gist ("to_org_path");--> statement-breakpoint
CREATE INDEX "committee_members_org_id_idx" ON "committee_members" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "committee_members_term_id_idx" ON "committee_members" USING btree ("term_id");--> statement-breakpoint
CREATE INDEX "committee_members_member_id_idx" ON "committee_members" USING btree ("member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "committee_members_one_role_per_term" ON "committee_members" USING btree ("org_id","member_id") WHERE ended_on is null;--> statement-breakpoint
CREATE INDEX "org_terms_org_id_idx" ON "org_terms" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "org_versions_org_id_idx" ON "org_versions" USING btree ("org_id","valid_from");--> statement-breakpoint
CREATE INDEX "org_versions_parent_idx" ON "org_versions" USING btree ("parent_id","valid_from");--> statement-breakpoint
CREATE INDEX "orgs_parent_id_idx" ON "orgs" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "orgs_path_gist" ON "orgs" USING gist ("path");--> statement-breakpoint
CREATE INDEX "orgs_name_idx" ON "orgs" USING btree ("name");--> statement-breakpoint
CREATE INDEX "orgs_name_pinyin_idx" ON "orgs" USING btree ("name_pinyin");--> statement-breakpoint
CREATE INDEX "orgs_division_code_idx" ON "orgs" USING btree ("division_code");--> statement-breakpoint
CREATE INDEX "role_assignments_user_id_idx" ON "role_assignments" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "role_assignments_org_id_idx" ON "role_assignments" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "sessions_user_id_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_idx" ON "users" USING btree ("username");--> statement-breakpoint
CREATE INDEX "users_member_id_idx" ON "users" USING btree ("member_id");