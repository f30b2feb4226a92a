import { GraphQLError } from 'graphql';
import { searchCatalog, type NlSearchFilters, type SearchMethod } from '@dataspoke/domain/da/nl-search';
import { sqlContext, type SqlContextResult } from '@dataspoke/domain/da/sql-context';
import type { IndexedDataset, NamedRef } from '@dataspoke/domain/ports/search-documents';
import type { SubgraphContext } from '../context.js';
import { featureCall } from '../errors.js';

/** Query.search, Query.sqlContext and Dataset.sqlContext of the da subgraph, over the DA search services. */

function services(ctx: SubgraphContext) {
  if (!ctx.search)
    throw new GraphQLError('natural-language search is not configured on this server', {
      extensions: { code: 'SEARCH_UNAVAILABLE', category: 'SERVER' },
    });
  return ctx.search;
}

const ref = (r: NamedRef) => ({ urn: r.urn, name: r.name });

function contextOf(d: IndexedDataset) {
  return {
    name: d.name,
    qualifiedName: d.qualifiedName,
    description: d.description,
    platform: d.platform.name,
    layer: d.layer,
    domain: d.domain ? ref(d.domain) : null,
    owners: d.owners.map((o) => ({ urn: o.urn, name: o.name, type: o.type })),
    tags: d.tags.map(ref),
    terms: d.terms.map(ref),
    lastUpdated: d.lastUpdated ? new Date(d.lastUpdated).toISOString() : null,
    deprecated: d.deprecation !== null,
    deprecationNote: d.deprecation?.note ?? null,
    curated: d.curated,
    documentation: d.documentation,
    usage: d.usage,
    upstreams: d.upstreams.map(ref),
    downstreams: d.downstreams.map(ref),
    dashboards: d.dashboards.map(ref),
  };
}

function sqlContextToGraphql(c: SqlContextResult) {
  return { ...c, tables: c.tables.map((t) => ({ ...t, dataset: { urn: t.urn } })) };
}

interface SearchArgs {
  query: string;
  filters?: NlSearchFilters | null;
  method?: 'HYBRID' | 'LEXICAL' | 'DENSE' | null;
  offset?: number | null;
  limit?: number | null;
}

export const searchQueryResolvers = {
  search: async (_: unknown, args: SearchArgs, ctx: SubgraphContext) => {
    const deps = services(ctx);
    const result = await featureCall(() =>
      searchCatalog(deps, {
        query: args.query,
        filters: args.filters ?? null,
        method: (args.method?.toLowerCase() ?? 'hybrid') as SearchMethod,
        offset: args.offset ?? 0,
        limit: args.limit ?? 10,
      }),
    );
    return {
      ...result,
      method: result.method.toUpperCase(),
      results: result.hits.map((h) => ({
        dataset: { urn: h.dataset.urn },
        score: h.score,
        lexicalRank: h.ranks.lexical ?? null,
        denseRank: h.ranks.dense ?? null,
        evidence: h.evidence,
        context: contextOf(h.dataset),
        copies: h.copies,
        curatedSource: h.curatedSource,
        isCuratedSource: h.curatedSource === h.dataset.urn,
      })),
    };
  },
  sqlContext: async (
    _: unknown,
    args: { question: string; tokenBudget?: number | null },
    ctx: SubgraphContext,
  ) => {
    const deps = services(ctx);
    return sqlContextToGraphql(
      await featureCall(() =>
        sqlContext(deps, { question: args.question, tokenBudget: args.tokenBudget ?? null }),
      ),
    );
  },
};

export const datasetSqlContext = async (
  parent: { urn: string },
  args: { question?: string | null; tokenBudget?: number | null },
  ctx: SubgraphContext,
) => {
  const deps = services(ctx);
  return sqlContextToGraphql(
    await featureCall(() =>
      sqlContext(deps, {
        question: args.question ?? '',
        tokenBudget: args.tokenBudget ?? null,
        datasetUrns: [parent.urn],
      }),
    ),
  );
};
