CREATE TABLE "stats_closing" (
	"year" integer NOT NULL,
	"org_id" integer NOT NULL,
	"counts" integer[] NOT NULL,
	"edge_births" integer[] NOT NULL,
	"stale_since" timestamp with time zone,
	CONSTRAINT "stats_closing_year_org_id_pk" PRIMARY KEY("year","org_id")
);
--> statement-breakpoint
ALTER TABLE "stats_kept_years" ADD COLUMN "closing_keys" text[];--> statement-breakpoint
ALTER TABLE "stats_kept_years" ADD COLUMN "pending_members" integer[];