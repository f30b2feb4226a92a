import { describe, expect, it } from 'vitest';
import {
  InvalidUrnError,
  isValidEntityUrn,
  parseEntityUrn,
  parseUrn,
  platformOf,
  URN_NUM_BYTES_LIMIT,
  urlEncodedLength,
} from './urn.js';

describe('parseUrn', () => {
  it('parses simple and tuple keys, with nested urns', () => {
    expect(parseUrn('urn:li:corpuser:jdoe')).toEqual({
      urn: 'urn:li:corpuser:jdoe',
      entityType: 'corpuser',
      parts: ['jdoe'],
    });
    const ds = parseUrn('urn:li:dataset:(urn:li:dataPlatform:hive,SampleHiveDataset,PROD)');
    expect(ds.entityType).toBe('dataset');
    expect(ds.parts).toEqual(['urn:li:dataPlatform:hive', 'SampleHiveDataset', 'PROD']);
    const job = parseUrn('urn:li:dataJob:(urn:li:dataFlow:(airflow,dag_abc,PROD),task_123)');
    expect(job.parts).toEqual(['urn:li:dataFlow:(airflow,dag_abc,PROD)', 'task_123']);
  });

  it.each([
    ['', /must start/],
    ['dataset:foo', /must start/],
    ['urn:li:', /entity type/],
    ['urn:li:dataset:', /empty key/],
    ['urn:li:dataset:(a,b', /end with/],
    ['urn:li:dataset:(a,(b,c)', /end with|unbalanced/],
    ['urn:li:data set:x', /malformed entity type/],
    ['urn:li:dataset:(a,,c)', /empty tuple part/],
  ])('rejects %j', (urn, reason) => {
    expect(() => parseUrn(urn)).toThrow(InvalidUrnError);
    expect(() => parseUrn(urn)).toThrow(reason);
  });

  it('finds the platform of datasets, charts and jobs', () => {
    expect(platformOf('urn:li:dataset:(urn:li:dataPlatform:snowflake,db.s.t,PROD)')).toBe('snowflake');
    expect(platformOf('urn:li:chart:(looker,chart.1)')).toBe('looker');
    expect(platformOf('urn:li:dataJob:(urn:li:dataFlow:(airflow,dag,PROD),task)')).toBe('airflow');
    expect(platformOf('urn:li:corpuser:x')).toBeUndefined();
  });
});

describe("DataHub's limit on an entity's urn", () => {
  /** A hive dataset urn of exactly `length` characters (its name of letters only). */
  const datasetOf = (length: number) => {
    const frame = 'urn:li:dataset:(urn:li:dataPlatform:hive,,PROD)';
    return `urn:li:dataset:(urn:li:dataPlatform:hive,${'n'.repeat(length - frame.length)},PROD)`;
  };

  it('measures an urn URL-encoded as java.net.URLEncoder does (UTF-8; letters, digits, .-*_ and space kept)', () => {
    expect(urlEncodedLength('abcXYZ019.-*_ ')).toBe(14);
    // ':' ',' '(' ')' '/' '~' are each %XX; é is two UTF-8 bytes, 数 three, 😀 four.
    expect(urlEncodedLength(':,()/~')).toBe(18);
    expect(urlEncodedLength('é数😀')).toBe(3 * (2 + 3 + 4));
    // Ten characters of a dataset urn's frame take three bytes each: 400 characters are 420 bytes.
    expect(urlEncodedLength(datasetOf(400))).toBe(420);
  });

  it('accepts an entity urn up to 512 bytes URL-encoded and refuses a longer one with the reason', () => {
    const longest = datasetOf(URN_NUM_BYTES_LIMIT - 20);
    expect(urlEncodedLength(longest)).toBe(URN_NUM_BYTES_LIMIT);
    expect(parseEntityUrn(longest).entityType).toBe('dataset');
    expect(isValidEntityUrn(longest)).toBe(true);
    const over = datasetOf(URN_NUM_BYTES_LIMIT - 19);
    expect(() => parseEntityUrn(over)).toThrow(InvalidUrnError);
    expect(() => parseEntityUrn(over)).toThrow(/513 bytes URL-encoded; DataHub allows at most 512/);
    expect(isValidEntityUrn(over)).toBe(false);
    // Measured encoded: 200 characters of '/' are 600 bytes.
    expect(isValidEntityUrn(`urn:li:dataset:(urn:li:dataPlatform:s3,${'/'.repeat(200)},PROD)`)).toBe(false);
    // An urn an aspect merely refers to is still read (parseUrn), as DataHub reads it.
    expect(parseUrn(over).entityType).toBe('dataset');
  });

  it('exempts schemaField urns, as DataHub does', () => {
    const field = `urn:li:schemaField:(${datasetOf(400)},${'f'.repeat(300)})`;
    expect(urlEncodedLength(field)).toBeGreaterThan(URN_NUM_BYTES_LIMIT);
    expect(parseEntityUrn(field).entityType).toBe('schemaField');
  });
});
