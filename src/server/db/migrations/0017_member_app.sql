CREATE TABLE "account_batches" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "account_batches_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"org_path" "ltree" NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"issued" integer DEFAULT 0 NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "activation_codes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "activation_codes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"batch_id" integer,
	"code_hash" varchar(64) NOT NULL,
	"code_enc" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"failed_attempts" smallint DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"issued_by" integer NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sms_codes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "sms_codes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"phone_hash" varchar(64) NOT NULL,
	"purpose" varchar(10) NOT NULL,
	"code_hash" varchar(64) NOT NULL,
	"ip" varchar(45) NOT NULL,
	"attempts" smallint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "dues_payment_callbacks" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "dues_payment_callbacks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"provider" varchar(20) NOT NULL,
	"order_no" varchar(64),
	"provider_txn_id" varchar(100),
	"nonce" varchar(64),
	"outcome" varchar(20) NOT NULL,
	"detail" text,
	"body_hash" varchar(64) NOT NULL,
	"ip" varchar(45),
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dues_payment_orders" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "dues_payment_orders_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"order_no" varchar(32) NOT NULL,
	"member_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" "ltree" NOT NULL,
	"months" jsonb NOT NULL,
	"amount_fen" integer NOT NULL,
	"provider" varchar(20) NOT NULL,
	"status" varchar(10) DEFAULT 'pending' NOT NULL,
	"provider_txn_id" varchar(100),
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"paid_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"queried_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "meeting_responses" (
	"meeting_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"response" varchar(10) NOT NULL,
	"reason" varchar(100),
	"user_id" integer NOT NULL,
	"responded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meeting_responses_meeting_id_member_id_pk" PRIMARY KEY("meeting_id","member_id")
);
--> statement-breakpoint
ALTER TABLE "meeting_attendance" ADD COLUMN "checkin_received_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "development_case_id" integer;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "activated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "disabled_reason" varchar(20);--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "preferences" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "account_batches" ADD CONSTRAINT "account_batches_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_batches" ADD CONSTRAINT "account_batches_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activation_codes" ADD CONSTRAINT "activation_codes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activation_codes" ADD CONSTRAINT "activation_codes_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activation_codes" ADD CONSTRAINT "activation_codes_batch_id_account_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."account_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activation_codes" ADD CONSTRAINT "activation_codes_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_payment_orders" ADD CONSTRAINT "dues_payment_orders_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_payment_orders" ADD CONSTRAINT "dues_payment_orders_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_payment_orders" ADD CONSTRAINT "dues_payment_orders_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_responses" ADD CONSTRAINT "meeting_responses_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_responses" ADD CONSTRAINT "meeting_responses_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_responses" ADD CONSTRAINT "meeting_responses_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_batches_org_path_gist" ON "account_batches" USING gist ("org_path");--> statement-breakpoint
CREATE INDEX "account_batches_org_id_idx" ON "account_batches" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "account_batches_created_by_idx" ON "account_batches" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "activation_codes_code_hash_idx" ON "activation_codes" USING btree ("code_hash");--> statement-breakpoint
CREATE INDEX "activation_codes_user_id_idx" ON "activation_codes" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "activation_codes_member_id_idx" ON "activation_codes" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "activation_codes_batch_id_idx" ON "activation_codes" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "activation_codes_issued_by_idx" ON "activation_codes" USING btree ("issued_by");--> statement-breakpoint
CREATE INDEX "sms_codes_phone_idx" ON "sms_codes" USING btree ("phone_hash","created_at");--> statement-breakpoint
CREATE INDEX "sms_codes_ip_idx" ON "sms_codes" USING btree ("ip","created_at");--> statement-breakpoint
CREATE INDEX "sms_codes_open_idx" ON "sms_codes" USING btree ("phone_hash","purpose") WHERE used_at is null;--> statement-breakpoint
CREATE INDEX "dues_payment_callbacks_order_idx" ON "dues_payment_callbacks" USING btree ("order_no");--> statement-breakpoint
CREATE INDEX "dues_payment_callbacks_nonce_idx" ON "dues_payment_callbacks" USING btree ("provider","nonce");--> statement-breakpoint
CREATE INDEX "dues_payment_callbacks_received_idx" ON "dues_payment_callbacks" USING btree ("received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "dues_payment_orders_order_no_idx" ON "dues_payment_orders" USING btree ("order_no");--> statement-breakpoint
CREATE UNIQUE INDEX "dues_payment_orders_txn_idx" ON "dues_payment_orders" USING btree ("provider_txn_id");--> statement-breakpoint
CREATE INDEX "dues_payment_orders_member_idx" ON "dues_payment_orders" USING btree ("member_id","created_at");--> statement-breakpoint
CREATE INDEX "dues_payment_orders_org_id_idx" ON "dues_payment_orders" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "dues_payment_orders_created_by_idx" ON "dues_payment_orders" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "dues_payment_orders_pending_idx" ON "dues_payment_orders" USING btree ("created_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "meeting_responses_member_idx" ON "meeting_responses" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "meeting_responses_user_id_idx" ON "meeting_responses" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "users_development_case_id_idx" ON "users" USING btree ("development_case_id");