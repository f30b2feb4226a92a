/**
 * One dataset's metadata: properties, container and browse path, schema (two versions when a schema change
 * is planted), tags, glossary terms, domain, ownership, upstream lineage and deprecation, followed by its
 * history from history.ts. Which of these a dataset has is drawn from its own seeded stream, so it does not
 * depend on catalog size.
 */
import { Rng, hash32, uniformAt } from '@dataspoke/domain/shared/prng';
import type { ColumnDef, ColumnType } from './tables.js';
import { DATASET_TEMPLATES } from './templates.js';
import {
  ANALYTICS_ENGINEERS,
  COLUMN_DOCS,
  DATA_PLATFORM_ENGINEERS,
  STEWARDS,
  domainById,
  domainUrn,
  groupUrn,
  piiTermUrn,
  tagUrn,
  userUrn,
} from './vocabulary.js';
import { mcp, ownersAspect, stamp, type Emit } from './aspects.js';
import { containerOf, type ContainerDef } from './containers.js';
import { DAY, effectsKey, type Context, type Instance } from './context.js';
import { timeseries, type Columns } from './history.js';
import { datasetRef, type Platform } from './regions.js';

const NATIVE: Readonly<Record<Platform, Readonly<Record<ColumnType, string>>>> = {
  postgres: {
    id: 'bigint',
    str: 'varchar(255)',
    text: 'text',
    int: 'integer',
    dec: 'numeric(12,2)',
    ts: 'timestamp',
    date: 'date',
    bool: 'boolean',
    json: 'jsonb',
  },
  mysql: {
    id: 'BIGINT',
    str: 'VARCHAR(255)',
    text: 'TEXT',
    int: 'INT',
    dec: 'DECIMAL(12,2)',
    ts: 'DATETIME',
    date: 'DATE',
    bool: 'TINYINT(1)',
    json: 'JSON',
  },
  kafka: {
    id: 'long',
    str: 'string',
    text: 'string',
    int: 'int',
    dec: 'double',
    ts: 'long',
    date: 'int',
    bool: 'boolean',
    json: 'string',
  },
  s3: {
    id: 'int64',
    str: 'string',
    text: 'string',
    int: 'int32',
    dec: 'decimal(12,2)',
    ts: 'timestamp[us]',
    date: 'date32[day]',
    bool: 'bool',
    json: 'string',
  },
  snowflake: {
    id: 'NUMBER(38,0)',
    str: 'VARCHAR(16777216)',
    text: 'VARCHAR(16777216)',
    int: 'NUMBER(38,0)',
    dec: 'NUMBER(12,2)',
    ts: 'TIMESTAMP_NTZ(9)',
    date: 'DATE',
    bool: 'BOOLEAN',
    json: 'VARIANT',
  },
};

const TYPE_CLASS: Readonly<Record<ColumnType, string>> = {
  id: 'com.linkedin.schema.NumberType',
  str: 'com.linkedin.schema.StringType',
  text: 'com.linkedin.schema.StringType',
  int: 'com.linkedin.schema.NumberType',
  dec: 'com.linkedin.schema.NumberType',
  ts: 'com.linkedin.schema.TimeType',
  date: 'com.linkedin.schema.DateType',
  bool: 'com.linkedin.schema.BooleanType',
  json: 'com.linkedin.schema.StringType',
};

function humanize(name: string): string {
  const s = name.replace(/^_+/, '').replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function schemaFields(
  inst: Instance,
  cols: readonly ColumnDef[],
  types: readonly ColumnType[],
  documented: (c: ColumnDef) => boolean,
  time: number,
): unknown[] {
  const native = NATIVE[inst.ref.platform];
  return cols.map((c, i) => {
    const type = types[i] ?? c.type;
    const field: Record<string, unknown> = {
      fieldPath: c.name,
      nativeDataType: native[type],
      type: { type: { [TYPE_CLASS[type]]: {} } },
      nullable: !c.pk,
      isPartOfKey: c.pk,
      recursive: false,
    };
    if (documented(c)) field.description = COLUMN_DOCS[c.name] ?? `${humanize(c.name)}.`;
    if (c.pii) {
      field.globalTags = { tags: [{ tag: tagUrn('PII') }] };
      field.glossaryTerms = {
        terms: [{ urn: piiTermUrn(c.pii) }],
        auditStamp: stamp(time, userUrn(STEWARDS[0])),
      };
    }
    return field;
  });
}

function schemaHash(cols: readonly ColumnDef[], types: readonly ColumnType[]): string {
  return hash32(cols.map((c, i) => `${c.name}:${types[i] ?? c.type}`).join(','))
    .toString(16)
    .padStart(8, '0');
}

export function* datasetProposals(
  ctx: Context,
  inst: Instance,
  cs: Record<string, ContainerDef>,
): Generator<Emit> {
  const { t, ref, rg } = inst;
  const urn = ref.urn;
  const now = ctx.now;
  const rng = Rng.of(ctx.seed, `dataset:${urn}`);
  const effects = ctx.effects.get(effectsKey(inst.replica, t.index)) ?? {};
  const domain = domainById(t.domain);
  const created = inst.createdAt;

  const documented = rng.chance(t.docRate) || t.deprecated !== undefined;
  const columnDocSeed = hash32(`cols:${urn}`, ctx.seed);
  const columnDocumented = (c: ColumnDef): boolean => uniformAt(columnDocSeed, c.name, 0) < t.columnDocRate;
  const cadenceText =
    t.cadence === 'none'
      ? 'continuous (operational system)'
      : t.cadence === 'hourly'
        ? `hourly at :${String(inst.loadMinute % 15).padStart(2, '0')}`
        : `${t.cadence === 'weekly' ? 'weekly on Monday' : 'daily'} at ${String(inst.loadHour).padStart(2, '0')}:${String(inst.loadMinute).padStart(2, '0')} UTC`;

  yield mcp('dataset', urn, 'status', { removed: false }, now);
  const customProperties: Record<string, string> = {
    layer: t.layer,
    region: rg.code,
    refresh_schedule: cadenceText,
  };
  if (t.system) customProperties.source_system = t.system;
  if (t.layer === 'silver' || t.layer === 'gold') {
    customProperties.materialization = t.view ? 'view' : t.model === 'partition' ? 'incremental' : 'table';
    customProperties.dbt_model = `model.acme.${t.name}`;
  }
  customProperties.curated = String(t.certified);
  const props: Record<string, unknown> = {
    name: t.name,
    qualifiedName: ref.qualifiedName,
    customProperties,
    created: { time: created },
    tags: [],
  };
  if (documented) props.description = t.description;
  yield mcp('dataset', urn, 'datasetProperties', props, now);
  yield mcp(
    'dataset',
    urn,
    'subTypes',
    { typeNames: [ref.platform === 'kafka' ? 'Topic' : t.view ? 'View' : 'Table'] },
    now,
  );
  yield mcp('dataset', urn, 'dataPlatformInstance', { platform: `urn:li:dataPlatform:${ref.platform}` }, now);
  const container = containerOf(inst, cs);
  if (container) {
    yield mcp('dataset', urn, 'container', { container: container.urn }, now);
    const path = container.parent ? [container.parent, container] : [container];
    yield mcp('dataset', urn, 'browsePathsV2', { path: path.map((c) => ({ id: c.urn, urn: c.urn })) }, now);
  } else {
    yield mcp('dataset', urn, 'browsePathsV2', { path: [{ id: `${rg.code}.${t.system ?? ''}` }] }, now);
  }

  // Schema: one version, or two when a schema change is planted (older first so the hub keeps history).
  const cols = t.columns;
  const types = cols.map((c) => c.type);
  const schemaName = ref.qualifiedName;
  const platformSchema =
    ref.platform === 'kafka'
      ? { 'com.linkedin.schema.KafkaSchema': { documentSchema: '' } }
      : ref.platform === 's3'
        ? { 'com.linkedin.schema.OtherSchema': { rawSchema: '' } }
        : { 'com.linkedin.schema.MySqlDDL': { tableSchema: '' } };
  const schema = (
    version: number,
    fieldsCols: readonly ColumnDef[],
    fieldTypes: readonly ColumnType[],
    modified: number,
  ): unknown => ({
    schemaName,
    platform: `urn:li:dataPlatform:${ref.platform}`,
    version,
    created: stamp(created),
    lastModified: stamp(modified),
    hash: schemaHash(fieldsCols, fieldTypes),
    platformSchema,
    fields: schemaFields(inst, fieldsCols, fieldTypes, columnDocumented, created),
  });
  const sc = effects.schemaChange;
  let current: Columns = { fields: [...cols], types };
  if (sc) {
    yield mcp('dataset', urn, 'schemaMetadata', schema(0, cols, types, created), sc.at - DAY);
    const fields = cols.filter((c) => c.name !== sc.remove);
    const newTypes = fields.map((c) => (c.name === sc.retype ? sc.newType : c.type));
    current = { fields, types: newTypes };
    yield mcp('dataset', urn, 'schemaMetadata', schema(1, fields, newTypes, sc.at), sc.at);
  } else {
    yield mcp('dataset', urn, 'schemaMetadata', schema(0, cols, types, created), now);
  }

  const pii = [...new Set(cols.filter((c) => c.pii).map((c) => c.pii as string))];
  const tags: string[] = [];
  if (t.layer === 'bronze') tags.push('Bronze');
  if (t.layer === 'silver') tags.push('Silver');
  if (t.layer === 'gold') tags.push('Gold');
  if (pii.length > 0) tags.push('PII');
  if (t.deprecated) tags.push('Deprecated');
  if (t.sla) tags.push('SLA-Critical');
  if (t.certified) tags.push('Certified');
  if (t.streaming) tags.push('Streaming');
  if (tags.length > 0)
    yield mcp('dataset', urn, 'globalTags', { tags: tags.map((x) => ({ tag: tagUrn(x) })) }, now);
  const terms = [...pii.map(piiTermUrn), ...t.terms.map((x) => `urn:li:glossaryTerm:${x}`)];
  if (terms.length > 0) {
    yield mcp(
      'dataset',
      urn,
      'glossaryTerms',
      { terms: terms.map((u) => ({ urn: u })), auditStamp: stamp(created, userUrn(STEWARDS[0])) },
      now,
    );
  }
  yield mcp('dataset', urn, 'domains', { domains: [domainUrn(domain.id)] }, now);

  // Ownership: platform team for raw data, analytics engineering for models, domain leads as business owners.
  const owners: [string, 'TECHNICAL_OWNER' | 'BUSINESS_OWNER' | 'DATA_STEWARD'][] = [];
  if (t.layer === 'source' || t.layer === 'bronze') {
    owners.push(
      [groupUrn('data-platform'), 'TECHNICAL_OWNER'],
      [userUrn(rng.pick(DATA_PLATFORM_ENGINEERS)), 'TECHNICAL_OWNER'],
    );
  } else {
    owners.push(
      [userUrn(rng.pick(ANALYTICS_ENGINEERS)), 'TECHNICAL_OWNER'],
      [userUrn(domain.lead), 'BUSINESS_OWNER'],
    );
    if (t.layer === 'gold') owners.push([groupUrn(domain.group), 'BUSINESS_OWNER']);
    else owners.push([groupUrn('analytics-engineering'), 'TECHNICAL_OWNER']);
  }
  if (pii.length > 0 && t.layer !== 'bronze') owners.push([userUrn(rng.pick(STEWARDS)), 'DATA_STEWARD']);
  const unowned = (t.layer === 'bronze' && rng.chance(0.12)) || (t.layer === 'source' && rng.chance(0.05));
  if (!unowned) yield mcp('dataset', urn, 'ownership', ownersAspect(owners, created), now);

  if (t.upstreams.length > 0) {
    const upstreams = t.upstreams.map((i) => {
      const up = DATASET_TEMPLATES[i];
      if (!up) throw new Error(`missing upstream template ${i}`);
      return {
        auditStamp: stamp(created),
        dataset: datasetRef(up, rg).urn,
        type: t.layer === 'bronze' ? 'COPY' : 'TRANSFORMED',
      };
    });
    yield mcp('dataset', urn, 'upstreamLineage', { upstreams }, now);
  }
  if (t.deprecated) {
    yield mcp(
      'dataset',
      urn,
      'deprecation',
      {
        deprecated: true,
        note: t.deprecated,
        decommissionTime: ctx.anchor + 75 * DAY,
        actor: userUrn(domain.lead),
      },
      now,
    );
  }

  yield* timeseries(ctx, inst, effects, current);
}
