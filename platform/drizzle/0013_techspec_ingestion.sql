CREATE TABLE "spoke_de"."ingestion_config" (
	"name" text PRIMARY KEY NOT NULL,
	"config" jsonb NOT NULL,
	"schedule" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "spoke_de"."ingestion_entity" (
	"run_id" text NOT NULL,
	"urn" text NOT NULL,
	"source" text NOT NULL,
	"outcome" text NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "spoke_de"."ingestion_run" (
	"id" text PRIMARY KEY NOT NULL,
	"config_name" text NOT NULL,
	"trigger" text NOT NULL,
	"status" text NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"finished_at" timestamp (3) with time zone,
	"counts" jsonb NOT NULL,
	"sources" jsonb NOT NULL,
	"errors" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "spoke_de"."techspec_latest" (
	"urn" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"spec" jsonb NOT NULL,
	"observed_at" bigint NOT NULL,
	"run_id" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "spoke_de"."ingestion_entity" ADD CONSTRAINT "ingestion_entity_run_id_ingestion_run_id_fk" FOREIGN KEY ("run_id") REFERENCES "spoke_de"."ingestion_run"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ingestion_entity_run_urn" ON "spoke_de"."ingestion_entity" USING btree ("run_id","urn");--> statement-breakpoint
CREATE INDEX "ingestion_entity_urn" ON "spoke_de"."ingestion_entity" USING btree ("urn");--> statement-breakpoint
CREATE INDEX "ingestion_run_config_started" ON "spoke_de"."ingestion_run" USING btree ("config_name","started_at");