import {
  HubConditionFailedError,
  type HubAspectReader,
  type HubStoredAspect,
  type HubWriter,
} from '../../ports/hub-aspects.js';
import { HubPortError } from '../../ports/hub-port.js';
import { CircuitBreaker, RETRYABLE_STATUS } from './circuit-breaker.js';

export interface GmsHubAspectsOptions {
  /** GMS base URL, e.g. http://datahub-gms:8080. */
  url: string;
  token?: string;
  /**
   * DataHub's system client: writes authenticate as it (HTTP Basic) and name the actor in X-DataHub-Actor,
   * which GMS attributes them to; reads keep the token.
   */
  systemClient?: { id: string; secret: string };
  timeoutMs?: number;
  /** Retries after a failed attempt (network error, 429, 5xx; not a timeout); default 2. */
  retries?: number;
  /** First backoff, doubled per retry; default 200 ms. */
  backoffMs?: number;
  /** Consecutive failed calls that open the circuit (default 5), and how long it stays open (default 30 s). */
  breaker?: { failureThreshold?: number; resetMs?: number };
  /** For tests. */
  fetch?: typeof fetch;
}

/**
 * The aspect reader and writer over a real DataHub's GMS REST API: `GET /entitiesV2/{urn}?aspects=List(…)`
 * (DataHubGraph.get_aspects_for_entity) and `POST /aspects?action=ingestProposalBatch`, the calls DataHub's own
 * Python SDK makes. A proposal's headers go with it as the MCP's `headers`, so `If-Version-Match` makes GMS check
 * the aspect's systemMetadata.version before it writes (DataHub's conditional writes). GMS attributes a write to
 * the caller it authenticates: with DataHub's system client (`systemClient`), to the actor named in
 * X-DataHub-Actor (GMS honours that header from system callers only); with a personal access token, to the
 * token's user. The actor also goes in the proposal's systemMetadata properties either way.
 */
export function createGmsHubAspects(options: GmsHubAspectsOptions): HubAspectReader & HubWriter {
  const base = options.url.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json',
    'X-RestLi-Protocol-Version': '2.0.0',
  };
  if (options.token) headers.authorization = `Bearer ${options.token}`;

  const retries = options.retries ?? 2;
  const backoffMs = options.backoffMs ?? 200;
  const breaker = new CircuitBreaker(
    options.breaker?.failureThreshold ?? 5,
    options.breaker?.resetMs ?? 30_000,
    Date.now,
  );
  /**
   * One GMS call with the GMS port's policy: retried with backoff on a network error, 429 or 5xx (the writes
   * sent are PATCHes and timeseries upserts, which apply the same twice), not after a timeout (a hung GMS would
   * cost the whole timeout again), and refused at once while the circuit is open.
   */
  const call = async (
    url: string,
    init: RequestInit,
    extraHeaders: Record<string, string> = {},
  ): Promise<Response> => {
    breaker.check();
    for (let attempt = 0; ; attempt++) {
      let response: Response | null = null;
      let timedOut = false;
      try {
        response = await doFetch(url, {
          ...init,
          headers: { ...headers, ...extraHeaders },
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        timedOut = (error as { name?: string }).name === 'TimeoutError';
      }
      if (response && !RETRYABLE_STATUS.has(response.status)) {
        breaker.success();
        return response;
      }
      if (timedOut || attempt >= retries) {
        breaker.failure();
        if (response) return response;
        throw new HubPortError(
          'DATAHUB_UNAVAILABLE',
          `DataHub is unavailable: ${timedOut ? `no answer within ${timeoutMs} ms from` : 'cannot reach'} ${base}`,
        );
      }
      await response?.body?.cancel();
      await new Promise((r) => setTimeout(r, backoffMs * 2 ** attempt));
    }
  };

  return {
    async getAspects(urns, aspectNames) {
      const out = new Map<string, Map<string, HubStoredAspect>>();
      for (const urn of new Set(urns)) {
        const response = await call(
          `${base}/entitiesV2/${encodeURIComponent(urn)}?aspects=List(${aspectNames.join(',')})`,
          { method: 'GET' },
        );
        if (response.status === 404) {
          await response.body?.cancel();
          continue;
        }
        if (!response.ok) {
          await response.body?.cancel();
          throw new HubPortError('DATAHUB_ERROR', `DataHub answered HTTP ${response.status} reading ${urn}`);
        }
        const body = (await response.json()) as {
          aspects?: Record<
            string,
            {
              value?: unknown;
              created?: { time?: number; actor?: string };
              systemMetadata?: { version?: string };
            }
          >;
        };
        const m = new Map<string, HubStoredAspect>();
        for (const [name, a] of Object.entries(body.aspects ?? {}))
          if (aspectNames.includes(name) && a.value && typeof a.value === 'object')
            m.set(name, {
              value: a.value as Record<string, unknown>,
              createdOn: a.created?.time ?? 0,
              createdBy: a.created?.actor ?? '',
              version: a.systemMetadata?.version ?? null,
            });
        if (m.size > 0) out.set(urn, m);
      }
      return out;
    },
    async write(proposals, actor) {
      const body = {
        proposals: proposals.map((p) => ({
          entityType: p.entityType,
          entityUrn: p.entityUrn,
          changeType: p.changeType,
          aspectName: p.aspectName,
          aspect: {
            value: JSON.stringify(p.aspect),
            contentType: p.changeType === 'PATCH' ? 'application/json-patch+json' : 'application/json',
          },
          systemMetadata: { properties: { appSource: 'dataspoke', actor } },
          ...(p.headers && { headers: p.headers }),
        })),
      };
      const system = options.systemClient;
      const response = await call(
        `${base}/aspects?action=ingestProposalBatch`,
        { method: 'POST', body: JSON.stringify(body) },
        system
          ? {
              authorization: `Basic ${Buffer.from(`${system.id}:${system.secret}`).toString('base64')}`,
              'X-DataHub-Actor': actor,
            }
          : {},
      );
      if (!response.ok) {
        const text = await response.text().catch(() => '');
        // GMS's ConditionalWriteValidator: "Expected version X, actual version Y" (a precondition failure).
        if (response.status === 412 || (response.status === 422 && /expected version/i.test(text)))
          throw new HubConditionFailedError(
            `DataHub refused a conditional write (HTTP ${response.status}): ${text.slice(0, 300)}`,
          );
        throw new HubPortError(
          response.status >= 500 ? 'DATAHUB_UNAVAILABLE' : 'DATAHUB_ERROR',
          `DataHub refused the write (HTTP ${response.status}): ${text.slice(0, 300)}`,
        );
      }
      await response.body?.cancel();
    },
  };
}
