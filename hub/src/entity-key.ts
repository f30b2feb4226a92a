import { entitySpec } from './aspect-registry.js';
import { ProposalError } from './ingest-result.js';
import type { JsonObject } from './model.js';
import { parseUrn } from './urn.js';

/**
 * The key aspect GMS derives from an urn when an entity is first written, as DataHub's
 * EntityKeyUtils.convertUrnToEntityKey does: the urn's key part i becomes field i of the entity type's key
 * aspect, in the order of the key aspect's schema (src/generated/datahub-registry.ts), e.g. a dataset's
 * `(urn:li:dataPlatform:hive,db.orders,PROD)` becomes datasetKey {platform, name, origin}.
 */

/**
 * An urn whose key does not fit its entity type's key aspect. GMS refuses such a proposal (convertUrnToEntityKey
 * throws IllegalArgumentException from UrnValidationUtil.validateUrn); in a Rest.li batch it is skipped and the
 * rest of the batch applied (see gms-http.ts).
 */
export class UrnKeyError extends ProposalError {
  constructor(message: string) {
    super('INVALID_URN', message);
    this.name = 'UrnKeyError';
  }
}

/** Throws UrnKeyError when the urn's key has not as many parts as its entity type's key aspect has fields. */
export function checkUrnKey(urn: string): void {
  const { entityType, parts } = parseUrn(urn);
  const spec = entitySpec(entityType);
  if (!spec || parts.length === spec.keyFields.length) return;
  throw new UrnKeyError(
    `urn ${urn.length > 200 ? `${urn.slice(0, 200)}…` : urn} has ${parts.length} key part${parts.length === 1 ? '' : 's'}, ` +
      `but the ${spec.keyAspect} of a ${entityType} has ${spec.keyFields.length} (${spec.keyFields.join(', ')})`,
  );
}

/** The key aspect of an urn, or undefined for an unknown entity type or a key that does not fit (see checkUrnKey). */
export function keyAspectFor(urn: string): { aspectName: string; value: JsonObject } | undefined {
  const { entityType, parts } = parseUrn(urn);
  const spec = entitySpec(entityType);
  if (!spec || parts.length !== spec.keyFields.length) return undefined;
  const value: JsonObject = {};
  spec.keyFields.forEach((field, i) => {
    value[field] = parts[i]!;
  });
  return { aspectName: spec.keyAspect, value };
}
