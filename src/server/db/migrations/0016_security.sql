CREATE TABLE "data_keys" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "data_keys_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"purpose" varchar(8) NOT NULL,
	"wrapped" text NOT NULL,
	"kek_id" varchar(16) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "member_link_requests" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "member_link_requests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" "ltree" NOT NULL,
	"status" varchar(10) DEFAULT 'pending' NOT NULL,
	"requested_by" integer NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"decision_note" text
);
--> statement-breakpoint
CREATE TABLE "password_history" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "password_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"password_hash" varchar(200) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "role_grant_requests" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "role_grant_requests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"action" varchar(10) NOT NULL,
	"role" varchar(20) NOT NULL,
	"org_id" integer NOT NULL,
	"status" varchar(10) DEFAULT 'pending' NOT NULL,
	"reason" text NOT NULL,
	"proposed_by" integer NOT NULL,
	"proposed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"decision_note" text
);
--> statement-breakpoint
ALTER TABLE "development_cases" ALTER COLUMN "id_number" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "development_cases" ADD COLUMN "id_number_enc" text;--> statement-breakpoint
ALTER TABLE "development_cases" ADD COLUMN "id_number_hash" varchar(64);--> statement-breakpoint
ALTER TABLE "development_cases" ADD COLUMN "id_number_masked" varchar(18);--> statement-breakpoint
ALTER TABLE "development_cases" ADD COLUMN "phone_enc" text;--> statement-breakpoint
ALTER TABLE "development_cases" ADD COLUMN "phone_masked" varchar(20);--> statement-breakpoint
ALTER TABLE "import_rows" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "purged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "id_number_enc" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "id_number_hash" varchar(64);--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "id_number_masked" varchar(18);--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "phone_enc" text;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "phone_hash" varchar(64);--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "phone_masked" varchar(20);--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "must_change_password" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "password_changed_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "member_link_requests" ADD CONSTRAINT "member_link_requests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_link_requests" ADD CONSTRAINT "member_link_requests_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_link_requests" ADD CONSTRAINT "member_link_requests_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_link_requests" ADD CONSTRAINT "member_link_requests_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "password_history" ADD CONSTRAINT "password_history_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_grant_requests" ADD CONSTRAINT "role_grant_requests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_grant_requests" ADD CONSTRAINT "role_grant_requests_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_grant_requests" ADD CONSTRAINT "role_grant_requests_proposed_by_users_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_grant_requests" ADD CONSTRAINT "role_grant_requests_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "member_link_requests_user_id_idx" ON "member_link_requests" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "member_link_requests_member_id_idx" ON "member_link_requests" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "member_link_requests_org_path_gist" ON "member_link_requests" USING gist ("org_path");--> statement-breakpoint
CREATE INDEX "member_link_requests_requested_by_idx" ON "member_link_requests" USING btree ("requested_by");--> statement-breakpoint
CREATE INDEX "member_link_requests_decided_by_idx" ON "member_link_requests" USING btree ("decided_by");--> statement-breakpoint
CREATE INDEX "password_history_user_id_idx" ON "password_history" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "role_grant_requests_user_id_idx" ON "role_grant_requests" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "role_grant_requests_org_id_idx" ON "role_grant_requests" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "role_grant_requests_proposed_by_idx" ON "role_grant_requests" USING btree ("proposed_by");--> statement-breakpoint
CREATE INDEX "role_grant_requests_decided_by_idx" ON "role_grant_requests" USING btree ("decided_by");--> statement-breakpoint
CREATE INDEX "role_grant_requests_pending_idx" ON "role_grant_requests" USING btree ("status") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "development_cases_id_number_hash_idx" ON "development_cases" USING btree ("id_number_hash") WHERE id_number_hash is not null;--> statement-breakpoint
CREATE INDEX "import_rows_created_at_idx" ON "import_rows" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "members_id_number_hash_idx" ON "members" USING btree ("id_number_hash") WHERE id_number_hash is not null;--> statement-breakpoint
CREATE INDEX "members_phone_hash_idx" ON "members" USING btree ("phone_hash") WHERE phone_hash is not null;