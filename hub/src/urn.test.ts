import { describe, expect, it } from 'vitest';
import { InvalidUrnError, parseUrn, platformOf } from './urn.js';

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
