CREATE TABLE "stats_corrections" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "stats_corrections_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"year" integer NOT NULL,
	"org_id" integer NOT NULL,
	"source" varchar(16) NOT NULL,
	"source_id" integer NOT NULL,
	"change" varchar(20) NOT NULL,
	"subject_org_id" integer NOT NULL,
	"occurred_on" date NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" integer,
	"found_at" timestamp with time zone DEFAULT now() NOT NULL,
	"applied_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "stats_figures" (
	"year" integer NOT NULL,
	"org_id" integer NOT NULL,
	"parent_id" integer,
	"figures" jsonb NOT NULL,
	"kept_at" timestamp with time zone DEFAULT now() NOT NULL,
	"stale_since" timestamp with time zone,
	CONSTRAINT "stats_figures_year_org_id_pk" PRIMARY KEY("year","org_id")
);
--> statement-breakpoint
CREATE TABLE "stats_kept_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"first_kept_at" timestamp with time zone DEFAULT now() NOT NULL,
	"kept_at" timestamp with time zone DEFAULT now() NOT NULL,
	"event_watermark" integer NOT NULL,
	"version_watermark" integer NOT NULL,
	"min_full" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "stats_corrections_year_org_idx" ON "stats_corrections" USING btree ("year","org_id");--> statement-breakpoint
CREATE INDEX "stats_corrections_source_idx" ON "stats_corrections" USING btree ("source","source_id","year");