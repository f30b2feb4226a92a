/**
 * Pegasus record names of DataHub's aspects, e.g. `datasetProperties` is the record
 * `com.linkedin.dataset.DatasetProperties`. GMS names records this way on the wire (Rest.li
 * `/aspects/{urn}` answers `{"aspect": {"com.linkedin.dataset.DatasetProperties": {…}}}`) and MCE
 * snapshots key their aspects by the Avro form of the same name (`com.linkedin.pegasus2avro.…`).
 *
 * Table: pegasus namespace → space-separated aspect names; `aspectName:RecordName` where the record's
 * simple name is not the aspect name with an upper-case first letter. Listed from DataHub's models as
 * shipped in acryl-datahub 1.7.0.17 (its ASPECT_NAME_MAP), the SDK version the wire contract is tested with.
 */
const RECORDS_BY_NAMESPACE: Readonly<Record<string, string>> = {
  'com.linkedin.access.token': 'dataHubAccessTokenInfo',
  'com.linkedin.agent': 'aiAgentDependencies:AIAgentDependencies aiAgentInfo:AIAgentInfo',
  'com.linkedin.agentskill': 'agentSkillInfo',
  'com.linkedin.api': 'apiProperties apiSignature restApiProperties',
  'com.linkedin.application': 'applicationKey applicationLineage applicationProperties applications',
  'com.linkedin.assertion':
    'assertionActions assertionInfo assertionNote assertionRunEvent assertionRunSummary',
  'com.linkedin.businessattribute': 'businessAttributeInfo businessAttributeKey businessAttributes',
  'com.linkedin.chart': 'chartInfo chartQuery chartUsageStatistics editableChartProperties',
  'com.linkedin.common':
    'access aiContext aliases browsePaths browsePathsV2 cost dataPlatformInstance dataTransformLogic deprecation displayProperties documentation embed forms globalTags glossaryTerms incidentsSummary inputFields institutionalMemory operation origin ownership semanticContent semanticText siblings status subTypes upstreamMetrics versionProperties',
  'com.linkedin.connection': 'dataHubConnectionDetails',
  'com.linkedin.container': 'container containerProperties editableContainerProperties',
  'com.linkedin.dashboard': 'dashboardInfo dashboardUsageStatistics editableDashboardProperties',
  'com.linkedin.datacontract': 'dataContractProperties dataContractStatus',
  'com.linkedin.datajob':
    'dataFlowInfo dataJobInfo dataJobInputOutput editableDataFlowProperties editableDataJobProperties versionInfo',
  'com.linkedin.datajob.datahub': 'datahubIngestionCheckpoint datahubIngestionRunSummary',
  'com.linkedin.dataplatform': 'dataPlatformInfo',
  'com.linkedin.dataplatform.slack': 'slackUserInfo',
  'com.linkedin.dataplatforminstance': 'dataPlatformInstanceProperties icebergWarehouseInfo',
  'com.linkedin.dataprocess':
    'dataProcessInfo dataProcessInstanceInput dataProcessInstanceOutput dataProcessInstanceProperties dataProcessInstanceRelationships dataProcessInstanceRunEvent',
  'com.linkedin.dataproduct': 'dataProductKey dataProductProperties dataProducts',
  'com.linkedin.dataset':
    'datasetDeprecation datasetProfile datasetProperties datasetUpstreamLineage datasetUsageStatistics editableDatasetProperties icebergCatalogInfo partitionsSummary semanticModelProperties upstreamLineage viewProperties',
  'com.linkedin.datatype': 'dataTypeInfo dataTypeKey',
  'com.linkedin.domain': 'domainProperties domains',
  'com.linkedin.entitytype': 'entityTypeInfo entityTypeKey',
  'com.linkedin.ermodelrelation':
    'editableERModelRelationshipProperties erModelRelationshipProperties:ERModelRelationshipProperties',
  'com.linkedin.execution':
    'dataHubExecutionRequestInput:ExecutionRequestInput dataHubExecutionRequestResult:ExecutionRequestResult dataHubExecutionRequestSignal:ExecutionRequestSignal',
  'com.linkedin.file': 'dataHubFileInfo',
  'com.linkedin.form': 'dynamicFormAssignment formInfo',
  'com.linkedin.glossary': 'glossaryNodeInfo glossaryRelatedTerms glossaryTermInfo',
  'com.linkedin.identity':
    'corpGroupEditableInfo corpGroupInfo corpUserCredentials corpUserEditableInfo corpUserInfo corpUserSettings corpUserStatus groupMembership inviteToken nativeGroupMembership roleMembership',
  'com.linkedin.incident': 'incidentExternalLinks incidentInfo incidentNotes incidentSource',
  'com.linkedin.ingestion': 'dataHubIngestionSourceInfo',
  'com.linkedin.knowledge': 'documentInfo documentSettings documentUsageStatistics',
  'com.linkedin.lifecycle': 'lifecycleStageTypeInfo',
  'com.linkedin.logical': 'logicalParent',
  'com.linkedin.metadata.key':
    'agentSkillKey aiAgentKey:AIAgentKey apiKey assertionKey chartKey containerKey corpGroupKey corpUserKey dashboardKey dataContractKey dataFlowKey dataHubAccessTokenKey dataHubActionKey dataHubConnectionKey dataHubExecutionRequestKey:ExecutionRequestKey dataHubFileKey dataHubIngestionSourceKey dataHubOpenAPISchemaKey dataHubPageModuleKey dataHubPageTemplateKey dataHubPersonaKey dataHubPolicyKey dataHubRetentionKey dataHubRoleKey dataHubSecretKey dataHubStepStateKey dataHubUpgradeKey dataHubViewKey dataJobKey dataPlatformInstanceKey dataPlatformKey dataProcessInstanceKey dataProcessKey datasetKey documentKey domainKey erModelRelationshipKey:ERModelRelationshipKey formKey globalSettingsKey glossaryNodeKey glossaryTermKey incidentKey inviteTokenKey lifecycleStageTypeKey metricKey mlFeatureKey:MLFeatureKey mlFeatureTableKey:MLFeatureTableKey mlModelDeploymentKey:MLModelDeploymentKey mlModelGroupKey:MLModelGroupKey mlModelKey:MLModelKey mlPrimaryKeyKey:MLPrimaryKeyKey notebookKey ownershipTypeKey postKey queryKey roleKey schemaFieldKey searchTemplateKey semanticModelKey tagKey telemetryKey testKey versionSetKey',
  'com.linkedin.metadata.search.features': 'storageFeatures usageFeatures',
  'com.linkedin.metric': 'metricInfo metricRelationships metricUpstreams',
  'com.linkedin.ml.metadata':
    'editableMlFeatureProperties:EditableMLFeatureProperties editableMlFeatureTableProperties:EditableMLFeatureTableProperties editableMlModelGroupProperties:EditableMLModelGroupProperties editableMlModelProperties:EditableMLModelProperties editableMlPrimaryKeyProperties:EditableMLPrimaryKeyProperties intendedUse mlFeatureProperties:MLFeatureProperties mlFeatureTableProperties:MLFeatureTableProperties mlHyperParam:MLHyperParam mlMetric:MLMetric mlModelCaveatsAndRecommendations:CaveatsAndRecommendations mlModelDeploymentProperties:MLModelDeploymentProperties mlModelEthicalConsiderations:EthicalConsiderations mlModelEvaluationData:EvaluationData mlModelFactorPrompts:MLModelFactorPrompts mlModelGroupProperties:MLModelGroupProperties mlModelMetrics:Metrics mlModelProperties:MLModelProperties mlModelQuantitativeAnalyses:QuantitativeAnalyses mlModelTrainingData:TrainingData mlPrimaryKeyProperties:MLPrimaryKeyProperties mlTrainingRunProperties:MLTrainingRunProperties sourceCode',
  'com.linkedin.module': 'dataHubPageModuleProperties',
  'com.linkedin.mxe': 'systemMetadata',
  'com.linkedin.notebook': 'editableNotebookProperties notebookContent notebookInfo',
  'com.linkedin.ownership': 'ownershipTypeInfo',
  'com.linkedin.persona': 'dataHubPersonaInfo',
  'com.linkedin.platformresource': 'platformResourceInfo platformResourceKey',
  'com.linkedin.policy': 'dataHubPolicyInfo dataHubRoleInfo',
  'com.linkedin.post': 'postInfo',
  'com.linkedin.query': 'queryProperties querySubjects queryUsageStatistics',
  'com.linkedin.repository': 'repositoryKey repositoryLineage repositoryProperties repositorySource',
  'com.linkedin.retention': 'dataHubRetentionConfig',
  'com.linkedin.role': 'actors roleProperties',
  'com.linkedin.schema': 'editableSchemaMetadata schemaMetadata',
  'com.linkedin.schemafield': 'schemaFieldAliases schemafieldInfo:SchemaFieldInfo',
  'com.linkedin.search.template': 'searchTemplateProperties',
  'com.linkedin.secret': 'dataHubSecretValue',
  'com.linkedin.semanticmodel': 'semanticFieldAnnotation semanticModelInfo',
  'com.linkedin.service': 'mcpServerProperties serviceDefinition serviceKey serviceProperties',
  'com.linkedin.settings.asset': 'assetSettings',
  'com.linkedin.settings.global': 'globalSettingsInfo',
  'com.linkedin.step': 'dataHubStepStateProperties',
  'com.linkedin.structured':
    'propertyDefinition:StructuredPropertyDefinition structuredProperties structuredPropertyKey structuredPropertySettings',
  'com.linkedin.tag': 'tagProperties',
  'com.linkedin.telemetry': 'telemetryClientId',
  'com.linkedin.template': 'dataHubPageTemplateProperties',
  'com.linkedin.test': 'testInfo testResults',
  'com.linkedin.upgrade': 'dataHubUpgradeRequest dataHubUpgradeResult',
  'com.linkedin.versionset': 'versionSetProperties',
  'com.linkedin.view': 'dataHubViewInfo',
};

const AVRO_NAMESPACE_PREFIX = 'com.linkedin.pegasus2avro.';
const PEGASUS_NAMESPACE_PREFIX = 'com.linkedin.';

const recordByAspect = new Map<string, string>();
const aspectByRecord = new Map<string, string>();
for (const [namespace, entries] of Object.entries(RECORDS_BY_NAMESPACE)) {
  for (const entry of entries.split(' ')) {
    const [aspectName, simple] = entry.split(':') as [string, string | undefined];
    const recordName = `${namespace}.${simple ?? aspectName.charAt(0).toUpperCase() + aspectName.slice(1)}`;
    recordByAspect.set(aspectName, recordName);
    aspectByRecord.set(recordName, aspectName);
  }
}

/** `com.linkedin.pegasus2avro.x.Y` → `com.linkedin.x.Y` (the Rest.li/JSON name of an Avro-named type). */
export function pegasusName(name: string): string {
  return name.startsWith(AVRO_NAMESPACE_PREFIX)
    ? PEGASUS_NAMESPACE_PREFIX + name.slice(AVRO_NAMESPACE_PREFIX.length)
    : name;
}

/**
 * Full pegasus record name of an aspect. Aspects DataHub's open-source models do not list (newer or
 * DataHub Cloud ones seen in datapacks) get a stable made-up name in `com.linkedin.metadata.aspect`, so
 * a reader can still find them under a single key.
 */
export function recordNameForAspect(aspectName: string): string {
  return (
    recordByAspect.get(aspectName) ??
    `com.linkedin.metadata.aspect.${aspectName.charAt(0).toUpperCase() + aspectName.slice(1)}`
  );
}

/** Aspect name of a full record name, Avro (`pegasus2avro`) or pegasus form; undefined when not an aspect. */
export function aspectNameForRecordName(recordName: string): string | undefined {
  return aspectByRecord.get(pegasusName(recordName));
}
