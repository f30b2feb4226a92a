import type { JsonObject } from '../model.js';
import { arrayFieldToMap, transformedMapToArray, UNIT_SEPARATOR } from './array-merging.js';
import { fineGrainedLineagesFromMap, fineGrainedLineagesToMap } from './fine-grained-lineage.js';
import { PatchError } from './json-patch.js';
import { isTreeObject, toTree, type Tree, type TreeObject } from './json-tree.js';

/**
 * GMS's patch templates as data: for each aspect with a template in DataHub's
 * `entity-registry/.../aspect/patch/template/` (copied to ../shared/datahub/contract/patch-templates/), the
 * aspect a patch starts from when there is none (`getDefault`), the array fields turned into maps before the
 * patch and back after it (`transformFields`, `rebaseFields`) with their key fields, and the few special cases
 * the Java codes by hand.
 */

export interface AuditStamp {
  time: number;
  actor: string;
}

/** An array field and its items' key fields; no key fields: an array of strings, each keyed by itself. */
export interface KeyedField {
  field: string;
  key: readonly string[];
}

export interface PatchTemplate {
  /** The Java class this entry transcribes. */
  java: string;
  /** `getDefault()`, the aspect a patch applies to when there is none; absent: GMS has none and refuses. */
  initial?: (stamp: AuditStamp) => JsonObject;
  /** The array fields, in the order `transformFields` handles them. */
  arrays: readonly KeyedField[];
  /** `fineGrainedLineages` goes through `FineGrainedLineageTemplateHelper` (keyed by operation, downstream, query, upstream). */
  fineGrainedLineages?: true;
  /** GlossaryTermsTemplate: this required (deprecated) stamp is set to now when missing, before and after the patch. */
  stampIfMissing?: string;
  /** EditableSchemaMetadataTemplate: members of each item of `field` that go through another aspect's template. */
  itemTemplates?: { field: string; members: readonly string[] };
  /** FormInfoTemplate: array fields of an object member, which is created when the aspect lacks it. */
  inObject?: { field: string; arrays: readonly KeyedField[] };
  /** StructuredPropertyDefinitionTemplate: `allowedValues`, keyed by its union `value` (see below). */
  allowedValues?: true;
}

const keyed = (field: string, ...key: string[]): KeyedField => ({ field, key });
const strings = (field: string): KeyedField => ({ field, key: [] });
const edges = (field: string): KeyedField => keyed(field, 'destinationUrn');
const changeStamps = (stamp: AuditStamp) => ({ created: stamp, lastModified: stamp });

/** The templates `AspectTemplateEngine.SUPPORTED_TEMPLATES` registers, by aspect name. */
export const GMS_TEMPLATES: Readonly<Record<string, PatchTemplate>> = {
  globalTags: { java: 'GlobalTagsTemplate', initial: () => ({ tags: [] }), arrays: [keyed('tags', 'tag')] },
  glossaryTerms: {
    java: 'GlossaryTermsTemplate',
    initial: (stamp) => ({ terms: [], auditStamp: stamp }),
    arrays: [keyed('terms', 'urn')],
    stampIfMissing: 'auditStamp',
  },
  ownership: {
    java: 'OwnershipTemplate',
    initial: (stamp) => ({ owners: [], lastModified: stamp }),
    arrays: [keyed('owners', 'owner', 'type')],
  },
  upstreamLineage: {
    java: 'UpstreamLineageTemplate',
    initial: () => ({ upstreams: [], fineGrainedLineages: [] }),
    arrays: [keyed('upstreams', 'dataset')],
    fineGrainedLineages: true,
  },
  editableSchemaMetadata: {
    java: 'EditableSchemaMetadataTemplate',
    initial: (stamp) => ({ ...changeStamps(stamp), editableSchemaFieldInfo: [] }),
    arrays: [keyed('editableSchemaFieldInfo', 'fieldPath')],
    itemTemplates: { field: 'editableSchemaFieldInfo', members: ['globalTags', 'glossaryTerms'] },
  },
  datasetProperties: {
    java: 'DatasetPropertiesTemplate',
    initial: () => ({ tags: [], customProperties: {} }),
    arrays: [strings('tags')],
  },
  dataFlowInfo: { java: 'DataFlowInfoTemplate', initial: () => ({ customProperties: {} }), arrays: [] },
  dataJobInfo: { java: 'DataJobInfoTemplate', initial: () => ({ customProperties: {} }), arrays: [] },
  dataProductProperties: {
    java: 'DataProductPropertiesTemplate',
    initial: () => ({ assets: [] }),
    arrays: [edges('assets')],
  },
  dataJobInputOutput: {
    java: 'DataJobInputOutputTemplate',
    initial: () => ({
      inputDatajobEdges: [],
      inputDatasetEdges: [],
      outputDatasetEdges: [],
      fineGrainedLineages: [],
      inputDatasetFields: [],
      outputDatasetFields: [],
      inputDatajobs: [],
      inputDatasets: [],
      outputDatasets: [],
    }),
    // The deprecated inputDatasets, outputDatasets and inputDatajobs are not keyed: GMS patches them as arrays.
    arrays: [
      edges('inputDatajobEdges'),
      edges('inputDatasetEdges'),
      edges('outputDatasetEdges'),
      strings('inputDatasetFields'),
      strings('outputDatasetFields'),
    ],
    fineGrainedLineages: true,
  },
  chartInfo: {
    java: 'ChartInfoTemplate',
    initial: (stamp) => ({
      description: '',
      title: '',
      lastModified: changeStamps(stamp),
      inputEdges: [],
      inputs: [],
    }),
    arrays: [edges('inputEdges'), strings('inputs')],
  },
  dashboardInfo: {
    java: 'DashboardInfoTemplate',
    initial: (stamp) => ({
      title: '',
      description: '',
      lastModified: changeStamps(stamp),
      chartEdges: [],
      datasetEdges: [],
      datasets: [],
      charts: [],
    }),
    arrays: [
      edges('chartEdges'),
      edges('datasetEdges'),
      edges('dashboards'),
      strings('datasets'),
      strings('charts'),
    ],
  },
  structuredProperties: {
    java: 'StructuredPropertiesTemplate',
    initial: () => ({ properties: [] }),
    arrays: [keyed('properties', 'propertyUrn')],
  },
  propertyDefinition: {
    java: 'StructuredPropertyDefinitionTemplate',
    initial: () => ({ qualifiedName: '', valueType: 'urn:li:dataType:datahub.string', entityTypes: [] }),
    arrays: [strings('entityTypes')],
    allowedValues: true,
  },
  formInfo: {
    java: 'FormInfoTemplate',
    initial: () => ({ name: '' }),
    arrays: [keyed('prompts', 'id')],
    inObject: { field: 'actors', arrays: [strings('users'), strings('groups')] },
  },
  // No default: "no sensible default for version set", so a patch needs the aspect to exist.
  versionProperties: { java: 'VersionPropertiesTemplate', arrays: [] },
  siblings: {
    java: 'SiblingsTemplate',
    initial: () => ({ siblings: [], primary: false }),
    arrays: [strings('siblings')],
  },
  domains: { java: 'DomainsTemplate', initial: () => ({ domains: [] }), arrays: [strings('domains')] },
  editableDatasetProperties: { java: 'EditableDatasetPropertiesTemplate', initial: () => ({}), arrays: [] },
  editableContainerProperties: {
    java: 'EditableContainerPropertiesTemplate',
    initial: () => ({}),
    arrays: [],
  },
  editableMlModelGroupProperties: {
    java: 'EditableMLModelGroupPropertiesTemplate',
    initial: () => ({}),
    arrays: [],
  },
};

/**
 * Aspects GMS has no template for. GMS refuses a plain patch to them ("does not currently support patch
 * operations"); DataSpoke applies it as JSON Patch over the aspect as it is, and keys institutionalMemory's
 * links by url, the key DataHub's SDK 1.7 sends in arrayPrimaryKeys for them.
 */
const DATASPOKE_TEMPLATES: Readonly<Record<string, PatchTemplate>> = {
  institutionalMemory: { java: '-', initial: () => ({ elements: [] }), arrays: [keyed('elements', 'url')] },
};
const PLAIN: PatchTemplate = { java: '-', initial: () => ({}), arrays: [] };

/** The template GMS applies a plain patch (a JSON Patch array, or `{patch}` without arrayPrimaryKeys) with. */
export function templateFor(aspectName: string): PatchTemplate {
  return GMS_TEMPLATES[aspectName] ?? DATASPOKE_TEMPLATES[aspectName] ?? PLAIN;
}

/**
 * `GenericPatchTemplate`, for a patch with arrayPrimaryKeys (or forceGenericPatch): only the arrays it names
 * (top-level fields), whatever the aspect; the aspect's own template is not used, and an aspect that does not
 * exist yet starts empty (the record's no-argument constructor).
 */
export function genericTemplate(
  arrayPrimaryKeys: Readonly<Record<string, readonly string[]>>,
): PatchTemplate {
  return {
    java: 'GenericPatchTemplate',
    initial: () => ({}),
    arrays: Object.entries(arrayPrimaryKeys).map(([field, key]) => ({ field, key })),
  };
}

/** `transformFields`: the aspect in the form the patch addresses. */
export function transformFields(template: PatchTemplate, node: TreeObject, stamp: AuditStamp): void {
  setStampIfMissing(template, node, stamp);
  for (const { field, key } of template.arrays) arrayFieldToMap(node, field, key);
  if (template.fineGrainedLineages) {
    node.set('fineGrainedLineages', fineGrainedLineagesToMap(node.get('fineGrainedLineages')));
  }
  if (template.itemTemplates) {
    const { field, members } = template.itemTemplates;
    for (const item of (node.get(field) as TreeObject).values()) {
      forMembers(item, members, (member, value) => transformFields(GMS_TEMPLATES[member]!, value, stamp));
    }
  }
  if (template.inObject) {
    const inner = objectMember(node, template.inObject.field);
    for (const { field, key } of template.inObject.arrays) arrayFieldToMap(inner, field, key);
  }
  if (template.allowedValues) transformAllowedValues(node);
}

/** `rebaseFields`: the patched map form back to the aspect's own. */
export function rebaseFields(template: PatchTemplate, node: TreeObject, stamp: AuditStamp): void {
  setStampIfMissing(template, node, stamp);
  for (const { field, key } of template.arrays) transformedMapToArray(node, field, key);
  if (template.fineGrainedLineages) {
    node.set('fineGrainedLineages', fineGrainedLineagesFromMap(node.get('fineGrainedLineages')));
  }
  if (template.itemTemplates) {
    const { field, members } = template.itemTemplates;
    const items = node.get(field);
    for (const item of Array.isArray(items) ? items : []) {
      forMembers(item, members, (member, value) => rebaseFields(GMS_TEMPLATES[member]!, value, stamp));
    }
  }
  if (template.inObject) {
    const inner = objectMember(node, template.inObject.field);
    for (const { field, key } of template.inObject.arrays) transformedMapToArray(inner, field, key);
  }
  if (template.allowedValues && node.has('allowedValues')) {
    transformedMapToArray(node, 'allowedValues', ['value']);
  }
}

/** GlossaryTermsTemplate sets its required stamp when it is missing, before the patch and after it. */
function setStampIfMissing(template: PatchTemplate, node: TreeObject, stamp: AuditStamp): void {
  if (template.stampIfMissing && !node.has(template.stampIfMissing)) {
    node.set(template.stampIfMissing, toTree(stamp));
  }
}

/** Each member the item has goes through its template; the Java casts it to an object, so it must be one. */
function forMembers(
  item: Tree,
  members: readonly string[],
  apply: (member: string, value: TreeObject) => void,
): void {
  if (!isTreeObject(item)) return;
  for (const member of members) {
    const value = item.get(member);
    if (value === undefined) continue;
    if (!isTreeObject(value)) throw new PatchError(`${member} of an item is not an object`);
    apply(member, value);
  }
}

/** The object member `field`, created empty when the aspect lacks it (FormInfoTemplate's `actors`). */
function objectMember(node: TreeObject, field: string): TreeObject {
  const value = node.has(field) ? node.get(field)! : new Map<string, Tree>();
  if (!isTreeObject(value)) throw new PatchError(`${field} is not an object`);
  node.set(field, value);
  return value;
}

/**
 * StructuredPropertyDefinitionTemplate keys `allowedValues` by the member inside the union `value` of its first
 * item (`value␟string` or `value␟double`), or by `value` when the list is empty; when the aspect has no
 * allowedValues the field is left alone.
 */
function transformAllowedValues(node: TreeObject): void {
  const allowedValues = node.get('allowedValues');
  if (allowedValues === undefined) return;
  if (!Array.isArray(allowedValues)) throw new PatchError('allowedValues is not an array');
  if (allowedValues.length === 0) {
    arrayFieldToMap(node, 'allowedValues', ['value']);
    return;
  }
  const first = allowedValues[0]!;
  const value = isTreeObject(first) ? first.get('value') : undefined;
  const member = isTreeObject(value) ? [...value.keys()][0] : undefined;
  if (member === undefined) throw new PatchError('the first allowed value has no union value to key by');
  arrayFieldToMap(node, 'allowedValues', [`value${UNIT_SEPARATOR}${member}`]);
}
