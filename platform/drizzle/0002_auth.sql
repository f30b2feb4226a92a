CREATE TABLE "spoke"."api_key" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"groups" text[] NOT NULL,
	"secret_hash" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"revoked_at" timestamp (3) with time zone
);
