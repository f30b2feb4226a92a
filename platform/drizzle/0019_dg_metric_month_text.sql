-- The monthly rows become comma-separated text (1,2,5 / 12,0.5,1e+21): reading text costs the store nothing
-- per element, reading arrays cost a parse of each.
ALTER TABLE "spoke_dg"."metric_month" ALTER COLUMN "days" SET DATA TYPE text USING array_to_string("days", ',');--> statement-breakpoint
ALTER TABLE "spoke_dg"."metric_month" ALTER COLUMN "values" SET DATA TYPE text USING array_to_string("values", ',');
