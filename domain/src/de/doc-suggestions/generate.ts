import type { CatalogView } from './catalog-view.js';
import { columnProposals, datasetsByTableName } from './column-docs.js';
import { similarTablesProposals } from './similar-tables.js';
import { tableProposal } from './table-docs.js';
import { domainProposal, newTermProposals, piiTerms, termProposals } from './taxonomy.js';
import type { Proposal } from './types.js';

/**
 * Every generator over a catalog view, for the datasets named (all when absent). Catalog-wide proposals
 * (similar tables, new terms) are kept when they are about one of those datasets.
 */
export function generateProposals(catalog: CatalogView, only?: ReadonlySet<string>): Proposal[] {
  const byName = datasetsByTableName(catalog);
  const pii = piiTerms(catalog.terms);
  const downstreams = new Map<string, string[]>();
  for (const d of catalog.datasets.values())
    for (const u of d.upstreams) downstreams.set(u, [...(downstreams.get(u) ?? []), d.urn]);
  const out: Proposal[] = [];
  for (const d of catalog.datasets.values()) {
    if (only && !only.has(d.urn)) continue;
    out.push(...columnProposals(d, catalog, byName));
    const table = tableProposal(d, catalog);
    if (table) out.push(table);
    out.push(...termProposals(d, catalog, pii));
    const domain = domainProposal(d, catalog, downstreams);
    if (domain) out.push(domain);
  }
  const catalogWide = [...similarTablesProposals(catalog), ...newTermProposals(catalog)];
  out.push(...(only ? catalogWide.filter((p) => only.has(p.datasetUrn)) : catalogWide));
  return out;
}
