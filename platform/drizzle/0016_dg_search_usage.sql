CREATE TABLE "spoke_dg"."search_question" (
	"id" text PRIMARY KEY NOT NULL,
	"question" text NOT NULL,
	"asked_at" timestamp (3) with time zone NOT NULL,
	"clicked_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE INDEX "search_question_asked" ON "spoke_dg"."search_question" USING btree ("asked_at");