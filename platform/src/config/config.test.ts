import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('gives the embedded defaults on an empty environment', () => {
    const cfg = loadConfig({});
    expect(cfg.server.port).toBe(4000);
    expect(cfg.store.dataDir).toBe('./.dataspoke');
    expect(cfg.store.databaseUrl).toBeUndefined();
    expect(cfg.hub.kind).toBe('embedded');
    expect(cfg.demo.loadOnFirstStart).toBe(true);
  });

  it('reports every problem at once, naming the variables', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        DATASPOKE_HUB: 'gms',
        DATASPOKE_DEMO: 'maybe',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT/);
    expect(problems).toMatch(/DATABASE_URL/);
    expect(problems).toMatch(/DATASPOKE_DEMO/);
    expect((error as ConfigError).problems.length).toBeGreaterThanOrEqual(3);
  });

  it('requires a GMS URL when the hub is a real DataHub', () => {
    expect(() => loadConfig({ DATASPOKE_HUB: 'gms' })).toThrow(/DATAHUB_GMS_URL/);
    expect(loadConfig({ DATASPOKE_HUB: 'gms', DATAHUB_GMS_URL: 'http://datahub:8080' }).hub.gmsUrl).toBe(
      'http://datahub:8080',
    );
  });

  it("takes DataHub's system client as a pair, for writes attributed to DataSpoke's actor", () => {
    expect(() => loadConfig({ DATAHUB_SYSTEM_CLIENT_ID: '__datahub_system' })).toThrow(
      /DATAHUB_SYSTEM_CLIENT_SECRET/,
    );
    const hub = loadConfig({ DATAHUB_SYSTEM_CLIENT_ID: 'c', DATAHUB_SYSTEM_CLIENT_SECRET: 's' }).hub;
    expect([hub.systemClientId, hub.systemClientSecret]).toEqual(['c', 's']);
  });

  it("reads DataHub's UI URL for the explorer's links, and refuses one that is not a URL", () => {
    expect(loadConfig({}).ui.datahubUiUrl).toBeUndefined();
    expect(loadConfig({ DATAHUB_UI_URL: 'https://datahub.example.com' }).ui.datahubUiUrl).toBe(
      'https://datahub.example.com',
    );
    expect(() => loadConfig({ DATAHUB_UI_URL: 'datahub' })).toThrow(/DATAHUB_UI_URL/);
  });

  it('takes a Temporal id prefix per installation, and refuses one Temporal ids cannot carry', () => {
    expect(loadConfig({}).workflows.temporalIdPrefix).toBe('');
    expect(loadConfig({ DATASPOKE_TEMPORAL_ID_PREFIX: 'staging-' }).workflows.temporalIdPrefix).toBe(
      'staging-',
    );
    expect(() => loadConfig({ DATASPOKE_TEMPORAL_ID_PREFIX: "a b'" })).toThrow(
      /DATASPOKE_TEMPORAL_ID_PREFIX/,
    );
  });
});
