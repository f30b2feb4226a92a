/**
 * What the embedded hub port answers, built from the embedded hub's reads with the hub's read model: each
 * function selects exactly the fields the GMS adapter's documents (graphql-hub-port.ts) select, so both
 * adapters return the same data.
 */
import { ENTITY_TYPES, graphqlEntityType } from '@dataspoke/hub/graphql/entity-types';
import type { JsonObject, StoredAspect } from '@dataspoke/hub/model';
import { str } from '@dataspoke/hub/json';
import { urnDisplayId } from '@dataspoke/hub/urn';
import {
  mapDomain,
  mapEditableSchema,
  mapOwnership,
  mapSchemaMetadata,
  mapTags,
  mapTerms,
  platformRef,
} from '@dataspoke/hub/read/aspect-values';
import {
  containerPropertiesValue,
  corpGroupPropertiesValue,
  corpUserEditableValue,
  corpUserInfoValue,
  dashboardPropertiesValue,
  dataFlowPropertiesValue,
  dataJobPropertiesValue,
  datasetPropertiesValue,
  deprecationValue,
  domainPropertiesValue,
  editablePropertiesValue,
  glossaryNodePropertiesValue,
  glossaryTermPropertiesValue,
  lastIngestedOf,
  platformPropertiesValue,
  statusValue,
  subTypesValue,
  tagPropertiesValue,
} from '@dataspoke/hub/read/entity-values';
import { mapOperation, mapProfile } from '@dataspoke/hub/read/timeseries-values';
import { ref, urnParts, type EntityRef } from '@dataspoke/hub/read/values';
import {
  type HubDataset,
  type HubDatasetOutline,
  type HubDatasetProfile,
  type HubEntity,
  type HubEntityRef,
  type HubOperation,
  type HubProfileSelection,
  type HubSchemaVersion,
} from '../../ports/hub-port.js';

export type Aspects = ReadonlyMap<string, StoredAspect>;

/** An entity as a reference under a field of an abstract type (`Entity`): its own object type. */
export function entityRef(r: EntityRef): HubEntityRef {
  return {
    __typename: ENTITY_TYPES[r.entityType]?.typeName ?? 'Unknown',
    urn: r.urn,
    type: graphqlEntityType(r.entityType),
  };
}

/** A reference under a field of a concrete object type (`container: Container`): that type's name. */
export function typedRef(r: EntityRef | null, typeName: string): HubEntityRef | null {
  return r && { __typename: typeName, urn: r.urn, type: graphqlEntityType(r.entityType) };
}

export const value = (aspects: Aspects | undefined, name: string): JsonObject | undefined =>
  aspects?.get(name)?.value;

/** `tags { tags { tag {…} associatedUrn context } }` of mapped tags. */
export function selectTags(t: ReturnType<typeof mapTags>) {
  return (
    t && {
      tags: t.tags.map((a) => ({
        tag: typedRef(a.tag, 'Tag')!,
        associatedUrn: a.associatedUrn,
        context: a.context,
      })),
    }
  );
}

/** `glossaryTerms { terms { term {…} associatedUrn context } }` of mapped terms. */
export function selectTerms(t: ReturnType<typeof mapTerms>) {
  return (
    t && {
      terms: t.terms.map((a) => ({
        term: typedRef(a.term, 'GlossaryTerm')!,
        associatedUrn: a.associatedUrn,
        context: a.context,
      })),
    }
  );
}

/** `owner { ... on CorpUser {…} ... on CorpGroup {…} }`: OwnerType resolves a group to CorpGroup, else CorpUser. */
export const ownerRef = (owner: EntityRef) =>
  typedRef(owner, owner.entityType === 'corpGroup' ? 'CorpGroup' : 'CorpUser')!;

export function ownersOnly(urn: string, aspect: JsonObject | undefined) {
  const o = mapOwnership(urn, aspect);
  return o && { owners: o.owners.map((x) => ({ owner: { urn: x.owner.urn } })) };
}

export function domainOnly(urn: string, aspect: JsonObject | undefined) {
  const d = mapDomain(urn, aspect);
  return d && { domain: { urn: d.domain.urn } };
}

export function platformOf(urn: string, platforms: ReadonlyMap<string, Aspects>) {
  const p = platformRef(urnParts(urn)[0]);
  const props = platformPropertiesValue(p.urn, value(platforms.get(p.urn), 'dataPlatformInfo'));
  return {
    ...typedRef(p, 'DataPlatform')!,
    name: urnParts(p.urn)[0] ?? p.urn,
    properties: {
      displayName: props.displayName,
      type: props.type,
      datasetNameDelimiter: props.datasetNameDelimiter,
    },
  };
}

/** A dataset as DATASET_SELECTION selects it. */
export function datasetOf(
  urn: string,
  aspects: Aspects,
  platforms: ReadonlyMap<string, Aspects>,
): HubDataset {
  const props = datasetPropertiesValue(urn, value(aspects, 'datasetProperties'));
  const editable = editablePropertiesValue(value(aspects, 'editableDatasetProperties'));
  const schema = mapSchemaMetadata(urn, aspects.get('schemaMetadata'));
  const editableSchema = mapEditableSchema(urn, value(aspects, 'editableSchemaMetadata'));
  const ownership = mapOwnership(urn, value(aspects, 'ownership'));
  const domain = mapDomain(urn, value(aspects, 'domains'));
  const deprecation = deprecationValue(value(aspects, 'deprecation'));
  return {
    __typename: 'Dataset',
    urn,
    type: 'DATASET',
    name: urnParts(urn)[1] ?? urn,
    lastIngested: lastIngestedOf(aspects),
    platform: platformOf(urn, platforms),
    properties: props && {
      name: props.name,
      description: props.description,
      qualifiedName: props.qualifiedName,
      externalUrl: props.externalUrl,
      created: props.created,
      customProperties: props.customProperties,
      lastModified: props.lastModified,
    },
    editableProperties: editable,
    schemaMetadata: schema && {
      name: schema.name,
      platformUrn: schema.platformUrn,
      version: schema.version,
      hash: schema.hash,
      primaryKeys: schema.primaryKeys,
      fields: schema.fields.map((f) => ({
        fieldPath: f.fieldPath,
        type: f.type,
        nativeDataType: f.nativeDataType,
        description: f.description,
        nullable: f.nullable,
        isPartOfKey: f.isPartOfKey,
        isPartitioningKey: f.isPartitioningKey,
        tags: selectTags(f.tags),
        glossaryTerms: selectTerms(f.glossaryTerms),
      })),
    },
    editableSchemaMetadata: editableSchema && {
      editableSchemaFieldInfo: editableSchema.editableSchemaFieldInfo.map((f) => ({
        fieldPath: f.fieldPath,
        description: f.description,
        tags: selectTags(f.tags),
        glossaryTerms: selectTerms(f.glossaryTerms),
      })),
    },
    tags: selectTags(mapTags(urn, value(aspects, 'globalTags'))),
    glossaryTerms: selectTerms(mapTerms(urn, value(aspects, 'glossaryTerms'))),
    ownership: ownership && {
      owners: ownership.owners.map((o) => ({
        owner: ownerRef(o.owner),
        type: o.type,
        ownershipType: o.ownershipType && {
          urn: o.ownershipType.urn,
          type: o.ownershipType.type,
          info: o.ownershipType.info,
        },
        associatedUrn: o.associatedUrn,
      })),
      lastModified: ownership.lastModified,
    },
    domain: domain && { domain: typedRef(domain.domain, 'Domain')!, associatedUrn: domain.associatedUrn },
    subTypes: subTypesValue(value(aspects, 'subTypes')),
    container: typedRef(ref(str(value(aspects, 'container')?.container)), 'Container'),
    status: statusValue(value(aspects, 'status')),
    deprecation: deprecation && {
      deprecated: deprecation.deprecated,
      note: deprecation.note,
      decommissionTime: deprecation.decommissionTime,
      actor: deprecation.actor,
    },
  } as HubDataset;
}

/** `properties`, picked: `keys` of a mapped value, or null. */
export function pick<T extends object, K extends keyof T>(
  v: T | null,
  keys: readonly K[],
): Pick<T, K> | null {
  if (!v) return null;
  const out = {} as Pick<T, K>;
  for (const k of keys) out[k] = v[k];
  return out;
}

/** Another entity as ENTITY_SELECTION selects it, by its type. */
/**
 * A direct parent (glossary node, domain) as `{ urn }`; its own parents are added by the port
 * (withParentChains), as DataHub's parentNodes and parentDomains list the whole chain, nearest first.
 */
function parentRefs(parent: unknown): { urn: string }[] {
  const urn = str(parent);
  return urn ? [{ urn }] : [];
}

export function entityOf(r: EntityRef, aspects: Aspects): HubEntity {
  const { urn } = r;
  const base = entityRef(r);
  const parts = urnParts(urn);
  switch (r.entityType) {
    case 'corpuser':
      return {
        ...base,
        username: str(value(aspects, 'corpUserKey')?.username) ?? urnDisplayId(urn),
        properties: pick(corpUserInfoValue(urn, value(aspects, 'corpUserInfo')), [
          'active',
          'displayName',
          'title',
          'firstName',
          'lastName',
          'fullName',
          'email',
        ]),
        editableProperties: pick(corpUserEditableValue(value(aspects, 'corpUserEditableInfo')), [
          'displayName',
          'title',
          'email',
          'pictureLink',
          'slack',
          'teams',
        ]),
      };
    case 'corpGroup':
      return {
        ...base,
        name: str(value(aspects, 'corpGroupKey')?.name) ?? urnDisplayId(urn),
        properties: pick(corpGroupPropertiesValue(value(aspects, 'corpGroupInfo')), [
          'displayName',
          'description',
          'email',
          'slack',
        ]),
      };
    case 'glossaryTerm':
      return {
        ...base,
        name: urnDisplayId(urn),
        hierarchicalName: urnDisplayId(urn),
        properties: pick(glossaryTermPropertiesValue(urn, value(aspects, 'glossaryTermInfo')), [
          'name',
          'description',
          'definition',
          'termSource',
        ]),
        parentNodes: { nodes: parentRefs(value(aspects, 'glossaryTermInfo')?.parentNode) },
      };
    case 'glossaryNode':
      return {
        ...base,
        properties: pick(glossaryNodePropertiesValue(urn, value(aspects, 'glossaryNodeInfo')), [
          'name',
          'description',
        ]),
        parentNodes: { nodes: parentRefs(value(aspects, 'glossaryNodeInfo')?.parentNode) },
      };
    case 'domain':
      return {
        ...base,
        id: urnDisplayId(urn),
        properties: domainPropertiesValue(urn, value(aspects, 'domainProperties')),
        parentDomains: { domains: parentRefs(value(aspects, 'domainProperties')?.parentDomain) },
      };
    case 'dataProduct': {
      const p = value(aspects, 'dataProductProperties');
      return {
        ...base,
        properties: p
          ? { name: str(p.name) ?? urnDisplayId(urn), description: str(p.description) ?? null }
          : null,
        domain: domainOnly(urn, value(aspects, 'domains')),
      };
    }
    case 'tag':
      return {
        ...base,
        name: str(value(aspects, 'tagProperties')?.name) ?? urnDisplayId(urn),
        properties: tagPropertiesValue(urn, value(aspects, 'tagProperties')),
      };
    case 'dataPlatform':
      return {
        ...base,
        name: parts[0] ?? urn,
        properties: pick(platformPropertiesValue(urn, value(aspects, 'dataPlatformInfo')), [
          'displayName',
          'type',
          'datasetNameDelimiter',
        ]),
      };
    case 'container':
      return {
        ...base,
        properties: pick(containerPropertiesValue(urn, value(aspects, 'containerProperties')), [
          'name',
          'description',
          'qualifiedName',
        ]),
        subTypes: subTypesValue(value(aspects, 'subTypes')),
      };
    case 'dataJob':
      return {
        ...base,
        jobId: parts[1] ?? '',
        properties: pick(dataJobPropertiesValue(urn, value(aspects, 'dataJobInfo')), ['name', 'description']),
      };
    case 'dataFlow':
      return {
        ...base,
        flowId: parts[1] ?? '',
        properties: pick(dataFlowPropertiesValue(urn, value(aspects, 'dataFlowInfo')), [
          'name',
          'description',
        ]),
      };
    case 'chart':
    case 'dashboard': {
      const info = value(aspects, r.entityType === 'chart' ? 'chartInfo' : 'dashboardInfo');
      return {
        ...base,
        properties: pick(dashboardPropertiesValue(urn, info), ['name', 'description']),
        ownership: ownersOnly(urn, value(aspects, 'ownership')),
        domain: domainOnly(urn, value(aspects, 'domains')),
      };
    }
    default:
      return { ...base };
  }
}

/** A dataset in outline, as OUTLINE_FIELDS select it. */
export function outlineOf(urn: string, aspects: Aspects): HubDatasetOutline {
  const props = datasetPropertiesValue(urn, value(aspects, 'datasetProperties'));
  const editable = editablePropertiesValue(value(aspects, 'editableDatasetProperties'));
  const schema = mapSchemaMetadata(urn, aspects.get('schemaMetadata'));
  const deprecation = deprecationValue(value(aspects, 'deprecation'));
  return {
    urn,
    name: urnParts(urn)[1] ?? urn,
    properties: props && { name: props.name, description: props.description },
    editableProperties: editable && { description: editable.description },
    ownership: ownersOnly(urn, value(aspects, 'ownership')),
    domain: domainOnly(urn, value(aspects, 'domains')),
    deprecation: deprecation && { deprecated: deprecation.deprecated },
    schemaMetadata: schema && { fields: schema.fields.map((f) => ({ fieldPath: f.fieldPath })) },
  };
}

/** A schema version as the history documents select it (`aspectVersion createdAt fields {…}`). */
export function schemaVersionOf(
  urn: string,
  stored: StoredAspect,
  fallbackVersion: number,
): HubSchemaVersion {
  const schema = mapSchemaMetadata(urn, stored)!;
  return {
    aspectVersion: schema.aspectVersion ?? fallbackVersion,
    createdAt: schema.createdAt,
    fields: schema.fields.map((f) => ({
      fieldPath: f.fieldPath,
      type: f.type,
      nativeDataType: f.nativeDataType,
    })),
  };
}

/** A profile event as the profile documents select it (table-level only, whole, or with sample values). */
export function profileOf(
  row: Parameters<typeof mapProfile>[0],
  selection: HubProfileSelection,
): HubDatasetProfile {
  const p = mapProfile(row);
  return {
    timestampMillis: p.timestampMillis,
    rowCount: p.rowCount,
    columnCount: p.columnCount,
    sizeInBytes: p.sizeInBytes,
    fieldProfiles:
      selection.fieldProfiles === false
        ? null
        : p.fieldProfiles.map((f) => ({
            fieldPath: f.fieldPath,
            uniqueCount: f.uniqueCount,
            uniqueProportion: f.uniqueProportion,
            nullCount: f.nullCount,
            nullProportion: f.nullProportion,
            min: f.min,
            max: f.max,
            mean: f.mean,
            ...(selection.sampleValues && { sampleValues: f.sampleValues }),
          })),
  };
}

/** An operation event as OPERATION_FIELDS select it. */
export function operationOf(row: Parameters<typeof mapOperation>[0]): HubOperation {
  const o = mapOperation(row);
  return {
    timestampMillis: o.timestampMillis,
    lastUpdatedTimestamp: o.lastUpdatedTimestamp,
    operationType: o.operationType ?? 'UNKNOWN',
    numAffectedRows: o.numAffectedRows,
    actor: o.actor,
    partition: o.partition,
  };
}
