import { graphql } from '../../../gql';

/** The medallion view: layers, flows for the Sankey, smells, and the drawn datasets with their evidence. */
export const MedallionOverviewQuery = graphql(`
  query MedallionOverview($domain: String) {
    overview(perspective: MEDALLION, domain: $domain) {
      datasets
      truncated
      domain {
        urn
        name
      }
      flows {
        nodes {
          layer
          count
        }
        links {
          from
          to
          count
          direction
        }
      }
      smells {
        kind
        datasetUrn
        related
        detail
      }
      nodes {
        id
        kind
        label
        urn
        layer
        confidence
      }
      layers {
        datasetUrn
        layer
        confidence
        evidence {
          signal
          detail
        }
      }
    }
  }
`);

/** The taxonomy: glossary, domains, data products, datasets and columns on them, suggested topics. */
export const TaxonomyOverviewQuery = graphql(`
  query TaxonomyOverview($domain: String) {
    overview(perspective: TAXONOMY, domain: $domain) {
      datasets
      truncated
      nodes {
        id
        kind
        label
        urn
        group
        size
      }
      edges {
        source
        target
        kind
      }
      groups {
        id
        kind
        label
        members
        suggested
        words
      }
    }
  }
`);

/** The domains to zoom to (the catalog summary's, which the page has already asked for). */
export const OverviewDomainsQuery = graphql(`
  query OverviewDomains {
    catalogSummary {
      byDomain {
        key
        name
        count
      }
    }
  }
`);
