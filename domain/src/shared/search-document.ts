import { createHash } from 'node:crypto';
import type { HubDataset, HubDatasetProfile, HubEntity, HubLineage, HubPort } from '../ports/hub-port.js';
import type { DocumentRow, FacetLabel, IndexedDataset, NamedRef } from '../ports/search-documents.js';
import { identifierWords } from './identifier-words.js';

/**
 * The search document of a dataset: what it is built from (the hub's view of the dataset and its
 * neighbourhood: lineage, dashboards, operations, profiles, the names of what it refers to), the document
 * itself with its full-text fields and facet labels, and the texts a dataset or a database is embedded from.
 * The indexer (dataset-search-index.ts) decides when a document is built, stored and embedded.
 */

/** Texts are cut to this before embedding: the name, description and first columns carry the meaning, and a
 * MiniLM forward pass costs roughly in proportion to its length (256 word pieces at most). */
const EMBED_CHARS = 480;

function lastSegment(name: string): string {
  const parts = name.split(/[./]/);
  return parts[parts.length - 1] ?? name;
}

export function sha(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

const LAYER_WORDS: Record<string, string> = {
  raw: 'bronze',
  landing: 'bronze',
  bronze: 'bronze',
  staging: 'silver',
  stg: 'silver',
  silver: 'silver',
  gold: 'gold',
  mart: 'gold',
  marts: 'gold',
  source: 'source',
};

/** The medallion layer: a `layer` property, else a layer tag, else a layer word in the qualified name. */
function layerOf(d: HubDataset, tagNames: string[]): string | null {
  const prop = d.properties?.customProperties?.find((p) => p.key === 'layer')?.value;
  if (prop) return prop.toLowerCase();
  for (const t of tagNames) {
    const l = LAYER_WORDS[t.toLowerCase()];
    if (l && l !== 'source') return l;
  }
  for (const w of identifierWords(d.properties?.qualifiedName ?? d.name).split(' ')) {
    const l = LAYER_WORDS[w];
    if (l && l !== 'source') return l;
  }
  return null;
}

function entityName(e: HubEntity | undefined, urn: string): string {
  if (!e) return lastSegment(urn.replace(/^urn:li:[^:]+:/, ''));
  const p = e.properties as { name?: string; displayName?: string; title?: string } | null | undefined;
  const ep = e.editableProperties as { displayName?: string } | null | undefined;
  return (
    ep?.displayName ??
    p?.displayName ??
    p?.name ??
    (e.name as string | undefined) ??
    (e.username as string | undefined) ??
    lastSegment(urn.replace(/^urn:li:[^:]+:/, ''))
  );
}

function ownersOf(e: HubEntity | undefined): string[] {
  const owners = (e?.ownership as { owners?: { owner?: { urn?: string } }[] } | null | undefined)?.owners;
  return (owners ?? []).map((o) => o.owner?.urn).filter((u): u is string => typeof u === 'string');
}

function domainOf(e: HubEntity | undefined): string | null {
  return (e?.domain as { domain?: { urn?: string } } | null | undefined)?.domain?.urn ?? null;
}

// ------------------------------------------------------------------------------------------- building

interface Context {
  entities: Map<string, HubEntity>;
  upstream: Map<string, { urn: string; type: string }[]>;
  downstream: Map<string, { urn: string; type: string }[]>;
  dashboardsOfChart: Map<string, string[]>;
  lastOperation: Map<string, number>;
  /** The latest profile's column profiles of each dataset, by field path. */
  fieldProfiles: Map<string, Map<string, FieldProfile>>;
}

type FieldProfile = NonNullable<HubDatasetProfile['fieldProfiles']>[number] & { sampleValues?: unknown };

/** A column counts as categorical with at most this many distinct values (or a tiny share of its rows). */
const CATEGORICAL_MAX = 25;

/** Reads what the documents need from the hub, for a batch of dataset urns, in a few batched calls. */
export async function documentContext(hub: HubPort, datasets: HubDataset[]): Promise<Context> {
  const urns = datasets.map((d) => d.urn);
  const [upLineage, downLineage, operations, profiles] = await Promise.all([
    hub.getLineage(urns, 'UPSTREAM'),
    hub.getLineage(urns, 'DOWNSTREAM'),
    hub.getOperations(urns, { limit: 1 }),
    hub.getProfiles(urns, { limit: 1 }, { sampleValues: true }),
  ]);
  const fieldProfiles = new Map<string, Map<string, FieldProfile>>();
  for (const [u, ps] of profiles) {
    const fps = ps[0]?.fieldProfiles;
    if (fps && fps.length > 0)
      fieldProfiles.set(u, new Map(fps.map((fp) => [fp.fieldPath, fp as FieldProfile])));
  }
  const refs = (m: Map<string, { relationships: { entity: { urn: string; type: string } | null }[] }>) =>
    new Map(
      [...m].map(([u, l]) => [
        u,
        l.relationships.flatMap((r) => (r.entity ? [{ urn: r.entity.urn, type: r.entity.type }] : [])),
      ]),
    );
  const upstream = refs(upLineage);
  const downstream = refs(downLineage);
  const charts = [
    ...new Set(
      [...downstream.values()]
        .flat()
        .filter((r) => r.type === 'CHART')
        .map((r) => r.urn),
    ),
  ];
  const chartLineage: Map<string, HubLineage> =
    charts.length > 0 ? await hub.getLineage(charts, 'DOWNSTREAM') : new Map<string, HubLineage>();
  const dashboardsOfChart = new Map(
    [...refs(chartLineage)].map(([c, rs]) => [c, rs.filter((r) => r.type === 'DASHBOARD').map((r) => r.urn)]),
  );
  const wanted = new Set<string>();
  for (const d of datasets) {
    d.tags?.tags?.forEach((t) => wanted.add(t.tag.urn));
    d.glossaryTerms?.terms?.forEach((t) => wanted.add(t.term.urn));
    d.ownership?.owners?.forEach((o) => wanted.add(o.owner.urn));
    if (d.domain) wanted.add(d.domain.domain.urn);
    if (d.container) wanted.add(d.container.urn);
    for (const f of d.schemaMetadata?.fields ?? []) {
      f.tags?.tags?.forEach((t) => wanted.add(t.tag.urn));
      f.glossaryTerms?.terms?.forEach((t) => wanted.add(t.term.urn));
    }
    for (const f of d.editableSchemaMetadata?.editableSchemaFieldInfo ?? []) {
      f.tags?.tags?.forEach((t) => wanted.add(t.tag.urn));
      f.glossaryTerms?.terms?.forEach((t) => wanted.add(t.term.urn));
    }
  }
  for (const rs of [...upstream.values(), ...downstream.values()]) rs.forEach((r) => wanted.add(r.urn));
  for (const ds of dashboardsOfChart.values()) ds.forEach((u) => wanted.add(u));
  let entities = await hub.getEntities([...wanted]);
  // Owners and domains of the charts and dashboards: one more round.
  const second = new Set<string>();
  for (const e of entities.values()) {
    ownersOf(e).forEach((o) => second.add(o));
    const dom = domainOf(e);
    if (dom) second.add(dom);
  }
  const more = [...second].filter((u) => !entities.has(u));
  if (more.length > 0) entities = new Map([...entities, ...(await hub.getEntities(more))]);
  // Dataset neighbours are named by their dataset name.
  const neighbourDatasets = [...wanted].filter((u) => u.startsWith('urn:li:dataset:') && !entities.has(u));
  if (neighbourDatasets.length > 0) {
    for (const [u, ds] of await hub.getDatasets(neighbourDatasets))
      entities.set(u, {
        __typename: 'Dataset',
        urn: u,
        type: 'DATASET',
        name: ds.properties?.name ?? ds.name,
      });
  }
  const lastOperation = new Map<string, number>();
  for (const [u, ops] of operations) {
    const op = ops[0];
    if (op) lastOperation.set(u, op.lastUpdatedTimestamp || op.timestampMillis);
  }
  return { entities, upstream, downstream, dashboardsOfChart, lastOperation, fieldProfiles };
}

/** Values of a categorical column, from its profile's sample values. */
function valueHintsOf(p: FieldProfile | undefined): { valueHints?: string[]; distinctCount?: number | null } {
  if (!p) return {};
  const distinct = p.uniqueCount ?? null;
  const categorical =
    distinct !== null &&
    (distinct <= CATEGORICAL_MAX || (p.uniqueProportion ?? 1) <= 0.001) &&
    distinct <= 200;
  const samples = Array.isArray(p.sampleValues)
    ? [...new Set(p.sampleValues.map((v) => String(v)).filter((v) => v !== '' && v.length <= 40))]
    : [];
  return {
    distinctCount: distinct,
    ...(categorical && samples.length > 0 && { valueHints: samples.slice(0, 10) }),
  };
}

/** The search document of one dataset, from the hub's view of it and its neighbourhood. */
export function buildDocument(d: HubDataset, ctx: Context): { row: DocumentRow; labels: FacetLabel[] } {
  const named = (urn: string): NamedRef => ({ urn, name: entityName(ctx.entities.get(urn), urn) });
  const labels: FacetLabel[] = [];
  const label = (kind: FacetLabel['kind'], ref: NamedRef) =>
    labels.push({ kind, urn: ref.urn, label: ref.name });

  const editable = new Map(
    (d.editableSchemaMetadata?.editableSchemaFieldInfo ?? []).map((f) => [f.fieldPath, f]),
  );
  const primaryKeys = new Set(d.schemaMetadata?.primaryKeys ?? []);
  const fieldTagUrns = new Set<string>();
  const fieldTermUrns = new Set<string>();
  const fields = (d.schemaMetadata?.fields ?? []).map((f) => {
    const e = editable.get(f.fieldPath);
    const tags = [...(f.tags?.tags ?? []), ...(e?.tags?.tags ?? [])].map((t) => t.tag.urn);
    const terms = [...(f.glossaryTerms?.terms ?? []), ...(e?.glossaryTerms?.terms ?? [])].map(
      (t) => t.term.urn,
    );
    tags.forEach((t) => fieldTagUrns.add(t));
    terms.forEach((t) => fieldTermUrns.add(t));
    return {
      path: f.fieldPath,
      type: f.type,
      nativeType: f.nativeDataType,
      // An edited description overrides the ingested one unless it is empty, as in DataHub's UI.
      description: e?.description || (f.description ?? null),
      isKey: f.isPartOfKey === true || primaryKeys.has(f.fieldPath),
      tags: tags.map((t) => named(t).name),
      terms: terms.map((t) => named(t).name),
      ...valueHintsOf(ctx.fieldProfiles.get(d.urn)?.get(f.fieldPath)),
    };
  });

  const tags = [...new Set([...(d.tags?.tags ?? []).map((t) => t.tag.urn), ...fieldTagUrns])].map(named);
  const terms = [
    ...new Set([...(d.glossaryTerms?.terms ?? []).map((t) => t.term.urn), ...fieldTermUrns]),
  ].map(named);
  const owners = (d.ownership?.owners ?? []).map((o) => ({ ...named(o.owner.urn), type: o.type }));
  const domain = d.domain ? named(d.domain.domain.urn) : null;
  const container = d.container ? named(d.container.urn) : null;
  const platform = { urn: d.platform.urn, name: d.platform.properties?.displayName ?? d.platform.name };
  tags.forEach((t) => label('tag', t));
  terms.forEach((t) => label('term', t));
  owners.forEach((o) => label('owner', o));
  if (domain) label('domain', domain);
  label('platform', platform);

  const upstreams = (ctx.upstream.get(d.urn) ?? [])
    .filter((r) => r.type === 'DATASET')
    .map((r) => named(r.urn));
  const downstreamRefs = ctx.downstream.get(d.urn) ?? [];
  const downstreams = downstreamRefs.map((r) => ({ ...named(r.urn), type: r.type }));
  const charts = downstreamRefs.filter((r) => r.type === 'CHART').map((r) => r.urn);
  const dashboardUrns = new Set([
    ...downstreamRefs.filter((r) => r.type === 'DASHBOARD').map((r) => r.urn),
    ...charts.flatMap((c) => ctx.dashboardsOfChart.get(c) ?? []),
  ]);
  const dashboards = [...dashboardUrns].map((u) => ({
    ...named(u),
    owners: ownersOf(ctx.entities.get(u)).map(named),
  }));
  // "Used by X": the dashboards and charts, their owners and their domains.
  const consumers = new Set<string>();
  for (const u of [...dashboardUrns, ...charts]) {
    const e = ctx.entities.get(u);
    consumers.add(u);
    label(u.startsWith('urn:li:dashboard:') ? 'dashboard' : 'chart', named(u));
    for (const o of ownersOf(e)) {
      consumers.add(o);
      label('owner', named(o));
    }
    const dom = domainOf(e);
    if (dom) {
      consumers.add(dom);
      label('domain', named(dom));
    }
  }

  const tagNames = tags.map((t) => t.name);
  const layer = layerOf(d, tagNames);
  // Edited values override ingested ones unless empty, and an empty name falls back to the urn's, as in DataHub's UI.
  const description = d.editableProperties?.description || (d.properties?.description ?? null);
  const name = d.editableProperties?.name || d.properties?.name || d.name;
  const qualifiedName = d.properties?.qualifiedName ?? d.name;
  const curatedProp = d.properties?.customProperties?.find((p) => p.key === 'curated')?.value;
  const curated =
    curatedProp === 'true' || tagNames.some((t) => ['certified', 'curated'].includes(t.toLowerCase()));
  const documented = fields.filter((f) => f.description).length;
  const documentation =
    (description ? 0.5 : 0) +
    (fields.length > 0 ? (0.5 * documented) / fields.length : description ? 0.5 : 0);
  const usageCount =
    dashboards.length * 3 + charts.length + downstreams.filter((r) => r.type === 'DATASET').length;
  const usage = Math.min(1, Math.log1p(usageCount) / Math.log(30));
  const lastUpdated =
    ctx.lastOperation.get(d.urn) ?? d.properties?.lastModified?.time ?? d.lastIngested ?? null;
  // Copies share a table name; search tells them apart from same-named tables by lineage and columns.
  const copyKey = lastSegment(name).toLowerCase();

  const dataset: IndexedDataset = {
    urn: d.urn,
    name,
    qualifiedName,
    description,
    platform,
    layer,
    domain,
    container,
    owners,
    tags,
    terms,
    fields,
    primaryKeys: fields.filter((f) => f.isKey).map((f) => f.path),
    upstreams,
    downstreams,
    dashboards,
    deprecation: d.deprecation?.deprecated ? { note: d.deprecation.note } : null,
    curated,
    lastUpdated,
    documentation: Math.round(documentation * 1000) / 1000,
    usage: Math.round(usage * 1000) / 1000,
    copyKey,
  };

  const labelWords = [
    ...tagNames,
    ...terms.map((t) => t.name),
    ...fields.flatMap((f) => [...f.tags, ...f.terms]),
  ];
  const text = {
    name: `${name} ${identifierWords(lastSegment(name))}`,
    fields: fields.map((f) => `${f.path} ${identifierWords(f.path)}`).join(' '),
    descriptions: [
      description ?? '',
      ...fields.map((f) => f.description ?? ''),
      ...labelWords,
      domain?.name ?? '',
      ...dashboards.map((x) => x.name),
    ].join(' '),
    context: [
      qualifiedName,
      identifierWords(qualifiedName),
      platform.name,
      container?.name ?? '',
      layer ?? '',
      ...owners.map((o) => o.name),
    ].join(' '),
  };
  const row: DocumentRow = {
    dataset,
    contentHash: sha(JSON.stringify(dataset) + JSON.stringify([...consumers].sort())),
    embedHash: null,
    consumers: [...consumers].sort(),
    text,
  };
  return { row, labels };
}

/**
 * The text a dataset is embedded from: its meaning (name, description, columns, labels, domain), not where
 * it lives, so copies of one table on several platforms share one embedding.
 */
export function embeddingText(d: IndexedDataset): string {
  const columns = d.fields
    .map((f) => {
      const words = identifierWords(f.path);
      return f.description && f.description.toLowerCase() !== words ? `${words} (${f.description})` : words;
    })
    .join(', ');
  const labels = [...d.tags, ...d.terms].map((t) => t.name);
  return [
    identifierWords(lastSegment(d.name)),
    d.description ?? '',
    columns ? `columns: ${columns}` : '',
    labels.length > 0 ? `tags: ${labels.join(', ')}` : '',
    d.domain ? `domain: ${d.domain.name}` : '',
  ]
    .filter((s) => s !== '')
    .join('. ')
    .slice(0, EMBED_CHARS);
}

/**
 * The text a database or schema is embedded from: its name and its tables' names, then their columns while
 * room is left. A question is usually about one database, and its words are spread over several of its
 * tables; this vector lets search weigh a database as a whole by meaning (nl-search's coherence step).
 */
export function containerText(name: string, tables: readonly IndexedDataset[]): string {
  const sorted = [...tables].sort((a, b) => a.name.localeCompare(b.name));
  const head = `${identifierWords(name)}. tables: ${sorted.map((t) => identifierWords(lastSegment(t.name))).join(', ')}`;
  const columns = sorted
    .map(
      (t) =>
        `${identifierWords(lastSegment(t.name))} (${t.fields.map((f) => identifierWords(f.path)).join(', ')})`,
    )
    .join('; ');
  return `${head}. columns: ${columns}`.slice(0, EMBED_CHARS);
}

/** Vector ids of databases and schemas are their container urns; dataset ids are dataset urns. */
export const isContainerVector = (id: string) => id.startsWith('urn:li:container:');
