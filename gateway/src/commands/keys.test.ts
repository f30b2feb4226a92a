import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataspoke, startDataspoke } from '../testing/cli.js';

/** What an operator does on a fresh install: start, find the admin key, make keys for people, revoke one. */
describe('dataspoke start (first start) and dataspoke keys', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dataspoke-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const dataDir = path.join(dir, 'data');
  const noDemo = { DATASPOKE_DEMO: 'false' };

  const whoami = async (base: string, key?: string) => {
    const res = await fetch(
      `${base}/api/v1/identity`,
      key ? { headers: { authorization: `Bearer ${key}` } } : {},
    );
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const baseOf = (banner: string) => /health:\s+(http:\/\/\S+)\/health/.exec(banner)![1]!;

  it(
    'creates and stores an admin key on first start only, naming its file (not the key) to a pipe; the server requires it',
    { timeout: 240_000 },
    async () => {
      const first = await startDataspoke([], dataDir, noDemo);
      let adminKey: string;
      try {
        expect(first.banner).toContain('admin API key');
        expect(first.banner).toMatch(/REST facade:\s+http:\/\/\S+\/api\/v1\/spoke\//);
        const file = path.join(dataDir, 'admin.key');
        adminKey = readFileSync(file, 'utf8').trim();
        // Not a terminal (a log collector keeps stdout): the banner says where the key is, not the key.
        expect(first.banner).toContain(`admin API key (first start) written to ${file}`);
        expect(first.banner).not.toContain(adminKey);
        expect(statSync(file).mode & 0o077).toBe(0);
        const base = baseOf(first.banner);
        expect((await whoami(base)).status).toBe(401);
        const admin = await whoami(base, adminKey);
        expect(admin.status).toBe(200);
        expect(admin.body).toMatchObject({ groups: ['admin'], auth: 'api_key' });
        expect(admin.body.subject).toContain('admin');
      } finally {
        await first.stop();
      }
      const second = await startDataspoke([], dataDir, noDemo);
      try {
        expect(second.banner).not.toContain('admin API key');
        expect(second.banner).not.toContain(adminKey);
        expect((await whoami(baseOf(second.banner), adminKey)).status).toBe(200);
      } finally {
        await second.stop();
      }
    },
  );

  it(
    'creates a key with groups, lists it without its secret, and revokes it',
    { timeout: 300_000 },
    async () => {
      const created = dataspoke(['keys', 'create', 'ana', '--groups', 'da,dg', '--json'], dataDir);
      expect(created.status).toBe(0);
      const key = JSON.parse(created.stdout) as { id: string; key: string; groups: string[] };
      expect(key.groups).toEqual(['da', 'dg']);
      const listed = dataspoke(['keys', 'list'], dataDir);
      expect(listed.stdout).toMatch(new RegExp(`${key.id}\\s+ana\\s+\\[da, dg\\].*active`));
      expect(listed.stdout).not.toContain(key.key);

      const bad = dataspoke(['keys', 'create', 'bob', '--groups', 'da,finance'], dataDir);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain('INVALID_GROUPS');

      const server = await startDataspoke([], dataDir, noDemo);
      try {
        expect((await whoami(baseOf(server.banner), key.key)).body).toMatchObject({ groups: ['da', 'dg'] });
        // PGlite serves one process: while the server runs, the CLI refuses the data dir instead of forking it.
        const busy = dataspoke(['keys', 'revoke', key.id], dataDir);
        expect(busy.status).toBe(1);
        expect(busy.stderr).toContain('STORE_IN_USE');
      } finally {
        await server.stop();
      }
      expect(dataspoke(['keys', 'revoke', key.id], dataDir).status).toBe(0);
      const restarted = await startDataspoke([], dataDir, noDemo);
      try {
        expect((await whoami(baseOf(restarted.banner), key.key)).status).toBe(401);
      } finally {
        await restarted.stop();
      }
      expect(dataspoke(['keys', 'list'], dataDir).stdout).toMatch(new RegExp(`${key.id}.*revoked`));
      const unknown = dataspoke(['keys', 'revoke', 'nosuchkey123'], dataDir);
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toContain('KEY_NOT_FOUND');
    },
  );

  it('runs without authentication only when started with --open, and says so', async () => {
    const open = await startDataspoke(['--open'], path.join(dir, 'open'), noDemo);
    try {
      expect(open.banner).toContain('AUTHENTICATION IS OFF');
      expect((await whoami(baseOf(open.banner))).body).toEqual({
        subject: 'anonymous',
        groups: ['admin'],
        auth: 'open',
      });
    } finally {
      await open.stop();
    }
  });
});
