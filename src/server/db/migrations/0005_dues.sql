CREATE TABLE "dues_imports" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "dues_imports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"org_path" "ltree" NOT NULL,
	"file_name" varchar(200) NOT NULL,
	"status" varchar(10) DEFAULT 'previewed' NOT NULL,
	"rows" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"committed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "dues_lapse_decisions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "dues_lapse_decisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"member_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" "ltree" NOT NULL,
	"streak_from" date NOT NULL,
	"streak_to" date NOT NULL,
	"decision" varchar(20) NOT NULL,
	"decided_on" date NOT NULL,
	"deadline_on" date,
	"note" text NOT NULL,
	"recorded_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dues_ledger" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "dues_ledger_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"member_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" "ltree" NOT NULL,
	"month" date NOT NULL,
	"expected_fen" integer,
	"paid_fen" integer DEFAULT 0 NOT NULL,
	"status" varchar(8) NOT NULL,
	"profile_id" integer,
	"category" varchar(20),
	"base_fen" integer,
	"rate_bp" smallint,
	"last_paid_on" date,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dues_payments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "dues_payments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"member_id" integer NOT NULL,
	"ledger_id" integer,
	"org_id" integer NOT NULL,
	"org_path" "ltree" NOT NULL,
	"month" date NOT NULL,
	"kind" varchar(10) NOT NULL,
	"amount_fen" integer NOT NULL,
	"paid_on" date NOT NULL,
	"method" varchar(10) NOT NULL,
	"payer_name" varchar(30),
	"external_ref" varchar(100),
	"note" text,
	"late" boolean DEFAULT false NOT NULL,
	"to_centre" boolean DEFAULT false NOT NULL,
	"collector_id" integer,
	"voided_at" timestamp with time zone,
	"void_reason" text,
	"voided_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dues_profiles" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "dues_profiles_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"member_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"category" varchar(20) NOT NULL,
	"effective_month" date NOT NULL,
	"base_fen" integer,
	"amount_fen" integer,
	"status" varchar(10) DEFAULT 'active' NOT NULL,
	"reason" text,
	"approval_org_id" integer,
	"approval_ref" varchar(60),
	"decided_on" date,
	"decided_by" integer,
	"decision_note" text,
	"import_id" integer,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dues_remittances" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "dues_remittances_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"from_org_id" integer NOT NULL,
	"from_org_path" "ltree" NOT NULL,
	"to_org_id" integer NOT NULL,
	"to_org_path" "ltree" NOT NULL,
	"amount_fen" integer NOT NULL,
	"remitted_on" date NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"voucher_no" varchar(60),
	"note" text,
	"status" varchar(10) DEFAULT 'sent' NOT NULL,
	"confirmed_on" date,
	"confirmed_by" integer,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"scope" varchar(40) NOT NULL,
	"key" varchar(200) NOT NULL,
	"user_id" integer,
	"request_hash" varchar(64) NOT NULL,
	"status_code" smallint,
	"response" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_scope_key_pk" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
ALTER TABLE "dues_imports" ADD CONSTRAINT "dues_imports_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_imports" ADD CONSTRAINT "dues_imports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_lapse_decisions" ADD CONSTRAINT "dues_lapse_decisions_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_lapse_decisions" ADD CONSTRAINT "dues_lapse_decisions_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_lapse_decisions" ADD CONSTRAINT "dues_lapse_decisions_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_ledger" ADD CONSTRAINT "dues_ledger_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_ledger" ADD CONSTRAINT "dues_ledger_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_ledger" ADD CONSTRAINT "dues_ledger_profile_id_dues_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."dues_profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_payments" ADD CONSTRAINT "dues_payments_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_payments" ADD CONSTRAINT "dues_payments_ledger_id_dues_ledger_id_fk" FOREIGN KEY ("ledger_id") REFERENCES "public"."dues_ledger"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_payments" ADD CONSTRAINT "dues_payments_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_payments" ADD CONSTRAINT "dues_payments_collector_id_users_id_fk" FOREIGN KEY ("collector_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_payments" ADD CONSTRAINT "dues_payments_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_profiles" ADD CONSTRAINT "dues_profiles_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_profiles" ADD CONSTRAINT "dues_profiles_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_profiles" ADD CONSTRAINT "dues_profiles_approval_org_id_orgs_id_fk" FOREIGN KEY ("approval_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_profiles" ADD CONSTRAINT "dues_profiles_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_profiles" ADD CONSTRAINT "dues_profiles_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_remittances" ADD CONSTRAINT "dues_remittances_from_org_id_orgs_id_fk" FOREIGN KEY ("from_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_remittances" ADD CONSTRAINT "dues_remittances_to_org_id_orgs_id_fk" FOREIGN KEY ("to_org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_remittances" ADD CONSTRAINT "dues_remittances_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_remittances" ADD CONSTRAINT "dues_remittances_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dues_imports_org_id_idx" ON "dues_imports" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "dues_imports_org_path_gist" ON "dues_imports" USING gist ("org_path");--> statement-breakpoint
CREATE INDEX "dues_imports_created_by_idx" ON "dues_imports" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "dues_lapse_decisions_member_idx" ON "dues_lapse_decisions" USING btree ("member_id","decided_on");--> statement-breakpoint
CREATE INDEX "dues_lapse_decisions_org_id_idx" ON "dues_lapse_decisions" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "dues_lapse_decisions_org_path_gist" ON "dues_lapse_decisions" USING gist ("org_path");--> statement-breakpoint
CREATE INDEX "dues_lapse_decisions_recorded_by_idx" ON "dues_lapse_decisions" USING btree ("recorded_by");--> statement-breakpoint
CREATE UNIQUE INDEX "dues_ledger_member_month_idx" ON "dues_ledger" USING btree ("member_id","month");--> statement-breakpoint
CREATE INDEX "dues_ledger_org_month_idx" ON "dues_ledger" USING btree ("org_id","month");--> statement-breakpoint
CREATE INDEX "dues_ledger_month_status_idx" ON "dues_ledger" USING btree ("month","status");--> statement-breakpoint
CREATE INDEX "dues_ledger_profile_id_idx" ON "dues_ledger" USING btree ("profile_id");--> statement-breakpoint
CREATE INDEX "dues_payments_member_idx" ON "dues_payments" USING btree ("member_id","month");--> statement-breakpoint
CREATE INDEX "dues_payments_ledger_id_idx" ON "dues_payments" USING btree ("ledger_id");--> statement-breakpoint
CREATE INDEX "dues_payments_org_month_idx" ON "dues_payments" USING btree ("org_id","month");--> statement-breakpoint
CREATE INDEX "dues_payments_paid_on_idx" ON "dues_payments" USING btree ("paid_on");--> statement-breakpoint
CREATE INDEX "dues_payments_collector_id_idx" ON "dues_payments" USING btree ("collector_id");--> statement-breakpoint
CREATE INDEX "dues_payments_voided_by_idx" ON "dues_payments" USING btree ("voided_by");--> statement-breakpoint
CREATE UNIQUE INDEX "dues_payments_external_ref_idx" ON "dues_payments" USING btree ("external_ref");--> statement-breakpoint
CREATE INDEX "dues_profiles_member_idx" ON "dues_profiles" USING btree ("member_id","effective_month");--> statement-breakpoint
CREATE INDEX "dues_profiles_org_id_idx" ON "dues_profiles" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "dues_profiles_pending_idx" ON "dues_profiles" USING btree ("status") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "dues_profiles_approval_org_id_idx" ON "dues_profiles" USING btree ("approval_org_id");--> statement-breakpoint
CREATE INDEX "dues_profiles_decided_by_idx" ON "dues_profiles" USING btree ("decided_by");--> statement-breakpoint
CREATE INDEX "dues_profiles_created_by_idx" ON "dues_profiles" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "dues_remittances_from_org_idx" ON "dues_remittances" USING btree ("from_org_id","remitted_on");--> statement-breakpoint
CREATE INDEX "dues_remittances_to_org_idx" ON "dues_remittances" USING btree ("to_org_id","remitted_on");--> statement-breakpoint
CREATE INDEX "dues_remittances_from_path_gist" ON "dues_remittances" USING gist ("from_org_path");--> statement-breakpoint
CREATE INDEX "dues_remittances_to_path_gist" ON "dues_remittances" USING gist ("to_org_path");--> statement-breakpoint
CREATE INDEX "dues_remittances_confirmed_by_idx" ON "dues_remittances" USING btree ("confirmed_by");--> statement-breakpoint
CREATE INDEX "dues_remittances_created_by_idx" ON "dues_remittances" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "idempotency_keys_user_id_idx" ON "idempotency_keys" USING btree ("user_id");