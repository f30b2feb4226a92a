import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Cycles among the modules of the given source folders, following relative value imports (`import type` is
 * erased and cannot cycle at run time). Package-level cycles cannot happen: TypeScript's project references
 * refuse them; this finds the file-level ones inside a package.
 */
export function findImportCycles(roots: readonly string[]): string[][] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) files.push(full);
    }
  };
  roots.forEach(walk);
  const importsOf = (file: string): string[] => {
    const source = readFileSync(file, 'utf8');
    const targets: string[] = [];
    for (const m of source.matchAll(/^(?:import|export)(?!\s+type\b)[^;]*?\bfrom\s+'(\.[^']+)'/gm)) {
      const target = path.join(path.dirname(file), m[1]!).replace(/\.js$/, '.ts');
      if (existsSync(target)) targets.push(target);
    }
    return targets;
  };
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of importsOf(file)) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  return cycles;
}
