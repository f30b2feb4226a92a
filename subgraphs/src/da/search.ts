import { GraphQLError } from 'graphql';
import { searchCatalog } from '@dataspoke/domain/da/nl-search';
import { sqlContext, type SqlContextResult } from '@dataspoke/domain/da/sql-context';
import type { IndexedDataset, NamedRef } from '@dataspoke/domain/ports/search-documents';
import type { SubgraphContext } from '../context.js';
import { lower, upper } from '../enum-case.js';
import { featureCall } from '../errors.js';
import type { DatasetResolvers, QueryResolvers } from './generated/resolvers.js';

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

export const searchQueryResolvers: Pick<QueryResolvers, 'search' | 'sqlContext'> = {
  search: async (_parent, args, ctx) => {
    const deps = services(ctx);
    const result = await featureCall(() =>
      searchCatalog(deps, {
        query: args.query,
        filters: args.filters ?? null,
        method: lower(args.method ?? 'HYBRID'),
        offset: args.offset ?? 0,
        limit: args.limit ?? 10,
      }),
    );
    return {
      ...result,
      method: upper(result.method),
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
  sqlContext: async (_parent, args, ctx) => {
    const deps = services(ctx);
    return sqlContextToGraphql(
      await featureCall(() =>
        sqlContext(deps, { question: args.question, tokenBudget: args.tokenBudget ?? null }),
      ),
    );
  },
};

export const datasetSqlContext: DatasetResolvers['sqlContext'] = async (parent, args, ctx) => {
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
