import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

/**
 * Generates hub/src/generated/datahub-registry.ts, the embedded hub's entity and aspect registry, from
 * DataHub's own files, so nothing of it is typed by hand:
 *
 * - DataHub's `entity-registry.yml` (../shared/datahub/contract/): every entity type, its key aspect and the
 *   aspects a GMS accepts for it;
 * - the aspect Avro schemas that ship in DataHub's Python SDK wheel (acryl-datahub, at the version pinned in
 *   dev_env/requirements-sdk.txt, read from the dev_env venv and checked against the wheel's RECORD hashes):
 *   which aspects are timeseries (`"Aspect": {"type": "timeseries"}`), each key aspect's fields in order, each
 *   aspect's pegasus record name, and which entity each MCE snapshot record is.
 *
 * The product runs without ../shared, so the result is committed; `--check` (npm run registry:check, run by
 * dev_env/test.sh when ../shared is there) fails when it is stale.
 *
 *   tsx hub/scripts/datahub-registry.ts --write [--contract DIR] [--site-packages DIR]
 *   tsx hub/scripts/datahub-registry.ts --check [--contract DIR] [--site-packages DIR]
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const OUTPUT = join(ROOT, 'hub/src/generated/datahub-registry.ts');
const REQUIREMENTS = join(ROOT, 'dev_env/requirements-sdk.txt');
const SDK_PACKAGE = 'acryl-datahub';
const SCHEMAS_DIR = 'datahub/metadata/schemas';

/**
 * Aspects the hub accepted before its registry was generated that DataHub's registry at the commit of the
 * contract's entity-registry.yml does not list, but that DataHub accepts at the SDK's version (they are in the
 * `entityAspects` of the entity's key aspect schema in the wheel). The generator checks both, so a stale entry
 * (now in the yml, or no longer accepted by DataHub) fails generation. DataHub Cloud's aspects the showcase
 * datapack carries (lineageFeatures, entityInferenceMetadata, assertionsSummary, …) are not here: an
 * open-source GMS refuses them, and DataHub's own `datahub datapack load` drops them before sending.
 */
const KEPT_BEYOND_YML: Readonly<Record<string, readonly string[]>> = {
  assertion: ['ownership'],
  chart: ['documentation'],
  container: ['documentation'],
  dashboard: ['access', 'documentation'],
  dataFlow: ['documentation'],
  dataJob: ['documentation'],
  dataset: ['documentation', 'storageFeatures', 'usageFeatures'],
  document: ['institutionalMemory'],
  mlFeature: ['documentation', 'incidentsSummary'],
  mlFeatureTable: ['documentation', 'incidentsSummary'],
  mlModel: ['documentation', 'incidentsSummary'],
  mlModelGroup: ['documentation'],
  notebook: ['documentation'],
  schemaField: ['ownership'],
};

interface Options {
  mode: 'write' | 'check';
  contractDir: string;
  sitePackages: string | undefined;
}

interface YamlEntity {
  name: string;
  keyAspect: string;
  aspects?: string[];
}

interface AvroAspectAnnotation {
  name: string;
  type?: string;
  keyForEntity?: string;
  entityAspects?: string[];
}

interface AvroRecord {
  type: string;
  name: string;
  namespace?: string;
  fields?: { name: string; type: unknown }[];
  Aspect?: AvroAspectAnnotation;
  Entity?: { name: string; keyAspect: string };
}

interface AspectSchema {
  aspectName: string;
  /** Pegasus record name, e.g. `com.linkedin.dataset.DatasetProperties`. */
  recordName: string;
  timeseries: boolean;
  keyFields?: string[];
  keyForEntity?: string;
  entityAspects?: string[];
}

class GenerationError extends Error {}

function fail(message: string): never {
  throw new GenerationError(message);
}

function parseArgs(args: readonly string[]): Options {
  let mode: Options['mode'] | undefined;
  let contractDir = resolve(ROOT, '../shared/datahub/contract');
  let sitePackages: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--write' || arg === '--check') mode = arg === '--write' ? 'write' : 'check';
    else if (arg === '--contract') contractDir = resolve(args[++i] ?? fail('--contract needs a directory'));
    else if (arg === '--site-packages')
      sitePackages = resolve(args[++i] ?? fail('--site-packages needs a directory'));
    else fail(`unknown argument ${JSON.stringify(arg)}`);
  }
  if (!mode) fail('say --write or --check');
  return { mode, contractDir, sitePackages };
}

/** The acryl-datahub version dev_env pins (`acryl-datahub==X` in dev_env/requirements-sdk.txt). */
function pinnedSdkVersion(): string {
  const match = /^acryl-datahub(?:\[[^\]]*\])?==(\S+)\s*$/m.exec(readFileSync(REQUIREMENTS, 'utf8'));
  return match?.[1] ?? fail(`${relative(ROOT, REQUIREMENTS)} pins no ${SDK_PACKAGE}==<version>`);
}

function findSitePackages(given: string | undefined): string {
  if (given) return given;
  const lib = join(ROOT, '.venv/lib');
  const candidates = existsSync(lib)
    ? readdirSync(lib)
        .filter((d) => d.startsWith('python'))
        .map((d) => join(lib, d, 'site-packages'))
        .filter((d) => existsSync(join(d, SCHEMAS_DIR)))
    : [];
  if (candidates.length !== 1) {
    fail(
      `found ${candidates.length} venvs with ${SDK_PACKAGE} under .venv/lib; run dev_env/python-venv.sh, or pass --site-packages`,
    );
  }
  return candidates[0]!;
}

/** sha256 of each file the wheel installed, as its RECORD lists them (urlsafe base64, no padding). */
function wheelRecord(sitePackages: string, version: string): Map<string, string> {
  const distInfo = join(sitePackages, `acryl_datahub-${version}.dist-info`);
  if (!existsSync(distInfo)) {
    const installed = readdirSync(sitePackages).filter((d) => /^acryl_datahub-.*\.dist-info$/.test(d));
    fail(
      `${SDK_PACKAGE} ${version} (pinned in ${relative(ROOT, REQUIREMENTS)}) is not installed in ${sitePackages}` +
        ` (found ${installed.join(', ') || 'none'}); run dev_env/python-venv.sh`,
    );
  }
  const hashes = new Map<string, string>();
  for (const line of readFileSync(join(distInfo, 'RECORD'), 'utf8').split('\n')) {
    const [path, hash] = line.split(',');
    if (path && hash?.startsWith('sha256=')) hashes.set(path, hash.slice('sha256='.length));
  }
  return hashes;
}

/** Reads one schema file of the wheel, refusing it unless it is byte for byte what the wheel shipped. */
function readWheelFile(sitePackages: string, record: Map<string, string>, path: string): string {
  const bytes = readFileSync(join(sitePackages, path));
  const expected = record.get(path) ?? fail(`${path} is not in the wheel's RECORD`);
  const actual = createHash('sha256').update(bytes).digest('base64url');
  if (actual !== expected) fail(`${path} differs from the file the ${SDK_PACKAGE} wheel installed`);
  return bytes.toString('utf8');
}

function pegasusName(record: AvroRecord): string {
  const full = record.name.includes('.') ? record.name : `${record.namespace ?? ''}.${record.name}`;
  return full.replace(/^com\.linkedin\.pegasus2avro\./, 'com.linkedin.');
}

function readAspectSchemas(
  sitePackages: string,
  record: Map<string, string>,
): { aspects: Map<string, AspectSchema>; snapshots: Map<string, string> } {
  const aspects = new Map<string, AspectSchema>();
  let mce: AvroRecord | undefined;
  const files = [...record.keys()]
    .filter((p) => p.startsWith(`${SCHEMAS_DIR}/`) && p.endsWith('.avsc'))
    .sort();
  for (const path of files) {
    const schema = JSON.parse(readWheelFile(sitePackages, record, path)) as AvroRecord;
    if (schema.name === 'MetadataChangeEvent') mce = schema;
    const annotation = schema.Aspect;
    if (!annotation) continue;
    if (aspects.has(annotation.name)) fail(`two schemas declare aspect ${annotation.name}`);
    aspects.set(annotation.name, {
      aspectName: annotation.name,
      recordName: pegasusName(schema),
      timeseries: annotation.type === 'timeseries',
      ...(annotation.keyForEntity && {
        keyForEntity: annotation.keyForEntity,
        keyFields: (schema.fields ?? []).map((f) => f.name),
        entityAspects: annotation.entityAspects ?? [],
      }),
    });
  }
  if (!mce) fail(`${SCHEMAS_DIR}/MetadataChangeEvent.avsc is missing`);
  // The MCE's proposedSnapshot is a union of snapshot records, each annotated with its entity.
  const snapshots = new Map<string, string>();
  const field = mce.fields?.find((f) => f.name === 'proposedSnapshot');
  for (const member of Array.isArray(field?.type) ? (field.type as AvroRecord[]) : []) {
    if (member.Entity) snapshots.set(member.name, member.Entity.name);
  }
  if (snapshots.size === 0) fail('MetadataChangeEvent.avsc names no snapshot records');
  return { aspects, snapshots };
}

/** The upstream commit the contract README says the files were taken at. */
function contractCommit(contractDir: string): string {
  const readme = readFileSync(join(contractDir, 'README.md'), 'utf8');
  return (
    /upstream commit\s+([0-9a-f]{40})/.exec(readme)?.[1] ?? fail('contract README names no upstream commit')
  );
}

/** A TypeScript literal of a string or string array, in the repository's style (single quotes). */
function literal(value: string | readonly string[], indent = ''): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const oneLine = `[${value.map((v) => literal(v)).join(', ')}]`;
  if (indent.length + oneLine.length <= 100) return oneLine;
  return `[\n${value.map((v) => `${indent}  ${literal(v)},`).join('\n')}\n${indent}]`;
}

export function generate(options: Pick<Options, 'contractDir' | 'sitePackages'>): string {
  const ymlPath = join(options.contractDir, 'entity-registry.yml');
  if (!existsSync(ymlPath)) fail(`${ymlPath} is missing (DataHub's contract files live in ../shared)`);
  const ymlText = readFileSync(ymlPath, 'utf8');
  const yml = parseYaml(ymlText) as { entities?: YamlEntity[] };
  const version = pinnedSdkVersion();
  const sitePackages = findSitePackages(options.sitePackages);
  const { aspects: schemas, snapshots } = readAspectSchemas(sitePackages, wheelRecord(sitePackages, version));

  const entities = yml.entities ?? fail('entity-registry.yml has no entities');
  const lines: string[] = [];
  const timeseries = new Set<string>();
  const recordNames = new Map<string, string>();
  const seenTypes = new Set<string>();
  const kept: string[] = [];
  let pairs = 0;
  for (const entity of entities) {
    if (seenTypes.has(entity.name)) fail(`entity type ${entity.name} is listed twice`);
    seenTypes.add(entity.name);
    const key = schemas.get(entity.keyAspect) ?? fail(`no schema for key aspect ${entity.keyAspect}`);
    if (key.keyForEntity !== entity.name) {
      fail(
        `${entity.keyAspect} is the key of ${key.keyForEntity ?? 'no entity'} in the SDK, not ${entity.name}`,
      );
    }
    const own = [entity.keyAspect, ...(entity.aspects ?? [])];
    for (const extra of KEPT_BEYOND_YML[entity.name] ?? []) {
      if (own.includes(extra))
        fail(`${entity.name}.${extra} is in entity-registry.yml now; drop it from KEPT_BEYOND_YML`);
      if (!key.entityAspects?.includes(extra)) {
        fail(
          `DataHub (${SDK_PACKAGE} ${version}) does not accept ${extra} on ${entity.name}; drop it from KEPT_BEYOND_YML`,
        );
      }
      kept.push(`${entity.name}.${extra}`);
    }
    const aspectNames = [...new Set([...own, ...(KEPT_BEYOND_YML[entity.name] ?? [])])];
    for (const name of aspectNames) {
      const schema = schemas.get(name) ?? fail(`no schema in ${SDK_PACKAGE} ${version} for aspect ${name}`);
      if (schema.timeseries) timeseries.add(name);
      recordNames.set(name, schema.recordName);
    }
    pairs += aspectNames.length;
    lines.push(
      `  ${entity.name}: {`,
      `    keyAspect: ${literal(entity.keyAspect)},`,
      `    keyFields: ${literal(key.keyFields ?? [], '    ')},`,
      `    aspects: ${literal(aspectNames, '    ')},`,
      `  },`,
    );
  }
  for (const type of Object.keys(KEPT_BEYOND_YML)) {
    if (!seenTypes.has(type)) fail(`KEPT_BEYOND_YML names ${type}, which entity-registry.yml does not have`);
  }
  for (const [snapshot, type] of snapshots) {
    if (!seenTypes.has(type))
      fail(`snapshot ${snapshot} is of entity type ${type}, not in entity-registry.yml`);
  }

  const sha256 = createHash('sha256').update(ymlText).digest('hex');
  const commit = contractCommit(options.contractDir);
  return [
    '/**',
    ' * GENERATED by hub/scripts/datahub-registry.ts (`npm run registry:generate`); do not edit.',
    ' * `npm run registry:check` fails when this file is stale.',
    ' *',
    " * The embedded hub's entity and aspect registry, derived from DataHub's own files (DataHub,",
    ' * https://github.com/datahub-project/datahub, Apache License 2.0):',
    ` * - metadata-models/src/main/resources/entity-registry.yml at upstream commit ${commit}`,
    ` *   (../shared/datahub/contract/entity-registry.yml, sha256 ${sha256}):`,
    ` *   ${entities.length} entity types, their key aspects and the aspects a GMS accepts for each;`,
    ` * - the aspect Avro schemas of the ${SDK_PACKAGE} ${version} wheel (${SCHEMAS_DIR}/*.avsc): key aspect`,
    ' *   fields in order, timeseries aspects, pegasus record names, MCE snapshot records;',
    ` * - ${kept.length} aspects the yml does not list that DataHub accepts at that SDK version`,
    ' *   (ASPECTS_BEYOND_YML; see KEPT_BEYOND_YML in the generator).',
    ' */',
    '',
    '/** Where this registry comes from. */',
    'export const REGISTRY_SOURCE = {',
    `  entityRegistry: 'metadata-models/src/main/resources/entity-registry.yml',`,
    `  upstreamCommit: ${literal(commit)},`,
    `  entityRegistrySha256: ${literal(sha256)},`,
    `  aspectSchemas: ${literal(`${SDK_PACKAGE}==${version}`)},`,
    '} as const;',
    '',
    'export interface DataHubEntityType {',
    '  /** The aspect GMS derives from the urn; it marks that the entity exists. */',
    '  keyAspect: string;',
    "  /** The key aspect's fields in order: urn key part i is field i (GMS's EntityKeyUtils). */",
    '  keyFields: readonly string[];',
    '  /** Every aspect GMS accepts for the entity type, the key aspect first. */',
    '  aspects: readonly string[];',
    '}',
    '',
    `/** ${entities.length} entity types, ${pairs} (entity type, aspect) pairs. */`,
    'export const ENTITY_TYPES: Readonly<Record<string, DataHubEntityType>> = {',
    ...lines,
    '};',
    '',
    '/** Aspects GMS keeps as time series (`"type": "timeseries"` in their schemas). */',
    `export const TIMESERIES_ASPECT_NAMES: readonly string[] = ${literal([...timeseries].sort())};`,
    '',
    "/** `entityType.aspect` pairs accepted beyond entity-registry.yml (DataHub accepts them at the SDK's version). */",
    `export const ASPECTS_BEYOND_YML: readonly string[] = ${literal(kept)};`,
    '',
    '/** Pegasus record name of every aspect above. */',
    'export const ASPECT_RECORD_NAMES: Readonly<Record<string, string>> = {',
    ...[...recordNames]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([aspect, record]) => `  ${aspect}: ${literal(record)},`),
    '};',
    '',
    "/** Entity type of each snapshot record of DataHub's MetadataChangeEvent (MCE files, `emit_mce`). */",
    'export const SNAPSHOT_ENTITY_TYPES: Readonly<Record<string, string>> = {',
    ...[...snapshots].map(([snapshot, type]) => `  ${snapshot}: ${literal(type)},`),
    '};',
    '',
  ].join('\n');
}

function main(args: readonly string[]): number {
  try {
    const options = parseArgs(args);
    const text = generate(options);
    const target = relative(ROOT, OUTPUT);
    if (options.mode === 'write') {
      writeFileSync(OUTPUT, text);
      console.log(`registry: wrote ${target}`);
      return 0;
    }
    const committed = existsSync(OUTPUT) ? readFileSync(OUTPUT, 'utf8') : '';
    if (committed === text) {
      console.log(`registry: ${target} matches entity-registry.yml and the ${SDK_PACKAGE} schemas`);
      return 0;
    }
    const a = committed.split('\n');
    const b = text.split('\n');
    const line = a.findIndex((l, i) => l !== b[i]);
    console.error(
      `registry: ${target} is stale (first difference at line ${(line < 0 ? a.length : line) + 1}); ` +
        "run 'npm run registry:generate' and commit the result",
    );
    return 1;
  } catch (error) {
    if (!(error instanceof GenerationError)) throw error;
    console.error(`registry: ${error.message}`);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
