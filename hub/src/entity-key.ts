import { entitySpec } from './aspect-registry.js';
import type { JsonObject } from './model.js';
import { parseUrn } from './urn.js';

/**
 * The key aspect GMS derives from an urn when an entity is first written, e.g. datasetKey
 * {platform, name, origin}. Field names follow DataHub's key records; unknown shapes fall back to {id}.
 */
const KEY_FIELDS: Readonly<Record<string, readonly string[]>> = {
  dataset: ['platform', 'name', 'origin'],
  chart: ['dashboardTool', 'chartId'],
  dashboard: ['dashboardTool', 'dashboardId'],
  dataFlow: ['orchestrator', 'flowId', 'cluster'],
  dataJob: ['flow', 'jobId'],
  corpuser: ['username'],
  corpGroup: ['name'],
  tag: ['name'],
  glossaryTerm: ['name'],
  glossaryNode: ['name'],
  dataPlatform: ['platformName'],
  container: ['guid'],
  schemaField: ['parent', 'fieldPath'],
  mlModel: ['platform', 'name', 'origin'],
  mlFeatureTable: ['platform', 'name'],
  mlFeature: ['featureNamespace', 'name'],
  mlPrimaryKey: ['featureNamespace', 'name'],
  dataPlatformInstance: ['platform', 'instance'],
  dataProcessInstance: ['id'],
  assertion: ['assertionId'],
  notebook: ['notebookTool', 'notebookId'],
};

export function keyAspectFor(urn: string): { aspectName: string; value: JsonObject } | undefined {
  const { entityType, parts } = parseUrn(urn);
  const spec = entitySpec(entityType);
  if (!spec) return undefined;
  const fields = KEY_FIELDS[entityType] ?? ['id'];
  const value: JsonObject = {};
  fields.forEach((field, i) => {
    const part = parts[i];
    if (part !== undefined) value[field] = part;
  });
  return { aspectName: spec.keyAspect, value };
}
