/** Hub entity type (urn type, e.g. `corpuser`) ↔ DataHub GraphQL EntityType enum and object type name. */
export const ENTITY_TYPES: Record<string, { enumValue: string; typeName: string }> = {
  dataset: { enumValue: 'DATASET', typeName: 'Dataset' },
  dataPlatform: { enumValue: 'DATA_PLATFORM', typeName: 'DataPlatform' },
  corpuser: { enumValue: 'CORP_USER', typeName: 'CorpUser' },
  corpGroup: { enumValue: 'CORP_GROUP', typeName: 'CorpGroup' },
  dashboard: { enumValue: 'DASHBOARD', typeName: 'Dashboard' },
  chart: { enumValue: 'CHART', typeName: 'Chart' },
  dataFlow: { enumValue: 'DATA_FLOW', typeName: 'DataFlow' },
  dataJob: { enumValue: 'DATA_JOB', typeName: 'DataJob' },
  tag: { enumValue: 'TAG', typeName: 'Tag' },
  glossaryTerm: { enumValue: 'GLOSSARY_TERM', typeName: 'GlossaryTerm' },
  glossaryNode: { enumValue: 'GLOSSARY_NODE', typeName: 'GlossaryNode' },
  container: { enumValue: 'CONTAINER', typeName: 'Container' },
  domain: { enumValue: 'DOMAIN', typeName: 'Domain' },
  dataProduct: { enumValue: 'DATA_PRODUCT', typeName: 'DataProduct' },
};

/**
 * Entity types the embedded hub's own GraphQL serves (DataHub's types and names) that DataSpoke's
 * subgraphs do not model: their supergraph has no such types, so these stay out of ENTITY_TYPES.
 */
const HUB_GRAPHQL_ONLY: Record<string, { enumValue: string; typeName: string }> = {
  document: { enumValue: 'DOCUMENT', typeName: 'Document' },
  structuredProperty: { enumValue: 'STRUCTURED_PROPERTY', typeName: 'StructuredPropertyEntity' },
  dataType: { enumValue: 'DATA_TYPE', typeName: 'DataTypeEntity' },
  entityType: { enumValue: 'ENTITY_TYPE', typeName: 'EntityTypeEntity' },
};

/** The enum value and object type of a hub entity type in the hub's GraphQL, when it serves the type. */
export function hubGraphqlType(hubType: string): { enumValue: string; typeName: string } | undefined {
  const own = (map: typeof ENTITY_TYPES) =>
    Object.prototype.hasOwnProperty.call(map, hubType) ? map[hubType] : undefined;
  return own(ENTITY_TYPES) ?? own(HUB_GRAPHQL_ONLY);
}

const SERVED = { ...ENTITY_TYPES, ...HUB_GRAPHQL_ONLY };
const BY_ENUM = new Map(Object.entries(SERVED).map(([hub, t]) => [t.enumValue, hub]));

/**
 * Hub entity type for an EntityType enum value (or a hub type name given as is), among every type the hub's
 * GraphQL serves, so a DataHub client can search and filter on documents and structured properties too.
 */
export function entityTypeFromGraphql(value: string): string | undefined {
  if (BY_ENUM.has(value)) return BY_ENUM.get(value);
  if (Object.prototype.hasOwnProperty.call(SERVED, value)) return value;
  const lower = value.toLowerCase();
  return Object.keys(SERVED).find((k) => k.toLowerCase() === lower);
}

export function graphqlEntityType(hubType: string): string {
  return ENTITY_TYPES[hubType]?.enumValue ?? 'OTHER';
}

export function isModelledEntityType(hubType: string): boolean {
  return Object.prototype.hasOwnProperty.call(ENTITY_TYPES, hubType);
}
