import { METADATA_CHANGE_LOG_AVSC, METADATA_CHANGE_PROPOSAL_AVSC } from '../generated/datahub-avro.js';
import { parseAvroSchema, UndecodableRecordError, type AvroType } from './confluent-avro.js';

/** Where a consumer finds the writer schema of a framed record, by its registry id. */
export interface SchemaLookup {
  schemaById(id: number): Promise<AvroType>;
}

export interface RegisteredSchema {
  id: number;
  subject: string;
  version: number;
  schema: string;
}

/** The schema registry's failure, in Confluent's error shape (`error_code` is Confluent's own code). */
export class SchemaRegistryError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly errorCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'SchemaRegistryError';
  }
}

/** The subjects of DataHub's topics (TopicNameStrategy: `<topic>-value`). */
export function valueSubject(topic: string): string {
  return `${topic}-value`;
}

/** The fingerprint of a schema's Parsing Canonical Form: equal for schemas that differ only in docs or layout. */
function canonical(schema: string): string {
  return parseAvroSchema(JSON.parse(schema)).fingerprint('sha256').toString('hex');
}

/**
 * A Confluent-compatible schema registry held in memory, as GMS serves one: DataHub's MetadataChangeLog and
 * MetadataChangeProposal schemas are registered at start under the subjects of the configured topics, with
 * fixed ids, so every process of one deployment agrees on them; a client may register others (DataHub's
 * Kafka sink registers the proposal schema it carries), which get the id of an equal schema when there is one.
 */
export class InMemorySchemaRegistry implements SchemaLookup {
  private readonly byId = new Map<number, { schema: string; canonical: string; type: AvroType }>();
  private readonly subjects = new Map<string, RegisteredSchema[]>();

  constructor(topics: { metadataChangeLog: readonly string[]; metadataChangeProposal: readonly string[] }) {
    const mcl = JSON.stringify(METADATA_CHANGE_LOG_AVSC);
    const mcp = JSON.stringify(METADATA_CHANGE_PROPOSAL_AVSC);
    this.addSchema(1, mcl);
    this.addSchema(2, mcp);
    for (const topic of topics.metadataChangeLog) this.register(valueSubject(topic), mcl);
    for (const topic of topics.metadataChangeProposal) this.register(valueSubject(topic), mcp);
  }

  static readonly METADATA_CHANGE_LOG_ID = 1;
  static readonly METADATA_CHANGE_PROPOSAL_ID = 2;
  /** It lives in memory: a client registering schema after schema must not grow it without bound. */
  static readonly MAX_SCHEMAS = 100;

  private addSchema(id: number, schema: string): void {
    let type: AvroType;
    try {
      type = parseAvroSchema(JSON.parse(schema));
    } catch (error) {
      throw new SchemaRegistryError(422, 42201, `Invalid schema: ${(error as Error).message}`);
    }
    this.byId.set(id, { schema, canonical: canonical(schema), type });
  }

  schemaById(id: number): Promise<AvroType> {
    const entry = this.byId.get(id);
    if (!entry)
      return Promise.reject(
        new UndecodableRecordError('UNKNOWN_SCHEMA_ID', `schema ${id} is not in the registry`),
      );
    return Promise.resolve(entry.type);
  }

  schemaText(id: number): string | undefined {
    return this.byId.get(id)?.schema;
  }

  listSubjects(): string[] {
    return [...this.subjects.keys()].sort();
  }

  versions(subject: string): RegisteredSchema[] {
    const versions = this.subjects.get(subject);
    if (!versions) throw new SchemaRegistryError(404, 40401, `Subject '${subject}' not found.`);
    return versions;
  }

  version(subject: string, version: string): RegisteredSchema {
    const versions = this.versions(subject);
    const found =
      version === 'latest' ? versions.at(-1) : versions.find((v) => String(v.version) === version);
    if (!found) throw new SchemaRegistryError(404, 40402, `Version ${version} not found.`);
    return found;
  }

  /** Registers a schema under a subject (idempotent: an equal schema keeps its id and version). */
  register(subject: string, schema: string): RegisteredSchema {
    let wanted: string;
    try {
      wanted = canonical(schema);
    } catch (error) {
      throw new SchemaRegistryError(422, 42201, `Invalid schema: ${(error as Error).message}`);
    }
    if (!this.subjects.has(subject) && this.subjects.size >= InMemorySchemaRegistry.MAX_SCHEMAS * 10)
      throw new SchemaRegistryError(
        422,
        42205,
        `The registry holds its limit of ${this.subjects.size} subjects`,
      );
    const versions = this.subjects.get(subject) ?? [];
    const existing = versions.find((v) => this.byId.get(v.id)?.canonical === wanted);
    if (existing) return existing;
    let id = [...this.byId].find(([, e]) => e.canonical === wanted)?.[0];
    if (id === undefined) {
      if (this.byId.size >= InMemorySchemaRegistry.MAX_SCHEMAS)
        throw new SchemaRegistryError(
          422,
          42205,
          `The registry holds its limit of ${InMemorySchemaRegistry.MAX_SCHEMAS} schemas`,
        );
      id = Math.max(0, ...this.byId.keys()) + 1;
      this.addSchema(id, schema);
    }
    const registered = {
      id,
      subject,
      version: (versions.at(-1)?.version ?? 0) + 1,
      schema: this.byId.get(id)!.schema,
    };
    this.subjects.set(subject, [...versions, registered]);
    return registered;
  }

  /** The version of an equal schema under a subject (Confluent's "check if a schema is registered"). */
  lookup(subject: string, schema: string): RegisteredSchema {
    const versions = this.versions(subject);
    const wanted = canonical(schema);
    const found = versions.find((v) => this.byId.get(v.id)?.canonical === wanted);
    if (!found) throw new SchemaRegistryError(404, 40403, 'Schema not found');
    return found;
  }
}

/** Reads writer schemas by id from a Confluent REST schema registry (a GMS's, or Confluent's own), cached. */
export class HttpSchemaRegistry implements SchemaLookup {
  private readonly cache = new Map<number, Promise<AvroType>>();

  constructor(
    private readonly baseUrl: string,
    private readonly token?: string,
    private readonly timeoutMs = 5_000,
  ) {}

  schemaById(id: number): Promise<AvroType> {
    let pending = this.cache.get(id);
    if (!pending) {
      pending = this.fetchSchema(id);
      this.cache.set(id, pending);
      // A failed fetch is not remembered: the next record asks again.
      pending.catch(() => this.cache.delete(id));
    }
    return pending;
  }

  private async fetchSchema(id: number): Promise<AvroType> {
    const url = `${this.baseUrl.replace(/\/+$/, '')}/schemas/ids/${id}`;
    const response = await fetch(url, {
      headers: {
        accept: 'application/vnd.schemaregistry.v1+json',
        ...(this.token && { authorization: `Bearer ${this.token}` }),
      },
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (response.status === 404)
      throw new UndecodableRecordError('UNKNOWN_SCHEMA_ID', `schema ${id} is not in the registry at ${url}`);
    if (!response.ok) throw new Error(`schema registry ${url} answered ${response.status}`);
    const body = (await response.json()) as { schema?: string; schemaType?: string };
    if (body.schemaType && body.schemaType !== 'AVRO')
      throw new UndecodableRecordError('UNKNOWN_SCHEMA_ID', `schema ${id} is ${body.schemaType}, not Avro`);
    if (typeof body.schema !== 'string') throw new Error(`schema registry ${url} sent no schema`);
    return parseAvroSchema(JSON.parse(body.schema));
  }
}
