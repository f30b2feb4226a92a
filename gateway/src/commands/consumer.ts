import type { Command } from 'commander';
import { ConfigError, loadConfig } from '@dataspoke/platform/config/config';
import { serveMetrics } from '@dataspoke/hub/events/event-metrics';
import { openEmbeddedStack } from '../embedded-stack.js';
import { serveProbes } from '../probes/probe-server.js';
import { stackDependencies } from '../probes/stack-dependencies.js';
import { closeOnSignals } from './signals.js';

const DEFAULT_METRICS_PORT = 9464;

/**
 * `dataspoke consumer`: a member of the consumer group that follows DataHub's MetadataChangeLog on Kafka and
 * keeps everything derived from the hub current (the search index and whatever else subscribes to the hub's
 * changes), with its lag and throughput at /metrics. Replicas share the topics' partitions, so they scale up
 * to the partition count. They share their results through PostgreSQL (DATABASE_URL).
 */
export function registerConsumerCommand(program: Command): void {
  program
    .command('consumer')
    .description(
      "Follow DataHub's MetadataChangeLog on Kafka (KAFKA_BROKERS): one member of the consumer group",
    )
    .option(
      '--metrics-port <port>',
      `port of the Prometheus /metrics endpoint (default ${DEFAULT_METRICS_PORT})`,
    )
    .action(async (options: { metricsPort?: string }) => {
      const env = {
        ...process.env,
        DATASPOKE_CONSUMER: 'inline',
        ...(options.metricsPort !== undefined && { DATASPOKE_METRICS_PORT: options.metricsPort }),
      };
      const config = loadConfig(env);
      if (!config.kafka.brokers) throw new ConfigError(['KAFKA_BROKERS: required by `dataspoke consumer`']);
      const log = (line: string) => process.stderr.write(`${line}\n`);
      const stack = await openEmbeddedStack(config, { log });
      stack.notifications.webhooks?.start();
      const metrics = await serveMetrics(
        [stack.kafka!.metrics.registry],
        config.kafka.metricsPort ?? DEFAULT_METRICS_PORT,
        config.kafka.metricsHost,
      );
      let draining = false;
      const probes = await serveProbes(
        {
          dependencies: stackDependencies(stack),
          draining: () => draining,
          health: () => ({ role: 'consumer', group: config.kafka.consumerGroup }),
        },
        { host: config.server.host, port: config.server.port },
      );
      process.stdout.write(
        `DataSpoke consumer (group ${config.kafka.consumerGroup}) is following ` +
          `${config.kafka.versionedTopic} and ${config.kafka.timeseriesTopic} on ${config.kafka.brokers.join(',')}; ` +
          `metrics at ${metrics.url} and probes at ${probes.url}\n`,
      );
      closeOnSignals(
        [
          { name: 'answer not ready', run: () => Promise.resolve(void (draining = true)) },
          // Closing the stack below stops the consumers: each finishes its batch and commits its offsets.
          { name: 'stop consuming and flush the search index', run: () => stack.drainSearch() },
          { name: 'stop the metrics endpoint', run: () => metrics.close() },
          { name: 'stop the probes', run: () => probes.close() },
          { name: 'close the store', run: () => stack.close() },
        ],
        { timeoutMs: config.server.shutdownTimeoutMs, log },
      );
    });
}
