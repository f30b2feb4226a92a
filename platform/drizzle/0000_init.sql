CREATE SCHEMA "hub";
--> statement-breakpoint
CREATE SCHEMA "spoke";
--> statement-breakpoint
CREATE TABLE "hub"."metadata_aspect_v2" (
	"urn" text NOT NULL,
	"aspect" text NOT NULL,
	"version" bigint NOT NULL,
	"metadata" jsonb NOT NULL,
	"systemmetadata" jsonb,
	"createdon" timestamp (3) with time zone NOT NULL,
	"createdby" text NOT NULL,
	"createdfor" text,
	CONSTRAINT "metadata_aspect_v2_urn_aspect_version_pk" PRIMARY KEY("urn","aspect","version")
);
--> statement-breakpoint
CREATE TABLE "hub"."relationship" (
	"source_urn" text NOT NULL,
	"relationship_type" text NOT NULL,
	"destination_urn" text NOT NULL,
	"via_aspect" text NOT NULL,
	"created_on" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "relationship_source_urn_via_aspect_relationship_type_destination_urn_pk" PRIMARY KEY("source_urn","via_aspect","relationship_type","destination_urn")
);
--> statement-breakpoint
CREATE TABLE "hub"."search_document" (
	"urn" text PRIMARY KEY NOT NULL,
	"entity_type" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"qualified_name" text,
	"description" text,
	"platform" text,
	"domain" text,
	"container" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"glossary_terms" text[] DEFAULT '{}'::text[] NOT NULL,
	"owners" text[] DEFAULT '{}'::text[] NOT NULL,
	"sub_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"field_paths" text[] DEFAULT '{}'::text[] NOT NULL,
	"document" text DEFAULT '' NOT NULL,
	"removed" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "spoke"."setting" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub"."timeseries_aspect" (
	"urn" text NOT NULL,
	"aspect" text NOT NULL,
	"timestamp_millis" bigint NOT NULL,
	"partition" text DEFAULT '' NOT NULL,
	"event" jsonb NOT NULL,
	"system_metadata" jsonb,
	"created_on" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "metadata_aspect_v2_aspect_idx" ON "hub"."metadata_aspect_v2" USING btree ("aspect","version");--> statement-breakpoint
CREATE INDEX "relationship_destination" ON "hub"."relationship" USING btree ("destination_urn","relationship_type");--> statement-breakpoint
CREATE INDEX "search_document_type" ON "hub"."search_document" USING btree ("entity_type");--> statement-breakpoint
CREATE INDEX "search_document_fts" ON "hub"."search_document" USING gin (to_tsvector('simple', "document"));--> statement-breakpoint
CREATE INDEX "search_document_tags" ON "hub"."search_document" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "search_document_terms" ON "hub"."search_document" USING gin ("glossary_terms");--> statement-breakpoint
CREATE INDEX "search_document_owners" ON "hub"."search_document" USING gin ("owners");--> statement-breakpoint
CREATE UNIQUE INDEX "timeseries_aspect_identity" ON "hub"."timeseries_aspect" USING btree ("urn","aspect","timestamp_millis","partition");--> statement-breakpoint
CREATE INDEX "timeseries_aspect_aspect_time" ON "hub"."timeseries_aspect" USING btree ("aspect","timestamp_millis");