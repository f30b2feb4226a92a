import type { HubDataset } from '../ports/hub-port.js';

/**
 * Documentation coverage of a dataset: whether the table has a description, and how many of its schema
 * fields do. A description counts from DataHub's ingested aspects or from its editable (UI) aspects.
 */

export interface DocumentationCoverage {
  tableDocumented: boolean;
  fieldsDocumented: number;
  fieldsTotal: number;
  /** Documented share of the table and its fields together: (table + fields documented) / (1 + fields). */
  ratio: number;
}

const present = (text: string | null | undefined): boolean => typeof text === 'string' && text.trim() !== '';

export function documentationCoverage(dataset: HubDataset): DocumentationCoverage {
  const tableDocumented =
    present(dataset.properties?.description) || present(dataset.editableProperties?.description);
  const editable = new Set(
    (dataset.editableSchemaMetadata?.editableSchemaFieldInfo ?? [])
      .filter((f) => present(f.description))
      .map((f) => f.fieldPath),
  );
  const fields = dataset.schemaMetadata?.fields ?? [];
  const fieldsDocumented = fields.filter((f) => present(f.description) || editable.has(f.fieldPath)).length;
  const fieldsTotal = fields.length;
  return {
    tableDocumented,
    fieldsDocumented,
    fieldsTotal,
    ratio: ((tableDocumented ? 1 : 0) + fieldsDocumented) / (1 + fieldsTotal),
  };
}
