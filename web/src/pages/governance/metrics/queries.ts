import { graphql } from '../../../gql';

/** The dashboard: the metrics' definitions, and the series of one metric over a range, maybe broken down. */
export const MetricDefinitionsQuery = graphql(`
  query MetricDefinitions {
    metricDefinitions {
      name
      unit
      description
      catalogOnly
      periodFigure
    }
  }
`);

export const MetricSeriesQuery = graphql(`
  query MetricSeries($names: [String!]!, $from: String!, $to: String!, $groupBy: MetricDimension) {
    metrics(names: $names, from: $from, to: $to, groupBy: $groupBy) {
      metric
      unit
      dimension
      key
      points {
        day
        value
      }
      target {
        id
        comparison
        value
      }
    }
  }
`);
