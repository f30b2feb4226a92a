import avsc from 'avsc';
import { METADATA_CHANGE_LOG_AVSC, METADATA_CHANGE_PROPOSAL_AVSC } from '../generated/datahub-avro.js';

/**
 * The Confluent wire format DataHub's Kafka records use: magic byte 0, the writer schema's registry id as a
 * 4-byte big-endian integer, then the Avro binary encoding of the record.
 */
const MAGIC_BYTE = 0;
const HEADER_BYTES = 5;

export type AvroType = avsc.Type;

/** A record that is not in the Confluent wire format, or whose Avro does not decode with its schema. */
export class UndecodableRecordError extends Error {
  constructor(
    readonly code: 'NOT_CONFLUENT_FRAMED' | 'UNKNOWN_SCHEMA_ID' | 'AVRO_DECODE_FAILED' | 'NOT_A_CHANGE',
    message: string,
  ) {
    super(message);
    this.name = 'UndecodableRecordError';
  }
}

export function parseAvroSchema(schema: unknown): AvroType {
  // Logical types are read as their underlying type, as DataHub's own consumers read these records.
  return avsc.Type.forSchema(schema as avsc.Schema, { wrapUnions: false });
}

/** The schema id a framed record names; throws UndecodableRecordError when it is not framed. */
export function framedSchemaId(message: Buffer | null): number {
  if (!message || message.length < HEADER_BYTES || message[0] !== MAGIC_BYTE) {
    throw new UndecodableRecordError(
      'NOT_CONFLUENT_FRAMED',
      `not a Confluent-framed Avro record (${message ? `${message.length} bytes, first byte ${message[0] ?? 'none'}` : 'no value'})`,
    );
  }
  return message.readUInt32BE(1);
}

export function frameAvro(schemaId: number, type: AvroType, value: unknown): Buffer {
  const body = type.toBuffer(value);
  const framed = Buffer.allocUnsafe(HEADER_BYTES + body.length);
  framed[0] = MAGIC_BYTE;
  framed.writeUInt32BE(schemaId, 1);
  body.copy(framed, HEADER_BYTES);
  return framed;
}

/** Resolvers by writer and reader schema: building one walks both schemas, so it is done once per pair. */
const resolvers = new WeakMap<AvroType, WeakMap<AvroType, avsc.Resolver | null>>();

function resolverFor(writer: AvroType, reader: AvroType): avsc.Resolver | null {
  let byReader = resolvers.get(writer);
  if (!byReader) resolvers.set(writer, (byReader = new WeakMap()));
  let resolver = byReader.get(reader);
  if (resolver === undefined) {
    // DataHub's releases name some records in different namespaces (the MetadataChangeProposal schema in
    // its Python SDK has com.linkedin.events.KafkaAuditHeader where the server's has
    // com.linkedin.avro2pegasus.events.KafkaAuditHeader): records match by name, as DataHub's readers do.
    resolver = writer.equals(reader) ? null : reader.createResolver(writer, { ignoreNamespaces: true });
    byReader.set(reader, resolver);
  }
  return resolver;
}

/**
 * Decodes a framed record written with `writer` into the shape of `reader` (Avro schema resolution, so a
 * record written by a newer or older DataHub with compatible changes reads).
 */
export function unframeAvro(message: Buffer, writer: AvroType, reader: AvroType): unknown {
  let resolver: avsc.Resolver | null;
  try {
    resolver = resolverFor(writer, reader);
  } catch (error) {
    throw new UndecodableRecordError(
      'AVRO_DECODE_FAILED',
      `its writer schema cannot be read as ${reader.name ?? 'the expected record'}: ${(error as Error).message}`,
    );
  }
  try {
    const body = message.subarray(HEADER_BYTES);
    return resolver ? reader.fromBuffer(body, resolver) : reader.fromBuffer(body);
  } catch (error) {
    throw new UndecodableRecordError(
      'AVRO_DECODE_FAILED',
      `the Avro record does not decode with its schema: ${(error as Error).message}`,
    );
  }
}

/** DataHub's MetadataChangeLog and MetadataChangeProposal schemas, parsed once. */
export const datahubAvro = {
  metadataChangeLog: parseAvroSchema(METADATA_CHANGE_LOG_AVSC),
  metadataChangeProposal: parseAvroSchema(METADATA_CHANGE_PROPOSAL_AVSC),
};
