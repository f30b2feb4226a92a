import { describe, expect, it } from 'vitest';
import { ProposalError } from './ingest-result.js';
import type { JsonObject } from './model.js';
import { applyAspectPatch, readPatchDocument } from './patch.js';

const NOW = 1_700_000_000_000;

const patch = (aspectName: string, current: object | undefined, document: unknown) =>
  applyAspectPatch(aspectName, current as JsonObject | undefined, readPatchDocument(document), NOW);

function refusal(action: () => unknown): ProposalError {
  try {
    action();
  } catch (error) {
    if (error instanceof ProposalError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('DataHub PATCH over keyed arrays', () => {
  it('adds to an aspect that does not exist yet, from its template', () => {
    expect(
      patch('glossaryTerms', undefined, [
        { op: 'add', path: '/terms/urn:li:glossaryTerm:Email', value: { urn: 'urn:li:glossaryTerm:Email' } },
      ]),
    ).toEqual({
      terms: [{ urn: 'urn:li:glossaryTerm:Email' }],
      auditStamp: { actor: 'urn:li:corpuser:__datahub_system', time: NOW },
    });
  });

  it("rebuilds fine-grained lineage paths as DataHub's FineGrainedLineage records", () => {
    const field = (c: string) =>
      `urn:li:schemaField:(urn:li:dataset:(urn:li:dataPlatform:dbt,orders,PROD),${c})`;
    const out = patch('upstreamLineage', { upstreams: [] }, [
      {
        op: 'add',
        path: `/fineGrainedLineages/COPY/${field('id')}/NONE/${field('raw_id')}`,
        value: { confidenceScore: 0.9 },
      },
    ]);
    expect(out.fineGrainedLineages).toEqual([
      {
        downstreams: [field('id')],
        upstreams: [field('raw_id')],
        upstreamType: 'FIELD_SET',
        downstreamType: 'FIELD',
        confidenceScore: 0.9,
        transformOperation: 'COPY',
      },
    ]);
  });

  it('keeps /dashboards/<urn> as dashboard edges', () => {
    const out = patch('dashboardInfo', { title: 't', description: '', lastModified: {} }, [
      {
        op: 'add',
        path: '/dashboards/urn:li:dashboard:(powerbi,a)',
        value: { destinationUrn: 'urn:li:dashboard:(powerbi,a)' },
      },
    ]);
    expect(out.dashboards).toEqual([{ destinationUrn: 'urn:li:dashboard:(powerbi,a)' }]);
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
