import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The Numenta Anomaly Benchmark corpus as NAB lays it out: data/<category>/<file>.csv (timestamp, value),
 * labels/combined_windows.json (anomaly windows per file), config/profiles.json (cost matrices) and
 * results/<detector>/<category>/<detector>_<file>.csv (published detector outputs).
 */

export interface CostMatrix {
  tpWeight: number;
  fpWeight: number;
  fnWeight: number;
}

export type ProfileName = 'standard' | 'reward_low_FP_rate' | 'reward_low_FN_rate';
export const PROFILES: readonly ProfileName[] = ['standard', 'reward_low_FP_rate', 'reward_low_FN_rate'];

export interface NabSeries {
  /** `<category>/<file>.csv`, NAB's key for the file. */
  key: string;
  category: string;
  file: string;
  /** The timestamp column verbatim, for writing results in NAB's layout. */
  rawTimestamps: string[];
  /** Epoch milliseconds (NAB timestamps are naive; read as UTC). */
  timestamps: number[];
  values: number[];
  /** Inclusive [start, end] in epoch milliseconds, in time order. */
  windows: [number, number][];
}

/** NAB writes `2014-07-01 00:00:00` in data and `2014-07-01 00:00:00.000000` in labels. */
export function parseNabTime(text: string): number {
  const t = Date.parse(`${text.trim().replace(' ', 'T')}Z`);
  if (!Number.isFinite(t)) throw new Error(`not a NAB timestamp: ${text}`);
  return t;
}

/** Splits a CSV without quoted fields (NAB's files have none) into a header and rows. */
export function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const [head, ...rest] = lines;
  if (head === undefined) throw new Error('empty CSV');
  return { header: head.split(','), rows: rest.map((l) => l.split(',')) };
}

export async function loadProfiles(nabDir: string): Promise<Record<ProfileName, CostMatrix>> {
  const raw = JSON.parse(await readFile(path.join(nabDir, 'config/profiles.json'), 'utf8')) as Record<
    string,
    { CostMatrix: CostMatrix }
  >;
  const out = {} as Record<ProfileName, CostMatrix>;
  for (const p of PROFILES) {
    const m = raw[p]?.CostMatrix;
    if (!m) throw new Error(`profiles.json has no ${p} profile`);
    out[p] = { tpWeight: m.tpWeight, fpWeight: m.fpWeight, fnWeight: m.fnWeight };
  }
  return out;
}

/** Every labelled series of the corpus, in a stable order. */
export async function loadCorpus(nabDir: string): Promise<NabSeries[]> {
  const windows = JSON.parse(
    await readFile(path.join(nabDir, 'labels/combined_windows.json'), 'utf8'),
  ) as Record<string, [string, string][]>;
  const series: NabSeries[] = [];
  for (const key of Object.keys(windows).sort()) {
    const [category, file] = key.split('/') as [string, string];
    const { header, rows } = parseCsv(await readFile(path.join(nabDir, 'data', key), 'utf8'));
    const ti = header.indexOf('timestamp');
    const vi = header.indexOf('value');
    if (ti < 0 || vi < 0) throw new Error(`${key}: no timestamp/value columns`);
    const rawTimestamps = rows.map((r) => r[ti]!);
    series.push({
      key,
      category,
      file,
      rawTimestamps,
      timestamps: rawTimestamps.map(parseNabTime),
      values: rows.map((r) => Number(r[vi])),
      windows: windows[key]!.map(([a, b]) => [parseNabTime(a), parseNabTime(b)] as [number, number]).sort(
        (a, b) => a[0] - b[0],
      ),
    });
  }
  return series;
}

/** A published detector's anomaly scores per series key, read from NAB's results layout. */
export async function loadPublishedScores(nabDir: string, detector: string): Promise<Map<string, number[]>> {
  const root = path.join(nabDir, 'results', detector);
  const out = new Map<string, number[]>();
  for (const category of await readdir(root, { withFileTypes: true })) {
    if (!category.isDirectory()) continue;
    for (const f of await readdir(path.join(root, category.name))) {
      if (!f.startsWith(`${detector}_`) || !f.endsWith('.csv')) continue;
      const { header, rows } = parseCsv(await readFile(path.join(root, category.name, f), 'utf8'));
      const si = header.indexOf('anomaly_score');
      out.set(
        `${category.name}/${f.slice(detector.length + 1)}`,
        rows.map((r) => Number(r[si])),
      );
    }
  }
  return out;
}
