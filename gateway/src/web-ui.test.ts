import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installErrorHandling } from './http-errors.js';
import { registerWebUi } from './web-ui.js';

/** The UI on the front door: the SPA fallback serves client routes, never the API's paths. */
describe('web UI on the front door', () => {
  const dist = mkdtempSync(path.join(tmpdir(), 'dataspoke-web-dist-'));
  let app: FastifyInstance;

  beforeAll(async () => {
    mkdirSync(path.join(dist, 'assets'));
    mkdirSync(path.join(dist, '.vite'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(path.join(dist, '.vite', 'manifest.json'), '{}');
    app = Fastify({ logger: false });
    installErrorHandling(app);
    app.get('/health', () => ({ status: 'ok' }));
    app.get('/graphql', () => ({ data: null }));
    app.get('/api/v1/identity', () => ({ subject: 'x' }));
    await registerWebUi(app, { distDir: dist, datahubUiUrl: 'https://datahub.example.com' });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves index.html at / and for client routes, revalidated on every load', async () => {
    for (const url of [
      '/',
      '/search?q=orders',
      `/datasets/${encodeURIComponent('urn:li:dataset:(urn:li:dataPlatform:s3,a/b,PROD)')}`,
    ]) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toContain('<div id="root">');
    }
  });

  it('serves hashed assets with long-lived caching, and 404s a missing one instead of sending HTML', async () => {
    const js = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.headers['cache-control']).toMatch(/immutable/);
    const missing = await app.inject({ method: 'GET', url: '/assets/index-gone.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).not.toMatch(/html/);
    expect((await app.inject({ method: 'GET', url: '/favicon.svg' })).statusCode).toBe(200);
    expect(
      (await app.inject({ method: 'GET', url: '/.vite/manifest.json' })).headers['content-type'],
    ).toMatch(/html/);
  });

  it('never shadows the API: its routes answer, and its unknown paths keep the JSON 404', async () => {
    expect((await app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
    expect((await app.inject({ method: 'GET', url: '/graphql' })).json()).toEqual({ data: null });
    expect((await app.inject({ method: 'GET', url: '/api/v1/identity' })).json()).toEqual({ subject: 'x' });
    for (const url of ['/api/v1/nope', '/gms/unknown', '/graphql/x', '/health/deep']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json(), url).toMatchObject({ error_code: 'NOT_FOUND' });
    }
  });

  it("tells the UI where DataHub's own UI is", async () => {
    const res = await app.inject({ method: 'GET', url: '/web-config.json' });
    expect(res.json()).toEqual({ datahubUiUrl: 'https://datahub.example.com' });
  });

  it('says how to build the UI when web/dist is missing', async () => {
    const bare = Fastify({ logger: false });
    installErrorHandling(bare);
    await registerWebUi(bare, { distDir: path.join(dist, 'nowhere') });
    const res = await bare.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build');
    expect((await bare.inject({ method: 'GET', url: '/web-config.json' })).json()).toEqual({
      datahubUiUrl: null,
    });
    await bare.close();
  });
});
