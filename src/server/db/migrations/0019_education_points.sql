CREATE TABLE "external_study" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "external_study_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"member_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" "ltree" NOT NULL,
	"source" varchar(8) NOT NULL,
	"title" varchar(100) NOT NULL,
	"studied_on" date NOT NULL,
	"seconds" integer NOT NULL,
	"evidence_file_name" varchar(200),
	"evidence_mime_type" varchar(100),
	"evidence_size" integer,
	"evidence_storage_key" varchar(100),
	"status" varchar(10) DEFAULT 'pending' NOT NULL,
	"submitted_by" integer,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"decision_note" varchar(200),
	"import_id" integer,
	CONSTRAINT "external_study_seconds_positive" CHECK ("external_study"."seconds" > 0)
);
--> statement-breakpoint
CREATE TABLE "learning_class_attendance" (
	"class_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"day" date NOT NULL,
	"method" varchar(8) NOT NULL,
	"checked_in_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" integer,
	CONSTRAINT "learning_class_attendance_class_id_member_id_day_pk" PRIMARY KEY("class_id","member_id","day")
);
--> statement-breakpoint
CREATE TABLE "learning_class_roster" (
	"class_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "learning_class_roster_class_id_member_id_pk" PRIMARY KEY("class_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "learning_class_tokens" (
	"token_hash" varchar(64) PRIMARY KEY NOT NULL,
	"class_id" integer NOT NULL,
	"day" date NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "learning_classes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "learning_classes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"org_path" "ltree" NOT NULL,
	"kind" varchar(10) NOT NULL,
	"title" varchar(100) NOT NULL,
	"organiser" varchar(60) NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"credit_seconds" integer NOT NULL,
	"place" varchar(100) DEFAULT '' NOT NULL,
	"online" boolean DEFAULT false NOT NULL,
	"completion_percent" smallint NOT NULL,
	"status" varchar(10) DEFAULT 'planned' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "learning_classes_dates" CHECK ("learning_classes"."ends_on" >= "learning_classes"."starts_on"),
	CONSTRAINT "learning_classes_completion" CHECK ("learning_classes"."completion_percent" between 1 and 100)
);
--> statement-breakpoint
CREATE TABLE "learning_credits" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "learning_credits_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"member_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" "ltree" NOT NULL,
	"year" smallint NOT NULL,
	"credited_on" date NOT NULL,
	"source" varchar(8) NOT NULL,
	"source_id" integer NOT NULL,
	"seconds" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "learning_items" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "learning_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"org_path" "ltree" NOT NULL,
	"title" varchar(100) NOT NULL,
	"kind" varchar(8) NOT NULL,
	"summary" varchar(500) DEFAULT '' NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"file_name" varchar(200),
	"mime_type" varchar(100),
	"size" bigint,
	"storage_key" varchar(100),
	"length_seconds" integer NOT NULL,
	"audience" jsonb DEFAULT '["all"]'::jsonb NOT NULL,
	"required" boolean DEFAULT false NOT NULL,
	"publish_on" date NOT NULL,
	"status" varchar(10) DEFAULT 'draft' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "learning_items_length_positive" CHECK ("learning_items"."length_seconds" > 0)
);
--> statement-breakpoint
CREATE TABLE "learning_progress" (
	"member_id" integer NOT NULL,
	"year" smallint NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" "ltree" NOT NULL,
	"online_seconds" integer DEFAULT 0 NOT NULL,
	"class_seconds" integer DEFAULT 0 NOT NULL,
	"external_seconds" integer DEFAULT 0 NOT NULL,
	"total_seconds" integer DEFAULT 0 NOT NULL,
	"higher_classes" smallint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "learning_progress_member_id_year_pk" PRIMARY KEY("member_id","year")
);
--> statement-breakpoint
CREATE TABLE "study_beats" (
	"session_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"position" integer NOT NULL,
	"visible" boolean NOT NULL,
	"playing" boolean NOT NULL,
	"credited_seconds" integer NOT NULL,
	"verdict" varchar(12) NOT NULL,
	CONSTRAINT "study_beats_session_id_seq_pk" PRIMARY KEY("session_id","seq")
);
--> statement-breakpoint
CREATE TABLE "study_sessions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "study_sessions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"token_hash" varchar(64) NOT NULL,
	"member_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"device_hash" varchar(64) NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"last_beat_at" timestamp with time zone NOT NULL,
	"next_seq" integer DEFAULT 0 NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"reached" integer DEFAULT 0 NOT NULL,
	"credited_seconds" integer DEFAULT 0 NOT NULL,
	"status" varchar(10) DEFAULT 'active' NOT NULL,
	"ended_at" timestamp with time zone,
	"superseded_by" bigint
);
--> statement-breakpoint
CREATE TABLE "points_awards" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "points_awards_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"member_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" "ltree" NOT NULL,
	"occurred_on" date NOT NULL,
	"points" integer NOT NULL,
	"reason" varchar(200) NOT NULL,
	"status" varchar(10) DEFAULT 'proposed' NOT NULL,
	"proposed_by" integer NOT NULL,
	"proposed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"decision_note" varchar(200),
	CONSTRAINT "points_awards_nonzero" CHECK ("points_awards"."points" <> 0),
	CONSTRAINT "points_awards_two_people" CHECK ("points_awards"."decided_by" is null or "points_awards"."decided_by" <> "points_awards"."proposed_by")
);
--> statement-breakpoint
CREATE TABLE "points_entries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "points_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"member_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" "ltree" NOT NULL,
	"year" smallint NOT NULL,
	"occurred_on" date NOT NULL,
	"rule" varchar(24) NOT NULL,
	"source_key" varchar(48) NOT NULL,
	"points" integer NOT NULL,
	"kind" varchar(10) NOT NULL,
	"note" varchar(200) DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "points_flags" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "points_flags_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"member_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" "ltree" NOT NULL,
	"kind" varchar(12) NOT NULL,
	"key" varchar(80) NOT NULL,
	"raised_on" date NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" varchar(10) DEFAULT 'open' NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	"decision_note" varchar(200),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "points_totals" (
	"member_id" integer NOT NULL,
	"year" smallint NOT NULL,
	"org_id" integer NOT NULL,
	"org_path" "ltree" NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_totals_member_id_year_pk" PRIMARY KEY("member_id","year")
);
--> statement-breakpoint
ALTER TABLE "external_study" ADD CONSTRAINT "external_study_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "external_study" ADD CONSTRAINT "external_study_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "external_study" ADD CONSTRAINT "external_study_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "external_study" ADD CONSTRAINT "external_study_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_class_attendance" ADD CONSTRAINT "learning_class_attendance_class_id_learning_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."learning_classes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_class_attendance" ADD CONSTRAINT "learning_class_attendance_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_class_attendance" ADD CONSTRAINT "learning_class_attendance_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_class_roster" ADD CONSTRAINT "learning_class_roster_class_id_learning_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."learning_classes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_class_roster" ADD CONSTRAINT "learning_class_roster_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_class_tokens" ADD CONSTRAINT "learning_class_tokens_class_id_learning_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."learning_classes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_class_tokens" ADD CONSTRAINT "learning_class_tokens_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_classes" ADD CONSTRAINT "learning_classes_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_classes" ADD CONSTRAINT "learning_classes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_credits" ADD CONSTRAINT "learning_credits_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_items" ADD CONSTRAINT "learning_items_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_items" ADD CONSTRAINT "learning_items_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learning_progress" ADD CONSTRAINT "learning_progress_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "study_beats" ADD CONSTRAINT "study_beats_session_id_study_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."study_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "study_sessions" ADD CONSTRAINT "study_sessions_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "study_sessions" ADD CONSTRAINT "study_sessions_item_id_learning_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."learning_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "study_sessions" ADD CONSTRAINT "study_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_awards" ADD CONSTRAINT "points_awards_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_awards" ADD CONSTRAINT "points_awards_proposed_by_users_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_awards" ADD CONSTRAINT "points_awards_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_entries" ADD CONSTRAINT "points_entries_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_flags" ADD CONSTRAINT "points_flags_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_flags" ADD CONSTRAINT "points_flags_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "points_totals" ADD CONSTRAINT "points_totals_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "external_study_member_idx" ON "external_study" USING btree ("member_id","studied_on");--> statement-breakpoint
CREATE INDEX "external_study_org_path_gist" ON "external_study" USING gist ("org_path");--> statement-breakpoint
CREATE INDEX "external_study_status_idx" ON "external_study" USING btree ("status","org_id");--> statement-breakpoint
CREATE INDEX "external_study_submitted_by_idx" ON "external_study" USING btree ("submitted_by");--> statement-breakpoint
CREATE INDEX "external_study_decided_by_idx" ON "external_study" USING btree ("decided_by");--> statement-breakpoint
CREATE INDEX "learning_class_attendance_member_idx" ON "learning_class_attendance" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "learning_class_attendance_recorded_by_idx" ON "learning_class_attendance" USING btree ("recorded_by");--> statement-breakpoint
CREATE INDEX "learning_class_roster_member_idx" ON "learning_class_roster" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "learning_class_tokens_class_idx" ON "learning_class_tokens" USING btree ("class_id");--> statement-breakpoint
CREATE INDEX "learning_class_tokens_created_by_idx" ON "learning_class_tokens" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "learning_classes_org_path_gist" ON "learning_classes" USING gist ("org_path");--> statement-breakpoint
CREATE INDEX "learning_classes_org_id_idx" ON "learning_classes" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "learning_classes_starts_idx" ON "learning_classes" USING btree ("starts_on","id");--> statement-breakpoint
CREATE INDEX "learning_classes_created_by_idx" ON "learning_classes" USING btree ("created_by");--> statement-breakpoint
CREATE UNIQUE INDEX "learning_credits_source_idx" ON "learning_credits" USING btree ("member_id","source","source_id","credited_on");--> statement-breakpoint
CREATE INDEX "learning_credits_member_year_idx" ON "learning_credits" USING btree ("member_id","year");--> statement-breakpoint
CREATE INDEX "learning_credits_source_id_idx" ON "learning_credits" USING btree ("source","source_id");--> statement-breakpoint
CREATE INDEX "learning_items_org_path_gist" ON "learning_items" USING gist ("org_path");--> statement-breakpoint
CREATE INDEX "learning_items_org_id_idx" ON "learning_items" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "learning_items_publish_idx" ON "learning_items" USING btree ("publish_on","id");--> statement-breakpoint
CREATE INDEX "learning_items_created_by_idx" ON "learning_items" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "learning_progress_year_path_idx" ON "learning_progress" USING btree ("year","org_path");--> statement-breakpoint
CREATE UNIQUE INDEX "study_sessions_token_idx" ON "study_sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "study_sessions_one_active" ON "study_sessions" USING btree ("member_id") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "study_sessions_member_idx" ON "study_sessions" USING btree ("member_id","started_at");--> statement-breakpoint
CREATE INDEX "study_sessions_item_idx" ON "study_sessions" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "study_sessions_user_idx" ON "study_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "points_awards_member_idx" ON "points_awards" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "points_awards_org_path_gist" ON "points_awards" USING gist ("org_path");--> statement-breakpoint
CREATE INDEX "points_awards_proposed_by_idx" ON "points_awards" USING btree ("proposed_by");--> statement-breakpoint
CREATE INDEX "points_awards_decided_by_idx" ON "points_awards" USING btree ("decided_by");--> statement-breakpoint
CREATE INDEX "points_entries_member_year_idx" ON "points_entries" USING btree ("member_id","year","occurred_on");--> statement-breakpoint
CREATE INDEX "points_entries_source_idx" ON "points_entries" USING btree ("member_id","source_key");--> statement-breakpoint
CREATE UNIQUE INDEX "points_flags_key_idx" ON "points_flags" USING btree ("key");--> statement-breakpoint
CREATE INDEX "points_flags_member_idx" ON "points_flags" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "points_flags_org_path_gist" ON "points_flags" USING gist ("org_path");--> statement-breakpoint
CREATE INDEX "points_flags_status_idx" ON "points_flags" USING btree ("status","raised_on");--> statement-breakpoint
CREATE INDEX "points_flags_decided_by_idx" ON "points_flags" USING btree ("decided_by");--> statement-breakpoint
CREATE INDEX "points_totals_rank_idx" ON "points_totals" USING btree ("year","org_path","points");