DROP INDEX "spoke_da"."dataset_doc_tsv";--> statement-breakpoint
DROP INDEX "spoke_da"."dataset_doc_tags";--> statement-breakpoint
DROP INDEX "spoke_da"."dataset_doc_terms";--> statement-breakpoint
DROP INDEX "spoke_da"."dataset_doc_owners";--> statement-breakpoint
DROP INDEX "spoke_da"."dataset_doc_consumers";--> statement-breakpoint
DROP INDEX "spoke_da"."dataset_doc_container";--> statement-breakpoint
DROP INDEX "spoke_da"."dataset_doc_platform";--> statement-breakpoint
DROP INDEX "spoke_da"."dataset_doc_domain";--> statement-breakpoint
DROP INDEX "spoke_da"."dataset_doc_layer";