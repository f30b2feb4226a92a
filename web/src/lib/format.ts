/** Formatting shared by the pages: DataHub urns, times and ratios. */

/** `urn:li:dataPlatform:snowflake` → `snowflake`; `urn:li:domain:supply-chain` → `supply-chain`. */
export function urnId(urn: string | null | undefined): string {
  if (!urn) return '';
  const parts = urn.split(':');
  return parts.slice(3).join(':') || urn;
}

/** The path of a dataset's page in this UI. */
export function datasetPath(urn: string): string {
  return `/datasets/${encodeURIComponent(urn)}`;
}

/** A dataset's page in DataHub's own UI, when its URL is configured. */
export function datahubDatasetUrl(datahubUiUrl: string, urn: string): string {
  return `${datahubUiUrl.replace(/\/+$/, '')}/dataset/${encodeURIComponent(urn)}`;
}

/** Last segment of a dotted or slashed dataset name, which is what people call the table. */
export function shortName(name: string): string {
  const parts = name.split(/[./]/).filter(Boolean);
  return parts[parts.length - 1] ?? name;
}

export function formatTime(ms: number | null | undefined): string {
  if (ms == null) return '—';
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
}

/** 68371 → "19 h"; 3 days → "3.0 d". Rough on purpose: it answers "how late", not "exactly when". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null) return '—';
  const s = Math.abs(seconds);
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min`;
  if (s < 48 * 3600) return `${Math.round(s / 3600)} h`;
  return `${(s / 86400).toFixed(1)} d`;
}

export function formatPercent(ratio: number | null | undefined): string {
  return ratio == null ? '—' : `${Math.round(ratio * 100)}%`;
}

export function formatNumber(n: number | null | undefined): string {
  return n == null ? '—' : new Intl.NumberFormat('en-US').format(n);
}

/** 1536 → "1.5 KiB": sizes on disk, in binary units. */
export function formatBytes(n: number | null | undefined): string {
  if (n == null) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${v.toFixed(1)} ${units[u]}`;
}
