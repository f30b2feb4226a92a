CREATE TABLE "spoke_de"."doc_suggestion" (
	"id" text PRIMARY KEY NOT NULL,
	"target_key" text NOT NULL,
	"dataset_urn" text NOT NULL,
	"field_path" text,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"value" jsonb NOT NULL,
	"baseline" text,
	"evidence" jsonb NOT NULL,
	"confidence" double precision NOT NULL,
	"phrased_by" text NOT NULL,
	"decided_by" text,
	"decided_at" timestamp (3) with time zone,
	"written_value" jsonb,
	"stale_reason" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "doc_suggestion_target" ON "spoke_de"."doc_suggestion" USING btree ("target_key");--> statement-breakpoint
CREATE INDEX "doc_suggestion_dataset" ON "spoke_de"."doc_suggestion" USING btree ("dataset_urn","status");--> statement-breakpoint
CREATE INDEX "doc_suggestion_status_kind" ON "spoke_de"."doc_suggestion" USING btree ("status","kind","confidence");