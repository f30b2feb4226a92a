import { SYSTEM_ACTOR, type JsonObject } from '../../model.js';

/**
 * One or more cases per GMS patch template in ../shared/datahub/contract/patch-templates/: an aspect, the PATCH
 * proposals DataHub's clients send for it, and the aspect DataHub's Java code makes of them. `via` names the code
 * path that gives the result. Where `sdk` is set, `patches` is exactly what the named builder calls in
 * sdk_patches.py send with DataHub's Python SDK 1.7 (the test checks this); the other cases use the plain form
 * (a JSON Patch array without arrayPrimaryKeys) that older SDKs and DataHub's Java patch builders send for aspects
 * SDK 1.7 now patches through arrayPrimaryKeys, or that no SDK builder writes.
 */

/** The clock GMS's templates read (System.currentTimeMillis()) when they stamp a default. */
export const NOW = 1_700_000_000_000;

export interface TemplateCase {
  /** The Java file the case covers. */
  template: string;
  name: string;
  aspectName: string;
  /** The stored aspect; absent: the aspect does not exist yet. */
  current?: JsonObject;
  /** The aspect values of the PATCH proposals, applied in order. */
  patches: unknown[];
  /** The case in sdk_patches.py whose builder calls send `patches`. */
  sdk?: string;
  /** What GMS stores. */
  expected?: JsonObject;
  /** Instead: the message GMS refuses the patch with. */
  refused?: RegExp;
  via: string;
}

const SYSTEM = { actor: SYSTEM_ACTOR, time: NOW };
const STAMP = { time: 1_700_000_000_000, actor: 'urn:li:corpuser:etl' };
/** The stamp SDK 1.7 mints for an edge (actor datahub, the fixed clock of sdk_patches.py). */
const SDK_STAMP = { time: 1_700_000_000_000, actor: 'urn:li:corpuser:datahub' };

const DS = 'urn:li:dataset:(urn:li:dataPlatform:dbt,shop.orders,PROD)';
const RAW = 'urn:li:dataset:(urn:li:dataPlatform:postgres,shop.raw/orders,PROD)';
const CUSTOMERS = 'urn:li:dataset:(urn:li:dataPlatform:postgres,shop.raw.customers,PROD)';
const SNOWFLAKE = 'urn:li:dataset:(urn:li:dataPlatform:snowflake,shop.orders,PROD)';
const UPSTREAM_JOB = 'urn:li:dataJob:(urn:li:dataFlow:(airflow,nightly,PROD),extract)';
const field = (dataset: string, column: string) => `urn:li:schemaField:(${dataset},${column})`;
/** One JSON Pointer token, escaped as the SDK's quote_path_component does it. */
const esc = (token: string) => token.replace(/~/g, '~0').replace(/\//g, '~1');
const edge = (destinationUrn: string) => ({ destinationUrn, created: SDK_STAMP, lastModified: SDK_STAMP });

export const TEMPLATE_CASES: readonly TemplateCase[] = [
  {
    template: 'GlobalTagsTemplate.java',
    name: 'adds a tag by key and removes one that is not there',
    aspectName: 'globalTags',
    current: { tags: [{ tag: 'urn:li:tag:legacy', context: 'dbt meta' }] },
    patches: [
      [
        { op: 'add', path: '/tags/urn:li:tag:pii', value: { tag: 'urn:li:tag:pii' } },
        { op: 'remove', path: '/tags/urn:li:tag:absent' },
      ],
    ],
    expected: { tags: [{ tag: 'urn:li:tag:legacy', context: 'dbt meta' }, { tag: 'urn:li:tag:pii' }] },
    via:
      'transformFields keys tags by tag; populateTopLevelKeys creates /tags/urn:li:tag:absent for the remove (a ' +
      'remove populates its last token too), so removing it changes nothing; rebaseFields lists the map in order',
  },
  {
    template: 'GlossaryTermsTemplate.java',
    name: 'adds a term to an aspect that does not exist, from getDefault',
    aspectName: 'glossaryTerms',
    patches: [
      [{ op: 'add', path: '/terms/urn:li:glossaryTerm:Email', value: { urn: 'urn:li:glossaryTerm:Email' } }],
    ],
    expected: { terms: [{ urn: 'urn:li:glossaryTerm:Email' }], auditStamp: SYSTEM },
    via: 'getDefault: empty terms and an auditStamp of the system actor at now; terms keyed by urn',
  },
  {
    template: 'OwnershipTemplate.java',
    name: 'set_owners replaces the owners as a whole',
    aspectName: 'ownership',
    sdk: 'dataset-set-owners',
    current: { owners: [{ owner: 'urn:li:corpuser:alice', type: 'TECHNICAL_OWNER' }], lastModified: STAMP },
    patches: [
      [{ op: 'add', path: '/owners', value: [{ owner: 'urn:li:corpuser:carol', type: 'DATA_STEWARD' }] }],
    ],
    expected: { owners: [{ owner: 'urn:li:corpuser:carol', type: 'DATA_STEWARD' }], lastModified: STAMP },
    via: 'the add replaces the owners map with the array; transformedMapToArray keeps an array as it is',
  },
  {
    template: 'OwnershipTemplate.java',
    name: 'removes one owner of one type and adds another, keyed by owner then type',
    aspectName: 'ownership',
    current: {
      owners: [
        { owner: 'urn:li:corpuser:alice', type: 'TECHNICAL_OWNER' },
        { owner: 'urn:li:corpuser:alice', type: 'BUSINESS_OWNER' },
        { owner: 'urn:li:corpuser:carol', type: 'TECHNICAL_OWNER' },
      ],
      lastModified: STAMP,
    },
    patches: [
      [
        { op: 'remove', path: '/owners/urn:li:corpuser:alice/TECHNICAL_OWNER' },
        {
          op: 'add',
          path: '/owners/urn:li:corpuser:bob/DATAOWNER',
          value: { owner: 'urn:li:corpuser:bob', type: 'DATAOWNER' },
        },
      ],
    ],
    expected: {
      owners: [
        { owner: 'urn:li:corpuser:alice', type: 'BUSINESS_OWNER' },
        { owner: 'urn:li:corpuser:carol', type: 'TECHNICAL_OWNER' },
        { owner: 'urn:li:corpuser:bob', type: 'DATAOWNER' },
      ],
      lastModified: STAMP,
    },
    via: 'CompoundKeyTemplate: owners keyed by [owner, type], a two-level map; populate creates /owners/<bob>',
  },
  {
    template: 'UpstreamLineageTemplate.java',
    name: 'dbt: adds an upstream and column lineage, removes column lineage, rewrites what was there',
    aspectName: 'upstreamLineage',
    sdk: 'dataset-upstream-lineage',
    current: {
      upstreams: [{ dataset: CUSTOMERS, type: 'TRANSFORMED', auditStamp: STAMP }],
      fineGrainedLineages: [
        {
          upstreamType: 'FIELD_SET',
          upstreams: [field(CUSTOMERS, 'email'), field(CUSTOMERS, 'name'), field(CUSTOMERS, 'phone')],
          downstreamType: 'FIELD',
          downstreams: [field(DS, 'customer')],
          confidenceScore: 0.3,
        },
        {
          upstreamType: 'FIELD_SET',
          upstreams: [field(RAW, 'total')],
          downstreamType: 'FIELD',
          downstreams: [field(DS, 'total')],
        },
      ],
    },
    patches: [
      [
        {
          op: 'add',
          path: `/upstreams/${esc(RAW)}`,
          value: { auditStamp: STAMP, dataset: RAW, type: 'TRANSFORMED' },
        },
        {
          op: 'add',
          path: `/fineGrainedLineages/COPY/${esc(field(DS, 'id'))}/NONE/${esc(field(RAW, 'id'))}`,
          value: { confidenceScore: 0.9 },
        },
        {
          op: 'add',
          path: `/fineGrainedLineages/COPY/${esc(field(DS, 'id'))}/NONE/${esc(field(RAW, 'order_id'))}`,
          value: { confidenceScore: 0.9 },
        },
        {
          op: 'remove',
          path: `/fineGrainedLineages/NONE/${esc(field(DS, 'total'))}/NONE/${esc(field(RAW, 'total'))}`,
          value: {},
        },
      ],
    ],
    expected: {
      upstreams: [
        { dataset: CUSTOMERS, type: 'TRANSFORMED', auditStamp: STAMP },
        { auditStamp: STAMP, dataset: RAW, type: 'TRANSFORMED' },
      ],
      fineGrainedLineages: [
        {
          downstreams: [field(DS, 'customer')],
          // The order of the HashMap FineGrainedLineageTemplateHelper.addUrnsToParent collects them into.
          upstreams: [field(CUSTOMERS, 'name'), field(CUSTOMERS, 'phone'), field(CUSTOMERS, 'email')],
          upstreamType: 'FIELD_SET',
          downstreamType: 'FIELD',
          confidenceScore: 0.3,
          transformOperation: 'NONE',
        },
        {
          downstreams: [field(DS, 'id')],
          upstreams: [field(RAW, 'id'), field(RAW, 'order_id')],
          upstreamType: 'FIELD_SET',
          downstreamType: 'FIELD',
          confidenceScore: 0.9,
          transformOperation: 'COPY',
        },
      ],
    },
    via:
      'upstreams keyed by dataset; FineGrainedLineageTemplateHelper keys lineages by operation ("NONE" when ' +
      'absent), downstream, query ("NONE") and upstream, and rebuilds one lineage per key with the types of ' +
      'its upstream entries (FIELD_SET and FIELD when the patch gives none), the lowest confidence score and ' +
      'the operation always written; the emptied "total" lineage is dropped',
  },
  {
    template: 'UpstreamLineageTemplate.java',
    name: 'set_fine_grained_lineages replaces them as a whole',
    aspectName: 'upstreamLineage',
    current: { upstreams: [{ dataset: RAW, type: 'TRANSFORMED' }] },
    patches: [
      [
        {
          op: 'add',
          path: '/fineGrainedLineages',
          value: [
            {
              upstreamType: 'FIELD_SET',
              upstreams: [field(RAW, 'a')],
              downstreamType: 'FIELD_SET',
              downstreams: [field(DS, 'a'), field(DS, 'b')],
            },
          ],
        },
      ],
    ],
    expected: {
      upstreams: [{ dataset: RAW, type: 'TRANSFORMED' }],
      fineGrainedLineages: [
        {
          upstreamType: 'FIELD_SET',
          upstreams: [field(RAW, 'a')],
          downstreamType: 'FIELD_SET',
          downstreams: [field(DS, 'a'), field(DS, 'b')],
        },
      ],
    },
    via: 'reconstructFineGrainedLineages keeps an array (the patch replaced the map) as it is',
  },
  {
    template: 'FineGrainedLineageTemplateHelper.java',
    name: 'refuses any patch once a lineage has two downstreams',
    aspectName: 'upstreamLineage',
    current: {
      upstreams: [],
      fineGrainedLineages: [
        {
          upstreamType: 'FIELD_SET',
          upstreams: [field(RAW, 'a')],
          downstreamType: 'FIELD_SET',
          downstreams: [field(DS, 'a'), field(DS, 'b')],
        },
      ],
    },
    patches: [[{ op: 'add', path: `/upstreams/${esc(RAW)}`, value: { dataset: RAW, type: 'TRANSFORMED' } }]],
    refused: /not exactly one downstream/,
    via: 'combineAndTransformFineGrainedLineages throws UnsupportedOperationException',
  },
  {
    template: 'FineGrainedLineageTemplateHelper.java',
    name: 'defaults the upstream type from the first upstream urn, and keeps a query',
    aspectName: 'upstreamLineage',
    current: {
      upstreams: [],
      fineGrainedLineages: [
        { upstreams: [RAW], downstreams: [field(DS, 'id')], query: 'urn:li:query:q1', confidenceScore: 0.7 },
      ],
    },
    patches: [
      [
        {
          op: 'add',
          path: `/fineGrainedLineages/NONE/${esc(field(DS, 'id'))}/urn:li:query:q1/${esc(field(RAW, 'id'))}`,
          value: { confidenceScore: 0.95 },
        },
      ],
    ],
    expected: {
      upstreams: [],
      fineGrainedLineages: [
        {
          downstreams: [field(DS, 'id')],
          upstreams: [RAW, field(RAW, 'id')],
          query: 'urn:li:query:q1',
          upstreamType: 'DATASET',
          downstreamType: 'FIELD',
          confidenceScore: 0.7,
          transformOperation: 'NONE',
        },
      ],
    },
    via:
      'the stored lineage has no types: DATASET (its first upstream is a dataset) and FIELD; both upstreams ' +
      'share a key, so one lineage comes back, typed by the last upstream entry that has a type (the patch ' +
      'gives none), with the lower score',
  },
  {
    template: 'EditableSchemaMetadataTemplate.java',
    name: 'tags and terms a field that has no editable info yet',
    aspectName: 'editableSchemaMetadata',
    sdk: 'dataset-field-tag-and-term',
    current: {
      created: STAMP,
      lastModified: STAMP,
      editableSchemaFieldInfo: [
        { fieldPath: 'id', description: 'key', globalTags: { tags: [{ tag: 'urn:li:tag:legacy' }] } },
      ],
    },
    patches: [
      [
        {
          op: 'add',
          path: '/editableSchemaFieldInfo/email/globalTags/tags/urn:li:tag:pii',
          value: { tag: 'urn:li:tag:pii' },
        },
        {
          op: 'add',
          path: '/editableSchemaFieldInfo/email/glossaryTerms/terms/urn:li:glossaryTerm:Email',
          value: { urn: 'urn:li:glossaryTerm:Email' },
        },
      ],
    ],
    expected: {
      created: STAMP,
      lastModified: STAMP,
      editableSchemaFieldInfo: [
        { fieldPath: 'id', description: 'key', globalTags: { tags: [{ tag: 'urn:li:tag:legacy' }] } },
        {
          fieldPath: 'email',
          globalTags: { tags: [{ tag: 'urn:li:tag:pii' }] },
          glossaryTerms: { terms: [{ urn: 'urn:li:glossaryTerm:Email' }], auditStamp: SYSTEM },
        },
      ],
    },
    via:
      "fields keyed by fieldPath, each field's globalTags and glossaryTerms through GlobalTagsTemplate and " +
      'GlossaryTermsTemplate (which stamps the new glossaryTerms); fieldPath is put back from the key as later ' +
      'GMS does (#18334): the contract commit leaves it out and refuses the aspect ("fieldPath is required")',
  },
  {
    template: 'DatasetPropertiesTemplate.java',
    name: 'adds and removes custom properties and sets the name',
    aspectName: 'datasetProperties',
    sdk: 'dataset-properties',
    current: { name: 'orders_v1', customProperties: { stale: 'yes', tier: 'gold' } },
    patches: [
      [
        { op: 'add', path: '/customProperties/owner_team', value: 'checkout' },
        { op: 'remove', path: '/customProperties/stale', value: {} },
        { op: 'add', path: '/name', value: 'orders' },
      ],
    ],
    expected: { name: 'orders', customProperties: { tier: 'gold', owner_team: 'checkout' }, tags: [] },
    via: 'customProperties is a plain map; transformFields sets the tags map even when absent, so tags: [] appears',
  },
  {
    template: 'EditableDatasetPropertiesTemplate.java',
    name: 'sets the editable description of a dataset that has none',
    aspectName: 'editableDatasetProperties',
    sdk: 'dataset-editable-description',
    patches: [[{ op: 'add', path: '/description', value: 'Orders, one row per order' }]],
    expected: { description: 'Orders, one row per order' },
    via: 'getDefault is an empty record; transformFields and rebaseFields change nothing',
  },
  {
    template: 'SiblingsTemplate.java',
    name: 'adds a primary sibling to a dataset that has none',
    aspectName: 'siblings',
    sdk: 'dataset-sibling',
    patches: [
      [
        { op: 'add', path: `/siblings/${SNOWFLAKE}`, value: SNOWFLAKE },
        { op: 'add', path: '/primary', value: true },
      ],
    ],
    expected: { siblings: [SNOWFLAKE], primary: true },
    via: 'getDefault: no siblings, primary false; siblings is a string array keyed by itself',
  },
  {
    template: 'DashboardInfoTemplate.java',
    name: 'Power BI: adds dashboards, chart and dataset edges, deprecated charts and datasets',
    aspectName: 'dashboardInfo',
    sdk: 'dashboard',
    current: {
      title: 'Sales (old)',
      description: '',
      lastModified: { created: STAMP, lastModified: STAMP },
      charts: ['urn:li:chart:(powerbi,legacy)'],
      datasetEdges: [{ destinationUrn: DS }],
    },
    patches: [
      [
        {
          op: 'add',
          path: '/dashboards/urn:li:dashboard:(powerbi,sales-detail)',
          value: edge('urn:li:dashboard:(powerbi,sales-detail)'),
        },
        {
          op: 'add',
          path: '/chartEdges/urn:li:chart:(powerbi,revenue)',
          value: edge('urn:li:chart:(powerbi,revenue)'),
        },
        { op: 'add', path: `/datasetEdges/${esc(RAW)}`, value: edge(RAW) },
        { op: 'add', path: '/charts/urn:li:chart:(powerbi,legacy)', value: 'urn:li:chart:(powerbi,legacy)' },
        { op: 'add', path: `/datasets/${DS}`, value: DS },
        { op: 'add', path: '/title', value: 'Sales' },
      ],
    ],
    expected: {
      title: 'Sales',
      description: '',
      lastModified: { created: STAMP, lastModified: STAMP },
      charts: ['urn:li:chart:(powerbi,legacy)'],
      datasetEdges: [{ destinationUrn: DS }, edge(RAW)],
      chartEdges: [edge('urn:li:chart:(powerbi,revenue)')],
      dashboards: [edge('urn:li:dashboard:(powerbi,sales-detail)')],
      datasets: [DS],
    },
    via:
      'chartEdges, datasetEdges and dashboards keyed by destinationUrn, charts and datasets by themselves; ' +
      'every one is set as a map, so each comes back as an array even when it was absent',
  },
  {
    template: 'ChartInfoTemplate.java',
    name: 'adds an input edge and a deprecated input to a chart that does not exist',
    aspectName: 'chartInfo',
    sdk: 'chart',
    patches: [
      [
        { op: 'add', path: `/inputEdges/${esc(RAW)}`, value: { destinationUrn: RAW } },
        { op: 'add', path: `/inputs/${DS}`, value: DS },
        { op: 'add', path: '/title', value: 'Revenue' },
      ],
    ],
    expected: {
      description: '',
      title: 'Revenue',
      lastModified: { created: SYSTEM, lastModified: SYSTEM },
      inputEdges: [{ destinationUrn: RAW }],
      inputs: [DS],
    },
    via: 'getDefault: empty title and description, system stamps; inputEdges keyed by destinationUrn, inputs by itself',
  },
  {
    template: 'DataJobInputOutputTemplate.java',
    name: 'Airflow: adds and removes edges and column lineage with a query',
    aspectName: 'dataJobInputOutput',
    sdk: 'datajob-input-output',
    current: {
      inputDatasets: ['urn:li:dataset:(urn:li:dataPlatform:postgres,shop.raw.old,PROD)'],
      outputDatasets: [],
      inputDatasetEdges: [
        { destinationUrn: 'urn:li:dataset:(urn:li:dataPlatform:postgres,shop.raw.gone,PROD)' },
      ],
    },
    patches: [
      [
        { op: 'add', path: `/inputDatasetEdges/${esc(RAW)}`, value: { destinationUrn: RAW } },
        { op: 'add', path: `/outputDatasetEdges/${DS}`, value: { destinationUrn: DS } },
        { op: 'add', path: `/inputDatajobEdges/${UPSTREAM_JOB}`, value: { destinationUrn: UPSTREAM_JOB } },
        {
          op: 'remove',
          path: '/inputDatasetEdges/urn:li:dataset:(urn:li:dataPlatform:postgres,shop.raw.gone,PROD)',
          value: {},
        },
        {
          op: 'add',
          path: `/fineGrainedLineages/NONE/${esc(field(DS, 'id'))}/urn:li:query:load/${esc(field(RAW, 'id'))}`,
          value: { confidenceScore: 1.0 },
        },
      ],
    ],
    expected: {
      inputDatasets: ['urn:li:dataset:(urn:li:dataPlatform:postgres,shop.raw.old,PROD)'],
      outputDatasets: [],
      inputDatasetEdges: [{ destinationUrn: RAW }],
      inputDatajobEdges: [{ destinationUrn: UPSTREAM_JOB }],
      outputDatasetEdges: [{ destinationUrn: DS }],
      inputDatasetFields: [],
      outputDatasetFields: [],
      fineGrainedLineages: [
        {
          downstreams: [field(DS, 'id')],
          upstreams: [field(RAW, 'id')],
          query: 'urn:li:query:load',
          upstreamType: 'FIELD_SET',
          downstreamType: 'FIELD',
          confidenceScore: 1,
          transformOperation: 'NONE',
        },
      ],
    },
    via:
      'the three edge arrays keyed by destinationUrn, the field arrays by themselves, column lineage through ' +
      'FineGrainedLineageTemplateHelper; the deprecated inputDatasets is not transformed and stays as it is',
  },
  {
    template: 'DataJobInfoTemplate.java',
    name: 'adds a custom property to a job',
    aspectName: 'dataJobInfo',
    sdk: 'datajob-info',
    current: { name: 'load', type: { string: 'COMMAND' }, customProperties: { owner: 'etl' } },
    patches: [[{ op: 'add', path: '/customProperties/schedule', value: '@daily' }]],
    expected: {
      name: 'load',
      type: { string: 'COMMAND' },
      customProperties: { owner: 'etl', schedule: '@daily' },
    },
    via: 'no array is transformed; the patch applies to the aspect as stored',
  },
  {
    template: 'DataFlowInfoTemplate.java',
    name: 'names a flow that does not exist and gives it a custom property',
    aspectName: 'dataFlowInfo',
    patches: [
      [
        { op: 'add', path: '/name', value: 'nightly' },
        { op: 'add', path: '/customProperties/schedule', value: '@daily' },
      ],
    ],
    expected: { customProperties: { schedule: '@daily' }, name: 'nightly' },
    via: 'getDefault: empty customProperties; no array is transformed (no SDK 1.7 builder writes dataFlowInfo)',
  },
  {
    template: 'DataProductPropertiesTemplate.java',
    name: 'adds an asset and renames the product',
    aspectName: 'dataProductProperties',
    sdk: 'data-product',
    current: { name: 'Orders v0', assets: [{ destinationUrn: RAW }] },
    patches: [
      [
        { op: 'add', path: `/assets/${DS}`, value: { destinationUrn: DS, outputPort: false } },
        { op: 'add', path: '/name', value: 'Orders' },
      ],
    ],
    expected: {
      name: 'Orders',
      assets: [{ destinationUrn: RAW }, { destinationUrn: DS, outputPort: false }],
    },
    via: 'assets keyed by destinationUrn',
  },
  {
    template: 'StructuredPropertiesTemplate.java',
    name: 'assigns one property and removes another, keyed by property urn',
    aspectName: 'structuredProperties',
    current: {
      properties: [{ propertyUrn: 'urn:li:structuredProperty:io.shop.old', values: [{ string: 'a' }] }],
    },
    patches: [
      [
        {
          op: 'add',
          path: '/properties/urn:li:structuredProperty:io.shop.retention',
          value: { propertyUrn: 'urn:li:structuredProperty:io.shop.retention', values: [{ double: 30 }] },
        },
        { op: 'remove', path: '/properties/urn:li:structuredProperty:io.shop.old' },
      ],
    ],
    expected: {
      properties: [{ propertyUrn: 'urn:li:structuredProperty:io.shop.retention', values: [{ double: 30 }] }],
    },
    via: 'properties keyed by propertyUrn (SDK 1.7 sends this aspect with arrayPrimaryKeys: see GenericPatchTemplate)',
  },
  {
    template: 'StructuredPropertyDefinitionTemplate.java',
    name: 'adds an allowed value and an entity type, and sets the cardinality',
    aspectName: 'propertyDefinition',
    sdk: 'property-definition',
    current: {
      qualifiedName: 'io.shop.tier',
      valueType: 'urn:li:dataType:datahub.string',
      entityTypes: ['urn:li:entityType:datahub.dataset'],
      allowedValues: [{ value: { string: 'silver' } }],
      cardinality: 'SINGLE',
    },
    patches: [
      [
        {
          op: 'add',
          path: '/allowedValues/gold',
          value: { value: { string: 'gold' }, description: 'Top tier' },
        },
        {
          op: 'add',
          path: '/entityTypes/urn:li:entityType:datahub.dashboard',
          value: 'urn:li:entityType:datahub.dashboard',
        },
        { op: 'add', path: '/cardinality', value: 'MULTIPLE' },
      ],
    ],
    expected: {
      qualifiedName: 'io.shop.tier',
      valueType: 'urn:li:dataType:datahub.string',
      entityTypes: ['urn:li:entityType:datahub.dataset', 'urn:li:entityType:datahub.dashboard'],
      allowedValues: [
        { value: { string: 'silver' } },
        { value: { string: 'gold' }, description: 'Top tier' },
      ],
      cardinality: 'MULTIPLE',
    },
    via: 'entityTypes keyed by itself; allowedValues keyed by value␟string, the member of the first value',
  },
  {
    template: 'FormInfoTemplate.java',
    name: 'adds a prompt and an assigned user, keeping the prompts in order',
    aspectName: 'formInfo',
    sdk: 'form',
    current: {
      name: 'PII review',
      prompts: [{ id: '10', title: 'Steward', type: 'FIELDS_STRUCTURED_PROPERTY', required: true }],
    },
    patches: [
      [
        {
          op: 'add',
          path: '/prompts/2',
          value: { id: '2', title: 'Owner', type: 'FIELDS_STRUCTURED_PROPERTY', required: false },
        },
        { op: 'add', path: '/actors/users/urn:li:corpuser:carol', value: 'urn:li:corpuser:carol' },
        { op: 'add', path: '/actors/owners', value: true },
      ],
    ],
    expected: {
      name: 'PII review',
      prompts: [
        { id: '10', title: 'Steward', type: 'FIELDS_STRUCTURED_PROPERTY', required: true },
        { id: '2', title: 'Owner', type: 'FIELDS_STRUCTURED_PROPERTY', required: false },
      ],
      actors: { users: ['urn:li:corpuser:carol'], groups: [], owners: true },
    },
    via:
      'prompts keyed by id (in insertion order: "10" before "2"); actors created when absent, its users and ' +
      'groups keyed by themselves',
  },
  {
    template: 'VersionPropertiesTemplate.java',
    name: 'marks a version as the latest',
    aspectName: 'versionProperties',
    current: {
      versionSet: 'urn:li:versionSet:(orders,dataset)',
      version: { versionTag: '2' },
      sortId: 'AAAAAAAB',
      versioningScheme: 'ALPHANUMERIC_GENERATED_BY_DATAHUB',
      isLatest: false,
    },
    patches: [[{ op: 'replace', path: '/isLatest', value: true }]],
    expected: {
      versionSet: 'urn:li:versionSet:(orders,dataset)',
      version: { versionTag: '2' },
      sortId: 'AAAAAAAB',
      versioningScheme: 'ALPHANUMERIC_GENERATED_BY_DATAHUB',
      isLatest: true,
    },
    via: 'no array is transformed; the patch applies to the aspect as stored',
  },
  {
    template: 'VersionPropertiesTemplate.java',
    name: 'refuses to patch version properties that do not exist',
    aspectName: 'versionProperties',
    patches: [[{ op: 'add', path: '/isLatest', value: true }]],
    refused: /Default aspect is required/,
    via: 'getDefault throws UnsupportedOperationException; PatchItemImpl refuses with this message',
  },
  {
    template: 'DomainsTemplate.java',
    name: 'moves the aspect from one domain to another',
    aspectName: 'domains',
    current: { domains: ['urn:li:domain:marketing'] },
    patches: [
      [
        { op: 'add', path: '/domains/urn:li:domain:sales', value: 'urn:li:domain:sales' },
        { op: 'remove', path: '/domains/urn:li:domain:marketing' },
      ],
    ],
    expected: { domains: ['urn:li:domain:sales'] },
    via: 'domains keyed by itself (SDK 1.7 sends domainAssociations with arrayPrimaryKeys: see GenericPatchTemplate)',
  },
  {
    template: 'EditableContainerPropertiesTemplate.java',
    name: 'describes a container that has no editable properties',
    aspectName: 'editableContainerProperties',
    patches: [[{ op: 'add', path: '/description', value: 'The shop schema' }]],
    expected: { description: 'The shop schema' },
    via: 'getDefault is an empty record; nothing is transformed',
  },
  {
    template: 'EditableMLModelGroupPropertiesTemplate.java',
    name: 'describes a model group that has no editable properties',
    aspectName: 'editableMlModelGroupProperties',
    patches: [[{ op: 'add', path: '/description', value: 'Churn models' }]],
    expected: { description: 'Churn models' },
    via: 'getDefault is an empty record; nothing is transformed',
  },
  {
    template: 'GenericPatchTemplate.java',
    name: 'SDK 1.7 add_tag and remove_tag, keyed by attribution source and tag, then tag and source',
    aspectName: 'globalTags',
    sdk: 'dataset-tags',
    current: {
      tags: [
        { tag: 'urn:li:tag:legacy' },
        {
          tag: 'urn:li:tag:gold',
          attribution: { source: 'urn:li:dataHubAction:dbt', actor: STAMP.actor, time: 0 },
        },
      ],
    },
    patches: [
      {
        arrayPrimaryKeys: { tags: ['attribution\u241fsource', 'tag'] },
        patch: [{ op: 'add', path: '/tags//urn:li:tag:pii', value: { tag: 'urn:li:tag:pii' } }],
      },
      {
        arrayPrimaryKeys: { tags: ['tag', 'attribution\u241fsource'] },
        patch: [{ op: 'remove', path: '/tags/urn:li:tag:legacy', value: {} }],
      },
    ],
    expected: {
      tags: [
        { tag: 'urn:li:tag:pii' },
        {
          tag: 'urn:li:tag:gold',
          attribution: { source: 'urn:li:dataHubAction:dbt', actor: STAMP.actor, time: 0 },
        },
      ],
    },
    via:
      'arrayPrimaryKeys, so GenericPatchTemplate: the first patch groups the tags by source ("" for none), ' +
      'so pii is listed with legacy, before gold; the second keys by tag first and removes every source of legacy',
  },
  {
    template: 'GenericPatchTemplate.java',
    name: 'SDK 1.7 add_owner and remove_owner, keyed by owner, type, typeUrn and source',
    aspectName: 'ownership',
    sdk: 'dataset-owners',
    current: {
      owners: [
        { owner: 'urn:li:corpuser:alice', type: 'TECHNICAL_OWNER' },
        { owner: 'urn:li:corpuser:carol', type: 'CUSTOM', typeUrn: 'urn:li:ownershipType:steward' },
      ],
      lastModified: STAMP,
    },
    patches: [
      {
        arrayPrimaryKeys: { owners: ['owner', 'type', 'typeUrn', 'attribution\u241fsource'] },
        patch: [
          {
            op: 'add',
            path: '/owners/urn:li:corpuser:bob/DATAOWNER//',
            value: { owner: 'urn:li:corpuser:bob', type: 'DATAOWNER' },
          },
          { op: 'remove', path: '/owners/urn:li:corpuser:alice', value: {} },
        ],
      },
    ],
    expected: {
      owners: [
        { owner: 'urn:li:corpuser:carol', type: 'CUSTOM', typeUrn: 'urn:li:ownershipType:steward' },
        { owner: 'urn:li:corpuser:bob', type: 'DATAOWNER' },
      ],
      lastModified: STAMP,
    },
    via:
      'GenericPatchTemplate with four key levels; the remove of /owners/<alice> drops every type of alice. ' +
      'The contract commit drops the trailing empty tokens of the add path in populateTopLevelKeys and then ' +
      'fails the add (no /owners/<bob>/DATAOWNER); later GMS accepts what its SDK sends, and so do we',
  },
  {
    template: 'GenericPatchTemplate.java',
    name: 'SDK 1.7 add_term to a dataset without glossary terms',
    aspectName: 'glossaryTerms',
    sdk: 'dataset-term',
    patches: [
      {
        arrayPrimaryKeys: { terms: ['urn', 'attribution\u241fsource'] },
        patch: [
          {
            op: 'add',
            path: '/terms/urn:li:glossaryTerm:Email/',
            value: { urn: 'urn:li:glossaryTerm:Email' },
          },
        ],
      },
    ],
    expected: { terms: [{ urn: 'urn:li:glossaryTerm:Email' }], auditStamp: SYSTEM },
    via:
      'GenericPatchTemplate starts from an empty GlossaryTerms; the required auditStamp is put in as ' +
      'GlossaryTermsTemplate does, which GMS validation would otherwise refuse (and the trailing empty token: ' +
      'see add_owner)',
  },
  {
    template: 'GenericPatchTemplate.java',
    name: 'SDK 1.7 add_domain writes domainAssociations and leaves domains alone',
    aspectName: 'domains',
    sdk: 'dataset-domain',
    current: { domains: ['urn:li:domain:marketing'] },
    patches: [
      {
        arrayPrimaryKeys: { domainAssociations: ['attribution\u241fsource', 'domain'] },
        patch: [
          {
            op: 'add',
            path: '/domainAssociations//urn:li:domain:sales',
            value: { domain: 'urn:li:domain:sales' },
          },
        ],
      },
    ],
    expected: {
      domains: ['urn:li:domain:marketing'],
      domainAssociations: [{ domain: 'urn:li:domain:sales' }],
    },
    via: "GenericPatchTemplate transforms only the fields arrayPrimaryKeys names, not DomainsTemplate's domains",
  },
  {
    template: 'GenericPatchTemplate.java',
    name: 'SDK 1.7 add_domain on a dataset without domains',
    aspectName: 'domains',
    sdk: 'dataset-domain',
    patches: [
      {
        arrayPrimaryKeys: { domainAssociations: ['attribution\u241fsource', 'domain'] },
        patch: [
          {
            op: 'add',
            path: '/domainAssociations//urn:li:domain:sales',
            value: { domain: 'urn:li:domain:sales' },
          },
        ],
      },
    ],
    expected: {
      domainAssociations: [{ domain: 'urn:li:domain:sales' }],
      domains: [],
    },
    via: 'GenericPatchTemplate starts from an empty Domains; the required `domains` goes in as DomainsTemplate.getDefault starts it (a deliberate difference, see patch.ts)',
  },
  {
    template: 'GenericPatchTemplate.java',
    name: 'SDK 1.7 set_structured_property on a dataset without structured properties',
    aspectName: 'structuredProperties',
    sdk: 'dataset-structured-property',
    patches: [
      {
        arrayPrimaryKeys: { properties: ['propertyUrn', 'attribution\u241fsource'] },
        patch: [
          {
            op: 'add',
            path: '/properties/urn:li:structuredProperty:io.shop.retention/',
            value: {
              propertyUrn: 'urn:li:structuredProperty:io.shop.retention',
              values: [{ string: 'P30D' }],
            },
          },
        ],
      },
    ],
    expected: {
      properties: [
        { propertyUrn: 'urn:li:structuredProperty:io.shop.retention', values: [{ string: 'P30D' }] },
      ],
    },
    via: 'GenericPatchTemplate from an empty record (and the trailing empty token: see add_owner)',
  },
  {
    template: 'GenericPatchTemplate.java',
    name: 'SDK 1.7 add_institutional_memory, an aspect GMS has no template for',
    aspectName: 'institutionalMemory',
    sdk: 'data-product-link',
    patches: [
      {
        arrayPrimaryKeys: { elements: ['url'] },
        patch: [
          {
            op: 'add',
            path: `/elements/${esc('https://wiki.example/orders')}`,
            value: { url: 'https://wiki.example/orders', description: 'Runbook', createStamp: STAMP },
          },
        ],
      },
    ],
    expected: {
      elements: [{ url: 'https://wiki.example/orders', description: 'Runbook', createStamp: STAMP }],
    },
    via: 'GenericPatchTemplate needs no aspect template (GMS of the contract commit refuses a PATCH to this aspect)',
  },
];
