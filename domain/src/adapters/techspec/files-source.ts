import path from 'node:path';
import { detect as detectEncoding } from 'chardet';
import { parquetMetadataAsync, type AsyncBuffer } from 'hyparquet';
import { z } from 'zod';
import {
  TechSpecSourceError,
  type FileDatasetSpec,
  type ParquetColumnSpec,
  type SpecObservation,
  type TechSpecSource,
  type TechSpecSourceType,
} from '../../ports/techspec-source.js';
import { datasetUrn, fabricSchema, matcherOf, regexSchema, sourceFailure } from './common.js';
import { localFileTree, type DataFile, type FileTree } from './file-tree.js';
import { s3FileTree } from './s3-file-tree.js';

const S3_URL = /^s3:\/\/[^/]+/;
/** Keys that only mean something for a bucket. */
const S3_KEYS = ['endpoint', 'region', 'forcePathStyle'] as const;

const configSchema = z
  .object({
    /** A local directory, or an S3-compatible bucket URL (s3://bucket/prefix). */
    location: z
      .string()
      .min(1)
      .refine(
        (s) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(s) || S3_URL.test(s),
        'a directory or s3://bucket/prefix',
      ),
    /** For an S3-compatible store other than AWS's. */
    endpoint: z.string().url().optional(),
    /** The bucket's region (default: AWS_REGION, else us-east-1; AWS redirects to the right one). */
    region: z
      .string()
      .regex(/^[a-z0-9-]+$/)
      .optional(),
    /** Path-style addressing (http://host/bucket/key): the default with an `endpoint`. */
    forcePathStyle: z.boolean().optional(),
    /** Time to connect to the bucket's endpoint, per attempt. */
    connectTimeoutMs: z.number().int().min(100).max(600_000).default(5_000),
    /** Time for each request to the bucket to answer once connected, per attempt. */
    requestTimeoutMs: z.number().int().min(100).max(600_000).default(30_000),
    /** The DataHub platform of the datasets: `file` for a local directory, `s3` for a bucket by default. */
    platform: z
      .string()
      .regex(/^[a-z0-9-]+$/)
      .optional(),
    /** What precedes a dataset's path in its urn name (default: the location itself). */
    namePrefix: z.string().optional(),
    /** A regular expression over a dataset's path relative to the location. */
    datasetPattern: regexSchema.optional(),
    env: fabricSchema,
  })
  .strict()
  .superRefine((config, ctx) => {
    if (S3_URL.test(config.location)) return;
    for (const key of S3_KEYS)
      if (config[key] !== undefined)
        ctx.addIssue({ code: 'custom', path: [key], message: 'only for an s3://bucket/prefix location' });
  });

type FilesSourceConfig = z.infer<typeof configSchema>;

/** Bytes of a CSV file read to tell its encoding, delimiter and header. */
const CSV_SAMPLE_BYTES = 64 * 1024;
/**
 * Bytes read first from a Parquet file's end: enough for the footer of a file with a few hundred columns; a
 * larger footer costs one more ranged read of exactly its size.
 */
const PARQUET_TAIL_BYTES = 64 * 1024;
const DELIMITERS = [',', ';', '\t', '|'] as const;

function text(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return v.toString();
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
}

/** Parquet footers of a dataset's files, summed: codecs, row groups, rows, each column's encodings and statistics. */
export async function parquetFooters(
  tree: FileTree,
  files: readonly DataFile[],
  signal: AbortSignal,
): Promise<NonNullable<FileDatasetSpec['parquet']> & { rows: number }> {
  const codecs = new Set<string>();
  const columns = new Map<string, ParquetColumnSpec & { minV?: unknown; maxV?: unknown }>();
  let rowGroups = 0;
  let rows = 0;
  let createdBy: string | null = null;
  for (const file of files) {
    const buffer: AsyncBuffer = {
      byteLength: file.size,
      slice: async (start, end) => {
        const bytes = await tree.read(file, start, end ?? file.size, signal);
        return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      },
    };
    const metadata = await parquetMetadataAsync(buffer, { initialFetchSize: PARQUET_TAIL_BYTES });
    createdBy ??= metadata.created_by ?? null;
    rows += Number(metadata.num_rows);
    rowGroups += metadata.row_groups.length;
    for (const group of metadata.row_groups)
      for (const chunk of group.columns) {
        const m = chunk.meta_data;
        if (!m) continue;
        codecs.add(m.codec);
        const name = m.path_in_schema.join('.');
        const column = columns.get(name) ?? {
          name,
          physicalType: m.type,
          codec: m.codec,
          encodings: [],
          compressedBytes: 0,
          uncompressedBytes: 0,
          nullCount: 0,
          min: null,
          max: null,
        };
        for (const e of m.encodings) if (!column.encodings.includes(e)) column.encodings.push(e);
        column.compressedBytes += Number(m.total_compressed_size);
        column.uncompressedBytes += Number(m.total_uncompressed_size);
        const stats = m.statistics;
        const nulls = stats?.null_count;
        column.nullCount =
          nulls === undefined || column.nullCount === null ? null : column.nullCount + Number(nulls);
        const lo = stats?.min_value ?? stats?.min;
        const hi = stats?.max_value ?? stats?.max;
        if (lo !== undefined && (column.minV === undefined || (lo as number) < (column.minV as number)))
          column.minV = lo;
        if (hi !== undefined && (column.maxV === undefined || (hi as number) > (column.maxV as number)))
          column.maxV = hi;
        columns.set(name, column);
      }
  }
  return {
    codecs: [...codecs].sort(),
    rowGroups,
    rows,
    createdBy,
    columns: [...columns.values()].map(({ minV, maxV, ...c }) => ({
      ...c,
      min: text(minV),
      max: text(maxV),
    })),
  };
}

/** Splits a line on the delimiter outside double quotes. */
function fields(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === delimiter && !quoted) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out.map((f) => f.trim());
}

const NUMERIC = /^-?\d+([.,]\d+)?([eE][-+]?\d+)?$/;

/**
 * A CSV file's encoding (chardet), delimiter (the one splitting every sampled line alike) and header, from the
 * first bytes of the file (`whole` when they are all of it).
 */
export function sniffCsv(sample: Uint8Array, whole: boolean): NonNullable<FileDatasetSpec['csv']> {
  const detected = detectEncoding(sample) ?? 'UTF-8';
  let decoded: string;
  try {
    decoded = new TextDecoder(detected.toLowerCase()).decode(sample);
  } catch {
    decoded = new TextDecoder('utf-8').decode(sample);
  }
  // The last line of the sample may be cut short.
  const lines = decoded
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .slice(0, 50)
    .filter((l) => l.length > 0);
  if (lines.length > 1 && !decoded.endsWith('\n') && !whole) lines.pop();
  let delimiter: string = ',';
  let best = -1;
  for (const d of DELIMITERS) {
    const counts = lines.map((l) => fields(l, d).length);
    const first = counts[0] ?? 1;
    const consistent = counts.filter((c) => c === first).length / Math.max(counts.length, 1);
    const score = first > 1 ? consistent * 100 + first : 0;
    if (score > best) {
      best = score;
      delimiter = d;
    }
  }
  const head = lines[0] ? fields(lines[0], delimiter) : [];
  const body = lines.slice(1).map((l) => fields(l, delimiter));
  // A header names columns: no number in it, and unlike the rows under it (a numeric column, or names that recur
  // nowhere below).
  const headerish =
    head.length > 0 &&
    head.every((h) => h !== '' && !NUMERIC.test(h)) &&
    (body.length === 0 ||
      head.some((_, i) => body.some((r) => NUMERIC.test(r[i] ?? ''))) ||
      head.every((h, i) => body.every((r) => r[i] !== h)));
  return {
    delimiter,
    hasHeader: headerish,
    encoding: detected,
    columns: headerish ? head : head.map((_, i) => `column_${i + 1}`),
  };
}

async function describeDataset(
  tree: FileTree,
  relative: string,
  files: readonly DataFile[],
  signal: AbortSignal,
): Promise<FileDatasetSpec> {
  const totalBytes = files.reduce((sum, f) => sum + f.size, 0);
  const parquetFiles = files.filter((f) => /\.parquet$/i.test(f.path));
  const csvFiles = files.filter((f) => /\.(csv|tsv|txt)$/i.test(f.path));
  const format: FileDatasetSpec['format'] =
    parquetFiles.length === files.length && files.length > 0
      ? 'parquet'
      : csvFiles.length === files.length && files.length > 0
        ? 'csv'
        : parquetFiles.length + csvFiles.length > 0
          ? 'mixed'
          : 'other';
  const parquet = parquetFiles.length > 0 ? await parquetFooters(tree, parquetFiles, signal) : null;
  const firstCsv = csvFiles[0];
  return {
    kind: 'files',
    path: relative,
    format,
    fileCount: files.length,
    totalBytes,
    rowCount: parquet ? parquet.rows : null,
    parquet: parquet && {
      codecs: parquet.codecs,
      rowGroups: parquet.rowGroups,
      columns: parquet.columns,
      createdBy: parquet.createdBy,
    },
    csv: firstCsv
      ? sniffCsv(
          await tree.read(firstCsv, 0, Math.min(CSV_SAMPLE_BYTES, firstCsv.size), signal),
          firstCsv.size <= CSV_SAMPLE_BYTES,
        )
      : null,
  };
}

/** The files of each dataset: an entry directly under the root, a folder with every file below it or one file. */
function datasetsOf(files: readonly DataFile[]): Map<string, DataFile[]> {
  const out = new Map<string, DataFile[]>();
  for (const file of files) {
    const slash = file.path.indexOf('/');
    const name = slash < 0 ? file.path : file.path.slice(0, slash);
    const group = out.get(name) ?? [];
    group.push(file);
    out.set(name, group);
  }
  return out;
}

/**
 * Reads a folder of data files, local or in an S3-compatible bucket: each entry directly under the location is a
 * dataset (a folder with all the files below it, e.g. its partitions, or a single file), described from the
 * files’ own metadata (only the bytes that hold it are read).
 */
function openFilesSource(name: string, config: FilesSourceConfig): TechSpecSource {
  const include = matcherOf(config.datasetPattern);
  const remote = config.location.startsWith('s3://');
  const root = remote ? config.location : path.resolve(config.location);
  const platform = config.platform ?? (remote ? 's3' : 'file');
  const prefix = (config.namePrefix ?? (remote ? root.slice('s3://'.length) : root)).replace(/\/+$/, '');
  return {
    type: 'files',
    name,
    async collect({ signal, onProgress }) {
      const tree = remote
        ? s3FileTree({
            location: root,
            endpoint: config.endpoint,
            region: config.region,
            forcePathStyle: config.forcePathStyle,
            connectTimeoutMs: config.connectTimeoutMs,
            requestTimeoutMs: config.requestTimeoutMs,
          })
        : localFileTree(root);
      try {
        const datasets = [...datasetsOf(await tree.list(signal))]
          .filter(([name]) => include(name))
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        const out: SpecObservation[] = [];
        for (const [entry, files] of datasets) {
          if (signal.aborted) throw new Error(String(signal.reason));
          const spec = await describeDataset(tree, entry, files, signal);
          out.push({
            urn: datasetUrn(platform, `${prefix}/${entry}`, config.env),
            observedAt: Date.now(),
            spec,
          });
          onProgress?.(out.length, datasets.length);
        }
        return out;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'ENOENT' || code === 'EACCES' || code === 'ENOTDIR')
          throw new TechSpecSourceError(
            'SOURCE_UNREACHABLE',
            `${root} cannot be read: ${(error as Error).message}`,
          );
        throw sourceFailure(error, signal, root);
      } finally {
        tree.close?.();
      }
    },
  };
}

export const filesSourceType: TechSpecSourceType = {
  type: 'files',
  schema: configSchema,
  secretKeys: [],
  open: (name, config) => openFilesSource(name, configSchema.parse(config)),
};
