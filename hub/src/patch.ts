import { ProposalError } from './ingest-result.js';
import { isReservedKey, MAX_JSON_DEPTH } from './json-input.js';
import { SYSTEM_ACTOR, type JsonObject } from './model.js';
import { UNIT_SEPARATOR } from './patch-templates/array-merging.js';
import {
  applyJsonPatch,
  PatchError,
  populateTopLevelKeys,
  type PatchOp,
  type PatchOperation,
} from './patch-templates/json-patch.js';
import { fromTreeObject, isTreeObject, toTree } from './patch-templates/json-tree.js';
import {
  GMS_TEMPLATES,
  genericTemplate,
  rebaseFields,
  templateFor,
  transformFields,
  type AuditStamp,
} from './patch-templates/templates.js';

/**
 * DataHub's PATCH, with GMS's semantics: RFC 6902 JSON Patch over an aspect in which some arrays are addressed
 * as maps keyed by fields of their items (`/tags/urn:li:tag:pii`, `/owners/<owner>/<type>`,
 * `/fineGrainedLineages/<operation>/<downstream>/<query>/<upstream>`), so a client adds or removes one tag,
 * owner or lineage edge without reading the aspect first and without overwriting what others wrote.
 *
 * As GMS does it (`PatchItemImpl`, `Template.applyPatch`): the aspect, or the template's default when there is
 * none, is transformed (keyed arrays become maps), the objects the paths need are created
 * (`populateTopLevelKeys`), the operations apply in order, and the maps become arrays again. A patch with
 * `arrayPrimaryKeys` goes through `GenericPatchTemplate` instead of the aspect's template. The templates are
 * data in patch-templates/templates.ts, checked case by case against the Java in patch.test.ts.
 *
 * Where this differs from the Java of DataHub's contract commit, on purpose, so that what DataHub's SDK 1.7
 * sends lands and reads back: populate keeps trailing empty path tokens (json-patch.ts); rebuilt items get
 * their key fields back, as later GMS does (array-merging.ts); a new aspect from a generic patch gets the
 * required fields its own template starts it with (below); and aspects GMS has no template for are patched rather than refused
 * (templates.ts).
 */

const OPS: ReadonlySet<string> = new Set<PatchOp>(['add', 'remove', 'replace', 'move', 'copy', 'test']);

export interface PatchDocument {
  operations: PatchOperation[];
  /** DataHub's generic form: array field → the key fields of its items (nested ones joined by U+241F). */
  arrayPrimaryKeys?: Record<string, string[]>;
  /** Generic form: use `GenericPatchTemplate` even without arrayPrimaryKeys. */
  forceGenericPatch?: boolean;
}

/** Reads a PATCH aspect: a bare operation array, or DataHub's generic `{patch, arrayPrimaryKeys}` form. */
export function readPatchDocument(aspect: unknown): PatchDocument {
  const operations = Array.isArray(aspect) ? aspect : isObject(aspect) ? aspect.patch : undefined;
  if (!Array.isArray(operations)) {
    throw new ProposalError(
      'PATCH_FAILED',
      'a PATCH aspect must be a JSON Patch operation array or {"patch": [...]}',
    );
  }
  return {
    operations: operations.map(readOperation),
    arrayPrimaryKeys: readArrayPrimaryKeys(aspect),
    forceGenericPatch: isObject(aspect) && aspect.forceGenericPatch === true,
  };
}

function readOperation(op: unknown, i: number): PatchOperation {
  if (!isObject(op) || typeof op.op !== 'string' || typeof op.path !== 'string') {
    throw new ProposalError('PATCH_FAILED', `patch operation ${i} must be an object with "op" and "path"`);
  }
  if (!OPS.has(op.op)) {
    throw new ProposalError('PATCH_FAILED', `patch operation ${i} has unknown op "${op.op}"`);
  }
  const operation: PatchOperation = { op: op.op as PatchOp, path: op.path };
  checkPointer(op.path, `patch operation ${i} path`);
  if (typeof op.from === 'string') {
    checkPointer(op.from, `patch operation ${i} from`);
    operation.from = op.from;
  }
  if (op.value !== undefined) operation.value = toTree(op.value);
  return operation;
}

/**
 * A path's tokens become object keys (keyed maps, GMS's created objects): none may name a prototype, and there
 * may not be more of them than the JSON nesting the hub accepts.
 */
function checkPointer(pointer: string, what: string): void {
  const tokens = (pointer.startsWith('/') ? pointer.slice(1) : pointer)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  refuseReservedSegments(tokens, what);
  if (tokens.length > MAX_JSON_DEPTH) {
    throw new ProposalError('PATCH_FAILED', `${what} has more than ${MAX_JSON_DEPTH} tokens`);
  }
}

/** `arrayPrimaryKeys`: top-level array field → list of key fields (nested key fields joined by U+241F). */
function readArrayPrimaryKeys(aspect: unknown): Record<string, string[]> | undefined {
  if (!isObject(aspect) || aspect.arrayPrimaryKeys === undefined || aspect.arrayPrimaryKeys === null) {
    return undefined;
  }
  const raw = aspect.arrayPrimaryKeys;
  if (!isObject(raw)) {
    throw new ProposalError('PATCH_FAILED', '"arrayPrimaryKeys" must be an object of field → key field list');
  }
  const keys = Object.create(null) as Record<string, string[]>;
  for (const [field, keyFields] of Object.entries(raw)) {
    if (!Array.isArray(keyFields) || !keyFields.every((f): f is string => typeof f === 'string')) {
      throw new ProposalError('PATCH_FAILED', `arrayPrimaryKeys["${field}"] must be a list of field names`);
    }
    // GMS takes the field name whole; the reserved names are refused in any part a path syntax would split off.
    refuseReservedSegments(field.split(/[./]/), `arrayPrimaryKeys field "${field}"`);
    for (const keyField of keyFields) {
      refuseReservedSegments(keyField.split(UNIT_SEPARATOR), `arrayPrimaryKeys["${field}"] key field`);
    }
    keys[field] = keyFields;
  }
  return keys;
}

function refuseReservedSegments(segments: readonly string[], what: string): void {
  const reserved = segments.find(isReservedKey);
  if (reserved !== undefined) {
    throw new ProposalError(
      'RESERVED_KEY',
      `${what} uses the reserved name "${reserved}"; __proto__, constructor and prototype are not accepted`,
    );
  }
}

/**
 * Applies a DataHub PATCH to the current aspect value (undefined when it does not exist yet). `now` is the time
 * GMS's templates stamp defaults with (System.currentTimeMillis()).
 */
export function applyAspectPatch(
  aspectName: string,
  current: JsonObject | undefined,
  patch: PatchDocument,
  now: number = Date.now(),
): JsonObject {
  const generic = patch.forceGenericPatch === true || Object.keys(patch.arrayPrimaryKeys ?? {}).length > 0;
  const template = generic ? genericTemplate(patch.arrayPrimaryKeys ?? {}) : templateFor(aspectName);
  const stamp: AuditStamp = { actor: SYSTEM_ACTOR, time: now };
  const start = current ?? template.initial?.(stamp);
  if (start === undefined) {
    throw new ProposalError(
      'PATCH_FAILED',
      `Patch not supported for aspect with name ${aspectName}. Default aspect is required because no aspect currently exists.`,
    );
  }
  try {
    const document = toTree(start);
    if (!isTreeObject(document)) throw new PatchError('the aspect is not an object');
    transformFields(template, document, stamp);
    populateTopLevelKeys(document, patch.operations);
    const patched = applyJsonPatch(document, patch.operations);
    if (!isTreeObject(patched)) {
      throw new PatchError('the patch made the aspect something other than an object');
    }
    rebaseFields(template, patched, stamp);
    // GenericPatchTemplate starts a new aspect empty, so what the patch does not set of the aspect's required
    // fields is missing (a glossaryTerms without its auditStamp, a domains without `domains`): GMS's
    // validation refuses it and DataHub's clients cannot decode it, yet SDK 1.7's add_term and add_domain send
    // exactly that. The missing fields go in as the aspect's own template would start them.
    const initial = GMS_TEMPLATES[aspectName]?.initial;
    if (generic && current === undefined && initial) {
      for (const [field, value] of Object.entries(initial(stamp))) {
        if (!patched.has(field)) patched.set(field, toTree(value));
      }
    }
    return fromTreeObject(patched);
  } catch (error) {
    if (!(error instanceof PatchError)) throw error;
    throw new ProposalError('PATCH_FAILED', `patch does not apply to ${aspectName}: ${error.message}`);
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
