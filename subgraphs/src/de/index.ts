import type { GraphQLSchema } from 'graphql';
import type { DocSuggestionService } from '@dataspoke/domain/de/doc-suggestions/service';
import { freshnessOf } from '@dataspoke/domain/de/freshness';
import { upper } from '../enum-case.js';
import { buildSubgraph, subgraphTypeDefs } from '../schema-file.js';
import { validatorResolvers, type ValidationServices } from '../validation.js';
import { docSuggestionResolvers } from './doc-suggestions.js';
import { techSpecResolvers, type TechSpecServices } from './techspec.js';
import { workflowRunResolvers, type WorkflowTrigger } from './workflow-runs.js';
import type { Resolvers } from './generated/resolvers.js';

/** What the de subgraph serves besides the validator: documentation suggestions, when the server has a store. */
export interface DeServices extends ValidationServices {
  docSuggestions?: DocSuggestionService;
  techSpec?: TechSpecServices;
  /** The workflow engine Mutation.triggerWorkflowRun starts runs on; absent: it answers WORKFLOWS_UNAVAILABLE. */
  workflows?: WorkflowTrigger;
}

/**
 * The de subgraph: Dataset.freshness from the operation history, through the request's loaders; the validator
 * (Mutation.validateDataset, Query.validationHistory, Query.latestValidations); documentation suggestions; the
 * scheduled workflows' runs (Query.workflowRuns, Query.workflowRun, Mutation.triggerWorkflowRun); technical-spec ingestion (Dataset.technicalSpec, its
 * configurations and runs).
 */
const resolvers = (services: DeServices): Resolvers => {
  const validator = validatorResolvers(services);
  const docs = docSuggestionResolvers(services.docSuggestions);
  const specs = techSpecResolvers(services.techSpec);
  const runs = workflowRunResolvers(services.store, services.workflows);
  return {
    Query: { ...validator.Query, ...docs.Query, ...specs.Query, ...runs.Query },
    Mutation: { ...validator.Mutation, ...docs.Mutation, ...specs.Mutation, ...runs.Mutation },
    TechnicalSpec: specs.TechnicalSpec,
    IngestionRun: specs.IngestionRun,
    Dataset: {
      ...docs.Dataset,
      ...specs.Dataset,
      __resolveReference: (ref) => ({ urn: ref.urn }),
      freshness: async (parent, _args, ctx) => {
        const f = freshnessOf(await ctx.loaders.operations.load(parent.urn), ctx.now);
        // The judgement is made here, when someone reads it; the notifier keeps one notification per
        // lateness episode. A failing subscriber never fails the read.
        if (f.status === 'LATE' && services.events && f.expectedNextUpdateAt !== null)
          void services.events
            .publish({
              type: 'dataspoke.dataset.late',
              datasetUrn: parent.urn,
              expectedAt: f.expectedNextUpdateAt,
              lateBySeconds: f.lateBySeconds ?? 0,
              at: ctx.now,
            })
            .catch(() => undefined);
        return { ...f, cadence: f.cadence && { ...f.cadence, label: upper(f.cadence.label) } };
      },
    },
  };
};

/** Reviewing documentation suggestions is also the dg group's work; refreshing them stays with de. */
const DG_ALSO = [
  'Query.docSuggestions',
  'Mutation.acceptDocSuggestion',
  'Mutation.acceptDocSuggestions',
  'Mutation.rejectDocSuggestion',
];

export function buildDeSubgraph(services: DeServices = {}): GraphQLSchema {
  return buildSubgraph(
    subgraphTypeDefs('de'),
    resolvers(services),
    'de',
    Object.fromEntries(DG_ALSO.map((f) => [f, ['dg']])),
  );
}
