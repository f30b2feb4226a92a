import { pegasusName } from './record-names.js';

/**
 * Converts a value from DataHub's Avro-JSON form (MCE files written by the `file` sink, old ingestion
 * tools) to the plain pegasus JSON GMS stores and serves.
 *
 * Avro's JSON encoding wraps every union value in an object keyed by the branch's type name, and an
 * optional pegasus field is an Avro union with "null": `{"string": "x"}`, `{"com.linkedin.pegasus2avro.
 * common.AuditStamp": {…}}`. Pegasus JSON has no wrapper for optional fields; only its real unions (two
 * or more non-null branches) stay keyed, by the pegasus name (`com.linkedin.schema.KafkaSchema`). Without
 * the Avro schema at hand, the few real unions of DataHub's models are listed below; everything else that
 * looks like an Avro union wrapper is an optional field and gets unwrapped. Nulls (absent optionals) are
 * dropped. The same function is harmless on input that is already pegasus JSON.
 */

/** Named types that are branches of DataHub's multi-branch unions: their wrapper is kept. */
const UNION_MEMBER_TYPES: ReadonlySet<string> = new Set(
  [
    // SchemaMetadata.platformSchema
    'schema.EspressoSchema',
    'schema.OracleDDL',
    'schema.MySqlDDL',
    'schema.PrestoDDL',
    'schema.KafkaSchema',
    'schema.BinaryJsonSchema',
    'schema.OrcSchema',
    'schema.Schemaless',
    'schema.KeyValueSchema',
    'schema.OtherSchema',
    // SchemaFieldDataType.type
    'schema.BooleanType',
    'schema.FixedType',
    'schema.StringType',
    'schema.BytesType',
    'schema.NumberType',
    'schema.DateType',
    'schema.TimeType',
    'schema.EnumType',
    'schema.NullType',
    'schema.MapType',
    'schema.ArrayType',
    'schema.UnionType',
    'schema.RecordType',
    // ForeignKeySpec.foreignKey
    'schema.DatasetFieldForeignKey',
    'schema.UrnForeignKey',
    // DatasetFieldMapping.transformation
    'common.fieldtransformer.TransformationType',
    'common.fieldtransformer.UDFTransformer',
    // DataJobInfo.type
    'datajob.azkaban.AzkabanJobType',
  ].map((name) => `com.linkedin.pegasus2avro.${name}`),
);

/** Avro primitive and unnamed complex type names, the keys of wrappers around non-record branches. */
const AVRO_BRANCH_NAMES: ReadonlySet<string> = new Set([
  'string',
  'int',
  'long',
  'float',
  'double',
  'boolean',
  'bytes',
  'array',
  'map',
]);

/** Path of a value inside an aspect; array positions are numbers. */
type Path = readonly (string | number)[];

/**
 * Real unions with a primitive branch (and single-branch unions of a string typeref such as
 * `ChartInfo.inputs: array[union[DatasetUrn]]`), where pegasus JSON keeps `{"string": …}` too. Matched on
 * the aspect and the field path (array positions ignored), because a primitive wrapper alone cannot say
 * whether it is an optional field or a union branch.
 */
const PRIMITIVE_UNION_FIELDS: Readonly<Record<string, readonly string[]>> = {
  dataJobInfo: ['type'],
  mlModelProperties: ['hyperParameters.*'],
  structuredProperties: ['properties.values'],
  propertyDefinition: ['allowedValues.value'],
  chartInfo: ['inputs'],
  datasetUpstreamLineage: ['fieldMappings.sourceFields'],
};

const SCALAR_BRANCH_NAMES: ReadonlySet<string> = new Set([
  'string',
  'int',
  'long',
  'float',
  'double',
  'boolean',
]);

/**
 * Old MCE files (bootstrap_mce.json among them) write some union values bare (`"type": "SQL"`); pegasus
 * JSON needs the branch key, and DataHub's SDK reads such a value as its string branch, as here.
 */
function wrapBareScalar(value: string | number | boolean): Record<string, unknown> {
  if (typeof value === 'string') return { string: value };
  if (typeof value === 'boolean') return { boolean: value };
  return { double: value };
}

function isPrimitiveUnionField(aspectName: string | undefined, path: Path): boolean {
  if (!aspectName) return false;
  const patterns = PRIMITIVE_UNION_FIELDS[aspectName];
  if (!patterns) return false;
  const fieldPath = path.filter((p): p is string => typeof p === 'string');
  return patterns.some((pattern) => {
    const parts = pattern.split('.');
    return (
      parts.length === fieldPath.length && parts.every((part, i) => part === '*' || part === fieldPath[i])
    );
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Unwraps Avro-JSON unions and drops nulls in one aspect value (or any value inside one). */
export function avroJsonToPegasus(value: unknown, aspectName?: string, path: Path = []): unknown {
  if (Array.isArray(value)) {
    return value.map((item, i) => avroJsonToPegasus(item, aspectName, [...path, i]));
  }
  if (!isPlainObject(value)) {
    if (
      (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') &&
      isPrimitiveUnionField(aspectName, path)
    ) {
      return wrapBareScalar(value);
    }
    return value;
  }

  const keys = Object.keys(value);
  if (keys.length === 1) {
    const key = keys[0]!;
    const inner = value[key];
    if (key.startsWith('com.linkedin.pegasus2avro.')) {
      if (UNION_MEMBER_TYPES.has(key)) {
        return { [pegasusName(key)]: avroJsonToPegasus(inner, aspectName, path) };
      }
      return avroJsonToPegasus(inner, aspectName, path);
    }
    if (AVRO_BRANCH_NAMES.has(key)) {
      if (SCALAR_BRANCH_NAMES.has(key) && isPrimitiveUnionField(aspectName, path)) return { [key]: inner };
      return avroJsonToPegasus(inner, aspectName, path);
    }
  }

  // Pegasus unions with aliases (only Cost.cost in DataHub's models) become Avro records with a
  // `fieldDiscriminator` naming the set member; pegasus JSON is just `{member: value}`.
  const discriminator = value.fieldDiscriminator;
  if (typeof discriminator === 'string' && discriminator in value) {
    return { [discriminator]: avroJsonToPegasus(value[discriminator], aspectName, [...path, discriminator]) };
  }

  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const field = value[key];
    if (field === null || field === undefined) continue;
    out[key] = avroJsonToPegasus(field, aspectName, [...path, key]);
  }
  return out;
}
