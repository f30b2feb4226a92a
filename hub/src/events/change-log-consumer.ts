import type { KafkaMessage } from 'kafkajs';
import type { MetadataChangeLog, MetadataChangeProposal } from '../model.js';
import type { IngestOutcome } from '../ingest-result.js';
import type { AppliedChangeLedger } from './applied-changes.js';
import { changeIdentity, changeLogFromAvro, proposalFromAvro } from './change-log-codec.js';
import { datahubAvro, framedSchemaId, unframeAvro } from './confluent-avro.js';
import type { BatchOutcome, DecodedRecord, RecordFailure, RecordHandler } from './record-consumer.js';
import type { SchemaLookup } from './schema-registry.js';

async function decodeFramed(
  message: KafkaMessage,
  schemas: SchemaLookup,
  reader: typeof datahubAvro.metadataChangeLog,
) {
  const id = framedSchemaId(message.value);
  const writer = await schemas.schemaById(id);
  return unframeAvro(message.value!, writer, reader);
}

const APPLY_ATTEMPTS = 3;

/**
 * Follows DataHub's MetadataChangeLog: decodes each record with its writer schema from the registry, skips a
 * change its group applied before (counted as a duplicate), runs the subscribers on the others in partition
 * order (so in order per urn), waits for their effects to settle, then records the changes as applied.
 */
export class ChangeLogHandler implements RecordHandler<MetadataChangeLog> {
  constructor(
    private readonly deps: {
      schemas: SchemaLookup;
      timeseriesTopic: string;
      ledger: AppliedChangeLedger;
      /** Runs every subscriber on one change; throws when one fails. */
      apply: (event: MetadataChangeLog) => Promise<void>;
      /** Resolves when the effects applied so far are durable (e.g. the search index flushed). */
      settle: () => Promise<void>;
    },
  ) {}

  async decode(message: KafkaMessage, topic: string): Promise<MetadataChangeLog> {
    const record = await decodeFramed(message, this.deps.schemas, datahubAvro.metadataChangeLog);
    return changeLogFromAvro(record, topic === this.deps.timeseriesTopic);
  }

  async apply(records: DecodedRecord<MetadataChangeLog>[]): Promise<BatchOutcome> {
    const keys = records.map((r) => changeIdentity(r.value));
    const before = await this.deps.ledger.applied(keys);
    const fresh: string[] = [];
    const seen = new Set(before);
    const failures: RecordFailure[] = [];
    let duplicates = 0;
    for (const [i, record] of records.entries()) {
      const key = keys[i]!;
      if (seen.has(key)) {
        duplicates++;
        continue;
      }
      seen.add(key);
      try {
        await this.applyWithRetries(record.value);
        fresh.push(key);
      } catch (error) {
        failures.push({
          message: record.message,
          error: error instanceof Error ? error : new Error(String(error)),
        });
      }
    }
    await this.deps.settle();
    await this.deps.ledger.record(fresh);
    return { applied: fresh.length, duplicates, failures };
  }

  private async applyWithRetries(event: MetadataChangeLog): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.deps.apply(event);
      } catch (error) {
        if (attempt >= APPLY_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  }
}

/** The refusal of a proposal by the hub, as an error for the dead-letter topic. */
class ProposalRefusedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ProposalRefusedError';
  }
}

/**
 * Accepts MetadataChangeProposal_v1 as GMS's MCE consumer does: each proposal is ingested into the hub (whose
 * writes then go out as MetadataChangeLog records); a refused proposal goes to the dead-letter topic with the
 * hub's reason. Applying a proposal again writes the same value again, as GMS does on a redelivery.
 */
export class ProposalHandler implements RecordHandler<MetadataChangeProposal> {
  constructor(
    private readonly deps: {
      schemas: SchemaLookup;
      ingest: (proposals: MetadataChangeProposal[]) => Promise<{ outcomes: IngestOutcome[] }>;
    },
  ) {}

  async decode(message: KafkaMessage): Promise<MetadataChangeProposal> {
    return proposalFromAvro(
      await decodeFramed(message, this.deps.schemas, datahubAvro.metadataChangeProposal),
    );
  }

  async apply(records: DecodedRecord<MetadataChangeProposal>[]): Promise<BatchOutcome> {
    const { outcomes } = await this.deps.ingest(records.map((r) => r.value));
    const failures: RecordFailure[] = [];
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome.status === 'failed')
        failures.push({
          message: records[i]!.message,
          error: new ProposalRefusedError(outcome.code, outcome.reason),
        });
    }
    return { applied: records.length - failures.length, duplicates: 0, failures };
  }
}
