import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '@dataspoke/platform/store/db';
import { metadataAspect } from '@dataspoke/platform/store/schema';
import type { HubIndexer } from './hub-indexer.js';
import { asArray, asObject, str } from './json.js';
import { urnDisplayId } from './urn.js';
import { pgTextArray } from '@dataspoke/platform/store/sql';
import type { JsonObject } from './model.js';
import { parseUrn, platformOf, type ParsedUrn } from './urn.js';

/**
 * The embedded hub's search and graph indexer: from the latest aspects of every entity a write touched, it
 * rewrites that entity's search document (GMS's search index) and its outgoing relationship edges (GMS's
 * graph), with DataHub's relationship names. Everything happens in bulk statements inside the write's
 * transaction: one read of the touched entities' aspects, one read of the names of the tags and terms
 * they reference, one delete and one insert of edges, one upsert of documents.
 */

/** Aspects the indexer reads; anything else an entity carries does not affect search or the graph. */
export const INDEXED_ASPECTS = [
  'status',
  'datasetKey',
  'datasetProperties',
  'editableDatasetProperties',
  'schemaMetadata',
  'editableSchemaMetadata',
  'globalTags',
  'glossaryTerms',
  'ownership',
  'domains',
  'container',
  'subTypes',
  'upstreamLineage',
  'siblings',
  'dataPlatformInstance',
  'dataJobKey',
  'dataJobInfo',
  'editableDataJobProperties',
  'dataJobInputOutput',
  'dataFlowInfo',
  'editableDataFlowProperties',
  'chartInfo',
  'editableChartProperties',
  'dashboardInfo',
  'editableDashboardProperties',
  'containerProperties',
  'editableContainerProperties',
  'glossaryTermInfo',
  'glossaryRelatedTerms',
  'glossaryNodeInfo',
  'domainProperties',
  'tagProperties',
  'corpUserInfo',
  'corpUserEditableInfo',
  'groupMembership',
  'nativeGroupMembership',
  'corpGroupInfo',
  'corpGroupEditableInfo',
  'dataPlatformInfo',
  'dataProductProperties',
  'documentInfo',
] as const;

/** Relationship types that carry lineage, with the direction of the edge relative to the data flow. */
export const LINEAGE_RELATIONSHIPS = {
  /** source is downstream of destination (dataset→upstream dataset, job→upstream job). */
  DownstreamOf: 'source-downstream',
  /** source (job, chart, dashboard) reads destination (dataset). */
  Consumes: 'source-downstream',
  /** source (dashboard) is built from destination (chart). */
  Contains: 'source-downstream',
  /** source (job) writes destination (dataset). */
  Produces: 'source-upstream',
} as const;

export interface SearchDocumentRow {
  urn: string;
  entity_type: string;
  name: string;
  qualified_name: string | null;
  description: string | null;
  platform: string | null;
  domain: string | null;
  container: string | null;
  tags: string[];
  glossary_terms: string[];
  owners: string[];
  sub_types: string[];
  field_paths: string[];
  document: string;
  removed: boolean;
}

export interface RelationshipEdge {
  source_urn: string;
  relationship_type: string;
  destination_urn: string;
  via_aspect: string;
}

type Aspects = Map<string, JsonObject>;

const CHUNK = 500;

export class HubSearchIndexer implements HubIndexer {
  async reindex(tx: Db, urns: readonly string[]): Promise<void> {
    const unique = [...new Set(urns)];
    for (let i = 0; i < unique.length; i += CHUNK) await this.reindexChunk(tx, unique.slice(i, i + CHUNK));
  }

  async remove(tx: Db, urns: readonly string[]): Promise<void> {
    const unique = [...new Set(urns)];
    for (let i = 0; i < unique.length; i += CHUNK) {
      const chunk = unique.slice(i, i + CHUNK);
      await tx.execute(sql`delete from hub.search_document where urn = any(${pgTextArray(chunk)}::text[])`);
      await tx.execute(
        sql`delete from hub.relationship where source_urn = any(${pgTextArray(chunk)}::text[])`,
      );
    }
  }

  private async reindexChunk(tx: Db, urns: string[]): Promise<void> {
    const rows = await tx
      .select({ urn: metadataAspect.urn, aspect: metadataAspect.aspect, metadata: metadataAspect.metadata })
      .from(metadataAspect)
      .where(
        and(
          eq(metadataAspect.version, 0),
          inArray(metadataAspect.urn, urns),
          inArray(metadataAspect.aspect, INDEXED_ASPECTS as unknown as string[]),
        ),
      );
    const byUrn = new Map<string, Aspects>();
    for (const row of rows) {
      let aspects = byUrn.get(row.urn);
      if (!aspects) byUrn.set(row.urn, (aspects = new Map<string, JsonObject>()));
      aspects.set(row.aspect, asObject(row.metadata));
    }

    // Entities that have no stored aspect at all any more lose their derived rows.
    const gone = urns.filter((u) => !byUrn.has(u));
    const present = urns.filter((u) => byUrn.has(u));

    // Names of the tags and terms the documents mention, so "pii" finds what is tagged with a PII term.
    const labelUrns = new Set<string>();
    for (const aspects of byUrn.values()) {
      for (const u of collectTags(aspects)) labelUrns.add(u);
      for (const u of collectTerms(aspects)) labelUrns.add(u);
    }
    const labels = await readLabels(tx, [...labelUrns]);

    const docs: SearchDocumentRow[] = [];
    const edges: RelationshipEdge[] = [];
    for (const urn of present) {
      const aspects = byUrn.get(urn) ?? new Map<string, JsonObject>();
      const parsed = tryParse(urn);
      if (!parsed) continue;
      docs.push(buildSearchDocument(parsed, aspects, labels));
      edges.push(...buildRelationships(parsed, aspects));
    }

    if (gone.length > 0) await this.remove(tx, gone);
    if (present.length > 0) {
      await tx.execute(
        sql`delete from hub.relationship where source_urn = any(${pgTextArray(present)}::text[])`,
      );
    }
    for (let i = 0; i < edges.length; i += 5000) {
      const json = JSON.stringify(edges.slice(i, i + 5000));
      await tx.execute(sql`
        insert into hub.relationship (source_urn, relationship_type, destination_urn, via_aspect, created_on)
        select source_urn, relationship_type, destination_urn, via_aspect, now()
        from jsonb_to_recordset(${json}::jsonb)
          as x(source_urn text, relationship_type text, destination_urn text, via_aspect text)
        on conflict do nothing`);
    }
    if (docs.length > 0) {
      const json = JSON.stringify(docs);
      await tx.execute(sql`
        insert into hub.search_document (urn, entity_type, name, qualified_name, description, platform, domain,
          container, tags, glossary_terms, owners, sub_types, field_paths, document, removed, updated_at)
        select urn, entity_type, coalesce(name, ''), qualified_name, description, platform, domain, container,
          coalesce(tags, '{}'), coalesce(glossary_terms, '{}'), coalesce(owners, '{}'), coalesce(sub_types, '{}'),
          coalesce(field_paths, '{}'), coalesce(document, ''), coalesce(removed, false), now()
        from jsonb_to_recordset(${json}::jsonb) as x(urn text, entity_type text, name text, qualified_name text,
          description text, platform text, domain text, container text, tags text[], glossary_terms text[],
          owners text[], sub_types text[], field_paths text[], document text, removed boolean)
        on conflict (urn) do update set entity_type = excluded.entity_type, name = excluded.name,
          qualified_name = excluded.qualified_name, description = excluded.description,
          platform = excluded.platform, domain = excluded.domain, container = excluded.container,
          tags = excluded.tags, glossary_terms = excluded.glossary_terms, owners = excluded.owners,
          sub_types = excluded.sub_types, field_paths = excluded.field_paths, document = excluded.document,
          removed = excluded.removed, updated_at = excluded.updated_at`);
    }
  }
}

async function readLabels(tx: Db, urns: string[]): Promise<Map<string, string>> {
  const labels = new Map<string, string>();
  if (urns.length === 0) return labels;
  for (let i = 0; i < urns.length; i += CHUNK) {
    const rows = await tx
      .select({ urn: metadataAspect.urn, aspect: metadataAspect.aspect, metadata: metadataAspect.metadata })
      .from(metadataAspect)
      .where(
        and(
          eq(metadataAspect.version, 0),
          inArray(metadataAspect.urn, urns.slice(i, i + CHUNK)),
          inArray(metadataAspect.aspect, ['tagProperties', 'glossaryTermInfo']),
        ),
      );
    for (const row of rows) {
      const name = str(asObject(row.metadata).name);
      if (name) labels.set(row.urn, name);
    }
  }
  return labels;
}

// ---------------------------------------------------------------------------------------------------------
// Pure derivation (exported for tests and for the GraphQL layer's display names)

function clean(value: string): string {
  // Neither text nor jsonb can hold NUL.
  return value.includes('\u0000') ? value.split('\u0000').join('') : value;
}

function tryParse(urn: string): ParsedUrn | undefined {
  try {
    return parseUrn(urn);
  } catch {
    return undefined;
  }
}

const PROPERTIES_ASPECT: Record<string, [info: string, editable?: string]> = {
  dataset: ['datasetProperties', 'editableDatasetProperties'],
  chart: ['chartInfo', 'editableChartProperties'],
  dashboard: ['dashboardInfo', 'editableDashboardProperties'],
  dataJob: ['dataJobInfo', 'editableDataJobProperties'],
  dataFlow: ['dataFlowInfo', 'editableDataFlowProperties'],
  container: ['containerProperties', 'editableContainerProperties'],
  glossaryTerm: ['glossaryTermInfo'],
  glossaryNode: ['glossaryNodeInfo'],
  domain: ['domainProperties'],
  tag: ['tagProperties'],
  corpuser: ['corpUserInfo', 'corpUserEditableInfo'],
  corpGroup: ['corpGroupInfo', 'corpGroupEditableInfo'],
  dataPlatform: ['dataPlatformInfo'],
  dataProduct: ['dataProductProperties'],
  document: ['documentInfo'],
};

/** Display name of an entity from its aspects, falling back on its urn. */
export function entityDisplayName(urn: string, entityType: string, aspects: Aspects): string {
  const [infoName, editableName] = PROPERTIES_ASPECT[entityType] ?? [];
  const info = infoName ? aspects.get(infoName) : undefined;
  const editable = editableName ? aspects.get(editableName) : undefined;
  switch (entityType) {
    case 'chart':
    case 'dashboard':
    case 'document':
      return str(info?.title) ?? urnDisplayId(urn);
    case 'corpuser':
      return (
        str(editable?.displayName) ??
        str(info?.displayName) ??
        str(info?.fullName) ??
        ([str(info?.firstName), str(info?.lastName)].filter(Boolean).join(' ') || urnDisplayId(urn))
      );
    case 'corpGroup':
      return str(editable?.displayName) ?? str(info?.displayName) ?? urnDisplayId(urn);
    case 'dataPlatform':
      return str(info?.displayName) ?? str(info?.name) ?? urnDisplayId(urn);
    default:
      return str(editable?.name) ?? str(info?.name) ?? urnDisplayId(urn);
  }
}

/** Description preferring the one edited in DataHub over the one ingested from the source. */
export function entityDescription(entityType: string, aspects: Aspects): string | undefined {
  const [infoName, editableName] = PROPERTIES_ASPECT[entityType] ?? [];
  const info = infoName ? aspects.get(infoName) : undefined;
  const editable = editableName ? aspects.get(editableName) : undefined;
  return (
    str(editable?.description) ??
    str(info?.description) ??
    str(info?.definition) ??
    (entityType === 'corpGroup' ? str(editable?.description) : undefined)
  );
}

function collectTags(aspects: Aspects): string[] {
  const out: string[] = [];
  for (const t of asArray(aspects.get('globalTags')?.tags)) {
    const tag = str(asObject(t).tag);
    if (tag) out.push(tag);
  }
  for (const f of schemaFields(aspects)) out.push(...fieldTags(f));
  for (const f of editableFields(aspects)) out.push(...fieldTags(f));
  return out;
}

function collectTerms(aspects: Aspects): string[] {
  const out: string[] = [];
  for (const t of asArray(aspects.get('glossaryTerms')?.terms)) {
    const term = str(asObject(t).urn);
    if (term) out.push(term);
  }
  for (const f of schemaFields(aspects)) out.push(...fieldTerms(f));
  for (const f of editableFields(aspects)) out.push(...fieldTerms(f));
  return out;
}

function schemaFields(aspects: Aspects): JsonObject[] {
  return asArray(aspects.get('schemaMetadata')?.fields).map(asObject);
}

function editableFields(aspects: Aspects): JsonObject[] {
  return asArray(aspects.get('editableSchemaMetadata')?.editableSchemaFieldInfo).map(asObject);
}

function fieldTags(field: JsonObject): string[] {
  return asArray(asObject(field.globalTags).tags)
    .map((t) => str(asObject(t).tag))
    .filter((t): t is string => t !== undefined);
}

function fieldTerms(field: JsonObject): string[] {
  return asArray(asObject(field.glossaryTerms).terms)
    .map((t) => str(asObject(t).urn))
    .filter((t): t is string => t !== undefined);
}

/** Splits identifiers so that `customer_id`, `orderDate` and `db.schema.table` match their words. */
function words(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function buildSearchDocument(
  parsed: ParsedUrn,
  aspects: Aspects,
  labels: ReadonlyMap<string, string> = new Map(),
): SearchDocumentRow {
  const { urn, entityType } = parsed;
  const name = entityDisplayName(urn, entityType, aspects);
  const description = entityDescription(entityType, aspects);
  const qualifiedName =
    str(aspects.get('datasetProperties')?.qualifiedName) ??
    str(aspects.get('containerProperties')?.qualifiedName);

  let platform: string | undefined;
  try {
    const p = platformOf(urn);
    if (p) platform = p.startsWith('urn:li:dataPlatform:') ? p : `urn:li:dataPlatform:${p}`;
  } catch {
    platform = undefined;
  }
  platform ??= str(aspects.get('dataPlatformInstance')?.platform);
  if (entityType === 'dataPlatform') platform = urn;

  const domain = str(asArray(aspects.get('domains')?.domains)[0]);
  const container = str(aspects.get('container')?.container);
  const tags = unique(collectTags(aspects));
  const terms = unique(collectTerms(aspects));
  const owners = unique(
    asArray(aspects.get('ownership')?.owners)
      .map((o) => str(asObject(o).owner))
      .filter((o): o is string => o !== undefined),
  );
  const subTypes = unique(
    asArray(aspects.get('subTypes')?.typeNames).filter((t): t is string => typeof t === 'string'),
  );
  const fields = schemaFields(aspects);
  const fieldPaths = unique(fields.map((f) => str(f.fieldPath)).filter((p): p is string => p !== undefined));

  const text: string[] = [name, urnDisplayId(urn)];
  if (qualifiedName) text.push(qualifiedName);
  const info = aspects.get(PROPERTIES_ASPECT[entityType]?.[0] ?? '');
  const editable = aspects.get(PROPERTIES_ASPECT[entityType]?.[1] ?? '');
  for (const d of [str(editable?.description), str(info?.description), str(info?.definition)]) {
    if (d) text.push(d);
  }
  if (entityType === 'corpuser') {
    for (const k of ['email', 'title', 'departmentName', 'fullName']) {
      const v = str(info?.[k]);
      if (v) text.push(v);
    }
  }
  for (const f of fields) {
    const path = str(f.fieldPath);
    if (path) text.push(path);
    const d = str(f.description);
    if (d) text.push(d);
  }
  for (const f of editableFields(aspects)) {
    const d = str(f.description);
    if (d) text.push(d);
  }
  for (const u of [...tags, ...terms]) text.push(labels.get(u) ?? urnDisplayId(u));
  text.push(...subTypes);
  const joined = text.join('\n');
  const document = clean(`${joined}\n${words(joined)}`);

  return {
    urn,
    entity_type: entityType,
    name: clean(name),
    qualified_name: qualifiedName ? clean(qualifiedName) : null,
    description: description ? clean(description) : null,
    platform: platform ?? null,
    domain: domain ?? null,
    container: container ?? null,
    tags,
    glossary_terms: terms,
    owners,
    sub_types: subTypes.map(clean),
    field_paths: fieldPaths.map(clean),
    document,
    removed: aspects.get('status')?.removed === true,
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values.map(clean))];
}

/** Urns in an array of plain urn strings or of edge objects (`{destinationUrn}`, `{string}`, `{dataset}`). */
function urnsOf(value: unknown, key?: string): string[] {
  const out: string[] = [];
  for (const item of asArray(value)) {
    if (typeof item === 'string') out.push(item);
    else {
      const o = asObject(item);
      const u = str(key ? o[key] : undefined) ?? str(o.destinationUrn) ?? str(o.string) ?? str(o.urn);
      if (u) out.push(u);
    }
  }
  return out.filter((u) => u.startsWith('urn:li:'));
}

/**
 * Outgoing edges of one entity, with DataHub's relationship names and the aspect each comes from. An edge to
 * the entity itself is kept, as DataHub's graph keeps it (GraphIndexUtils.extractGraphEdges adds every urn
 * of a relationship field); lineage walks leave such edges out, as DataHub's do (lineage.ts).
 */
export function buildRelationships(parsed: ParsedUrn, aspects: Aspects): RelationshipEdge[] {
  const source = parsed.urn;
  const edges = new Map<string, RelationshipEdge>();
  const add = (type: string, destinations: readonly string[], via: string) => {
    for (const destination of destinations) {
      const edge = {
        source_urn: source,
        relationship_type: type,
        destination_urn: destination,
        via_aspect: via,
      };
      edges.set(`${via}\u0001${type}\u0001${destination}`, edge);
    }
  };
  const get = (name: string) => aspects.get(name);

  const upstream = get('upstreamLineage');
  if (upstream) add('DownstreamOf', urnsOf(upstream.upstreams, 'dataset'), 'upstreamLineage');

  const io = get('dataJobInputOutput');
  if (io) {
    add('Consumes', [...urnsOf(io.inputDatasets), ...urnsOf(io.inputDatasetEdges)], 'dataJobInputOutput');
    add('Produces', [...urnsOf(io.outputDatasets), ...urnsOf(io.outputDatasetEdges)], 'dataJobInputOutput');
    add('DownstreamOf', [...urnsOf(io.inputDatajobs), ...urnsOf(io.inputDatajobEdges)], 'dataJobInputOutput');
  }

  const chart = get('chartInfo');
  if (chart) add('Consumes', [...urnsOf(chart.inputs), ...urnsOf(chart.inputEdges)], 'chartInfo');

  const dashboard = get('dashboardInfo');
  if (dashboard) {
    add('Contains', [...urnsOf(dashboard.charts), ...urnsOf(dashboard.chartEdges)], 'dashboardInfo');
    add('Consumes', [...urnsOf(dashboard.datasets), ...urnsOf(dashboard.datasetEdges)], 'dashboardInfo');
  }

  const container = str(get('container')?.container);
  if (container) add('IsPartOf', [container], 'container');

  const domains = get('domains');
  if (domains) add('AssociatedWith', urnsOf(domains.domains), 'domains');

  const ownership = get('ownership');
  if (ownership) add('OwnedBy', urnsOf(ownership.owners, 'owner'), 'ownership');

  const globalTags = get('globalTags');
  if (globalTags) add('TaggedWith', urnsOf(globalTags.tags, 'tag'), 'globalTags');

  const glossaryTerms = get('glossaryTerms');
  if (glossaryTerms) add('TermedWith', urnsOf(glossaryTerms.terms, 'urn'), 'glossaryTerms');

  add('SchemaFieldTaggedWith', schemaFields(aspects).flatMap(fieldTags), 'schemaMetadata');
  add('SchemaFieldWithGlossaryTerm', schemaFields(aspects).flatMap(fieldTerms), 'schemaMetadata');
  add('EditableSchemaFieldTaggedWith', editableFields(aspects).flatMap(fieldTags), 'editableSchemaMetadata');
  add(
    'EditableSchemaFieldWithGlossaryTerm',
    editableFields(aspects).flatMap(fieldTerms),
    'editableSchemaMetadata',
  );

  if (parsed.entityType === 'dataJob') {
    const flow = str(get('dataJobKey')?.flow) ?? str(get('dataJobInfo')?.flowUrn) ?? parsed.parts[0];
    if (flow?.startsWith('urn:li:dataFlow:'))
      add('IsPartOf', [flow], get('dataJobKey') ? 'dataJobKey' : 'dataJobInfo');
  }

  const termInfo = get('glossaryTermInfo');
  const termParent = str(termInfo?.parentNode);
  if (termParent) add('IsPartOf', [termParent], 'glossaryTermInfo');
  const nodeParent = str(get('glossaryNodeInfo')?.parentNode);
  if (nodeParent) add('IsPartOf', [nodeParent], 'glossaryNodeInfo');
  const related = get('glossaryRelatedTerms');
  if (related) {
    add('IsA', urnsOf(related.isRelatedTerms), 'glossaryRelatedTerms');
    add('HasA', urnsOf(related.hasRelatedTerms), 'glossaryRelatedTerms');
    add('HasValue', urnsOf(related.values), 'glossaryRelatedTerms');
    add('IsRelatedTo', urnsOf(related.relatedTerms), 'glossaryRelatedTerms');
  }
  const parentDomain = str(get('domainProperties')?.parentDomain);
  if (parentDomain) add('IsPartOf', [parentDomain], 'domainProperties');

  const groups = get('groupMembership');
  if (groups) add('IsMemberOfGroup', urnsOf(groups.groups), 'groupMembership');
  const nativeGroups = get('nativeGroupMembership');
  if (nativeGroups) add('IsMemberOfNativeGroup', urnsOf(nativeGroups.nativeGroups), 'nativeGroupMembership');

  const product = get('dataProductProperties');
  if (product) add('DataProductContains', urnsOf(product.assets, 'destinationUrn'), 'dataProductProperties');

  const siblings = get('siblings');
  if (siblings) add('SiblingOf', urnsOf(siblings.siblings), 'siblings');

  return [...edges.values()];
}
