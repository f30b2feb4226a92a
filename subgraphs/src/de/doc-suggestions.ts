import { GraphQLError } from 'graphql';
import type { DocSuggestionService } from '@dataspoke/domain/de/doc-suggestions/service';
import type { Suggestion } from '@dataspoke/domain/de/doc-suggestions/types';
import type { SubgraphContext } from '../context.js';
import { lower, upper } from '../enum-case.js';
import { featureCall, urnArgument } from '../errors.js';
import type { DocSuggestion, Resolvers } from './generated/resolvers.js';

/**
 * Documentation suggestions on the de subgraph: Query.docSuggestions, Dataset.docSuggestions and the review
 * mutations (accept, accept many, reject, refresh), over the feature service the composition root passes in.
 */

export function suggestionToGraphql(s: Suggestion): DocSuggestion {
  const v = s.value;
  const written = s.writtenValue;
  return {
    id: s.id,
    kind: upper(s.kind),
    status: upper(s.status),
    dataset: { urn: s.datasetUrn },
    datasetUrn: s.datasetUrn,
    fieldPath: s.fieldPath,
    text: 'text' in v ? v.text : v.kind === 'new_glossary_term' ? v.definition : null,
    termUrn: 'termUrn' in v ? v.termUrn : null,
    termName: v.kind === 'glossary_term' ? v.termName : v.kind === 'new_glossary_term' ? v.name : null,
    domainUrn: v.kind === 'domain' ? v.domainUrn : null,
    domainName: v.kind === 'domain' ? v.domainName : null,
    upstreamFields: v.kind === 'column_lineage' ? v.upstreams : null,
    transformOperation: v.kind === 'column_lineage' ? v.transformOperation : null,
    baseline: s.baseline,
    evidence: s.evidence.map((e) => ({
      kind: e.kind,
      detail: e.detail,
      urn: e.urn ?? null,
      fieldPath: e.fieldPath ?? null,
    })),
    confidence: s.confidence,
    phrasedBy: upper(s.phrasedBy),
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    decidedBy: s.decidedBy,
    decidedAt: s.decidedAt,
    writtenText:
      written && 'text' in written
        ? written.text
        : written?.kind === 'new_glossary_term'
          ? written.definition
          : null,
    staleReason: s.staleReason,
  } as DocSuggestion;
}

function serviceOf(service: DocSuggestionService | undefined): DocSuggestionService {
  if (!service)
    throw new GraphQLError(
      'documentation suggestions need the operational store, which this server was started without',
      {
        extensions: { code: 'DOC_SUGGESTIONS_UNAVAILABLE', category: 'SERVER' },
      },
    );
  return service;
}

const subject = (ctx: SubgraphContext) => ctx.identity?.subject ?? 'anonymous';

export function docSuggestionResolvers(service: DocSuggestionService | undefined): Pick<
  Resolvers,
  'Query' | 'Mutation'
> & {
  Dataset: Pick<NonNullable<Resolvers['Dataset']>, 'docSuggestions'>;
} {
  return {
    Query: {
      docSuggestions: async (_parent, args) => {
        if (args.urn != null) urnArgument(args.urn);
        const limit = args.limit ?? 20;
        const offset = args.offset ?? 0;
        const page = await featureCall(() =>
          serviceOf(service).list(
            {
              datasetUrn: args.urn ?? undefined,
              statuses: args.status?.map(lower),
              kinds: args.kind?.map(lower),
            },
            { limit, offset },
          ),
        );
        return {
          suggestions: page.suggestions.map(suggestionToGraphql),
          offset,
          limit,
          totalCount: page.total,
        };
      },
    },
    Mutation: {
      acceptDocSuggestion: async (_parent, args, ctx) =>
        suggestionToGraphql(
          await featureCall(() => serviceOf(service).accept(args.id, subject(ctx), args.editedText ?? null)),
        ),
      acceptDocSuggestions: async (_parent, args, ctx) =>
        (await featureCall(() => serviceOf(service).acceptMany(args.ids, subject(ctx)))).map(
          suggestionToGraphql,
        ),
      rejectDocSuggestion: async (_parent, args, ctx) =>
        suggestionToGraphql(await featureCall(() => serviceOf(service).reject(args.id, subject(ctx)))),
      refreshDocSuggestions: async (_parent, args) => {
        for (const urn of args.urns ?? []) urnArgument(urn);
        return featureCall(() => serviceOf(service).refresh(args.urns ?? undefined));
      },
    },
    Dataset: {
      docSuggestions: async (parent, args) => {
        const page = await featureCall(() =>
          serviceOf(service).list(
            { datasetUrn: parent.urn, statuses: args.status?.map(lower), kinds: args.kind?.map(lower) },
            { limit: 100, offset: 0 },
          ),
        );
        return page.suggestions.map(suggestionToGraphql);
      },
    },
  };
}
