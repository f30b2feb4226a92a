ALTER TABLE "spoke_da"."dataset_doc" ADD COLUMN "upstreams" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "spoke_da"."dataset_doc" ADD COLUMN "brief" jsonb;--> statement-breakpoint
UPDATE "spoke_da"."dataset_doc" SET
  "upstreams" = coalesce(array(select x ->> 'urn' from jsonb_array_elements("doc" -> 'upstreams') x), '{}'::text[]),
  "brief" = jsonb_build_object(
    'platformName', "doc" #>> '{platform,name}',
    'upstreams', coalesce((select jsonb_agg(x -> 'urn') from jsonb_array_elements("doc" -> 'upstreams') x), '[]'::jsonb),
    'downstreams', coalesce((select jsonb_agg(x -> 'urn') from jsonb_array_elements("doc" -> 'downstreams') x), '[]'::jsonb),
    'columns', coalesce((select jsonb_agg(lower(x ->> 'path')) from jsonb_array_elements("doc" -> 'fields') x), '[]'::jsonb)
  );
