import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProposalError } from './ingest-result.js';
import type { JsonObject } from './model.js';
import { GMS_TEMPLATES } from './patch-templates/templates.js';
import { NOW, TEMPLATE_CASES, type TemplateCase } from './patch-templates/testing/cases.js';
import { applyAspectPatch, readPatchDocument } from './patch.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const CONTRACT_TEMPLATES = path.resolve(ROOT, '../shared/datahub/contract/patch-templates');
const PYTHON = path.join(ROOT, '.venv/bin/python');
const SDK_SCRIPT = path.join(HERE, 'patch-templates/testing/sdk_patches.py');

const patch = (aspectName: string, current: object | undefined, document: unknown) =>
  applyAspectPatch(aspectName, current as JsonObject | undefined, readPatchDocument(document), NOW);

/** Applies the case's proposals in order, as GMS would one after the other. */
function run(c: TemplateCase): JsonObject | undefined {
  return c.patches.reduce<JsonObject | undefined>((aspect, p) => patch(c.aspectName, aspect, p), c.current);
}

function refusal(action: () => unknown): ProposalError {
  try {
    action();
  } catch (error) {
    if (error instanceof ProposalError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe("GMS's patch templates, case by case (patch-templates/testing/cases.ts)", () => {
  it.each(TEMPLATE_CASES.map((c) => [`${c.template}: ${c.name}`, c] as const))('%s', (_name, c) => {
    if (c.refused) {
      const error = refusal(() => run(c));
      expect(error.code).toBe('PATCH_FAILED');
      expect(error.message).toMatch(c.refused);
    } else {
      expect(run(c)).toEqual(c.expected);
    }
  });

  it('has a case for every template file of the contract, and a table entry for every concrete template', () => {
    const files = readdirSync(CONTRACT_TEMPLATES).filter(
      (f) => f.endsWith('.java') && !f.endsWith('Test.java'),
    );
    // Interfaces, base classes and the engine: every case runs through them.
    const base = [
      'Template.java',
      'ArrayMergingTemplate.java',
      'CompoundKeyTemplate.java',
      'TemplateUtil.java',
    ];
    const covered = new Set(TEMPLATE_CASES.map((c) => c.template));
    expect(
      files.filter((f) => !base.includes(f) && f !== 'AspectTemplateEngine.java' && !covered.has(f)),
    ).toEqual([]);
    const concrete = files.filter(
      (f) => f.endsWith('Template.java') && ![...base, 'GenericPatchTemplate.java'].includes(f),
    );
    expect(
      Object.values(GMS_TEMPLATES)
        .map((t) => `${t.java}.java`)
        .sort(),
    ).toEqual(concrete.sort());
  });
});

describe("DataHub's Python SDK agrees", () => {
  let sdk: {
    patches: Record<string, { aspectName: string; patch: unknown }[]>;
    decoded: Record<string, string | null>;
  };
  const decodable = TEMPLATE_CASES.filter((c) => !c.refused);

  beforeAll(async () => {
    if (!existsSync(PYTHON)) {
      throw new Error(
        `${PYTHON} is missing: run dev_env/python-venv.sh to create the venv with DataHub's Python SDK (acryl-datahub)`,
      );
    }
    const child = promisify(execFile)(PYTHON, [SDK_SCRIPT], {
      env: { ...process.env, DATAHUB_TELEMETRY_ENABLED: 'false' },
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const request = {
      decode: decodable.map((c) => ({
        name: `${c.template}: ${c.name}`,
        aspectName: c.aspectName,
        value: c.expected,
      })),
    };
    child.child.stdin?.end(JSON.stringify(request));
    sdk = JSON.parse((await child).stdout) as typeof sdk;
  }, 180_000);

  it.each(TEMPLATE_CASES.filter((c) => c.sdk).map((c) => [c.sdk!, c] as const))(
    'the %s case patches are what its builder calls send',
    (name, c) => {
      expect(c.patches.map((p) => ({ aspectName: c.aspectName, patch: p }))).toEqual(sdk.patches[name]);
    },
  );

  it('every expected aspect decodes with its DataHub aspect class, as DataHubGraph.get_aspect reads it', () => {
    const failures = Object.entries(sdk.decoded).filter(([, error]) => error !== null);
    expect(failures).toEqual([]);
    expect(Object.keys(sdk.decoded)).toHaveLength(decodable.length);
  });
});

describe('DataHub PATCH documents and what GMS does beyond the templates', () => {
  it.each([
    ['not an array', { op: 'add' }, /operation array/],
    ['an unknown op', [{ op: 'merge', path: '/a' }], /unknown op/],
    ['an op without path', [{ op: 'add', value: 1 }], /"op" and "path"/],
    ['a path of more tokens than JSON may nest', [{ op: 'add', path: '/a'.repeat(65), value: 1 }], /tokens/],
    ['a prototype name in a path', [{ op: 'add', path: '/__proto__/x', value: 1 }], /reserved/],
    [
      'a prototype name in arrayPrimaryKeys',
      { patch: [], arrayPrimaryKeys: { tags: ['__proto__'] } },
      /reserved/,
    ],
    [
      'arrayPrimaryKeys that are not lists',
      { patch: [], arrayPrimaryKeys: { tags: 'tag' } },
      /list of field/,
    ],
  ])('refuses %s', (_name, document, message) => {
    expect(() => readPatchDocument(document)).toThrow(message);
  });

  it('merges items with the same key, as arrayFieldToMap does', () => {
    const current = {
      tags: [
        { tag: 'urn:li:tag:a', context: 'x' },
        { tag: 'urn:li:tag:a', context: 'y' },
      ],
    };
    expect(patch('globalTags', current, [])).toEqual({ tags: [{ tag: 'urn:li:tag:a', context: 'y' }] });
  });

  it('fails a patch that removes a keyed array as a whole, leaving the input untouched', () => {
    const current = { tags: [{ tag: 'urn:li:tag:a' }] };
    const error = refusal(() => patch('globalTags', current, [{ op: 'remove', path: '/tags' }]));
    expect(error.code).toBe('PATCH_FAILED');
    expect(error.message).toMatch(/tags is gone/);
    expect(current).toEqual({ tags: [{ tag: 'urn:li:tag:a' }] });
  });

  it('fails a path that goes through an array, as populateTopLevelKeys does', () => {
    const current = {
      name: 'x',
      versionSet: 'urn:li:versionSet:(a,dataset)',
      aliases: [{ versionTag: 'v1' }],
    };
    const error = refusal(() =>
      patch('versionProperties', current, [{ op: 'replace', path: '/aliases/0/versionTag', value: 'v2' }]),
    );
    expect(error.message).toMatch(/not an object/);
  });

  it('fails a replace or test of what is not there, and names the operation', () => {
    expect(() =>
      patch('datasetProperties', { name: 'a' }, [{ op: 'replace', path: '/description', value: 'b' }]),
    ).toThrow(/operation 0 \(replace \/description\)/);
    expect(() =>
      patch('datasetProperties', { name: 'a' }, [{ op: 'test', path: '/name', value: 'b' }]),
    ).toThrow(/not the one tested/);
  });

  it('applies move and copy, and lets a replace keep its place', () => {
    const out = patch('datasetProperties', { name: 'a', description: 'd', customProperties: { k: 'v' } }, [
      { op: 'copy', from: '/customProperties/k', path: '/customProperties/k2' },
      { op: 'move', from: '/description', path: '/qualifiedName' },
      { op: 'replace', path: '/name', value: 'b' },
    ]);
    expect(out).toEqual({ name: 'b', qualifiedName: 'd', customProperties: { k: 'v', k2: 'v' }, tags: [] });
    expect(Object.keys(out)[0]).toBe('name');
  });

  it('patches an aspect GMS has no template for as plain JSON Patch', () => {
    expect(patch('status', undefined, [{ op: 'add', path: '/removed', value: true }])).toEqual({
      removed: true,
    });
    expect(patch('status', { removed: true }, [{ op: 'replace', path: '/removed', value: false }])).toEqual({
      removed: false,
    });
  });

  it('keys institutionalMemory links by url without arrayPrimaryKeys too', () => {
    const current = {
      elements: [{ url: 'https://a', description: 'A', createStamp: { time: 0, actor: 'x' } }],
    };
    const out = patch('institutionalMemory', current, [{ op: 'remove', path: '/elements/https:~1~1a' }]);
    expect(out).toEqual({ elements: [] });
  });

  it('stamps defaults with the time given, or now', () => {
    const before = Date.now();
    const out = applyAspectPatch('ownership', undefined, readPatchDocument([]));
    const time = (out.lastModified as { time: number }).time;
    expect(time).toBeGreaterThanOrEqual(before);
    expect(time).toBeLessThanOrEqual(Date.now());
  });
});
