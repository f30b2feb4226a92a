import { describe, expect, it } from 'vitest';
import { ProposalError } from './ingest-result.js';
import { applyAspectPatch, readPatchDocument } from './patch.js';

const patch = (aspectName: string, current: object | undefined, ops: unknown) =>
  applyAspectPatch(aspectName, current as never, readPatchDocument(ops));

describe('DataHub PATCH semantics', () => {
  it('adds a tag by key without touching the tags already there', () => {
    const current = { tags: [{ tag: 'urn:li:tag:Legacy', context: 'user' }] };
    const out = patch('globalTags', current, [
      { op: 'add', path: '/tags/urn:li:tag:PII', value: { tag: 'urn:li:tag:PII' } },
    ]);
    expect(out).toEqual({ tags: [{ tag: 'urn:li:tag:Legacy', context: 'user' }, { tag: 'urn:li:tag:PII' }] });
  });

  it('adds to an aspect that does not exist yet, from its template', () => {
    const out = patch('glossaryTerms', undefined, [
      { op: 'add', path: '/terms/urn:li:glossaryTerm:Email', value: { urn: 'urn:li:glossaryTerm:Email' } },
    ]);
    expect(out.terms).toEqual([{ urn: 'urn:li:glossaryTerm:Email' }]);
    expect(out.auditStamp).toBeDefined();
  });

  it('removes one owner of one type, keyed by owner then type', () => {
    const current = {
      owners: [
        { owner: 'urn:li:corpuser:a', type: 'TECHNICAL_OWNER' },
        { owner: 'urn:li:corpuser:a', type: 'BUSINESS_OWNER' },
        { owner: 'urn:li:corpuser:b', type: 'TECHNICAL_OWNER' },
      ],
    };
    const out = patch('ownership', current, [
      { op: 'remove', path: '/owners/urn:li:corpuser:a/TECHNICAL_OWNER' },
    ]);
    expect(out.owners).toEqual([
      { owner: 'urn:li:corpuser:a', type: 'BUSINESS_OWNER' },
      { owner: 'urn:li:corpuser:b', type: 'TECHNICAL_OWNER' },
    ]);
  });

  it('adds an owner under a new owner key and fills the key fields', () => {
    const out = patch('ownership', { owners: [] }, [
      {
        op: 'add',
        path: '/owners/urn:li:corpuser:c/DATA_STEWARD',
        value: { owner: 'urn:li:corpuser:c', type: 'DATA_STEWARD' },
      },
    ]);
    expect(out.owners).toEqual([{ owner: 'urn:li:corpuser:c', type: 'DATA_STEWARD' }]);
  });

  it('keys upstreams by dataset urn, with JSON-pointer escaping', () => {
    const up = 'urn:li:dataset:(urn:li:dataPlatform:s3,bucket/path/file,PROD)';
    const escaped = up.replace(/~/g, '~0').replace(/\//g, '~1');
    const out = patch('upstreamLineage', { upstreams: [] }, [
      { op: 'add', path: `/upstreams/${escaped}`, value: { dataset: up, type: 'TRANSFORMED' } },
    ]);
    expect(out.upstreams).toEqual([{ dataset: up, type: 'TRANSFORMED' }]);
  });

  it('adds a tag to a schema field that has no editable info yet', () => {
    const out = patch(
      'editableSchemaMetadata',
      { editableSchemaFieldInfo: [{ fieldPath: 'id', description: 'key' }] },
      [
        {
          op: 'add',
          path: '/editableSchemaFieldInfo/email/globalTags/tags/urn:li:tag:PII',
          value: { tag: 'urn:li:tag:PII' },
        },
      ],
    );
    expect(out.editableSchemaFieldInfo).toEqual([
      { fieldPath: 'id', description: 'key' },
      { fieldPath: 'email', globalTags: { tags: [{ tag: 'urn:li:tag:PII' }] } },
    ]);
  });

  it('patches custom properties, a plain map', () => {
    const out = patch('datasetProperties', { name: 't', customProperties: { a: '1' } }, [
      { op: 'add', path: '/customProperties/b', value: '2' },
      { op: 'remove', path: '/customProperties/a' },
    ]);
    expect(out).toEqual({ name: 't', customProperties: { b: '2' } });
  });

  it('honours the generic {patch, arrayPrimaryKeys} form', () => {
    const out = patch(
      'structuredProperties',
      { properties: [{ propertyUrn: 'urn:li:structuredProperty:x', values: [{ string: 'a' }] }] },
      {
        patch: [
          {
            op: 'add',
            path: '/properties/urn:li:structuredProperty:y',
            value: { propertyUrn: 'urn:li:structuredProperty:y', values: [{ double: 1 }] },
          },
        ],
        arrayPrimaryKeys: { properties: ['propertyUrn'] },
      },
    );
    expect((out.properties as unknown[]).length).toBe(2);
  });

  it.each([
    ['not an array', { op: 'add' }, /operation array/],
    ['an unknown op', [{ op: 'merge', path: '/a' }], /unknown op/],
    ['an op without path', [{ op: 'add', value: 1 }], /"op" and "path"/],
  ])('refuses %s', (_name, ops, message) => {
    expect(() => readPatchDocument(ops)).toThrow(message);
  });

  it('refuses a remove of something absent with PATCH_FAILED, leaving the input untouched', () => {
    const current = { tags: [{ tag: 'urn:li:tag:A' }] };
    let error: unknown;
    try {
      patch('globalTags', current, [{ op: 'remove', path: '/tags/urn:li:tag:Missing' }]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProposalError);
    expect((error as ProposalError).code).toBe('PATCH_FAILED');
    expect(current).toEqual({ tags: [{ tag: 'urn:li:tag:A' }] });
  });

  it('refuses a failing test op', () => {
    expect(() =>
      patch('datasetProperties', { name: 'a' }, [{ op: 'test', path: '/name', value: 'b' }]),
    ).toThrow(/does not apply/);
  });
});

describe('DataHub SDK 1.7 generic patch form', () => {
  it('keys tags by [attribution␟source, tag], with an empty segment for the absent source', () => {
    const out = patch(
      'globalTags',
      { tags: [{ tag: 'urn:li:tag:Legacy' }] },
      {
        arrayPrimaryKeys: { tags: ['attribution\u241fsource', 'tag'] },
        patch: [{ op: 'add', path: '/tags//urn:li:tag:reviewed', value: { tag: 'urn:li:tag:reviewed' } }],
      },
    );
    expect(out).toEqual({ tags: [{ tag: 'urn:li:tag:Legacy' }, { tag: 'urn:li:tag:reviewed' }] });
  });

  it('keys owners by owner, type, typeUrn and attribution source', () => {
    const out = patch(
      'ownership',
      { owners: [{ owner: 'urn:li:corpuser:a', type: 'TECHNICAL_OWNER' }] },
      {
        arrayPrimaryKeys: { owners: ['owner', 'type', 'typeUrn', 'attribution\u241fsource'] },
        patch: [
          {
            op: 'add',
            path: '/owners/urn:li:corpuser:bob/DATAOWNER//',
            value: { owner: 'urn:li:corpuser:bob', type: 'DATAOWNER' },
          },
          { op: 'remove', path: '/owners/urn:li:corpuser:a/TECHNICAL_OWNER//' },
        ],
      },
    );
    expect(out.owners).toEqual([{ owner: 'urn:li:corpuser:bob', type: 'DATAOWNER' }]);
  });
});
