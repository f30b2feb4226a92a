CREATE INDEX "dataset_doc_platform" ON "spoke_da"."dataset_doc" USING btree ("platform");--> statement-breakpoint
CREATE INDEX "dataset_doc_domain" ON "spoke_da"."dataset_doc" USING btree ("domain");--> statement-breakpoint
CREATE INDEX "dataset_doc_layer" ON "spoke_da"."dataset_doc" USING btree ("layer");