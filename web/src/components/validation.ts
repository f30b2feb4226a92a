import { graphql } from '../gql';

/** What a validation answers, as the dataset page, the validator and the history chart show it. */
export const ValidationFields = graphql(`
  fragment ValidationFields on DatasetValidation {
    runId
    datasetUrn
    asOf
    validatedAt
    dryRun
    status
    needed
    issues {
      check
      metric
      severity
      observed
      expectedLow
      expectedHigh
      anomalyScore
      explanation
      relatedUrn
    }
    checks {
      check
      status
      detail
    }
    recommendations
    alternatives {
      urn
      name
      schemaOverlap
    }
  }
`);

export const ValidationHistoryQueryDoc = graphql(`
  query ValidationHistory($urn: String!, $limit: Int) {
    validationHistory(urn: $urn, limit: $limit) {
      totalCount
      runs {
        runId
        asOf
        validatedAt
        status
        issues {
          metric
          severity
          observed
          expectedLow
          expectedHigh
          relatedUrn
        }
        metrics {
          metric
          observed
          expectedLow
          expectedHigh
          status
        }
      }
    }
  }
`);

export const ValidateDatasetMutation = graphql(`
  mutation ValidateDataset(
    $urn: String!
    $asOf: Long
    $dryRun: Boolean
    $observations: ValidationObservations
  ) {
    validateDataset(urn: $urn, asOf: $asOf, dryRun: $dryRun, observations: $observations) {
      ...ValidationFields
    }
  }
`);

export const CurrentValidationQueryDoc = graphql(`
  query CurrentValidation($urn: String!) {
    dataset(urn: $urn) {
      urn
      validation {
        ...ValidationFields
      }
    }
  }
`);
