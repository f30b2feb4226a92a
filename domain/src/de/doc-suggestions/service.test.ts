import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedHub } from '@dataspoke/hub/embedded-hub';
import { InProcessEventBus } from '@dataspoke/hub/events/event-bus';
import { readMetadataFile } from '@dataspoke/hub/formats/index';
import { HubSearchIndexer } from '@dataspoke/hub/search-indexer';
import { storeKinds, type TestStore } from '@dataspoke/platform/testing/stores';
import { createEmbeddedHubAspects } from '../../adapters/hub/embedded-hub-aspects.js';
import { createEmbeddedHubPort } from '../../adapters/hub/embedded-hub-port.js';
import { InvalidInputError } from '../../shared/errors.js';
import { DocSuggestionRefresher } from './refresher.js';
import { DocSuggestionService } from './service.js';
import type { Suggestion } from './types.js';

/**
 * The suggestions over DataHub's showcase datapack in the embedded hub, on PGlite and PostgreSQL: proposed from
 * its SQL, lineage and glossary, stored, accepted (written to DataHub as PATCH by the DataSpoke actor), rejected,
 * gone stale over a person's edit, and refreshed from the hub's change events.
 */

const SHOWCASE = fileURLToPath(new URL('../../../../../shared/datahub/showcase-ecommerce/', import.meta.url));
const ACTOR = 'urn:li:corpuser:dataspoke';
const ORDER_DETAILS =
  'urn:li:dataset:(urn:li:dataPlatform:snowflake,b2fd91.order_entry_db.analytics.order_details,PROD)';
const CUSTOMERS =
  'urn:li:dataset:(urn:li:dataPlatform:postgres,b2fd91.order_entry_db.order_entry.customers,PROD)';
/** A view DataSpoke's test adds: SQL over the showcase's order_details, lineage to it without column lineage. */
const VIEW =
  'urn:li:dataset:(urn:li:dataPlatform:snowflake,b2fd91.order_entry_db.analytics.daily_mode_revenue,PROD)';
const VIEW_SQL = `SELECT CAST(d.order_date AS DATE) AS order_day, d.order_mode, SUM(d.order_total) AS revenue,
  COUNT(DISTINCT d.order_id) AS orders FROM order_entry_db.analytics.order_details d
  WHERE d.order_status <> 'cancelled' GROUP BY CAST(d.order_date AS DATE), d.order_mode`;

/** A table DataSpoke's test adds, written by a Spark job whose dataTransformLogic holds the SQL. */
const JOB_OUTPUT = 'urn:li:dataset:(urn:li:dataPlatform:s3,b2fd91.exports/mode_totals,PROD)';
const JOB = 'urn:li:dataJob:(urn:li:dataFlow:(spark,b2fd91.mode_totals,PROD),mode_totals)';
const JOB_SQL = `SELECT d.order_mode, SUM(d.order_total) AS mode_revenue
  FROM order_entry_db.analytics.order_details d GROUP BY d.order_mode`;

const field = (fieldPath: string, type: string) => ({
  fieldPath,
  nativeDataType: type,
  type: {
    type: { [type === 'NUMBER' ? 'com.linkedin.schema.NumberType' : 'com.linkedin.schema.StringType']: {} },
  },
  nullable: true,
  recursive: false,
});

describe.each(storeKinds())('documentation suggestions over the showcase pack ($name)', (kind) => {
  let test: TestStore;
  let hub: EmbeddedHub;
  let service: DocSuggestionService;
  let bus: InProcessEventBus;

  beforeAll(async () => {
    test = await kind.open();
    bus = new InProcessEventBus();
    hub = new EmbeddedHub({ store: test.store, events: bus, indexer: new HubSearchIndexer() });
    for (const file of ['01-definitions.json', '02-data.json', '03-context.json']) {
      const doc = await readMetadataFile(`${SHOWCASE}${file}`);
      await hub.ingest(doc.proposals.map((p) => p.proposal));
    }
    await hub.ingest([
      {
        entityType: 'dataset',
        entityUrn: VIEW,
        changeType: 'UPSERT',
        aspectName: 'schemaMetadata',
        aspect: {
          schemaName: 'daily_mode_revenue',
          platform: 'urn:li:dataPlatform:snowflake',
          version: 0,
          hash: '',
          platformSchema: { 'com.linkedin.schema.MySqlDDL': { tableSchema: '' } },
          fields: [
            field('order_day', 'DATE'),
            field('order_mode', 'STRING'),
            field('revenue', 'NUMBER'),
            field('orders', 'NUMBER'),
          ],
        },
      },
      {
        entityType: 'dataset',
        entityUrn: VIEW,
        changeType: 'UPSERT',
        aspectName: 'viewProperties',
        aspect: { materialized: false, viewLanguage: 'SQL', viewLogic: VIEW_SQL },
      },
      {
        entityType: 'dataset',
        entityUrn: VIEW,
        changeType: 'UPSERT',
        aspectName: 'upstreamLineage',
        aspect: {
          upstreams: [{ dataset: ORDER_DETAILS, type: 'TRANSFORMED', auditStamp: { time: 0, actor: ACTOR } }],
        },
      },
    ]);
    await hub.ingest([
      {
        entityType: 'dataset',
        entityUrn: JOB_OUTPUT,
        changeType: 'UPSERT',
        aspectName: 'schemaMetadata',
        aspect: {
          schemaName: 'mode_totals',
          platform: 'urn:li:dataPlatform:s3',
          version: 0,
          hash: '',
          platformSchema: { 'com.linkedin.schema.MySqlDDL': { tableSchema: '' } },
          fields: [field('order_mode', 'STRING'), field('mode_revenue', 'NUMBER')],
        },
      },
      {
        entityType: 'dataJob',
        entityUrn: JOB,
        changeType: 'UPSERT',
        aspectName: 'dataJobInfo',
        aspect: { name: 'mode_totals', type: { string: 'SPARK' }, customProperties: {} },
      },
      {
        entityType: 'dataJob',
        entityUrn: JOB,
        changeType: 'UPSERT',
        aspectName: 'dataJobInputOutput',
        aspect: { inputDatasets: [ORDER_DETAILS], outputDatasets: [JOB_OUTPUT] },
      },
      {
        entityType: 'dataJob',
        entityUrn: JOB,
        changeType: 'UPSERT',
        aspectName: 'dataTransformLogic',
        aspect: { transforms: [{ queryStatement: { value: JOB_SQL, language: 'SQL' } }] },
      },
    ]);
    service = new DocSuggestionService({
      hub: createEmbeddedHubPort(hub, test.store),
      aspects: createEmbeddedHubAspects(hub),
      store: test.store,
      actor: ACTOR,
    });
    const report = await service.refresh();
    expect(report.created).toBeGreaterThan(50);
    // A whole-catalog refresh has run: a start proposes nothing more.
    expect(await service.proposeOnFirstStart()).toBeNull();
  }, 240_000);
  afterAll(async () => {
    await test?.dispose();
  });

  const pendingOf = async (urn: string, kind?: Parameters<DocSuggestionService['list']>[0]['kinds']) =>
    (await service.list({ datasetUrn: urn, statuses: ['pending'], kinds: kind }, { limit: 100, offset: 0 }))
      .suggestions;

  it('derives column lineage and descriptions from the SQL, and a table description from its grain and filters', async () => {
    const lineage = await pendingOf(VIEW, ['column_lineage']);
    const revenue = lineage.find((s) => s.fieldPath === 'revenue')!;
    expect(revenue.value).toEqual({
      kind: 'column_lineage',
      downstream: `urn:li:schemaField:(${VIEW},revenue)`,
      upstreams: [`urn:li:schemaField:(${ORDER_DETAILS},order_total)`],
      transformOperation: 'AGGREGATE:SUM',
    });
    const docs = await pendingOf(VIEW, ['column_description']);
    const text = (fp: string) => {
      const v = docs.find((s) => s.fieldPath === fp)?.value;
      return v && 'text' in v ? v.text : null;
    };
    expect(text('revenue')).toMatch(
      /^Sum of `order_details\.order_total` per CAST\(d\.order_date AS DATE\), d\.order_mode, where d\.order_status <> 'cancelled'\./,
    );
    expect(text('orders')).toMatch(/^Count of distinct `order_details\.order_id`/);
    const table = (await pendingOf(VIEW, ['table_description']))[0]!.value;
    expect('text' in table && table.text).toMatch(
      /^One row per CAST\(d\.order_date AS DATE\), d\.order_mode from `order_details`, where/,
    );
  });

  it("follows a data job's dataTransformLogic to the dataset it writes: column lineage from the job's SQL", async () => {
    const lineage = await pendingOf(JOB_OUTPUT, ['column_lineage']);
    const revenue = lineage.find((s) => s.fieldPath === 'mode_revenue')!;
    expect(revenue.value).toMatchObject({
      upstreams: [`urn:li:schemaField:(${ORDER_DETAILS},order_total)`],
      transformOperation: 'AGGREGATE:SUM',
    });
    const docs = await pendingOf(JOB_OUTPUT, ['column_description']);
    const doc = docs.find((s) => s.fieldPath === 'mode_revenue');
    expect(doc?.evidence.some((e) => e.detail.includes(`dataTransformLogic of ${JOB}`))).toBe(true);
  });

  it("proposes the catalog's own PII terms for columns named for them", async () => {
    const terms = await pendingOf(CUSTOMERS, ['glossary_term']);
    const byField = new Map(
      terms.map((s) => [s.fieldPath, s.value.kind === 'glossary_term' ? s.value.termName : '']),
    );
    expect(byField.get('cust_email')).toBe('Email Address');
    expect(byField.get('phone_number')).toBe('Phone Number');
    expect(byField.get('cust_first_name')).toBe('First Name');
    expect(byField.get('cust_last_name')).toBe('Last Name');
    expect(byField.has('credit_limit')).toBe(false);
  });

  it('writes an accepted description to editableSchemaMetadata as the DataSpoke actor', async () => {
    const s = (await pendingOf(VIEW, ['column_description'])).find((x) => x.fieldPath === 'orders')!;
    const accepted = await service.accept(s.id, 'alice (key 1)');
    expect(accepted).toMatchObject({ status: 'accepted', decidedBy: 'alice (key 1)' });
    const stored = await hub.getAspect(VIEW, 'editableSchemaMetadata');
    const info = (
      stored!.value.editableSchemaFieldInfo as { fieldPath: string; description?: string }[]
    ).find((f) => f.fieldPath === 'orders');
    expect(info?.description).toBe(s.value.kind === 'column_description' ? s.value.text : '');
    expect(stored!.createdBy).toBe(ACTOR);
    await expect(service.accept(s.id, 'bob')).rejects.toMatchObject({ code: 'SUGGESTION_DECIDED' });
  });

  it("never overwrites a person's edit: the suggestion goes stale and nothing is written", async () => {
    const s = (await pendingOf(VIEW, ['column_description'])).find((x) => x.fieldPath === 'revenue')!;
    await hub.ingest(
      [
        {
          entityType: 'dataset',
          entityUrn: VIEW,
          changeType: 'PATCH',
          aspectName: 'editableSchemaMetadata',
          aspect: [
            {
              op: 'add',
              path: '/editableSchemaFieldInfo/revenue/description',
              value: 'Net revenue, by a person.',
            },
          ],
        },
      ],
      { actor: 'urn:li:corpuser:carol' },
    );
    const result = await service.accept(s.id, 'alice');
    expect(result.status).toBe('stale');
    expect(result.staleReason).toMatch(/changed since the proposal/);
    const stored = await hub.getAspect(VIEW, 'editableSchemaMetadata');
    const info = (
      stored!.value.editableSchemaFieldInfo as { fieldPath: string; description?: string }[]
    ).find((f) => f.fieldPath === 'revenue');
    expect(info?.description).toBe('Net revenue, by a person.');
  });

  /** A service whose aspect reader lets `edit` land right after the write-back's read, before its write. */
  const racingService = (edit: () => Promise<unknown>) => {
    const aspects = createEmbeddedHubAspects(hub);
    let pending: (() => Promise<unknown>) | null = edit;
    return new DocSuggestionService({
      hub: createEmbeddedHubPort(hub, test.store),
      aspects: {
        ...aspects,
        async getAspects(urns, names) {
          const read = await aspects.getAspects(urns, names);
          const next = pending;
          pending = null;
          if (next) await next();
          return read;
        },
      },
      store: test.store,
      actor: ACTOR,
    });
  };
  const describeColumn = (urn: string, fieldPath: string, text: string) =>
    hub.ingest(
      [
        {
          entityType: 'dataset',
          entityUrn: urn,
          changeType: 'PATCH',
          aspectName: 'editableSchemaMetadata',
          aspect: [{ op: 'add', path: `/editableSchemaFieldInfo/${fieldPath}/description`, value: text }],
        },
      ],
      { actor: 'urn:li:corpuser:frank' },
    );
  const descriptionOf = async (urn: string, fieldPath: string) =>
    (
      (await hub.getAspect(urn, 'editableSchemaMetadata'))!.value.editableSchemaFieldInfo as {
        fieldPath: string;
        description?: string;
      }[]
    ).find((f) => f.fieldPath === fieldPath)?.description;

  it('writes on condition (If-Version-Match): an edit landing between the check and the write survives', async () => {
    const pending = (
      await service.list({ kinds: ['column_description'], statuses: ['pending'] }, { limit: 100, offset: 0 })
    ).suggestions.filter((x) => x.datasetUrn !== VIEW);
    const byDataset = new Map<string, typeof pending>();
    for (const x of pending) byDataset.set(x.datasetUrn, [...(byDataset.get(x.datasetUrn) ?? []), x]);
    const [urn, [first, second]] = [...byDataset].find(([, list]) => list.length >= 2)! as [
      string,
      [Suggestion, Suggestion],
    ];
    // A person documents the same column while the suggestion is being written.
    const racing = racingService(() => describeColumn(urn, first.fieldPath!, 'Written by a person.'));
    const result = await racing.accept(first.id, 'alice');
    expect(result.status).toBe('stale');
    expect(await descriptionOf(urn, first.fieldPath!)).toBe('Written by a person.');
    // Another column's edit in between changes the aspect's version but not the target: read again, written.
    const other = racingService(() => describeColumn(urn, 'some_other_column', 'Another edit.'));
    expect((await other.accept(second.id, 'alice')).status).toBe('accepted');
    expect(await descriptionOf(urn, second.fieldPath!)).toBe(
      second.value.kind === 'column_description' ? second.value.text : '',
    );
    expect(await descriptionOf(urn, 'some_other_column')).toBe('Another edit.');
  });

  it("writes the reviewer's edited text, and refuses an edit where there is no text", async () => {
    const table = (await pendingOf(VIEW, ['table_description']))[0]!;
    await service.accept(
      table.id,
      'alice',
      'Revenue and orders per day and order mode, cancelled orders left out.',
    );
    const props = await hub.getAspect(VIEW, 'editableDatasetProperties');
    expect(props!.value.description).toBe(
      'Revenue and orders per day and order mode, cancelled orders left out.',
    );
    const lineage = (await pendingOf(VIEW, ['column_lineage']))[0]!;
    await expect(service.accept(lineage.id, 'alice', 'text')).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('writes accepted column lineage and glossary terms in bulk, as PATCH next to what DataHub has', async () => {
    const lineage = await pendingOf(VIEW, ['column_lineage']);
    const terms = (await pendingOf(CUSTOMERS, ['glossary_term'])).filter((s) => s.fieldPath === 'cust_email');
    const results = await service.acceptMany(
      [...lineage.map((s) => s.id), ...terms.map((s) => s.id)],
      'dave',
    );
    expect(results.every((r) => r.status === 'accepted')).toBe(true);
    const up = (await hub.getAspect(VIEW, 'upstreamLineage'))!.value as {
      upstreams: { dataset: string }[];
      fineGrainedLineages: { downstreams: string[]; upstreams: string[]; transformOperation: string }[];
    };
    expect(up.upstreams.map((u) => u.dataset)).toEqual([ORDER_DETAILS]);
    expect(up.fineGrainedLineages.find((l) => l.downstreams[0]!.endsWith(',revenue)'))).toMatchObject({
      upstreams: [`urn:li:schemaField:(${ORDER_DETAILS},order_total)`],
      transformOperation: 'AGGREGATE:SUM',
    });
    const editable = (await hub.getAspect(CUSTOMERS, 'editableSchemaMetadata'))!.value
      .editableSchemaFieldInfo as {
      fieldPath: string;
      glossaryTerms?: { terms: { urn: string }[] };
    }[];
    const email = editable.find((f) => f.fieldPath === 'cust_email');
    expect(email?.glossaryTerms?.terms.map((t) => t.urn)).toContain(
      'urn:li:glossaryTerm:b2fd91.Email_Address',
    );
    // What the showcase had on other columns is still there.
    expect(editable.find((f) => f.fieldPath === 'customer_id')?.glossaryTerms?.terms.length).toBeGreaterThan(
      0,
    );
  });

  it('rejects, and refreshes from the change events: a column documented in DataHub withdraws its suggestion', async () => {
    const docs = await pendingOf(CUSTOMERS, ['column_description', 'glossary_term']);
    const phone = docs.find((s) => s.fieldPath === 'phone_number' && s.kind === 'glossary_term')!;
    expect((await service.reject(phone.id, 'erin')).status).toBe('rejected');
    const refresher = new DocSuggestionRefresher(service, { delayMs: 5 });
    const unsubscribe = bus.subscribe((e) => {
      if (!e.timeseries && e.entityUrn.startsWith('urn:li:dataset:')) refresher.notify(e.entityUrn);
    });
    const before = (await pendingOf(VIEW, ['column_description'])).find((s) => s.fieldPath === 'order_day')!;
    await hub.ingest([
      {
        entityType: 'dataset',
        entityUrn: VIEW,
        changeType: 'PATCH',
        aspectName: 'editableSchemaMetadata',
        aspect: [
          { op: 'add', path: '/editableSchemaFieldInfo/order_day/description', value: 'Day of the order.' },
        ],
      },
    ]);
    await new Promise((r) => setTimeout(r, 50));
    await refresher.stop();
    unsubscribe();
    const after = (
      await service.list({ datasetUrn: VIEW, kinds: ['column_description'] }, { limit: 100, offset: 0 })
    ).suggestions.find((s) => s.id === before.id)!;
    expect(after.status).toBe('stale');
    // The rejected one stays rejected through refreshes.
    await service.refresh([CUSTOMERS]);
    expect(
      (await service.list({ datasetUrn: CUSTOMERS, statuses: ['rejected'] }, { limit: 10, offset: 0 })).total,
    ).toBe(1);
  });
});
