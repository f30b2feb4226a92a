import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InvalidInputError } from '../../shared/errors.js';
import type { TechSpecSourceType } from '../../ports/techspec-source.js';

/**
 * An ingestion configuration: named sources of technical specs, each of a registered type with its own
 * strict schema, an optional schedule, and a time limit per source. Secrets are `${env:NAME}` references,
 * kept as written and resolved only when a run opens the source.
 */
export interface IngestionConfig {
  name: string;
  /** `every 6h` or a five-field cron expression (UTC); null: on demand only. */
  schedule: string | null;
  /** Per source, unless the source sets its own `timeoutMs`. */
  timeoutMs: number;
  sources: {
    type: string;
    name: string;
    timeoutMs: number;
    config: Record<string, unknown>;
    /** What is wrong with this source's configuration: a run marks it failed and runs the others. */
    problems: string[];
  }[];
}

export class IngestionConfigError extends InvalidInputError {
  constructor(readonly problems: string[]) {
    super(
      'INVALID_INGESTION_CONFIG',
      `Invalid ingestion configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ${problems.join('\n  - ')}`,
    );
    this.name = 'IngestionConfigError';
  }
}

const ENV_REF = /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$/;
const SCHEDULE = /^(every [1-9]\d*[smhd]|(\S+\s+){4}\S+)$/;

const topLevel = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes, at most 63'),
    schedule: z.string().regex(SCHEDULE, '`every 6h` or a five-field cron expression').optional(),
    timeoutMs: z.number().int().min(100).max(3_600_000).optional(),
    sources: z.array(z.unknown()).min(1, 'at least one source'),
  })
  .strict();

/** Keys every source has, whatever its type; the type's schema sees the rest. */
const COMMON_KEYS = ['type', 'name', 'timeoutMs'] as const;

function pathOf(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
}

/** Parses YAML (or JSON, which is YAML) text into a validated configuration; every problem at once. */
export function parseIngestionConfig(text: string, types: readonly TechSpecSourceType[]): IngestionConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new IngestionConfigError([`not valid YAML: ${(error as Error).message.split('\n')[0]}`]);
  }
  return validateIngestionConfig(raw, types);
}

export function validateIngestionConfig(raw: unknown, types: readonly TechSpecSourceType[]): IngestionConfig {
  const top = topLevel.safeParse(raw);
  const topProblems = top.success
    ? []
    : top.error.issues
        // A source's own problems are reported by its type's schema below.
        .filter((issue) => !(issue.path[0] === 'sources' && issue.path.length > 2))
        .map((issue) => `${pathOf(issue.path) || '(top)'}: ${issue.message}`);
  const rawSources = (raw as { sources?: unknown } | null)?.sources;
  const sources = Array.isArray(rawSources) ? checkSources(rawSources, types, raw) : [];
  const sourceProblems = sources.flatMap((s) => s.problems);
  if (topProblems.length > 0) throw new IngestionConfigError([...topProblems, ...sourceProblems]);
  const ok = raw as { name: string; schedule?: string; timeoutMs?: number };
  return {
    name: ok.name,
    schedule: ok.schedule ?? null,
    timeoutMs: ok.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    sources,
  };
}

/** Every problem of a configuration, its sources' included (a run still runs the sources without any). */
export function configProblems(config: IngestionConfig): string[] {
  return config.sources.flatMap((s) => s.problems);
}

/** The configuration, refused with every problem at once unless every source is valid. */
export function assertValidConfig(config: IngestionConfig): IngestionConfig {
  const problems = configProblems(config);
  if (problems.length > 0) throw new IngestionConfigError(problems);
  return config;
}

const DEFAULT_TIMEOUT_MS = 60_000;

function checkSources(
  rawSources: unknown[],
  types: readonly TechSpecSourceType[],
  raw: unknown,
): IngestionConfig['sources'] {
  const defaultTimeout = (raw as { timeoutMs?: unknown }).timeoutMs;
  const byType = new Map(types.map((t) => [t.type, t]));
  const names = new Set<string>();
  return rawSources.map((value, i) => {
    const at = `sources[${i}]`;
    const problems: string[] = [];
    const source = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
    const name =
      typeof source.name === 'string' && /^[a-z0-9][a-z0-9_-]{0,62}$/.test(source.name) ? source.name : null;
    if (!value || typeof value !== 'object' || Array.isArray(value))
      problems.push(`${at}: must be a mapping`);
    else if (name === null)
      problems.push(`${at}.name: required, lower-case letters, digits, dashes and underscores`);
    else if (names.has(name)) problems.push(`${at}.name: "${name}" names another source too`);
    else names.add(name);
    const timeout = source.timeoutMs;
    if (
      timeout !== undefined &&
      (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 100 || timeout > 3_600_000)
    )
      problems.push(`${at}.timeoutMs: an integer from 100 to 3600000`);
    const type = typeof source.type === 'string' ? byType.get(source.type) : undefined;
    let config = Object.fromEntries(
      Object.entries(source).filter(([k]) => !(COMMON_KEYS as readonly string[]).includes(k)),
    );
    if (!type)
      problems.push(
        `${at}.type: ${source.type === undefined ? 'required' : `unknown source type ${JSON.stringify(source.type)}`}; one of ${[...byType.keys()].join(', ')}`,
      );
    else {
      for (const key of type.secretKeys) {
        const secret = key
          .split('.')
          .reduce<unknown>(
            (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
            config,
          );
        if (secret !== undefined && (typeof secret !== 'string' || !ENV_REF.test(secret)))
          problems.push(
            `${at}.${key}: a secret is written as an environment reference such as \${env:${key.split('.').pop()!.toUpperCase()}}, never in clear`,
          );
      }
      const parsed = type.schema.safeParse(config);
      if (parsed.success) config = parsed.data;
      else
        for (const issue of parsed.error.issues)
          problems.push(`${at}${pathOf(issue.path) ? `.${pathOf(issue.path)}` : ''}: ${issue.message}`);
    }
    return {
      type: typeof source.type === 'string' ? source.type : '',
      name: name ?? `source-${i + 1}`,
      timeoutMs:
        typeof timeout === 'number'
          ? timeout
          : typeof defaultTimeout === 'number'
            ? defaultTimeout
            : DEFAULT_TIMEOUT_MS,
      config,
      problems,
    };
  });
}

/**
 * The source's configuration with its `${env:NAME}` references replaced from `env`. A reference to a variable
 * that is not set is an error naming it (the value is never shown).
 */
export function resolveSecrets(
  config: Record<string, unknown>,
  env: Readonly<Record<string, string | undefined>>,
): Record<string, unknown> {
  const missing: string[] = [];
  const resolve = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const m = ENV_REF.exec(value);
      if (!m) return value;
      const v = env[m[1]!];
      if (v === undefined) missing.push(m[1]!);
      return v ?? '';
    }
    if (Array.isArray(value)) return value.map(resolve);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
    return value;
  };
  const out = resolve(config) as Record<string, unknown>;
  if (missing.length > 0)
    throw new IngestionConfigError(missing.map((n) => `environment variable ${n} is referenced but not set`));
  return out;
}
