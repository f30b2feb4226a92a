CREATE SCHEMA "spoke_workflows";
--> statement-breakpoint
CREATE TABLE "spoke_workflows"."workflow_run" (
	"id" text PRIMARY KEY NOT NULL,
	"workflow" text NOT NULL,
	"schedule_id" text,
	"trigger" text NOT NULL,
	"engine" text NOT NULL,
	"status" text NOT NULL,
	"started_at" bigint NOT NULL,
	"finished_at" bigint,
	"progress" jsonb,
	"result" jsonb,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "spoke_workflows"."workflow_schedule" (
	"id" text PRIMARY KEY NOT NULL,
	"workflow" text NOT NULL,
	"spec" text NOT NULL,
	"paused" boolean DEFAULT false NOT NULL,
	"note" text,
	"next_run_at" bigint NOT NULL,
	"last_run_at" bigint,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "workflow_run_started" ON "spoke_workflows"."workflow_run" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "workflow_run_workflow_started" ON "spoke_workflows"."workflow_run" USING btree ("workflow","started_at");