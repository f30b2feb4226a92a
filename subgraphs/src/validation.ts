import type { SpokeEventPort } from '@dataspoke/domain/shared/spoke-events';
import { ValidationService } from '@dataspoke/domain/de/validation/service';
import type { ValidationResult } from '@dataspoke/domain/de/validation/types';
import type { Store } from '@dataspoke/platform/store/db';
import { GraphQLError } from 'graphql';
import type { SubgraphContext } from './context.js';
import { featureCall } from './errors.js';

/**
 * The validator as the de subgraph (Mutation.validateDataset, Query.validationHistory, Query.latestValidations)
 * and the da subgraph (Dataset.validation, a read that stores nothing) serve it. Runs are stored in the operational store and
 * failures published on the spoke event port the composition root passes in.
 */
export interface ValidationServices {
  store?: Store;
  events?: SpokeEventPort;
}

/** GraphQL enums are upper case; the domain's values are lower case. */
export function validationToGraphql(r: ValidationResult) {
  return {
    ...r,
    status: r.status.toUpperCase(),
    issues: r.issues.map((i) => ({ ...i, check: i.check.toUpperCase(), severity: i.severity.toUpperCase() })),
    checks: r.checks.map((c) => ({ ...c, check: c.check.toUpperCase(), status: c.status.toUpperCase() })),
    // Runs stored before metrics were recorded have none.
    metrics: (r.metrics ?? []).map((m) => ({ ...m, status: m.status.toUpperCase() })),
  };
}

function service(ctx: SubgraphContext, services: ValidationServices): ValidationService {
  return new ValidationService({
    hub: ctx.hub,
    ...(services.store && { store: services.store }),
    ...(services.events && { events: services.events }),
    now: () => ctx.now,
  });
}

function needStore(services: ValidationServices, what: string): void {
  if (!services.store)
    throw new GraphQLError(`${what} needs the operational store, which this server was started without`, {
      extensions: { code: 'VALIDATION_UNAVAILABLE', category: 'SERVER' },
    });
}

interface ValidateArgs {
  urn: string;
  asOf?: number | null;
  dryRun?: boolean | null;
  observations?: Record<string, unknown> | null;
}

/** GraphQL leaves absent optional input fields out but passes explicit nulls; the validator wants them out. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, withoutNulls(v)]),
    );
  return value;
}

export function validationResolvers(services: ValidationServices) {
  return {
    validateDataset: async (_: unknown, args: ValidateArgs, ctx: SubgraphContext) => {
      if (!args.dryRun) needStore(services, 'Mutation.validateDataset');
      return validationToGraphql(
        await featureCall(() => service(ctx, services).validate(withoutNulls(args))),
      );
    },
    validationHistory: async (
      _: unknown,
      args: { urn: string; offset?: number; limit?: number; from?: number | null; to?: number | null },
      ctx: SubgraphContext,
    ) => {
      needStore(services, 'Query.validationHistory');
      const page = await featureCall(() =>
        service(ctx, services).history(args.urn, {
          limit: args.limit ?? 20,
          offset: args.offset ?? 0,
          ...(args.from != null && { from: args.from }),
          ...(args.to != null && { to: args.to }),
        }),
      );
      return {
        runs: page.runs.map(validationToGraphql),
        offset: page.offset,
        limit: page.limit,
        totalCount: page.total,
      };
    },
    latestValidations: async (
      _: unknown,
      args: { status?: string[] | null; offset?: number; limit?: number },
      ctx: SubgraphContext,
    ) => {
      needStore(services, 'Query.latestValidations');
      const page = await featureCall(() =>
        service(ctx, services).latest({
          limit: args.limit ?? 20,
          offset: args.offset ?? 0,
          ...(args.status != null && { statuses: args.status.map((s) => s.toLowerCase()) }),
        }),
      );
      return {
        runs: page.runs.map((r) => ({ dataset: { urn: r.datasetUrn }, validation: validationToGraphql(r) })),
        offset: page.offset,
        limit: page.limit,
        totalCount: page.total,
      };
    },
    /** Dataset.validation in da: the same validation, as a read. */
    datasetValidation: async (
      parent: { urn: string },
      args: { asOf?: number | null },
      ctx: SubgraphContext,
    ) =>
      validationToGraphql(
        await featureCall(() =>
          service(ctx, services).validate(
            { urn: parent.urn, ...(args.asOf != null && { asOf: args.asOf }), dryRun: true },
            { store: false },
          ),
        ),
      ),
  };
}
