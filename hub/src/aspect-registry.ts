/**
 * Which entity types and aspects the embedded hub accepts, after DataHub's entity registry
 * (metadata-models entity-registry.yml) plus the aspects newer DataHub releases write (seen in the
 * showcase datapack). A write for an entity type or aspect not listed here is refused, as GMS does.
 */

/** Aspects almost every entity of a recent DataHub accepts. */
const COMMON = ['status', 'testResults', 'structuredProperties', 'forms', 'ownership', 'institutionalMemory'];
const TAGGABLE = ['globalTags', 'glossaryTerms', 'domains', 'deprecation', 'browsePaths', 'browsePathsV2'];
const ASSET = [
  ...COMMON,
  ...TAGGABLE,
  'dataPlatformInstance',
  'subTypes',
  'container',
  'incidentsSummary',
  'assertionsSummary',
  'lineageFeatures',
  'usageFeatures',
  'storageFeatures',
  'proposals',
  'embed',
  'documentation',
  'entityInferenceMetadata',
  'access',
  'applications',
  'share',
  'origin',
];

export interface EntitySpec {
  keyAspect: string;
  aspects: readonly string[];
}

function spec(keyAspect: string, own: string[], shared: readonly string[] = COMMON): EntitySpec {
  return { keyAspect, aspects: [...new Set([keyAspect, ...own, ...shared])] };
}

export const ENTITY_REGISTRY: Readonly<Record<string, EntitySpec>> = {
  dataPlatform: spec('dataPlatformKey', ['dataPlatformInfo']),
  dataset: spec(
    'datasetKey',
    [
      'viewProperties',
      'datasetProfile',
      'datasetUsageStatistics',
      'operation',
      'schemaMetadata',
      'siblings',
      'datasetProperties',
      'editableDatasetProperties',
      'datasetDeprecation',
      'datasetUpstreamLineage',
      'upstreamLineage',
      'editableSchemaMetadata',
      'partitionsSummary',
      'schemaProposals',
      'icebergCatalogInfo',
      'versionProperties',
    ],
    ASSET,
  ),
  dataJob: spec(
    'dataJobKey',
    [
      'datahubIngestionRunSummary',
      'datahubIngestionCheckpoint',
      'versionInfo',
      'dataJobInfo',
      'dataJobInputOutput',
      'editableDataJobProperties',
    ],
    ASSET,
  ),
  dataFlow: spec('dataFlowKey', ['versionInfo', 'dataFlowInfo', 'editableDataFlowProperties'], ASSET),
  dataProcessInstance: spec(
    'dataProcessInstanceKey',
    [
      'dataProcessInstanceInput',
      'dataProcessInstanceOutput',
      'dataProcessInstanceProperties',
      'dataProcessInstanceRelationships',
      'dataProcessInstanceRunEvent',
    ],
    ASSET,
  ),
  chart: spec(
    'chartKey',
    ['chartInfo', 'editableChartProperties', 'chartQuery', 'inputFields', 'chartUsageStatistics'],
    ASSET,
  ),
  dashboard: spec(
    'dashboardKey',
    ['dashboardUsageStatistics', 'inputFields', 'dashboardInfo', 'editableDashboardProperties'],
    ASSET,
  ),
  notebook: spec('notebookKey', ['notebookInfo', 'notebookContent', 'editableNotebookProperties'], ASSET),
  corpuser: spec('corpUserKey', [
    'corpUserInfo',
    'corpUserEditableInfo',
    'corpUserStatus',
    'groupMembership',
    'globalTags',
    'corpUserCredentials',
    'nativeGroupMembership',
    'corpUserSettings',
    'origin',
    'roleMembership',
    'corpUserUsageFeatures',
    'slackUserInfo',
  ]),
  corpGroup: spec('corpGroupKey', [
    'corpGroupInfo',
    'corpGroupEditableInfo',
    'globalTags',
    'origin',
    'roleMembership',
  ]),
  domain: spec('domainKey', ['domainProperties', 'assetSettings', 'displayProperties']),
  container: spec('containerKey', ['containerProperties', 'editableContainerProperties'], ASSET),
  tag: spec('tagKey', ['tagProperties', 'deprecation']),
  glossaryTerm: spec('glossaryTermKey', [
    'glossaryTermInfo',
    'glossaryRelatedTerms',
    'schemaMetadata',
    'deprecation',
    'domains',
    'browsePaths',
    'assetSettings',
  ]),
  glossaryNode: spec('glossaryNodeKey', ['glossaryNodeInfo', 'displayProperties']),
  assertion: spec('assertionKey', [
    'assertionInfo',
    'dataPlatformInstance',
    'assertionRunEvent',
    'assertionActions',
    'globalTags',
  ]),
  dataPlatformInstance: spec('dataPlatformInstanceKey', [
    'dataPlatformInstanceProperties',
    'globalTags',
    'deprecation',
  ]),
  mlModel: spec(
    'mlModelKey',
    [
      'editableMlModelProperties',
      'mlModelProperties',
      'intendedUse',
      'mlModelFactorPrompts',
      'mlModelMetrics',
      'mlModelEvaluationData',
      'mlModelTrainingData',
      'mlModelQuantitativeAnalyses',
      'mlModelEthicalConsiderations',
      'mlModelCaveatsAndRecommendations',
      'sourceCode',
      'cost',
    ],
    ASSET,
  ),
  mlModelGroup: spec('mlModelGroupKey', ['editableMlModelGroupProperties', 'mlModelGroupProperties'], ASSET),
  mlModelDeployment: spec('mlModelDeploymentKey', ['mlModelDeploymentProperties'], ASSET),
  mlFeatureTable: spec(
    'mlFeatureTableKey',
    ['editableMlFeatureTableProperties', 'mlFeatureTableProperties'],
    ASSET,
  ),
  mlFeature: spec('mlFeatureKey', ['editableMlFeatureProperties', 'mlFeatureProperties'], ASSET),
  mlPrimaryKey: spec('mlPrimaryKeyKey', ['editableMlPrimaryKeyProperties', 'mlPrimaryKeyProperties'], ASSET),
  test: spec('testKey', ['testInfo']),
  schemaField: spec('schemaFieldKey', [
    'schemafieldInfo',
    'businessAttributes',
    'schemaFieldAliases',
    'documentation',
    'logicalParent',
  ]),
  incident: spec('incidentKey', ['incidentInfo', 'globalTags']),
  query: spec('queryKey', [
    'queryProperties',
    'querySubjects',
    'queryUsageStatistics',
    'dataPlatformInstance',
    'subTypes',
  ]),
  dataProduct: spec('dataProductKey', ['glossaryTerms', 'globalTags', 'domains', 'dataProductProperties']),
  ownershipType: spec('ownershipTypeKey', ['ownershipTypeInfo']),
  businessAttribute: spec('businessAttributeKey', ['businessAttributeInfo']),
  dataContract: spec('dataContractKey', ['dataContractProperties', 'dataContractStatus']),
  structuredProperty: spec('structuredPropertyKey', ['propertyDefinition', 'structuredPropertySettings']),
  form: spec('formKey', ['formInfo', 'dynamicFormAssignment']),
  platformResource: spec('platformResourceKey', ['dataPlatformInstance', 'platformResourceInfo']),
  document: spec('documentKey', [
    'documentInfo',
    'documentSettings',
    'subTypes',
    'globalTags',
    'glossaryTerms',
    'domains',
  ]),
  role: spec('roleKey', ['roleProperties', 'actors']),
  erModelRelationship: spec('erModelRelationshipKey', [
    'erModelRelationshipProperties',
    'editableERModelRelationshipProperties',
    'globalTags',
    'glossaryTerms',
  ]),
  dataHubRole: spec('dataHubRoleKey', ['dataHubRoleInfo']),
  post: spec('postKey', ['postInfo']),
};

/** Aspects GMS keeps as time series (its Elasticsearch timeseries indices), not as versioned rows. */
export const TIMESERIES_ASPECTS: ReadonlySet<string> = new Set([
  'datasetProfile',
  'datasetUsageStatistics',
  'operation',
  'chartUsageStatistics',
  'dashboardUsageStatistics',
  'assertionRunEvent',
  'dataProcessInstanceRunEvent',
  'queryUsageStatistics',
]);

export function entitySpec(entityType: string): EntitySpec | undefined {
  return Object.prototype.hasOwnProperty.call(ENTITY_REGISTRY, entityType)
    ? ENTITY_REGISTRY[entityType]
    : undefined;
}

export function isKnownAspect(entityType: string, aspectName: string): boolean {
  return entitySpec(entityType)?.aspects.includes(aspectName) ?? false;
}

export function isTimeseriesAspect(aspectName: string): boolean {
  return TIMESERIES_ASPECTS.has(aspectName);
}

/**
 * Pegasus record names whose aspect name is not the record's simple name with a lower-case first letter.
 * Used to read MCE snapshots (whose aspects are keyed by record name) and to name records on read.
 */
const CLASS_TO_ASPECT: Readonly<Record<string, string>> = {
  MLModelProperties: 'mlModelProperties',
  MLModelGroupProperties: 'mlModelGroupProperties',
  MLModelDeploymentProperties: 'mlModelDeploymentProperties',
  MLFeatureProperties: 'mlFeatureProperties',
  MLFeatureTableProperties: 'mlFeatureTableProperties',
  MLPrimaryKeyProperties: 'mlPrimaryKeyProperties',
  MLModelFactorPrompts: 'mlModelFactorPrompts',
  Metrics: 'mlModelMetrics',
  EvaluationData: 'mlModelEvaluationData',
  TrainingData: 'mlModelTrainingData',
  QuantitativeAnalyses: 'mlModelQuantitativeAnalyses',
  EthicalConsiderations: 'mlModelEthicalConsiderations',
  CaveatsAndRecommendations: 'mlModelCaveatsAndRecommendations',
  SchemaFieldInfo: 'schemafieldInfo',
  EditableMLModelProperties: 'editableMlModelProperties',
  EditableMLFeatureProperties: 'editableMlFeatureProperties',
  EditableMLFeatureTableProperties: 'editableMlFeatureTableProperties',
  EditableMLPrimaryKeyProperties: 'editableMlPrimaryKeyProperties',
  EditableMLModelGroupProperties: 'editableMlModelGroupProperties',
  EditableERModelRelationshipProperties: 'editableERModelRelationshipProperties',
  ERModelRelationshipProperties: 'erModelRelationshipProperties',
};

/** Aspect name for a pegasus record name, simple (`DatasetProperties`) or full (`com.linkedin…DatasetProperties`). */
export function aspectNameForRecord(recordName: string): string {
  const simple = recordName.slice(recordName.lastIndexOf('.') + 1);
  return CLASS_TO_ASPECT[simple] ?? simple.charAt(0).toLowerCase() + simple.slice(1);
}

/** Entity type for an MCE snapshot record name, e.g. `…snapshot.DatasetSnapshot` → `dataset`. */
export function entityTypeForSnapshot(snapshotName: string): string | undefined {
  const simple = snapshotName.slice(snapshotName.lastIndexOf('.') + 1);
  if (!simple.endsWith('Snapshot')) return undefined;
  const base = simple.slice(0, -'Snapshot'.length);
  const special: Record<string, string> = {
    CorpUser: 'corpuser',
    MLModel: 'mlModel',
    MLFeature: 'mlFeature',
    MLFeatureTable: 'mlFeatureTable',
    MLPrimaryKey: 'mlPrimaryKey',
    MLModelGroup: 'mlModelGroup',
    MLModelDeployment: 'mlModelDeployment',
  };
  return special[base] ?? base.charAt(0).toLowerCase() + base.slice(1);
}
