import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import {
  assertValidConfig,
  parseIngestionConfig,
  type IngestionConfig,
} from '@dataspoke/domain/de/techspec/config';
import type { IngestionRepository } from '@dataspoke/domain/de/techspec/repository';
import type { TechSpecIngestion } from '@dataspoke/domain/de/techspec/service';
import type { IngestionRunRecord, StoredTechSpec } from '@dataspoke/domain/de/techspec/types';
import type { TechSpecSourceType } from '@dataspoke/domain/ports/techspec-source';
import type { SubgraphContext } from '../context.js';
import { badInput, featureCall } from '../errors.js';
import type {
  FileDatasetSpec,
  IngestionConfig as GraphqlIngestionConfig,
  IngestionRun,
  KafkaTopicSpec,
  PostgresTableSpec,
  Resolvers,
} from './generated/resolvers.js';

type GraphqlSpec = (KafkaTopicSpec | PostgresTableSpec | FileDatasetSpec) & { __typename: string };

/** Technical-spec ingestion on the de subgraph, over the feature the composition root passes in. */
export interface TechSpecServices {
  ingestion: TechSpecIngestion;
  repository: IngestionRepository;
  sourceTypes: readonly TechSpecSourceType[];
}

function servicesOf(services: TechSpecServices | undefined): TechSpecServices {
  if (!services)
    throw new GraphQLError(
      'technical-spec ingestion needs the operational store, which this server was started without',
      {
        extensions: { code: 'INGESTION_UNAVAILABLE', category: 'SERVER' },
      },
    );
  return services;
}

/** A stored spec as its GraphQL type (the interface's implementation is named by __typename). */
export function specToGraphql(s: StoredTechSpec): GraphqlSpec {
  const base = { observedAt: s.observedAt, runId: s.runId };
  const spec = s.spec;
  switch (spec.kind) {
    case 'kafka': {
      const { kind: _kind, ...rest } = spec;
      return { __typename: 'KafkaTopicSpec', ...base, ...rest };
    }
    case 'postgres': {
      const { kind: _kind, partitions, ...rest } = spec;
      return {
        __typename: 'PostgresTableSpec',
        ...base,
        ...rest,
        partitionTables: partitions,
      };
    }
    case 'files':
      return {
        __typename: 'FileDatasetSpec',
        ...base,
        path: spec.path,
        format: spec.format,
        fileCount: spec.fileCount,
        totalBytes: spec.totalBytes,
        rowCount: spec.rowCount,
        parquetCodecs: spec.parquet?.codecs ?? [],
        parquetRowGroups: spec.parquet?.rowGroups ?? null,
        parquetColumns: spec.parquet?.columns ?? [],
        csv: spec.csv,
      };
  }
}

function configToGraphql(config: IngestionConfig, updatedAt: number | null): GraphqlIngestionConfig {
  return {
    name: config.name,
    schedule: config.schedule,
    timeoutMs: config.timeoutMs,
    sources: config.sources.map((s) => ({ name: s.name, type: s.type, timeoutMs: s.timeoutMs })),
    json: JSON.stringify({
      name: config.name,
      ...(config.schedule && { schedule: config.schedule }),
      timeoutMs: config.timeoutMs,
      sources: config.sources.map((s) => ({
        name: s.name,
        type: s.type,
        timeoutMs: s.timeoutMs,
        ...s.config,
      })),
    }),
    updatedAt,
  };
}

/** The run; its `entities` are resolved by their own field resolver. */
function runToGraphql(run: IngestionRunRecord): IngestionRun {
  return {
    ...run,
    sources: run.sources.map((s) => ({
      name: s.name,
      type: s.type,
      status: s.status,
      errorCode: s.error?.code ?? null,
      errorMessage: s.error?.message ?? null,
      counts: s.counts,
      durationMs: s.durationMs,
    })),
  } as Omit<IngestionRun, 'entities'> as IngestionRun;
}

const specLoaders = new WeakMap<SubgraphContext, DataLoader<string, StoredTechSpec | null>>();

function specLoader(ctx: SubgraphContext, repository: IngestionRepository) {
  let loader = specLoaders.get(ctx);
  if (!loader) {
    loader = new DataLoader(async (urns: readonly string[]) => {
      const found = await repository.latest(urns);
      return urns.map((u) => found.get(u) ?? null);
    });
    specLoaders.set(ctx, loader);
  }
  return loader;
}

type TechSpecResolvers = Pick<Resolvers, 'TechnicalSpec' | 'IngestionRun'> & {
  Query: Pick<NonNullable<Resolvers['Query']>, 'ingestionConfigs' | 'ingestionRuns' | 'ingestionRun'>;
  Mutation: Pick<
    NonNullable<Resolvers['Mutation']>,
    'saveIngestionConfig' | 'deleteIngestionConfig' | 'runIngestion'
  >;
  Dataset: Pick<NonNullable<Resolvers['Dataset']>, 'technicalSpec'>;
};

export function techSpecResolvers(services: TechSpecServices | undefined): TechSpecResolvers {
  return {
    TechnicalSpec: {
      __resolveType: (parent) => (parent as { __typename: 'KafkaTopicSpec' }).__typename,
    },
    IngestionRun: {
      entities: async (parent, args) => {
        const { repository } = servicesOf(services);
        const limit = args.limit ?? 100;
        if (limit < 1 || limit > 1000) throw badInput('limit must be from 1 to 1000', 'INVALID_LIMIT');
        const all = await repository.entitiesOf(parent.id, args.outcome ?? undefined);
        const rank = (o: string) => (o === 'FAILED' ? 0 : o === 'UNMATCHED' ? 1 : 2);
        return (args.outcome ? all : [...all].sort((a, b) => rank(a.outcome) - rank(b.outcome))).slice(
          0,
          limit,
        );
      },
    },
    Dataset: {
      technicalSpec: async (parent, _args, ctx) => {
        if (!services) return null;
        const stored = await specLoader(ctx, services.repository).load(parent.urn);
        return stored ? specToGraphql(stored) : null;
      },
    },
    Query: {
      ingestionConfigs: async () =>
        (await servicesOf(services).repository.listConfigs()).map((c) =>
          configToGraphql(c.config, c.updatedAt),
        ),
      ingestionRuns: async (_parent, args) => {
        const offset = args.offset ?? 0;
        const limit = args.limit ?? 20;
        if (limit < 1 || limit > 100) throw badInput('limit must be from 1 to 100', 'INVALID_LIMIT');
        if (offset < 0) throw badInput('offset must be 0 or more', 'INVALID_OFFSET');
        const page = await servicesOf(services).repository.listRuns({
          ...(args.name != null && { configName: args.name }),
          offset,
          limit,
        });
        return { runs: page.runs.map(runToGraphql), offset, limit, totalCount: page.total };
      },
      ingestionRun: async (_parent, args) => {
        const run = await servicesOf(services).repository.getRun(args.id);
        return run && runToGraphql(run);
      },
    },
    Mutation: {
      saveIngestionConfig: async (_parent, args) => {
        const { repository, sourceTypes } = servicesOf(services);
        return featureCall(async () => {
          const config = assertValidConfig(parseIngestionConfig(args.config, sourceTypes));
          await repository.saveConfig(config, new Date());
          return configToGraphql(config, Date.now());
        });
      },
      deleteIngestionConfig: async (_parent, args) => servicesOf(services).repository.deleteConfig(args.name),
      runIngestion: async (_parent, args) => {
        const { repository, ingestion } = servicesOf(services);
        const config = await repository.getConfig(args.name);
        if (!config)
          throw badInput(
            `no ingestion configuration "${args.name}"; save one first`,
            'INGESTION_CONFIG_NOT_FOUND',
          );
        if (args.wait) return runToGraphql(await ingestion.run(config, { trigger: 'api' }));
        let started!: (run: IngestionRunRecord) => void;
        const first = new Promise<IngestionRunRecord>((resolve) => (started = resolve));
        const done = ingestion.run(config, {
          trigger: 'api',
          onProgress: (run) => started(structuredClone(run)),
        });
        done.catch((error: unknown) => console.error(`ingestion ${config.name}: the run failed:`, error));
        return runToGraphql(await Promise.race([first, done]));
      },
    },
  };
}
