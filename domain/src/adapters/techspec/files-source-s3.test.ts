import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { parquetWriteFile } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freeLoopbackPort } from '@dataspoke/platform/testing/free-port';
import type { FileDatasetSpec } from '../../ports/techspec-source.js';
import { filesSourceType, parquetFooters } from './files-source.js';
import { s3FileTree } from './s3-file-tree.js';

/**
 * The files source over an S3-compatible bucket. Stand-in for S3: moto's server mode (moto[server], pinned in
 * dev_env/requirements-sdk.txt, installed into .venv by dev_env/python-venv.sh), a real HTTP server speaking S3's
 * REST API with signature checks, started here on a free port; the bucket is filled with the AWS SDK itself.
 * Credentials come from the SDK's default chain (the environment, as for a deployment).
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const MOTO_SERVER = path.join(ROOT, '.venv/bin/moto_server');
const BUCKET = 'lake';

/** Starts moto's server and resolves once it says it listens. */
async function startMoto(env: Record<string, string> = {}): Promise<{ process: ChildProcess; url: string }> {
  const port = await freeLoopbackPort();
  const child = spawn(MOTO_SERVER, ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`Running on http://127.0.0.1:${port}`)) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`moto_server exited (${code}): ${output}`)));
  });
  return { process: child, url: `http://127.0.0.1:${port}` };
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

const never = new AbortController().signal;

/** The code and message a collect ends with. */
async function failureOf(run: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await run;
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { code, message };
  }
  throw new Error('the source read the bucket');
}

describe('files technical spec source over an S3-compatible bucket (moto server as the stand-in for S3)', () => {
  let moto: { process: ChildProcess; url: string };
  let lockedMoto: { process: ChildProcess; url: string } | undefined;
  let work: string;
  let bigParquetSize = 0;

  beforeAll(async () => {
    if (!existsSync(MOTO_SERVER))
      throw new Error(
        `${MOTO_SERVER} is missing: run dev_env/python-venv.sh (moto[server], the S3 stand-in)`,
      );
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'dataspoke-test');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'dataspoke-test-secret');
    vi.stubEnv('AWS_REGION', 'us-east-1');
    moto = await startMoto();
    const client = new S3Client({ endpoint: moto.url, forcePathStyle: true, region: 'us-east-1' });
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    work = mkdtempSync(path.join(tmpdir(), 'techspec-s3-'));
    const put = (key: string, body: Uint8Array | string) =>
      client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: Buffer.from(body) }));
    for (const [day, offset] of [
      ['2026-01-01', 0],
      ['2026-01-02', 250],
    ] as const) {
      const file = path.join(work, `orders-${day}.parquet`);
      parquetWriteFile({
        filename: file,
        codec: 'SNAPPY',
        rowGroupSize: 100,
        columnData: [
          { name: 'order_id', data: Array.from({ length: 250 }, (_, i) => offset + i + 1), type: 'INT32' },
          {
            name: 'status',
            data: Array.from({ length: 250 }, (_, i) => (i % 2 ? 'open' : 'paid')),
            type: 'STRING',
          },
        ],
      });
      await put(`raw/orders/dt=${day}/part-0.parquet`, readFileSync(file));
    }
    await put('raw/orders/_SUCCESS', '');
    // A console-made "folder" marker and a Spark leftover: neither is data.
    await put('raw/orders/', '');
    await put('raw/orders/_temporary/0/part-9.parquet', 'not parquet');
    await put('raw/customers.csv', 'id;name;city\n1;Ann;Lyon\n2;Bob;Nice\n');
    await put('elsewhere/ignored.csv', 'a,b\n1,2\n');
    // Large enough that reading it whole would dwarf its footer.
    const big = path.join(work, 'events.parquet');
    parquetWriteFile({
      filename: big,
      codec: 'UNCOMPRESSED',
      rowGroupSize: 50_000,
      columnData: [
        { name: 'event_id', data: Array.from({ length: 200_000 }, (_, i) => i), type: 'INT32' },
        { name: 'score', data: Array.from({ length: 200_000 }, (_, i) => i / 7), type: 'DOUBLE' },
      ],
    });
    const bytes = readFileSync(big);
    bigParquetSize = bytes.length;
    await put('raw/events/events.parquet', bytes);
    client.destroy();
  }, 120_000);

  afterAll(async () => {
    await stop(moto?.process);
    await stop(lockedMoto?.process);
    if (work) rmSync(work, { recursive: true, force: true });
    vi.unstubAllEnvs();
  });

  const source = (config: Record<string, unknown>) =>
    filesSourceType.open('lake', { endpoint: moto.url, ...config });

  it('describes each dataset under the prefix from the objects’ own metadata', async () => {
    const observations = await source({ location: `s3://${BUCKET}/raw` }).collect({ signal: never });
    const specs = new Map(observations.map((o) => [o.urn, o.spec as FileDatasetSpec]));
    expect([...specs.keys()]).toEqual([
      'urn:li:dataset:(urn:li:dataPlatform:s3,lake/raw/customers.csv,PROD)',
      'urn:li:dataset:(urn:li:dataPlatform:s3,lake/raw/events,PROD)',
      'urn:li:dataset:(urn:li:dataPlatform:s3,lake/raw/orders,PROD)',
    ]);
    const orders = specs.get('urn:li:dataset:(urn:li:dataPlatform:s3,lake/raw/orders,PROD)')!;
    expect(orders).toMatchObject({ format: 'parquet', fileCount: 2, rowCount: 500 });
    expect(orders.parquet!.rowGroups).toBe(6);
    expect(orders.parquet!.codecs).toEqual(['SNAPPY']);
    expect(orders.parquet!.columns.find((c) => c.name === 'order_id')).toMatchObject({
      min: '1',
      max: '500',
    });
    const customers = specs.get('urn:li:dataset:(urn:li:dataPlatform:s3,lake/raw/customers.csv,PROD)')!;
    expect(customers.csv).toMatchObject({ delimiter: ';', hasHeader: true, columns: ['id', 'name', 'city'] });
    expect(specs.get('urn:li:dataset:(urn:li:dataPlatform:s3,lake/raw/events,PROD)')).toMatchObject({
      rowCount: 200_000,
      totalBytes: bigParquetSize,
    });
  });

  it('lists a prefix page by page and reads only a Parquet file’s footer', async () => {
    const tree = s3FileTree({
      location: `s3://${BUCKET}/raw/`,
      endpoint: moto.url,
      connectTimeoutMs: 5_000,
      requestTimeoutMs: 30_000,
      pageSize: 2,
    });
    try {
      const files = await tree.list(never);
      // Seven keys under raw/ on pages of two: the continuation was followed to the end.
      expect(files.map((f) => f.path)).toEqual([
        'customers.csv',
        'events/events.parquet',
        'orders/dt=2026-01-01/part-0.parquet',
        'orders/dt=2026-01-02/part-0.parquet',
      ]);
      const events = files.filter((f) => f.path.startsWith('events/'));
      const footers = await parquetFooters(tree, events, never);
      expect(footers.rows).toBe(200_000);
      expect(bigParquetSize).toBeGreaterThan(1_000_000);
      expect(tree.bytesRead).toBeLessThan(bigParquetSize / 10);
    } finally {
      tree.close?.();
    }
  });

  it('says a missing bucket is not found', async () => {
    const failure = source({ location: 's3://no-such-bucket/raw' }).collect({ signal: never });
    expect(await failureOf(failure)).toEqual({
      code: 'SOURCE_NOT_FOUND',
      message: 's3://no-such-bucket/raw: the bucket does not exist (S3 NoSuchBucket)',
    });
  });

  it('says refused credentials are an access denial', async () => {
    // Moto with authentication on from the first request: the test's access key is unknown to it.
    lockedMoto = await startMoto({ INITIAL_NO_AUTH_ACTION_COUNT: '0' });
    const failure = filesSourceType
      .open('locked', { location: `s3://${BUCKET}/raw`, endpoint: lockedMoto.url })
      .collect({ signal: never });
    const { code, message } = await failureOf(failure);
    expect(code).toBe('SOURCE_ACCESS_DENIED');
    expect(message).toMatch(/access denied \(S3 InvalidAccessKeyId\)/);
  }, 60_000);

  it('says an endpoint nothing listens on cannot be reached', async () => {
    const port = await freeLoopbackPort();
    const failure = source({ location: `s3://${BUCKET}/raw`, endpoint: `http://127.0.0.1:${port}` }).collect({
      signal: never,
    });
    const { code, message } = await failureOf(failure);
    expect(code).toBe('SOURCE_UNREACHABLE');
    expect(message).toMatch(/cannot be reached/);
  }, 60_000);

  it('gives up on an endpoint that connects but never answers, after the request timeout', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const failure = source({
        location: `s3://${BUCKET}/raw`,
        endpoint: `http://127.0.0.1:${port}`,
        requestTimeoutMs: 300,
      }).collect({ signal: never });
      const { code, message } = await failureOf(failure);
      expect(code).toBe('SOURCE_TIMEOUT');
      expect(message).toContain('the endpoint did not answer');
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  }, 60_000);

  it('refuses bucket settings for a local directory and unknown keys, all at once', () => {
    const parsed = filesSourceType.schema.safeParse({
      location: '/data/lake',
      endpoint: 'http://127.0.0.1:9000',
      region: 'eu-west-1',
      bucketName: 'x',
    });
    expect(parsed.success).toBe(false);
    const paths = parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.') || i.message);
    expect(paths).toEqual(expect.arrayContaining(['endpoint', 'region']));
    expect(parsed.success ? '' : JSON.stringify(parsed.error.issues)).toContain('bucketName');
  });
});
