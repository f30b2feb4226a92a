/**
 * What every proposal of the demo shares: the UPSERT envelope with the demo's run id (by which a loaded
 * demo catalog is recognised), audit stamps, and the ownership aspect each kind of entity carries.
 */
import type { MetadataChangeProposal, SystemMetadata } from '@dataspoke/hub/model';

export const DEMO_RUN_ID = 'dataspoke-demo';

const SYSTEM_ACTOR = 'urn:li:corpuser:__datahub_system';

export type Emit = MetadataChangeProposal;

export function mcp(
  entityType: string,
  urn: string,
  aspectName: string,
  aspect: unknown,
  lastObserved: number,
): Emit {
  const systemMetadata: SystemMetadata = { runId: DEMO_RUN_ID, lastObserved };
  return { entityType, entityUrn: urn, changeType: 'UPSERT', aspectName, aspect, systemMetadata };
}

export const stamp = (time: number, actor = SYSTEM_ACTOR): { time: number; actor: string } => ({
  time,
  actor,
});

export function ownersAspect(
  owners: readonly (readonly [string, 'TECHNICAL_OWNER' | 'BUSINESS_OWNER' | 'DATA_STEWARD'])[],
  time: number,
): unknown {
  const typeUrn = {
    TECHNICAL_OWNER: 'urn:li:ownershipType:__system__technical_owner',
    BUSINESS_OWNER: 'urn:li:ownershipType:__system__business_owner',
    DATA_STEWARD: 'urn:li:ownershipType:__system__data_steward',
  };
  return {
    owners: owners.map(([owner, type]) => ({
      owner,
      type,
      typeUrn: typeUrn[type],
      source: { type: 'MANUAL' },
    })),
    lastModified: stamp(time),
  };
}
