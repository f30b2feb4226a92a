import { useEffect, useState } from 'react';

/**
 * What the gateway tells the UI about its deployment (`GET /web-config.json`, served next to the UI and
 * holding nothing secret): today DataHub's own UI URL, so a dataset page can link to it.
 */
export interface WebConfig {
  datahubUiUrl: string | null;
}

let pending: Promise<WebConfig> | null = null;

export function loadWebConfig(fetchImpl: typeof fetch = fetch): Promise<WebConfig> {
  pending ??= fetchImpl('/web-config.json')
    .then((r): Promise<Partial<WebConfig>> | Partial<WebConfig> =>
      r.ok ? (r.json() as Promise<Partial<WebConfig>>) : {},
    )
    .then((c) => ({
      datahubUiUrl: typeof c.datahubUiUrl === 'string' && c.datahubUiUrl ? c.datahubUiUrl : null,
    }))
    // Without it the UI still works; only the "open in DataHub" link is missing.
    .catch(() => ({ datahubUiUrl: null }));
  return pending;
}

/** For tests: forget the cached answer. */
export function resetWebConfig(): void {
  pending = null;
}

export function useWebConfig(): WebConfig | null {
  const [config, setConfig] = useState<WebConfig | null>(null);
  useEffect(() => {
    let live = true;
    void loadWebConfig().then((c) => live && setConfig(c));
    return () => {
      live = false;
    };
  }, []);
  return config;
}
