import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What a Kafka consumer of DataSpoke exposes, in Prometheus's text format. */
export class ConsumerMetrics {
  readonly registry = new Registry();
  readonly records: Counter<'topic' | 'outcome'>;
  readonly lag: Gauge<'topic' | 'partition'>;
  readonly batchSeconds: Histogram<'topic'>;
  readonly lastCommit: Gauge<'topic' | 'partition'>;

  constructor(defaultMetrics = true) {
    if (defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'dataspoke_consumer_' });
    this.records = new Counter({
      name: 'dataspoke_kafka_records_total',
      help: 'Records consumed, by topic and outcome (applied, duplicate: applied before and skipped, dead_lettered)',
      labelNames: ['topic', 'outcome'],
      registers: [this.registry],
    });
    this.lag = new Gauge({
      name: 'dataspoke_kafka_consumer_lag',
      help: "Records behind the partition's high watermark after the last batch",
      labelNames: ['topic', 'partition'],
      registers: [this.registry],
    });
    this.batchSeconds = new Histogram({
      name: 'dataspoke_kafka_batch_seconds',
      help: 'Time to apply one batch, its effects settled and its offsets committed',
      labelNames: ['topic'],
      buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
      registers: [this.registry],
    });
    this.lastCommit = new Gauge({
      name: 'dataspoke_kafka_last_commit_timestamp_seconds',
      help: 'When offsets of the partition were last committed',
      labelNames: ['topic', 'partition'],
      registers: [this.registry],
    });
  }

  /** The counter's value for one topic and outcome (tests and the benchmark read it). */
  async count(topic: string, outcome: 'applied' | 'duplicate' | 'dead_lettered'): Promise<number> {
    const metric = await this.records.get();
    return metric.values.find((v) => v.labels.topic === topic && v.labels.outcome === outcome)?.value ?? 0;
  }
}

/** Serves GET /metrics (Prometheus text format) on its own port; resolves once listening. */
export async function serveMetrics(
  registries: readonly Registry[],
  port: number,
  host: string,
): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const merged = Registry.merge([...registries]);
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('GET /metrics\n');
      return;
    }
    merged.metrics().then(
      (text) => response.writeHead(200, { 'content-type': merged.contentType }).end(text),
      (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return {
    server,
    url: `http://${host}:${bound}/metrics`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
