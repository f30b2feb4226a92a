CREATE SCHEMA "spoke_dg";
--> statement-breakpoint
CREATE TABLE "spoke_dg"."metric_point" (
	"metric" text NOT NULL,
	"dimension" text NOT NULL,
	"group_key" text NOT NULL,
	"day" text NOT NULL,
	"value" double precision NOT NULL,
	"collected_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "metric_point_metric_dimension_group_key_day_pk" PRIMARY KEY("metric","dimension","group_key","day")
);
--> statement-breakpoint
CREATE TABLE "spoke_dg"."metric_target" (
	"metric" text NOT NULL,
	"dimension" text NOT NULL,
	"group_key" text NOT NULL,
	"direction" text NOT NULL,
	"value" double precision NOT NULL,
	"set_by" text NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "metric_target_metric_dimension_group_key_pk" PRIMARY KEY("metric","dimension","group_key")
);
--> statement-breakpoint
CREATE INDEX "metric_point_day" ON "spoke_dg"."metric_point" USING btree ("day");