CREATE TABLE "spoke_dg"."metric_month" (
	"metric" text NOT NULL,
	"dimension" text NOT NULL,
	"group_key" text NOT NULL,
	"month" text NOT NULL,
	"days" integer[] NOT NULL,
	"values" double precision[] NOT NULL,
	CONSTRAINT "metric_month_metric_dimension_group_key_month_pk" PRIMARY KEY("metric","dimension","group_key","month")
);
--> statement-breakpoint
-- The months of the points already collected, so the queries that now read metric_month see them.
INSERT INTO "spoke_dg"."metric_month" ("metric", "dimension", "group_key", "month", "days", "values")
SELECT "metric", "dimension", "group_key", left("day", 7),
  array_agg(extract(day from "day"::date)::integer ORDER BY "day"), array_agg("value" ORDER BY "day")
FROM "spoke_dg"."metric_point"
GROUP BY "metric", "dimension", "group_key", left("day", 7);
