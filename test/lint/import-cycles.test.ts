import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findImportCycles } from './import-cycles.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PACKAGES = ['platform', 'hub', 'domain', 'subgraphs', 'gateway', 'tools/demo'];

describe('no import cycles', () => {
  it("no package's modules import each other in a circle", () => {
    const cycles = findImportCycles(PACKAGES.map((p) => path.join(ROOT, p, 'src')));
    expect(cycles.map((c) => c.map((f) => path.relative(ROOT, f)).join(' -> '))).toEqual([]);
  });

  it('finds a cycle when there is one, and not through type-only imports', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dataspoke-cycles-'));
    try {
      writeFileSync(path.join(dir, 'a.ts'), "import { b } from './b.js';\nexport const a = () => b;\n");
      writeFileSync(path.join(dir, 'b.ts'), "import { c } from './c.js';\nexport const b = c;\n");
      writeFileSync(path.join(dir, 'c.ts'), "import { a } from './a.js';\nexport const c = a;\n");
      writeFileSync(
        path.join(dir, 'd.ts'),
        "import type { e } from './e.js';\nexport const d = 1 as unknown as e;\n",
      );
      writeFileSync(path.join(dir, 'e.ts'), "import { d } from './d.js';\nexport type e = typeof d;\n");
      const cycles = findImportCycles([dir]).map((c) => c.map((f) => path.basename(f)).join(' -> '));
      expect(cycles).toEqual(['a.ts -> b.ts -> c.ts -> a.ts']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
