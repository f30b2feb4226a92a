CREATE TABLE "spoke"."applied_change" (
	"consumer_group" text NOT NULL,
	"change_key" text NOT NULL,
	"applied_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "applied_change_consumer_group_change_key_pk" PRIMARY KEY("consumer_group","change_key")
);
--> statement-breakpoint
CREATE INDEX "applied_change_applied_at" ON "spoke"."applied_change" USING btree ("applied_at");