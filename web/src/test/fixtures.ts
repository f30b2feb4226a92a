import type { ValidationStatus } from '../gql/graphql';

/** GraphQL answers shaped like the demo catalog's (Acme Retail), for component tests. */

export const REVENUE_URN =
  'urn:li:dataset:(urn:li:dataPlatform:snowflake,acme_dw.gold_us.daily_revenue_by_store,PROD)';
export const CHURN_URN =
  'urn:li:dataset:(urn:li:dataPlatform:snowflake,acme_dw.gold_us.customer_churn_scores,PROD)';
export const AOV_URN =
  'urn:li:dataset:(urn:li:dataPlatform:snowflake,acme_dw.gold_eu.average_order_value_daily,PROD)';

/** Domains as DataHub's showcase datapack has them: urns by id, names apart. */
export const SALES_DOMAIN_URN = 'urn:li:domain:b2fd91.d4f24004-fb54-4e3c-8dea-2b7e209230b0';
export const MARKETING_DOMAIN_URN = 'urn:li:domain:b2fd91.e0f246dc-e7a5-40ed-9441-1e397ed6e2ad';

export const catalogSummary = {
  __typename: 'CatalogSummary',
  datasets: 320,
  byPlatform: [
    { __typename: 'CatalogCount', key: 'urn:li:dataPlatform:snowflake', name: 'Snowflake', count: 148 },
    { __typename: 'CatalogCount', key: 'urn:li:dataPlatform:s3', name: 'AWS S3', count: 86 },
    { __typename: 'CatalogCount', key: 'urn:li:dataPlatform:mysql', name: 'MySQL', count: 86 },
  ],
  byDomain: [
    { __typename: 'CatalogCount', key: SALES_DOMAIN_URN, name: 'E-Commerce', count: 200 },
    { __typename: 'CatalogCount', key: MARKETING_DOMAIN_URN, name: 'Marketing', count: 100 },
    { __typename: 'CatalogCount', key: null, name: null, count: 20 },
  ],
  byLayer: [
    { __typename: 'CatalogCount', key: 'gold', name: 'gold', count: 54 },
    { __typename: 'CatalogCount', key: 'silver', name: 'silver', count: 94 },
    { __typename: 'CatalogCount', key: null, name: null, count: 172 },
  ],
};

export function goldDataset(
  urn: string,
  name: string,
  opts: { late?: number; documented?: boolean; ratio?: number },
) {
  return {
    __typename: 'DatasetSearchResult',
    dataset: {
      __typename: 'Dataset',
      urn,
      name,
      freshness: {
        __typename: 'DatasetFreshness',
        status: opts.late ? 'LATE' : 'ON_TIME',
        lateBySeconds: opts.late ?? 0,
      },
      documentationCoverage: {
        __typename: 'DocumentationCoverage',
        tableDocumented: opts.documented ?? true,
        ratio: opts.ratio ?? 1,
      },
    },
  };
}

/** A dataset's latest stored validation run, as Query.latestValidations answers it. */
export function latestRun(
  urn: string,
  name: string | null,
  opts: {
    status?: ValidationStatus;
    failing?: string[];
    validatedAt?: number;
    late?: number;
  } = {},
) {
  return {
    __typename: 'ValidationRun',
    dataset: name && {
      __typename: 'Dataset',
      urn,
      name,
      freshness: {
        __typename: 'DatasetFreshness',
        status: opts.late ? 'LATE' : 'ON_TIME',
        lateBySeconds: opts.late ?? 0,
      },
    },
    validation: {
      __typename: 'DatasetValidation',
      runId: `run-${name ?? urn}`,
      datasetUrn: urn,
      status: opts.status ?? 'FAIL',
      validatedAt: opts.validatedAt ?? Date.UTC(2026, 10, 26, 9),
      issues: (opts.failing ?? []).map((metric) => ({
        __typename: 'ValidationIssue',
        severity: 'FAIL',
        metric,
      })),
    },
  };
}

export function runPage(runs: ReturnType<typeof latestRun>[], totalCount = runs.length) {
  return { __typename: 'ValidationRunPage', totalCount, runs };
}
