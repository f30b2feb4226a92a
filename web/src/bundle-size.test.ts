import { gzipSync } from 'node:zlib';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The portal's first load, measured on a fresh production build of the current sources: the entry chunk and
 * every chunk it imports statically (lazy pages and their libraries load later and do not count).
 */
const BUDGET_GZIP_BYTES = 300 * 1024;
const webDir = fileURLToPath(new URL('..', import.meta.url));

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

describe('web bundle', () => {
  const outDir = mkdtempSync(path.join(tmpdir(), 'dataspoke-web-build-'));
  let manifest: Record<string, ManifestChunk>;

  beforeAll(async () => {
    // Vitest runs with NODE_ENV=test, which vite would keep, bundling React's development build.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({
        root: webDir,
        mode: 'production',
        logLevel: 'silent',
        build: { outDir, emptyOutDir: true, manifest: true },
      });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
    manifest = JSON.parse(readFileSync(path.join(outDir, '.vite', 'manifest.json'), 'utf8')) as Record<
      string,
      ManifestChunk
    >;
  }, 120_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  function firstLoad(): string[] {
    const entry = Object.keys(manifest).find((k) => manifest[k]?.isEntry);
    if (!entry) throw new Error('the build has no entry chunk');
    const seen = new Set<string>();
    const visit = (key: string) => {
      if (seen.has(key)) return;
      seen.add(key);
      for (const dep of manifest[key]?.imports ?? []) visit(dep);
    };
    visit(entry);
    return [...seen].map((k) => manifest[k]!.file);
  }

  it('the portal loads at most 300 KB of gzipped JavaScript first', () => {
    const files = firstLoad();
    const sizes = files.map((f) => ({ file: f, gzip: gzipSync(readFileSync(path.join(outDir, f))).length }));
    const total = sizes.reduce((a, s) => a + s.gzip, 0);
    console.log(
      `portal first load: ${(total / 1024).toFixed(1)} KB gzipped in ${files.length} chunks`,
      sizes,
    );
    expect(total).toBeGreaterThan(10 * 1024); // React and the app are in it: the measurement measured something
    expect(total).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
  });

  it('keeps the graph and chart libraries out of the first load', () => {
    const firstLoadCode = firstLoad()
      .map((f) => readFileSync(path.join(outDir, f), 'utf8'))
      .join('\n');
    expect(firstLoadCode).not.toContain('react-flow__');
    expect(firstLoadCode).not.toContain('recharts-');
    // They are in the build, loaded with the pages that use them.
    const all = Object.values(manifest)
      .map((c) => readFileSync(path.join(outDir, c.file), 'utf8'))
      .join('\n');
    expect(all).toContain('react-flow__');
  });
});
