/** GraphQL answers shaped like the demo catalog's (Acme Retail), for component tests. */

export const REVENUE_URN =
  'urn:li:dataset:(urn:li:dataPlatform:snowflake,acme_dw.gold_us.daily_revenue_by_store,PROD)';
export const CHURN_URN =
  'urn:li:dataset:(urn:li:dataPlatform:snowflake,acme_dw.gold_us.customer_churn_scores,PROD)';
export const AOV_URN =
  'urn:li:dataset:(urn:li:dataPlatform:snowflake,acme_dw.gold_eu.average_order_value_daily,PROD)';

export const catalogSummary = {
  __typename: 'CatalogSummary',
  datasets: 320,
  byPlatform: [
    { __typename: 'CatalogCount', key: 'urn:li:dataPlatform:snowflake', count: 148 },
    { __typename: 'CatalogCount', key: 'urn:li:dataPlatform:s3', count: 86 },
    { __typename: 'CatalogCount', key: 'urn:li:dataPlatform:mysql', count: 86 },
  ],
  byDomain: [
    { __typename: 'CatalogCount', key: 'urn:li:domain:sales', count: 200 },
    { __typename: 'CatalogCount', key: 'urn:li:domain:marketing', count: 100 },
    { __typename: 'CatalogCount', key: null, count: 20 },
  ],
  byLayer: [
    { __typename: 'CatalogCount', key: 'gold', count: 54 },
    { __typename: 'CatalogCount', key: 'silver', count: 94 },
    { __typename: 'CatalogCount', key: null, count: 172 },
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
