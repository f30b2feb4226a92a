CREATE SCHEMA "spoke_da";
--> statement-breakpoint
CREATE TABLE "spoke_da"."dataset_doc" (
	"urn" text PRIMARY KEY NOT NULL,
	"content_hash" text NOT NULL,
	"embed_hash" text,
	"name" text NOT NULL,
	"platform" text NOT NULL,
	"layer" text,
	"domain" text,
	"container" text,
	"owners" text[] DEFAULT '{}'::text[] NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"terms" text[] DEFAULT '{}'::text[] NOT NULL,
	"consumers" text[] DEFAULT '{}'::text[] NOT NULL,
	"deprecated" boolean DEFAULT false NOT NULL,
	"copy_key" text,
	"documentation" real DEFAULT 0 NOT NULL,
	"usage" real DEFAULT 0 NOT NULL,
	"curated" boolean DEFAULT false NOT NULL,
	"last_updated" bigint,
	"doc" jsonb NOT NULL,
	"tsv" "tsvector" NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "spoke_da"."dataset_vector" (
	"urn" text PRIMARY KEY NOT NULL,
	"model" text NOT NULL,
	"vector" real[] NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "spoke_da"."facet_label" (
	"urn" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"label" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "dataset_doc_tsv" ON "spoke_da"."dataset_doc" USING gin ("tsv");--> statement-breakpoint
CREATE INDEX "dataset_doc_tags" ON "spoke_da"."dataset_doc" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "dataset_doc_terms" ON "spoke_da"."dataset_doc" USING gin ("terms");--> statement-breakpoint
CREATE INDEX "dataset_doc_owners" ON "spoke_da"."dataset_doc" USING gin ("owners");--> statement-breakpoint
CREATE INDEX "dataset_doc_consumers" ON "spoke_da"."dataset_doc" USING gin ("consumers");--> statement-breakpoint
CREATE INDEX "dataset_doc_copy_key" ON "spoke_da"."dataset_doc" USING btree ("copy_key");