CREATE TABLE "spoke_de"."doc_suggestion_refresh" (
	"id" text PRIMARY KEY NOT NULL,
	"trigger" text NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"finished_at" timestamp (3) with time zone NOT NULL,
	"datasets" integer NOT NULL,
	"created" integer NOT NULL
);
