import { BatchRefusedError, type EmbeddedHub } from '@dataspoke/hub/embedded-hub';
import {
  HubConditionFailedError,
  type HubAspectReader,
  type HubStoredAspect,
  type HubWriter,
} from '../../ports/hub-aspects.js';
import { HubPortError } from '../../ports/hub-port.js';

/** The aspect reader and writer over the embedded hub, in process. */
export function createEmbeddedHubAspects(hub: EmbeddedHub): HubAspectReader & HubWriter {
  return {
    async getAspects(urns, aspectNames) {
      const latest = await hub.getLatestAspects(urns, aspectNames);
      const out = new Map<string, Map<string, HubStoredAspect>>();
      for (const [urn, aspects] of latest) {
        const m = new Map<string, HubStoredAspect>();
        for (const [name, a] of aspects)
          m.set(name, {
            value: a.value,
            createdOn: a.createdOn.getTime(),
            createdBy: a.createdBy,
            version: a.systemMetadata?.version ?? null,
          });
        out.set(urn, m);
      }
      return out;
    },
    async write(proposals, actor) {
      try {
        await hub.ingest(
          proposals.map((p) => ({ ...p })),
          { actor, allOrNothing: true },
        );
      } catch (error) {
        if (error instanceof BatchRefusedError) {
          const conflicts = error.refusals.filter((r) => 'code' in r && r.code === 'PRECONDITION_FAILED');
          if (conflicts.length > 0)
            throw new HubConditionFailedError(
              conflicts.map((r) => ('reason' in r ? r.reason : '')).join('; '),
            );
          throw new HubPortError(
            'DATAHUB_ERROR',
            `the hub refused the write: ${error.refusals.map((r) => ('reason' in r ? r.reason : r.status)).join('; ')}`,
          );
        }
        throw error;
      }
    },
  };
}
