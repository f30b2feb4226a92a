import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileDatasetSpec } from '../../ports/techspec-source.js';
import { filesSourceType } from './files-source.js';

/**
 * The files source over a folder made here: Parquet written by a maintained writer (hyparquet-writer), CSV in
 * two encodings and delimiters; each dataset described from the files' own metadata.
 */
describe('files technical spec source', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'techspec-files-'));
    for (const [day, offset] of [
      ['2026-01-01', 0],
      ['2026-01-02', 250],
    ] as const) {
      const dir = path.join(root, 'orders', `dt=${day}`);
      mkdirSync(dir, { recursive: true });
      parquetWriteFile({
        filename: path.join(dir, 'part-0.parquet'),
        codec: 'SNAPPY',
        rowGroupSize: 100,
        columnData: [
          { name: 'order_id', data: Array.from({ length: 250 }, (_, i) => offset + i + 1), type: 'INT32' },
          {
            name: 'status',
            data: Array.from({ length: 250 }, (_, i) => (i % 3 === 0 ? 'open' : 'shipped')),
            type: 'STRING',
          },
          {
            name: 'coupon',
            data: Array.from({ length: 250 }, (_, i) => (i % 5 === 0 ? null : 'SPRING')),
            type: 'STRING',
            nullable: true,
          },
        ],
      });
    }
    writeFileSync(path.join(root, 'orders', '_SUCCESS'), '');
    // Latin-1, semicolons, a header.
    writeFileSync(
      path.join(root, 'customers.csv'),
      Buffer.from(
        'id;name;city;balance\n' +
          Array.from(
            { length: 40 },
            (_, i) => `${i + 1};Zoé Müller ${i};Besançon;${(i * 3.5).toFixed(2)}`,
          ).join('\n') +
          '\n',
        'latin1',
      ),
    );
    // UTF-8, tabs, no header.
    mkdirSync(path.join(root, 'clicks'));
    writeFileSync(
      path.join(root, 'clicks', 'part-1.tsv'),
      Array.from({ length: 30 }, (_, i) => `${1000 + i}\t/page/${i}\t${i % 7}`).join('\n') + '\n',
    );
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const collect = async (extra: Record<string, unknown> = {}) => {
    const observations = await filesSourceType
      .open('lake', { location: root, ...extra })
      .collect({ signal: new AbortController().signal });
    return new Map(observations.map((o) => [o.urn, o.spec as FileDatasetSpec]));
  };

  it('reads Parquet codecs, row groups, rows, encodings and statistics over a partitioned folder', async () => {
    const specs = await collect();
    const orders = specs.get(`urn:li:dataset:(urn:li:dataPlatform:file,${root}/orders,PROD)`)!;
    expect(orders).toMatchObject({ format: 'parquet', fileCount: 2, rowCount: 500 });
    expect(orders.parquet!.codecs).toEqual(['SNAPPY']);
    expect(orders.parquet!.rowGroups).toBe(6);
    const byName = new Map(orders.parquet!.columns.map((c) => [c.name, c]));
    expect(byName.get('order_id')).toMatchObject({
      physicalType: 'INT32',
      min: '1',
      max: '500',
      nullCount: 0,
    });
    expect(byName.get('coupon')!.nullCount).toBe(100);
    expect(byName.get('status')!.encodings.length).toBeGreaterThan(0);
    expect(byName.get('status')!.compressedBytes).toBeGreaterThan(0);
    expect(orders.totalBytes).toBeGreaterThan(byName.get('order_id')!.compressedBytes);
  });

  it('tells a CSV file’s encoding, delimiter and header', async () => {
    const specs = await collect();
    const customers = specs.get(`urn:li:dataset:(urn:li:dataPlatform:file,${root}/customers.csv,PROD)`)!;
    expect(customers).toMatchObject({ format: 'csv', fileCount: 1, rowCount: null });
    expect(customers.csv).toEqual({
      delimiter: ';',
      hasHeader: true,
      encoding: 'ISO-8859-1',
      columns: ['id', 'name', 'city', 'balance'],
    });
    const clicks = specs.get(`urn:li:dataset:(urn:li:dataPlatform:file,${root}/clicks,PROD)`)!;
    expect(clicks.csv).toMatchObject({
      delimiter: '\t',
      hasHeader: false,
      columns: ['column_1', 'column_2', 'column_3'],
    });
    expect(specs.size).toBe(3);
  });

  it('names datasets with the prefix and platform given, and says a missing folder cannot be read', async () => {
    const specs = await collect({
      namePrefix: 'lake/raw',
      platform: 'hdfs',
      datasetPattern: '^orders$',
      env: 'DEV',
    });
    expect([...specs.keys()]).toEqual(['urn:li:dataset:(urn:li:dataPlatform:hdfs,lake/raw/orders,DEV)']);
    await expect(
      filesSourceType
        .open('gone', { location: path.join(root, 'nope') })
        .collect({ signal: new AbortController().signal }),
    ).rejects.toMatchObject({ code: 'SOURCE_UNREACHABLE' });
  });

  it('accepts an S3 bucket URL in the configuration and refuses other URLs', () => {
    expect(
      filesSourceType.schema.safeParse({ location: 's3://bucket/raw', endpoint: 'http://127.0.0.1:9000' })
        .success,
    ).toBe(true);
    expect(filesSourceType.schema.safeParse({ location: 'ftp://host/x' }).success).toBe(false);
  });
});
