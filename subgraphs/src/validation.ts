import type { SpokeEventPort } from '@dataspoke/domain/shared/spoke-events';
import { ValidationService } from '@dataspoke/domain/de/validation/service';
import { CatalogCalendars } from '@dataspoke/domain/de/validation/catalog-calendar';
import type { ValidationResult } from '@dataspoke/domain/de/validation/types';
import type { Store } from '@dataspoke/platform/store/db';
import { GraphQLError } from 'graphql';
import type { SubgraphContext } from './context.js';
import type { DatasetResolvers as DaDatasetResolvers } from './da/generated/resolvers.js';
import type { DatasetValidation, Resolvers as DeResolvers } from './de/generated/resolvers.js';
import { lower, upper } from './enum-case.js';
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

/**
 * The domain's result as the shared GraphQL type (subgraphs/src/validation.graphql, the same for de and da):
 * GraphQL enums are upper case, the domain's values lower case.
 */
function validationToGraphql(r: ValidationResult): DatasetValidation {
  return {
    ...r,
    status: upper(r.status),
    // Runs stored before issues named their expectation have none.
    issues: r.issues.map((i) => ({
      ...i,
      check: upper(i.check),
      severity: upper(i.severity),
      expectation: i.expectation ?? null,
    })),
    checks: r.checks.map((c) => ({ ...c, check: upper(c.check), status: upper(c.status) })),
    // Runs stored before metrics were recorded have none.
    metrics: (r.metrics ?? []).map((m) => ({ ...m, status: upper(m.status) })),
  };
}

/** The catalog calendars of each set of services: kept across requests, as the services are. */
const calendarsOf = new WeakMap<ValidationServices, CatalogCalendars>();

function service(ctx: SubgraphContext, services: ValidationServices): ValidationService {
  let calendars = calendarsOf.get(services);
  if (!calendars) calendarsOf.set(services, (calendars = new CatalogCalendars()));
  return new ValidationService({
    hub: ctx.hub,
    calendars,
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

/** The de subgraph's validator: Mutation.validateDataset, Query.validationHistory and Query.latestValidations. */
export function validatorResolvers(services: ValidationServices): Pick<DeResolvers, 'Query' | 'Mutation'> {
  return {
    Mutation: {
      validateDataset: async (_parent, args, ctx) => {
        if (!args.dryRun) needStore(services, 'Mutation.validateDataset');
        return validationToGraphql(
          await featureCall(() => service(ctx, services).validate(withoutNulls(args))),
        );
      },
    },
    Query: {
      validationHistory: async (_parent, args, ctx) => {
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
      latestValidations: async (_parent, args, ctx) => {
        needStore(services, 'Query.latestValidations');
        const page = await featureCall(() =>
          service(ctx, services).latest({
            limit: args.limit ?? 20,
            offset: args.offset ?? 0,
            ...(args.status != null && { statuses: args.status.map(lower) }),
          }),
        );
        return {
          runs: page.runs.map((r) => ({
            dataset: { urn: r.datasetUrn },
            validation: validationToGraphql(r),
          })),
          offset: page.offset,
          limit: page.limit,
          totalCount: page.total,
        };
      },
    },
  };
}

/** Dataset.validation in the da subgraph: the same validation, as a read that stores nothing. */
export function datasetValidation(services: ValidationServices): DaDatasetResolvers['validation'] {
  return async (parent, args, ctx) =>
    validationToGraphql(
      await featureCall(() =>
        service(ctx, services).validate(
          { urn: parent.urn, ...(args.asOf != null && { asOf: args.asOf }), dryRun: true },
          { store: false },
        ),
      ),
    );
}
