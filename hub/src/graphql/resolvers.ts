import { Kind, type GraphQLResolveInfo, type SelectionNode } from 'graphql';
import { aspectVersionKey } from '../embedded-hub.js';
import type { JsonObject } from '../model.js';
import { entityDescription, entityDisplayName } from '../search-indexer.js';
import { asArray, asObject, str, text } from '../json.js';
import { isValidEntityUrn, urnDisplayId } from '../urn.js';
import {
  mapDomain,
  mapEditableSchema,
  mapOwnership,
  mapSchemaMetadata,
  mapTags,
  mapTerms,
  platformRef,
  FABRICS,
} from '../read/aspect-values.js';
import {
  chartPropertiesValue,
  containerPropertiesValue,
  corpGroupEditableValue,
  corpGroupPropertiesValue,
  corpUserEditableValue,
  corpUserInfoValue,
  dashboardPropertiesValue,
  dataFlowPropertiesValue,
  dataJobPropertiesValue,
  datasetPropertiesValue,
  deprecationValue,
  documentInfoValue,
  documentSettingsValue,
  domainPropertiesValue,
  editablePropertiesValue,
  glossaryNodePropertiesValue,
  glossaryTermPropertiesValue,
  lastIngestedOf,
  platformPropertiesValue,
  statusValue,
  structuredPropertyDefinitionValue,
  structuredPropertySettingsValue,
  subTypesValue,
  tagPropertiesValue,
} from '../read/entity-values.js';
import {
  mapOperation,
  mapProfile,
  DAY,
  RANGE_DAYS,
  sumUsage,
  usageFields,
  usageUsers,
} from '../read/timeseries-values.js';
import {
  auditStamp,
  customProperties,
  num,
  oneOf,
  ref,
  refs,
  urnParts,
  type EntityRef,
} from '../read/values.js';
import { hubGraphqlType } from './entity-types.js';
import { badRequest } from './errors.js';
import { entityUrnArgument } from './input-checks.js';
import type { HubGraphqlContext } from './context.js';
import { searchAcrossLineage, type LineageSearchArgs } from './lineage-search.js';
import { lineage, relationships, type LineageArgs, type RelationshipsArgs } from './relationships.js';
import {
  decodeScrollId,
  encodeScrollId,
  pageArgs,
  runSearch,
  type FacetFilterArg,
  type SearchArgs,
} from './search-args.js';
import type { OrFilters } from './search.js';

export type { HubGraphqlContext };
export { createContext } from './context.js';

async function aspect(ctx: HubGraphqlContext, urn: string, name: string): Promise<JsonObject | undefined> {
  return (await ctx.aspects.load(urn)).get(name)?.value;
}

async function aspectsOf(ctx: HubGraphqlContext, urn: string): Promise<Map<string, JsonObject>> {
  const stored = await ctx.aspects.load(urn);
  return new Map([...stored].map(([k, v]) => [k, v.value]));
}

interface TimeArgs {
  startTimeMillis?: number | null;
  endTimeMillis?: number | null;
  limit?: number | null;
}

function timeRange(args: TimeArgs) {
  const range: { startTimeMillis?: number; endTimeMillis?: number; limit?: number } = {};
  if (args.startTimeMillis != null) range.startTimeMillis = args.startTimeMillis;
  if (args.endTimeMillis != null) range.endTimeMillis = args.endTimeMillis;
  if (args.limit != null) {
    if (args.limit < 0) throw badRequest('limit must not be negative');
    range.limit = Math.min(args.limit, 10_000);
  }
  return range;
}

// ------------------------------------------------------------------------------------------------ resolvers

type Resolver = (source: never, args: never, ctx: HubGraphqlContext, info: GraphQLResolveInfo) => unknown;
export type ResolverMap = Record<
  string,
  Record<string, Resolver> | { __resolveType: (value: unknown) => string | undefined }
>;

type R<S = EntityRef, A = Record<string, never>> = (
  source: S,
  args: A,
  ctx: HubGraphqlContext,
  info: GraphQLResolveInfo,
) => unknown;

/**
 * Whether the query selects this field of the resolved value. Fragment spreads are not followed: a query
 * using one is taken to select everything.
 */
function selects(info: GraphQLResolveInfo, field: string): boolean {
  const within = (selections: readonly SelectionNode[]): boolean =>
    selections.some((s) =>
      s.kind === Kind.FIELD
        ? s.name.value === field
        : s.kind === Kind.FRAGMENT_SPREAD || within(s.selectionSet.selections),
    );
  return info.fieldNodes.some((node) => !node.selectionSet || within(node.selectionSet.selections));
}

function typed<S = EntityRef, A = Record<string, never>>(fn: R<S, A>): Resolver {
  return fn;
}

async function loadEntity(urn: string, ctx: HubGraphqlContext, expected?: string): Promise<EntityRef | null> {
  const r = entityUrnArgument(urn);
  if (expected && r.entityType !== expected) return null;
  if (!hubGraphqlType(r.entityType)) return null;
  if (r.entityType === 'dataPlatform') return r;
  const aspects = await ctx.aspects.load(urn);
  return aspects.size > 0 ? r : null;
}

const commonEntityFields: Record<string, Resolver> = {
  urn: typed((s) => s.urn),
  type: typed((s) => hubGraphqlType(s.entityType)?.enumValue ?? 'OTHER'),
  relationships: typed<EntityRef, RelationshipsArgs>((s, a, ctx) => relationships(s, a, ctx)),
  lineage: typed<EntityRef, LineageArgs>((s, a, ctx) => lineage(s, a, ctx)),
  exists: typed(async (s, _a, ctx) => (await ctx.aspects.load(s.urn)).size > 0),
  ownership: typed(async (s, _a, ctx) => mapOwnership(s.urn, await aspect(ctx, s.urn, 'ownership'))),
  tags: typed(async (s, _a, ctx) => mapTags(s.urn, await aspect(ctx, s.urn, 'globalTags'))),
  globalTags: typed(async (s, _a, ctx) => mapTags(s.urn, await aspect(ctx, s.urn, 'globalTags'))),
  glossaryTerms: typed(async (s, _a, ctx) => mapTerms(s.urn, await aspect(ctx, s.urn, 'glossaryTerms'))),
  domain: typed(async (s, _a, ctx) => mapDomain(s.urn, await aspect(ctx, s.urn, 'domains'))),
  container: typed(async (s, _a, ctx) => ref(str((await aspect(ctx, s.urn, 'container'))?.container))),
  parentContainers: typed(async (s, _a, ctx) => {
    const containers: EntityRef[] = [];
    let current = str((await aspect(ctx, s.urn, 'container'))?.container);
    while (current && containers.length < 20 && !containers.some((c) => c.urn === current)) {
      const r = ref(current);
      if (!r) break;
      containers.push(r);
      current = str((await aspect(ctx, current, 'container'))?.container);
    }
    return { count: containers.length, containers };
  }),
  subTypes: typed(async (s, _a, ctx) => subTypesValue(await aspect(ctx, s.urn, 'subTypes'))),
  status: typed(async (s, _a, ctx) => statusValue(await aspect(ctx, s.urn, 'status'))),
  deprecation: typed(async (s, _a, ctx) => deprecationValue(await aspect(ctx, s.urn, 'deprecation'))),
  institutionalMemory: typed(async (s, _a, ctx) => {
    const v = await aspect(ctx, s.urn, 'institutionalMemory');
    if (!v) return null;
    return {
      elements: asArray(v.elements).map((raw) => {
        const e = asObject(raw);
        return {
          url: str(e.url) ?? '',
          label: text(e.description) ?? '',
          description: text(e.description) ?? '',
          created: auditStamp(e.createStamp),
          associatedUrn: s.urn,
        };
      }),
    };
  }),
};

function nameAndProps(entityType: string) {
  return async (s: EntityRef, ctx: HubGraphqlContext) => {
    const aspects = await aspectsOf(ctx, s.urn);
    return {
      aspects,
      name: entityDisplayName(s.urn, entityType, aspects),
      description: entityDescription(entityType, aspects) ?? null,
    };
  };
}

function editableDescription(aspectName: string): Resolver {
  return typed(async (s, _a, ctx) => editablePropertiesValue(await aspect(ctx, s.urn, aspectName)));
}

export const resolvers: ResolverMap = {
  Query: {
    dataset: typed<unknown, { urn: string }>((_s, a, ctx) => loadEntity(a.urn, ctx, 'dataset')),
    dataPlatform: typed<unknown, { urn: string }>((_s, a, ctx) => loadEntity(a.urn, ctx, 'dataPlatform')),
    corpUser: typed<unknown, { urn: string }>((_s, a, ctx) => loadEntity(a.urn, ctx, 'corpuser')),
    corpGroup: typed<unknown, { urn: string }>((_s, a, ctx) => loadEntity(a.urn, ctx, 'corpGroup')),
    dashboard: typed<unknown, { urn: string }>((_s, a, ctx) => loadEntity(a.urn, ctx, 'dashboard')),
    chart: typed<unknown, { urn: string }>((_s, a, ctx) => loadEntity(a.urn, ctx, 'chart')),
    dataFlow: typed<unknown, { urn: string }>((_s, a, ctx) => loadEntity(a.urn, ctx, 'dataFlow')),
    dataJob: typed<unknown, { urn: string }>((_s, a, ctx) => loadEntity(a.urn, ctx, 'dataJob')),
    tag: typed<unknown, { urn: string }>((_s, a, ctx) => loadEntity(a.urn, ctx, 'tag')),
    glossaryTerm: typed<unknown, { urn: string }>((_s, a, ctx) => loadEntity(a.urn, ctx, 'glossaryTerm')),
    glossaryNode: typed<unknown, { urn: string }>((_s, a, ctx) => loadEntity(a.urn, ctx, 'glossaryNode')),
    container: typed<unknown, { urn: string }>((_s, a, ctx) => loadEntity(a.urn, ctx, 'container')),
    domain: typed<unknown, { urn: string }>((_s, a, ctx) => loadEntity(a.urn, ctx, 'domain')),
    dataProduct: typed<unknown, { urn: string }>((_s, a, ctx) => loadEntity(a.urn, ctx, 'dataProduct')),
    document: typed<unknown, { urn: string }>((_s, a, ctx) => loadEntity(a.urn, ctx, 'document')),
    structuredProperty: typed<unknown, { urn: string }>((_s, a, ctx) =>
      loadEntity(a.urn, ctx, 'structuredProperty'),
    ),
    entityExists: typed<unknown, { urn: string }>(async (_s, a, ctx) => {
      entityUrnArgument(a.urn);
      return (await ctx.aspects.load(a.urn)).size > 0;
    }),
    entity: typed<unknown, { urn: string }>((_s, a, ctx) => loadEntity(a.urn, ctx)),
    entities: typed<unknown, { urns: string[] }>((_s, a, ctx) => {
      if (a.urns.length > 1000) throw badRequest('entities accepts at most 1000 urns');
      // An urn that cannot name an entity (malformed, or longer than DataHub allows) is simply not found here.
      return Promise.all(
        a.urns.map((u) => (isValidEntityUrn(u) ? loadEntity(u, ctx) : Promise.resolve(null))),
      );
    }),
    searchAcrossEntities: typed<unknown, { input: SearchArgs }>(async (_s, a, ctx) => {
      const { start, count } = pageArgs(a.input.start, a.input.count);
      const { outcome, searchResults, facets } = await runSearch(ctx.store, a.input, start, count);
      return { start, count: searchResults.length, total: outcome.total, searchResults, facets };
    }),
    scrollAcrossEntities: typed<unknown, { input: SearchArgs }>(async (_s, a, ctx) => {
      const offset = decodeScrollId(a.input.scrollId);
      const { count } = pageArgs(0, a.input.count);
      const { outcome, searchResults, facets } = await runSearch(ctx.store, a.input, offset, count);
      const next = offset + searchResults.length;
      return {
        nextScrollId: searchResults.length > 0 && next < outcome.total ? encodeScrollId(next) : null,
        count: searchResults.length,
        total: outcome.total,
        searchResults,
        facets,
      };
    }),
    searchAcrossLineage: typed<unknown, { input: LineageSearchArgs }>((_s, a, ctx) =>
      searchAcrossLineage(a.input, ctx),
    ),
  },

  Entity: { __resolveType: resolveEntityType },
  EntityWithRelationships: { __resolveType: resolveEntityType },
  OwnerType: {
    __resolveType: (value: unknown) =>
      (value as EntityRef).entityType === 'corpGroup' ? 'CorpGroup' : 'CorpUser',
  },
  PropertyValue: {
    __resolveType: (value: unknown) => ('stringValue' in (value as object) ? 'StringValue' : 'NumberValue'),
  },

  Dataset: {
    ...commonEntityFields,
    lastIngested: typed(async (s, _a, ctx) => lastIngestedOf(await ctx.aspects.load(s.urn))),
    platform: typed((s) => platformRef(urnParts(s.urn)[0])),
    name: typed((s) => urnParts(s.urn)[1] ?? s.urn),
    origin: typed((s) => oneOf(urnParts(s.urn)[2], FABRICS, 'PROD')),
    description: typed(
      async (s, _a, ctx) => text((await aspect(ctx, s.urn, 'datasetProperties'))?.description) ?? null,
    ),
    properties: typed(async (s, _a, ctx) =>
      datasetPropertiesValue(s.urn, await aspect(ctx, s.urn, 'datasetProperties')),
    ),
    editableProperties: editableDescription('editableDatasetProperties'),
    schemaMetadata: typed<EntityRef, { version?: number | null }>(async (s, a, ctx) => {
      if (a.version != null && a.version !== 0) {
        const stored = await ctx.schemaVersions.load(aspectVersionKey(s.urn, a.version));
        return mapSchemaMetadata(s.urn, stored ?? undefined);
      }
      return mapSchemaMetadata(s.urn, (await ctx.aspects.load(s.urn)).get('schemaMetadata'));
    }),
    editableSchemaMetadata: typed(async (s, _a, ctx) =>
      mapEditableSchema(s.urn, await aspect(ctx, s.urn, 'editableSchemaMetadata')),
    ),
    viewProperties: typed(async (s, _a, ctx) => {
      const v = await aspect(ctx, s.urn, 'viewProperties');
      return v
        ? {
            materialized: v.materialized === true,
            logic: text(v.viewLogic) ?? '',
            formattedLogic: text(v.formattedViewLogic) ?? null,
            language: text(v.viewLanguage) ?? '',
          }
        : null;
    }),
    siblings: typed(async (s, _a, ctx) => {
      const v = await aspect(ctx, s.urn, 'siblings');
      return v ? { isPrimary: v.primary === true, siblings: refs(v.siblings) } : null;
    }),
    datasetProfiles: typed<EntityRef, TimeArgs>(async (s, a, ctx, info) =>
      (
        await ctx.timeseries(
          s.urn,
          'datasetProfile',
          timeRange(a),
          selects(info, 'fieldProfiles') ? [] : ['fieldProfiles'],
        )
      ).map(mapProfile),
    ),
    operations: typed<EntityRef, TimeArgs>(async (s, a, ctx) =>
      (await ctx.timeseries(s.urn, 'operation', timeRange(a))).map(mapOperation),
    ),
    usageStats: typed<EntityRef, { range?: string | null }>(async (s, a, ctx) => {
      const days = RANGE_DAYS[a.range ?? 'MONTH'];
      const rows = await ctx.timeseries(
        s.urn,
        'datasetUsageStatistics',
        days === undefined ? { limit: 10_000 } : { startTimeMillis: ctx.now - days * DAY, limit: 10_000 },
      );
      const totals = sumUsage(rows);
      return {
        buckets: rows.map((row) => {
          const t = sumUsage([row]);
          const unit = str(asObject(row.event.eventGranularity).unit);
          return {
            bucket: row.timestampMillis,
            duration: oneOf(unit, ['DAY', 'WEEK', 'MONTH', 'YEAR'] as const, 'DAY'),
            resource: s.urn,
            metrics: {
              uniqueUserCount: num(row.event.uniqueUserCount) ?? t.uniqueUserCount,
              users: usageUsers(t),
              totalSqlQueries: num(row.event.totalSqlQueries) ?? 0,
              topSqlQueries: asArray(row.event.topSqlQueries).map(String),
              fields: usageFields(t),
            },
          };
        }),
        aggregations: {
          uniqueUserCount: totals.uniqueUserCount,
          users: usageUsers(totals),
          fields: usageFields(totals),
          totalSqlQueries: totals.totalSqlQueries,
        },
      };
    }),
    statsSummary: typed(async (s, _a, ctx) => {
      const rows = await ctx.timeseries(s.urn, 'datasetUsageStatistics', {
        startTimeMillis: ctx.now - 30 * DAY,
        limit: 10_000,
      });
      if (rows.length === 0) return null;
      const totals = sumUsage(rows);
      return {
        queryCountLast30Days: totals.totalSqlQueries,
        uniqueUserCountLast30Days: totals.uniqueUserCount,
        topUsersLast30Days: usageUsers(totals)
          .map((u) => u.user)
          .filter((u) => u !== null)
          .slice(0, 5),
      };
    }),
  },

  DataPlatform: {
    ...commonEntityFields,
    name: typed((s) => urnParts(s.urn)[0] ?? s.urn),
    displayName: typed(
      async (s, _a, ctx) =>
        text((await aspect(ctx, s.urn, 'dataPlatformInfo'))?.displayName) ?? urnParts(s.urn)[0] ?? null,
    ),
    properties: typed(async (s, _a, ctx) =>
      platformPropertiesValue(s.urn, await aspect(ctx, s.urn, 'dataPlatformInfo')),
    ),
  },

  GlossaryTerm: {
    ...commonEntityFields,
    name: typed((s) => urnDisplayId(s.urn)),
    hierarchicalName: typed((s) => urnDisplayId(s.urn)),
    properties: typed(async (s, _a, ctx) =>
      glossaryTermPropertiesValue(s.urn, await aspect(ctx, s.urn, 'glossaryTermInfo')),
    ),
    parentNodes: typed((s, _a, ctx) =>
      parentChain(s.urn, ctx, 'glossaryTermInfo', 'glossaryNodeInfo', 'parentNode'),
    ),
  },

  GlossaryNode: {
    ...commonEntityFields,
    properties: typed(async (s, _a, ctx) =>
      glossaryNodePropertiesValue(s.urn, await aspect(ctx, s.urn, 'glossaryNodeInfo')),
    ),
    parentNodes: typed((s, _a, ctx) =>
      parentChain(s.urn, ctx, 'glossaryNodeInfo', 'glossaryNodeInfo', 'parentNode'),
    ),
  },

  Domain: {
    ...commonEntityFields,
    id: typed((s) => urnDisplayId(s.urn)),
    properties: typed(async (s, _a, ctx) =>
      domainPropertiesValue(s.urn, await aspect(ctx, s.urn, 'domainProperties')),
    ),
    parentDomains: typed(async (s, _a, ctx) => {
      const chain = await parentChain(s.urn, ctx, 'domainProperties', 'domainProperties', 'parentDomain');
      return { count: chain.count, domains: chain.nodes };
    }),
  },

  Tag: {
    ...commonEntityFields,
    name: typed(
      async (s, _a, ctx) => str((await aspect(ctx, s.urn, 'tagProperties'))?.name) ?? urnDisplayId(s.urn),
    ),
    description: typed(
      async (s, _a, ctx) => text((await aspect(ctx, s.urn, 'tagProperties'))?.description) ?? null,
    ),
    properties: typed(async (s, _a, ctx) =>
      tagPropertiesValue(s.urn, await aspect(ctx, s.urn, 'tagProperties')),
    ),
  },

  CorpUser: {
    ...commonEntityFields,
    username: typed(
      async (s, _a, ctx) => str((await aspect(ctx, s.urn, 'corpUserKey'))?.username) ?? urnDisplayId(s.urn),
    ),
    properties: typed(async (s, _a, ctx) =>
      corpUserInfoValue(s.urn, await aspect(ctx, s.urn, 'corpUserInfo')),
    ),
    info: typed(async (s, _a, ctx) => corpUserInfoValue(s.urn, await aspect(ctx, s.urn, 'corpUserInfo'))),
    editableProperties: typed(async (s, _a, ctx) =>
      corpUserEditableValue(await aspect(ctx, s.urn, 'corpUserEditableInfo')),
    ),
    status: typed(async (s, _a, ctx) =>
      str((await aspect(ctx, s.urn, 'corpUserStatus'))?.status) === 'ACTIVE' ? 'ACTIVE' : null,
    ),
    isNativeUser: typed(
      async (s, _a, ctx) => (await aspect(ctx, s.urn, 'corpUserCredentials')) !== undefined,
    ),
  },

  CorpGroup: {
    ...commonEntityFields,
    name: typed(
      async (s, _a, ctx) => str((await aspect(ctx, s.urn, 'corpGroupKey'))?.name) ?? urnDisplayId(s.urn),
    ),
    properties: typed(async (s, _a, ctx) =>
      corpGroupPropertiesValue(await aspect(ctx, s.urn, 'corpGroupInfo')),
    ),
    editableProperties: typed(async (s, _a, ctx) =>
      corpGroupEditableValue(await aspect(ctx, s.urn, 'corpGroupEditableInfo')),
    ),
  },

  Container: {
    ...commonEntityFields,
    platform: typed(async (s, _a, ctx) => {
      const instance = str((await aspect(ctx, s.urn, 'dataPlatformInstance'))?.platform);
      const fromProps = str(
        asObject((await aspect(ctx, s.urn, 'containerProperties'))?.customProperties).platform,
      );
      return platformRef(instance ?? fromProps);
    }),
    properties: typed(async (s, _a, ctx) =>
      containerPropertiesValue(s.urn, await aspect(ctx, s.urn, 'containerProperties')),
    ),
    editableProperties: editableDescription('editableContainerProperties'),
    entities: typed<
      EntityRef,
      {
        input?: {
          query?: string | null;
          start?: number | null;
          count?: number | null;
          filters?: FacetFilterArg[] | null;
        } | null;
      }
    >(async (s, a, ctx) => {
      const input = a.input ?? {};
      const { start, count } = pageArgs(input.start, input.count);
      const { outcome, searchResults, facets } = await runSearch(
        ctx.store,
        {
          query: input.query ?? '*',
          filters: [...(input.filters ?? []), { field: 'container', values: [s.urn] }],
        },
        start,
        count,
      );
      return { start, count: searchResults.length, total: outcome.total, searchResults, facets };
    }),
  },

  Chart: {
    ...commonEntityFields,
    tool: typed((s) => urnParts(s.urn)[0] ?? ''),
    chartId: typed((s) => urnParts(s.urn)[1] ?? ''),
    platform: typed((s) => platformRef(urnParts(s.urn)[0])),
    properties: typed(async (s, _a, ctx) =>
      chartPropertiesValue(s.urn, await aspect(ctx, s.urn, 'chartInfo')),
    ),
    editableProperties: editableDescription('editableChartProperties'),
  },

  Dashboard: {
    ...commonEntityFields,
    tool: typed((s) => urnParts(s.urn)[0] ?? ''),
    dashboardId: typed((s) => urnParts(s.urn)[1] ?? ''),
    platform: typed((s) => platformRef(urnParts(s.urn)[0])),
    properties: typed(async (s, _a, ctx) =>
      dashboardPropertiesValue(s.urn, await aspect(ctx, s.urn, 'dashboardInfo')),
    ),
    editableProperties: editableDescription('editableDashboardProperties'),
  },

  DataFlow: {
    ...commonEntityFields,
    orchestrator: typed((s) => urnParts(s.urn)[0] ?? ''),
    flowId: typed((s) => urnParts(s.urn)[1] ?? ''),
    cluster: typed((s) => urnParts(s.urn)[2] ?? ''),
    platform: typed((s) => platformRef(urnParts(s.urn)[0])),
    properties: typed(async (s, _a, ctx) =>
      dataFlowPropertiesValue(s.urn, await aspect(ctx, s.urn, 'dataFlowInfo')),
    ),
    editableProperties: editableDescription('editableDataFlowProperties'),
  },

  DataJob: {
    ...commonEntityFields,
    dataFlow: typed((s) => ref(urnParts(s.urn)[0])),
    jobId: typed((s) => urnParts(s.urn)[1] ?? ''),
    platform: typed((s) => platformRef(urnParts(urnParts(s.urn)[0] ?? '')[0])),
    properties: typed(async (s, _a, ctx) =>
      dataJobPropertiesValue(s.urn, await aspect(ctx, s.urn, 'dataJobInfo')),
    ),
    editableProperties: editableDescription('editableDataJobProperties'),
    inputOutput: typed(async (s, _a, ctx) => {
      const io = await aspect(ctx, s.urn, 'dataJobInputOutput');
      if (!io) return null;
      return {
        inputDatasets: [...refs(io.inputDatasets), ...refs(io.inputDatasetEdges)],
        outputDatasets: [...refs(io.outputDatasets), ...refs(io.outputDatasetEdges)],
        inputDatajobs: [...refs(io.inputDatajobs), ...refs(io.inputDatajobEdges)],
      };
    }),
  },

  Document: {
    ...commonEntityFields,
    info: typed(async (s, _a, ctx) => documentInfoValue(s.urn, await aspect(ctx, s.urn, 'documentInfo'))),
    settings: typed(async (s, _a, ctx) =>
      documentSettingsValue(await aspect(ctx, s.urn, 'documentSettings')),
    ),
    subType: typed(
      async (s, _a, ctx) => subTypesValue(await aspect(ctx, s.urn, 'subTypes'))?.typeNames[0] ?? null,
    ),
  },

  StructuredPropertyEntity: {
    ...commonEntityFields,
    definition: typed(async (s, _a, ctx) =>
      structuredPropertyDefinitionValue(s.urn, await aspect(ctx, s.urn, 'propertyDefinition')),
    ),
    settings: typed(async (s, _a, ctx) =>
      structuredPropertySettingsValue(await aspect(ctx, s.urn, 'structuredPropertySettings')),
    ),
  },

  DataTypeEntity: commonEntityFields,
  EntityTypeEntity: commonEntityFields,

  DataProduct: {
    ...commonEntityFields,
    properties: typed(async (s, _a, ctx) => {
      const p = await aspect(ctx, s.urn, 'dataProductProperties');
      const { name, description } = await nameAndProps('dataProduct')(s, ctx);
      return p
        ? {
            name,
            description,
            externalUrl: text(p.externalUrl) ?? null,
            numAssets: asArray(p.assets).length,
            customProperties: customProperties(s.urn, p.customProperties),
          }
        : null;
    }),
  },
};

function resolveEntityType(value: unknown): string | undefined {
  const entityType = (value as EntityRef | null)?.entityType;
  return entityType ? hubGraphqlType(entityType)?.typeName : undefined;
}

async function parentChain(
  urn: string,
  ctx: HubGraphqlContext,
  firstAspect: string,
  parentAspect: string,
  key: string,
): Promise<{ count: number; nodes: EntityRef[] }> {
  const nodes: EntityRef[] = [];
  let current = str((await aspect(ctx, urn, firstAspect))?.[key]);
  while (current && nodes.length < 20 && !nodes.some((n) => n.urn === current)) {
    const r = ref(current);
    if (!r) break;
    nodes.push(r);
    current = str((await aspect(ctx, current, parentAspect))?.[key]);
  }
  return { count: nodes.length, nodes };
}

export type { OrFilters };
