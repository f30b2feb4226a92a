import { describe, expect, it } from 'vitest';
import { InProcessEventBus } from '@dataspoke/hub/events/event-bus';
import type { MetadataChangeLog } from '@dataspoke/hub/model';
import { ValidationTrigger } from './change-trigger.js';

const NOW = Date.UTC(2026, 11, 4, 12);
const ORDERS = 'urn:li:dataset:(urn:li:dataPlatform:postgres,shop.public.orders,PROD)';
const USERS = 'urn:li:dataset:(urn:li:dataPlatform:postgres,shop.public.users,PROD)';

function change(
  entityUrn: string,
  aspectName: string,
  timestampMillis: number,
  overrides: Partial<MetadataChangeLog> = {},
): MetadataChangeLog {
  return {
    entityType: 'dataset',
    entityUrn,
    changeType: 'UPSERT',
    aspectName,
    aspect: { timestampMillis },
    created: { time: NOW, actor: 'urn:li:corpuser:ingestion' },
    timeseries: true,
    ...overrides,
  };
}

function trigger() {
  const validated: string[] = [];
  const failures: string[] = [];
  const events = new InProcessEventBus();
  const validation = new ValidationTrigger({
    validate: (urn) => {
      validated.push(urn);
      return urn === USERS ? Promise.reject(new Error('hub away')) : Promise.resolve();
    },
    delayMs: 10,
    now: () => NOW,
    onError: (_error, urn) => failures.push(urn),
  });
  validation.follow(events);
  return { events, validation, validated, failures };
}

describe('ValidationTrigger', () => {
  it('validates a dataset once after its new profile and load arrive together', async () => {
    const { events, validation, validated } = trigger();
    await events.publish([
      change(ORDERS, 'datasetProfile', NOW - 60_000),
      change(ORDERS, 'operation', NOW - 30_000),
    ]);
    expect(validated).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(validated).toEqual([ORDERS]);
    await validation.stop();
    expect(validated).toEqual([ORDERS]);
  });

  it('leaves history being loaded, other aspects and other entities alone', async () => {
    const { events, validation, validated } = trigger();
    await events.publish([
      change(ORDERS, 'datasetProfile', NOW - 3 * 24 * 3600 * 1000),
      change(ORDERS, 'schemaMetadata', NOW, { timeseries: false, aspect: { fields: [] } }),
      change(ORDERS, 'datasetUsageStatistics', NOW),
      change('urn:li:chart:(looker,sales)', 'operation', NOW, { entityType: 'chart' }),
    ]);
    await validation.stop();
    expect(validated).toEqual([]);
  });

  it('goes on to the next dataset when one validation fails, and reports it', async () => {
    const { events, validation, validated, failures } = trigger();
    await events.publish([change(USERS, 'operation', NOW), change(ORDERS, 'operation', NOW)]);
    await validation.stop();
    expect(validated).toEqual([USERS, ORDERS]);
    expect(failures).toEqual([USERS]);
  });
});
