/**
 * What a spoke subgraph's resolvers receive as a Dataset: only its key. Spoke subgraphs never hold DataHub
 * metadata; they read what they need through the request's hub loaders.
 */
export interface DatasetRef {
  urn: string;
}

/**
 * What the datahub subgraph's entity resolvers receive: the entity as the hub port returned it (DataHub-shaped,
 * so graphql's default field access applies), or only its urn when another subgraph referenced it.
 */
export interface EntityParent {
  urn: string;
  __typename?: string;
  type?: string;
  [field: string]: unknown;
}
