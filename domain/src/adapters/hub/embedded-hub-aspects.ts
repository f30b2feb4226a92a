import { BatchRefusedError, type EmbeddedHub } from '@dataspoke/hub/embedded-hub';
import type { HubAspectReader, HubStoredAspect, HubWriter } from '../../ports/hub-aspects.js';
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
          m.set(name, { value: a.value, createdOn: a.createdOn.getTime(), createdBy: a.createdBy });
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
        if (error instanceof BatchRefusedError)
          throw new HubPortError(
            'DATAHUB_ERROR',
            `the hub refused the write: ${error.refusals.map((r) => ('reason' in r ? r.reason : r.status)).join('; ')}`,
          );
        throw error;
      }
    },
  };
}
