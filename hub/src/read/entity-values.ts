/**
 * DataHub GraphQL values of each entity type's own aspects (a dataset's properties, a user's info, a
 * platform's info …), from the stored aspect JSON. The hub's GraphQL resolvers answer with these field by
 * field; the embedded hub port builds whole entities with them; so both read paths give the same values.
 */
import type { JsonObject, StoredAspect } from '../model.js';
import { asArray, asObject, str, text } from '../json.js';
import { urnDisplayId } from '../urn.js';
import { CHART_TYPES, FABRICS, PLATFORM_TYPES } from './aspect-values.js';
import { auditStamp, customProperties, num, oneOf, ref, urnParts } from './values.js';

/** The latest time any of the entity's aspects was observed by an ingestion (DataHub's lastIngested). */
export function lastIngestedOf(stored: ReadonlyMap<string, StoredAspect>): number | null {
  let last: number | null = null;
  for (const a of stored.values()) {
    const t = num(a.systemMetadata?.lastObserved);
    if (t !== null && (last === null || t > last)) last = t;
  }
  return last;
}

export function datasetPropertiesValue(urn: string, p: JsonObject | undefined) {
  if (!p) return null;
  const created = asObject(p.created);
  const lastModified = asObject(p.lastModified);
  const parts = urnParts(urn);
  return {
    name: text(p.name) ?? parts[1] ?? urn,
    qualifiedName: text(p.qualifiedName) ?? null,
    origin: oneOf(parts[2], FABRICS, 'PROD'),
    description: text(p.description) ?? null,
    customProperties: customProperties(urn, p.customProperties),
    externalUrl: text(p.externalUrl) ?? null,
    created: num(created.time),
    createdActor: str(created.actor) ?? null,
    lastModified: auditStamp(lastModified),
    lastModifiedActor: str(lastModified.actor) ?? null,
  };
}

/** An `editable…Properties` aspect (description and name, as DataHub's editable properties types). */
export function editablePropertiesValue(v: JsonObject | undefined) {
  return v ? { description: text(v.description) ?? null, name: text(v.name) ?? null } : null;
}

export function subTypesValue(v: JsonObject | undefined) {
  return v ? { typeNames: asArray(v.typeNames).filter((t) => typeof t === 'string') } : null;
}

export function statusValue(v: JsonObject | undefined) {
  return v ? { removed: v.removed === true } : null;
}

export function deprecationValue(v: JsonObject | undefined) {
  return v
    ? {
        deprecated: v.deprecated === true,
        decommissionTime: num(v.decommissionTime),
        note: text(v.note) ?? '',
        actor: str(v.actor) ?? null,
      }
    : null;
}

/** A platform's `dataPlatformInfo`; a platform without one still has a name (its urn's id). */
export function platformPropertiesValue(urn: string, info: JsonObject | undefined) {
  const i = info ?? {};
  return {
    type: oneOf(i.type, PLATFORM_TYPES, 'OTHERS'),
    displayName: text(i.displayName) ?? urnParts(urn)[0] ?? null,
    datasetNameDelimiter: text(i.datasetNameDelimiter) ?? '.',
    logoUrl: text(i.logoUrl) ?? null,
  };
}

export function glossaryTermPropertiesValue(urn: string, info: JsonObject | undefined) {
  if (!info) return null;
  return {
    name: text(info.name) ?? urnDisplayId(urn),
    description: text(info.definition) ?? null,
    definition: text(info.definition) ?? '',
    termSource: text(info.termSource) ?? 'INTERNAL',
    sourceRef: text(info.sourceRef) ?? null,
    sourceUrl: text(info.sourceUrl) ?? null,
    customProperties: customProperties(urn, info.customProperties),
  };
}

export function glossaryNodePropertiesValue(urn: string, info: JsonObject | undefined) {
  if (!info) return null;
  return {
    name: text(info.name) ?? urnDisplayId(urn),
    description: text(info.definition) ?? null,
    customProperties: customProperties(urn, info.customProperties),
  };
}

export function domainPropertiesValue(urn: string, p: JsonObject | undefined) {
  return p ? { name: text(p.name) ?? urnDisplayId(urn), description: text(p.description) ?? null } : null;
}

export function tagPropertiesValue(urn: string, p: JsonObject | undefined) {
  return p
    ? {
        name: text(p.name) ?? urnDisplayId(urn),
        description: text(p.description) ?? null,
        colorHex: text(p.colorHex) ?? null,
      }
    : null;
}

export function corpUserInfoValue(urn: string, info: JsonObject | undefined) {
  if (!info) return null;
  return {
    active: info.active !== false,
    displayName: text(info.displayName) ?? null,
    title: text(info.title) ?? null,
    manager: ref(info.managerUrn),
    departmentId: num(info.departmentId),
    departmentName: text(info.departmentName) ?? null,
    firstName: text(info.firstName) ?? null,
    lastName: text(info.lastName) ?? null,
    fullName: text(info.fullName) ?? null,
    countryCode: text(info.countryCode) ?? null,
    email: text(info.email) ?? null,
    customProperties: customProperties(urn, info.customProperties),
  };
}

export function corpUserEditableValue(e: JsonObject | undefined) {
  if (!e) return null;
  const strings = (v: unknown) => asArray(v).filter((x): x is string => typeof x === 'string');
  return {
    displayName: text(e.displayName) ?? null,
    title: text(e.title) ?? null,
    aboutMe: text(e.aboutMe) ?? null,
    teams: strings(e.teams),
    skills: strings(e.skills),
    pictureLink: text(e.pictureLink) ?? null,
    slack: text(e.slack) ?? null,
    phone: text(e.phone) ?? null,
    email: text(e.email) ?? null,
  };
}

export function corpGroupPropertiesValue(p: JsonObject | undefined) {
  return p
    ? {
        displayName: text(p.displayName) ?? null,
        description: text(p.description) ?? null,
        slack: text(p.slack) ?? null,
        email: text(p.email) ?? null,
      }
    : null;
}

export function corpGroupEditableValue(p: JsonObject | undefined) {
  return p
    ? { description: text(p.description) ?? null, slack: text(p.slack) ?? null, email: text(p.email) ?? null }
    : null;
}

export function containerPropertiesValue(urn: string, p: JsonObject | undefined) {
  return p
    ? {
        name: text(p.name) ?? urnDisplayId(urn),
        description: text(p.description) ?? null,
        customProperties: customProperties(urn, p.customProperties),
        externalUrl: text(p.externalUrl) ?? null,
        qualifiedName: text(p.qualifiedName) ?? null,
      }
    : null;
}

/** A dashboard's `dashboardInfo` (and the shared part of a chart's `chartInfo`). */
export function dashboardPropertiesValue(urn: string, info: JsonObject | undefined) {
  if (!info) return null;
  const lastModified = asObject(info.lastModified);
  return {
    name: text(info.title) ?? text(info.name) ?? urnDisplayId(urn),
    description: text(info.description) ?? null,
    externalUrl: text(info.externalUrl) ?? text(info.chartUrl) ?? text(info.dashboardUrl) ?? null,
    customProperties: customProperties(urn, info.customProperties),
    lastModified: auditStamp(lastModified.lastModified),
    created: auditStamp(lastModified.created),
  };
}

export function chartPropertiesValue(urn: string, info: JsonObject | undefined) {
  return info ? { ...dashboardPropertiesValue(urn, info)!, type: oneOf(info.type, CHART_TYPES, null) } : null;
}

export function dataFlowPropertiesValue(urn: string, info: JsonObject | undefined) {
  return info
    ? {
        name: text(info.name) ?? urnDisplayId(urn),
        description: text(info.description) ?? null,
        project: text(info.project) ?? null,
        externalUrl: text(info.externalUrl) ?? null,
        customProperties: customProperties(urn, info.customProperties),
      }
    : null;
}

export function dataJobPropertiesValue(urn: string, info: JsonObject | undefined) {
  return info
    ? {
        name: text(info.name) ?? urnDisplayId(urn),
        description: text(info.description) ?? null,
        externalUrl: text(info.externalUrl) ?? null,
        customProperties: customProperties(urn, info.customProperties),
      }
    : null;
}

/** A stored audit stamp as DataHub's ResolvedAuditStamp: the actor as an entity. */
function resolvedAuditStamp(value: unknown) {
  const { time, actor } = auditStamp(value);
  return { time, actor: ref(actor) };
}

/** A document's documentInfo as DataHub's DocumentInfo. */
export function documentInfoValue(urn: string, info: JsonObject | undefined) {
  if (!info) return null;
  const source = asObject(info.source);
  const parent = ref(asObject(info.parentDocument).document);
  return {
    title: text(info.title) ?? null,
    source: str(source.sourceType)
      ? {
          sourceType: oneOf(source.sourceType, ['NATIVE', 'EXTERNAL'], 'NATIVE'),
          externalUrl: text(source.externalUrl) ?? null,
          externalId: text(source.externalId) ?? null,
        }
      : null,
    status: str(asObject(info.status).state)
      ? { state: oneOf(asObject(info.status).state, ['PUBLISHED', 'UNPUBLISHED'], 'UNPUBLISHED') }
      : null,
    contents: { text: str(asObject(info.contents).text) ?? '' },
    created: resolvedAuditStamp(info.created),
    lastModified: resolvedAuditStamp(info.lastModified),
    relatedAssets: asArray(info.relatedAssets).flatMap((a) => {
      const asset = ref(asObject(a).asset);
      return asset ? [{ asset }] : [];
    }),
    relatedDocuments: asArray(info.relatedDocuments).flatMap((d) => {
      const document = ref(asObject(d).document);
      return document ? [{ document }] : [];
    }),
    parentDocument: parent ? { document: parent } : null,
    customProperties: customProperties(urn, info.customProperties),
  };
}

/** A document's documentSettings as DataHub's DocumentSettings (shown in global context unless said not). */
export function documentSettingsValue(v: JsonObject | undefined) {
  return v ? { showInGlobalContext: v.showInGlobalContext !== false } : null;
}

/** A structured property's propertyDefinition as DataHub's StructuredPropertyDefinition. */
export function structuredPropertyDefinitionValue(urn: string, d: JsonObject | undefined) {
  if (!d) return null;
  return {
    qualifiedName: text(d.qualifiedName) ?? urnDisplayId(urn),
    displayName: text(d.displayName) ?? null,
    description: text(d.description) ?? null,
    cardinality: oneOf(d.cardinality, ['SINGLE', 'MULTIPLE'], null),
    allowedValues: Array.isArray(d.allowedValues)
      ? d.allowedValues.flatMap((raw) => {
          const a = asObject(raw);
          const value = asObject(a.value);
          const n = num(value.double ?? value.number);
          const v =
            typeof value.string === 'string'
              ? { stringValue: value.string }
              : n !== null
                ? { numberValue: n }
                : null;
          return v ? [{ value: v, description: text(a.description) ?? null }] : [];
        })
      : null,
    valueType: ref(d.valueType) ?? { urn: str(d.valueType) ?? '', entityType: 'dataType' },
    entityTypes: asArray(d.entityTypes).flatMap((t) => ref(t) ?? []),
    immutable: d.immutable === true,
    created: d.created ? resolvedAuditStamp(d.created) : null,
    lastModified: d.lastModified ? resolvedAuditStamp(d.lastModified) : null,
  };
}

/** A structured property's structuredPropertySettings as DataHub's StructuredPropertySettings. */
export function structuredPropertySettingsValue(s: JsonObject | undefined) {
  if (!s) return null;
  const flag = (v: unknown) => v === true;
  return {
    isHidden: flag(s.isHidden),
    showInSearchFilters: flag(s.showInSearchFilters),
    showInAssetSummary: flag(s.showInAssetSummary),
    hideInAssetSummaryWhenEmpty: flag(s.hideInAssetSummaryWhenEmpty),
    showAsAssetBadge: flag(s.showAsAssetBadge),
    showInColumnsTable: flag(s.showInColumnsTable),
  };
}
