CREATE SCHEMA "spoke_de";
--> statement-breakpoint
CREATE TABLE "spoke_de"."validation_issue" (
	"run_id" text NOT NULL,
	"ordinal" integer NOT NULL,
	"dataset_urn" text NOT NULL,
	"check" text NOT NULL,
	"metric" text NOT NULL,
	"severity" text NOT NULL,
	"observed" double precision,
	"expected_low" double precision,
	"expected_high" double precision,
	"explanation" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "spoke_de"."validation_run" (
	"id" text PRIMARY KEY NOT NULL,
	"dataset_urn" text NOT NULL,
	"as_of" bigint NOT NULL,
	"status" text NOT NULL,
	"issue_count" integer NOT NULL,
	"result" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "spoke_de"."validation_issue" ADD CONSTRAINT "validation_issue_run_id_validation_run_id_fk" FOREIGN KEY ("run_id") REFERENCES "spoke_de"."validation_run"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "validation_issue_dataset_metric" ON "spoke_de"."validation_issue" USING btree ("dataset_urn","metric");--> statement-breakpoint
CREATE INDEX "validation_run_dataset_created" ON "spoke_de"."validation_run" USING btree ("dataset_urn","created_at");