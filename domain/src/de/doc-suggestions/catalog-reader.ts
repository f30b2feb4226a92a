import type { HubAspectReader, HubStoredAspect } from '../../ports/hub-aspects.js';
import type { HubDataset, HubEntity, HubPort } from '../../ports/hub-port.js';
import {
  parseSchemaFieldUrn,
  tableNameOf,
  type CatalogView,
  type DatasetView,
  type DomainView,
  type GlossaryTermView,
} from './catalog-view.js';
import { sqlOfAspects } from './sql-text.js';

/**
 * Reads what the generators need of the catalog from the hub: datasets through the hub port (schema, docs,
 * terms, domain, owners), the aspects GraphQL does not carry through the aspect reader (the SQL, column
 * lineage, the editable aspects as stored), the latest profile's sample values, and the glossary and domains.
 */

export const DOC_ASPECTS = [
  'viewProperties',
  'upstreamLineage',
  'editableSchemaMetadata',
  'editableDatasetProperties',
] as const;

const PAGE = 500;

export interface CatalogReaderDeps {
  hub: HubPort;
  aspects: HubAspectReader;
}

/** Every dataset urn of the hub, page by page. */
export async function allDatasetUrns(
  hub: HubPort,
  onProgress?: (read: number, total: number) => void,
): Promise<string[]> {
  const urns: string[] = [];
  let scrollId: string | null = null;
  do {
    const page = await hub.scrollDatasets({ scrollId, count: PAGE });
    urns.push(...page.datasets.map((d) => d.urn));
    onProgress?.(urns.length, page.total);
    scrollId = page.nextScrollId;
  } while (scrollId);
  return urns;
}

async function entitiesOfType(hub: HubPort, type: string): Promise<Map<string, HubEntity>> {
  const urns: string[] = [];
  for (let start = 0; ; start += PAGE) {
    const page = await hub.search({ types: [type], query: '*', start, count: PAGE });
    urns.push(...page.hits.map((h) => h.entity.urn));
    if (page.hits.length < PAGE || urns.length >= page.total) break;
  }
  return hub.getEntities(urns);
}

function layerOf(d: HubDataset): string | null {
  const prop = d.properties?.customProperties?.find((p) => p.key === 'layer')?.value;
  if (prop) return prop;
  const m = /^(raw|stg|staging|int|dim|fct|mart|bronze|silver|gold)_/.exec(tableNameOf(d.urn));
  return m ? m[1]! : null;
}

function datasetView(
  d: HubDataset,
  aspects: Map<string, { value: Record<string, unknown> }>,
  samples: Map<string, string[]>,
): DatasetView {
  const values = new Map([...aspects].map(([k, v]) => [k, v.value]));
  const editableFields = new Map(
    (d.editableSchemaMetadata?.editableSchemaFieldInfo ?? []).map((f) => [f.fieldPath, f]),
  );
  const upstreamLineage = values.get('upstreamLineage') as
    | {
        upstreams?: { dataset?: string }[];
        fineGrainedLineages?: { upstreams?: string[]; downstreams?: string[] }[];
      }
    | undefined;
  const columnLineage = new Map<string, { urn: string; fieldPath: string }[]>();
  for (const l of upstreamLineage?.fineGrainedLineages ?? [])
    for (const down of l.downstreams ?? []) {
      const parsed = parseSchemaFieldUrn(down);
      if (!parsed || parsed.urn !== d.urn) continue;
      const ups = (l.upstreams ?? []).map(parseSchemaFieldUrn).filter((u) => u !== null);
      columnLineage.set(parsed.fieldPath, [...(columnLineage.get(parsed.fieldPath) ?? []), ...ups]);
    }
  return {
    urn: d.urn,
    name: d.properties?.name ?? tableNameOf(d.urn),
    platform: d.platform.name,
    description: d.editableProperties?.description || d.properties?.description || null,
    editableDescription: d.editableProperties?.description ?? null,
    fields: (d.schemaMetadata?.fields ?? []).map((f) => {
      const editable = editableFields.get(f.fieldPath);
      return {
        fieldPath: f.fieldPath,
        type: f.type,
        nativeType: f.nativeDataType,
        description: editable?.description || f.description || null,
        editableDescription: editable?.description ?? null,
        termUrns: [
          ...(f.glossaryTerms?.terms ?? []).map((t) => t.term.urn),
          ...(editable?.glossaryTerms?.terms ?? []).map((t) => t.term.urn),
        ],
        sampleValues: samples.get(f.fieldPath) ?? null,
      };
    }),
    upstreams: [
      ...new Set((upstreamLineage?.upstreams ?? []).map((u) => u.dataset).filter((u) => !!u)),
    ] as string[],
    columnLineage,
    sql: sqlOfAspects(values),
    domainUrn: d.domain?.domain.urn ?? null,
    termUrns: (d.glossaryTerms?.terms ?? []).map((t) => t.term.urn),
    ownerUrns: (d.ownership?.owners ?? []).map((o) => o.owner.urn),
    layer: layerOf(d),
    deprecated: d.deprecation?.deprecated ?? false,
    lastModified: d.properties?.lastModified?.time ?? null,
  };
}

/** The aspects of a data job that say what it computes and from what. */
const JOB_ASPECTS = ['dataTransformLogic', 'dataJobInputOutput'] as const;

/**
 * A dataset written by a data job whose `dataTransformLogic` holds its SQL gets that SQL (unless it has its own
 * view SQL), and the job's input datasets as upstreams when DataHub records none for the dataset itself.
 */
async function followJobs(
  deps: CatalogReaderDeps,
  datasets: Map<string, DatasetView>,
  urns: readonly string[],
): Promise<void> {
  const withoutSql = urns.filter((u) => datasets.get(u) && !datasets.get(u)!.sql);
  if (withoutSql.length === 0) return;
  const jobs = new Set<string>();
  for (let start = 0; start < withoutSql.length; start += PAGE) {
    const lineage = await deps.hub.getLineage(withoutSql.slice(start, start + PAGE), 'UPSTREAM');
    for (const l of lineage.values())
      for (const r of l.relationships)
        if (r.degree === 1 && r.entity?.type === 'DATA_JOB') jobs.add(r.entity.urn);
  }
  if (jobs.size === 0) return;
  const aspects = await deps.aspects.getAspects([...jobs], JOB_ASPECTS);
  for (const [job, a] of aspects) {
    const values = new Map([...a].map(([k, v]) => [k, v.value]));
    const sql = sqlOfAspects(values);
    if (!sql) continue;
    const io = values.get('dataJobInputOutput') as
      { inputDatasets?: string[]; outputDatasets?: string[] } | undefined;
    for (const out of io?.outputDatasets ?? []) {
      const d = datasets.get(out);
      if (!d || d.sql) continue;
      d.sql = { ...sql, job };
      if (d.upstreams.length === 0) d.upstreams = [...new Set(io?.inputDatasets ?? [])];
    }
  }
}

/** The catalog's datasets (all, or the given urns and their lineage neighbours), glossary terms and domains. */
export async function readCatalog(
  deps: CatalogReaderDeps,
  options: { urns?: readonly string[]; onProgress?: (done: number, total: number) => void } = {},
): Promise<CatalogView> {
  let urns = options.urns ? [...options.urns] : await allDatasetUrns(deps.hub);
  const datasets = new Map<string, DatasetView>();
  const wanted = new Set(urns);
  // Asked for some datasets: their upstreams are read too (their docs are the evidence).
  for (let round = 0; round < 2 && urns.length > 0; round++) {
    for (let start = 0; start < urns.length; start += PAGE) {
      const slice = urns.slice(start, start + PAGE);
      const [hubDatasets, aspects, profiles] = await Promise.all([
        deps.hub.getDatasets(slice),
        deps.aspects.getAspects(slice, DOC_ASPECTS),
        deps.hub.getProfiles(slice, { limit: 1 }, { sampleValues: true }),
      ]);
      for (const urn of slice) {
        const d = hubDatasets.get(urn);
        if (!d) continue;
        const samples = new Map<string, string[]>();
        for (const fp of profiles.get(urn)?.[0]?.fieldProfiles ?? [])
          if (fp.sampleValues?.length) samples.set(fp.fieldPath, fp.sampleValues);
        datasets.set(urn, datasetView(d, aspects.get(urn) ?? new Map<string, HubStoredAspect>(), samples));
      }
      options.onProgress?.(datasets.size, Math.max(datasets.size, wanted.size));
    }
    await followJobs(deps, datasets, urns);
    if (!options.urns) break;
    urns = [...new Set([...datasets.values()].flatMap((d) => d.upstreams))].filter((u) => !datasets.has(u));
  }
  const [termEntities, domainEntities] = await Promise.all([
    entitiesOfType(deps.hub, 'GLOSSARY_TERM'),
    entitiesOfType(deps.hub, 'DOMAIN'),
  ]);
  const terms: GlossaryTermView[] = [...termEntities.values()].map((t) => {
    const props = t.properties as { name?: string; definition?: string } | null;
    const hierarchical = typeof t.hierarchicalName === 'string' ? t.hierarchicalName : null;
    return {
      urn: t.urn,
      name: props?.name ?? (typeof t.name === 'string' ? t.name : t.urn),
      definition: props?.definition ?? null,
      parentName:
        hierarchical && hierarchical.includes('.') ? hierarchical.split('.').slice(0, -1).join('.') : null,
    };
  });
  const domains: DomainView[] = [...domainEntities.values()].map((d) => ({
    urn: d.urn,
    name: (d.properties as { name?: string } | null)?.name ?? d.urn,
  }));
  return { datasets, terms, domains };
}
