import type { Store } from '@dataspoke/platform/store/db';
import { HubConditionFailedError, type HubAspectReader, type HubWriter } from '../../ports/hub-aspects.js';
import type { Embedder } from '../../ports/embedder.js';
import type { HubPort } from '../../ports/hub-port.js';
import type { TextPhraser } from '../../ports/text-phraser.js';
import { InvalidInputError } from '../../shared/errors.js';
import { readCatalog } from './catalog-reader.js';
import { generateProposals } from './generate.js';
import { phraseProposals } from './phrasing.js';
import {
  decide,
  getSuggestions,
  hasCatalogRefresh,
  listSuggestions,
  recordCatalogRefresh,
  saveProposals,
  type SaveReport,
  type SuggestionFilter,
} from './repository.js';
import { semanticTermProposals } from './semantic-terms.js';
import type { Suggestion } from './types.js';
import { planWrite, WRITE_BACK_ASPECTS } from './write-back.js';

export interface DocSuggestionDeps {
  hub: HubPort;
  aspects: HubAspectReader & HubWriter;
  store: Store;
  /** The search's embedder, for business terms by meaning; null: terms by name only. */
  embedder?: Embedder | null;
  /** The optional LLM; null: deterministic text only. */
  phraser?: TextPhraser | null;
  /** The DataHub actor accepted suggestions are written as. */
  actor: string;
  now?: () => number;
  onPhrasingError?: (error: unknown) => void;
}

export interface RefreshReport extends SaveReport {
  datasets: number;
  proposals: number;
}

export const MAX_PAGE = 100;
/** Conditional writes tried before a suggestion whose target keeps changing goes stale. */
const WRITE_ATTEMPTS = 3;
const TEXT_KINDS = new Set([
  'column_description',
  'table_description',
  'similar_tables',
  'new_glossary_term',
]);

/** Documentation suggestions: generated from the hub, stored, reviewed, and written back when accepted. */
export class DocSuggestionService {
  constructor(private readonly deps: DocSuggestionDeps) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  /**
   * Proposes again for the given datasets (all when absent). A whole-catalog refresh also proposes what needs the
   * whole catalog (similar tables, new glossary terms); a refresh of some datasets reads them and their upstreams.
   */
  async refresh(
    urns?: readonly string[],
    onProgress?: (done: number, total: number) => void,
    trigger = 'request',
  ): Promise<RefreshReport> {
    const startedAt = this.now();
    const catalog = await readCatalog(
      { hub: this.deps.hub, aspects: this.deps.aspects },
      { ...(urns && { urns }), ...(onProgress && { onProgress }) },
    );
    const targets = urns ? new Set(urns.filter((u) => catalog.datasets.has(u))) : undefined;
    let proposals = generateProposals(catalog, targets);
    if (this.deps.embedder)
      proposals.push(...(await semanticTermProposals(catalog, this.deps.embedder, proposals, targets)));
    proposals = await phraseProposals(proposals, this.deps.phraser ?? null, this.deps.onPhrasingError);
    const refreshed = targets ? [...targets] : [...catalog.datasets.keys()];
    // A partial refresh leaves catalog-wide kinds alone: it does not see the whole catalog.
    const kept = targets
      ? proposals.filter((p) => p.kind !== 'similar_tables' && p.kind !== 'new_glossary_term')
      : proposals;
    const report = await saveProposals(this.deps.store, refreshed, kept, this.now(), !targets);
    if (!targets)
      await recordCatalogRefresh(this.deps.store, {
        trigger,
        startedAt,
        finishedAt: this.now(),
        datasets: refreshed.length,
        created: report.created,
      });
    return { ...report, datasets: refreshed.length, proposals: kept.length };
  }

  /**
   * A first start's refresh: proposes for the whole catalog when no whole-catalog refresh ever ran to its end in
   * this store, so that the review queue is filled without anyone asking; null (nothing done) afterwards, so
   * restarts repeat nothing (an interrupted one runs again).
   */
  async proposeOnFirstStart(
    onProgress?: (done: number, total: number) => void,
  ): Promise<RefreshReport | null> {
    if (await hasCatalogRefresh(this.deps.store)) return null;
    return this.refresh(undefined, onProgress, 'first-start');
  }

  list(filter: SuggestionFilter, page: { limit: number; offset: number }) {
    if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > MAX_PAGE)
      throw new InvalidInputError('INVALID_LIMIT', `limit must be an integer from 1 to ${MAX_PAGE}`);
    if (!Number.isInteger(page.offset) || page.offset < 0)
      throw new InvalidInputError('INVALID_OFFSET', 'offset must be a non-negative integer');
    return listSuggestions(this.deps.store, filter, page);
  }

  private async pending(ids: readonly string[]): Promise<Suggestion[]> {
    const found = await getSuggestions(this.deps.store, ids);
    return ids.map((id) => {
      const s = found.get(id);
      if (!s)
        throw new InvalidInputError('SUGGESTION_NOT_FOUND', `no suggestion with id ${JSON.stringify(id)}`);
      if (s.status !== 'pending')
        throw new InvalidInputError('SUGGESTION_DECIDED', `suggestion ${id} is ${s.status}, not pending`);
      return s;
    });
  }

  /**
   * Accepts a suggestion (with the reviewer's text when given) and writes it to DataHub, unless its target changed
   * in DataHub since it was proposed: then it is marked stale and nothing is written.
   */
  async accept(id: string, by: string, editedText: string | null = null): Promise<Suggestion> {
    const [s] = await this.pending([id]);
    if (editedText !== null) {
      if (!TEXT_KINDS.has(s!.kind))
        throw new InvalidInputError('NOT_EDITABLE', `a ${s!.kind} suggestion has no text to edit`);
      if (editedText.trim() === '') throw new InvalidInputError('EMPTY_TEXT', 'the edited text is empty');
      if (editedText.length > 20_000)
        throw new InvalidInputError('TEXT_TOO_LONG', 'the edited text is over 20,000 characters');
    }
    return this.write(s!, by, editedText);
  }

  /** Accepts several pending suggestions, each checked and written on its own (a stale one does not stop the rest). */
  async acceptMany(ids: readonly string[], by: string): Promise<Suggestion[]> {
    if (ids.length > MAX_PAGE)
      throw new InvalidInputError('TOO_MANY', `at most ${MAX_PAGE} suggestions at once`);
    const suggestions = await this.pending([...new Set(ids)]);
    const out: Suggestion[] = [];
    for (const s of suggestions) out.push(await this.write(s, by, null));
    return out;
  }

  async reject(id: string, by: string): Promise<Suggestion> {
    await this.pending([id]);
    await decide(this.deps.store, id, { status: 'rejected', decidedBy: by }, this.now());
    return (await getSuggestions(this.deps.store, [id])).get(id)!;
  }

  /**
   * Reads the target aspects, checks the field still holds the baseline and writes on condition that the aspects
   * are still the versions read. When one changed in between (another column's edit, a person's edit of this
   * one), it reads and checks again; a person's edit of the target makes the suggestion stale.
   */
  private async write(s: Suggestion, by: string, editedText: string | null): Promise<Suggestion> {
    const now = this.now();
    const entity = s.value.kind === 'new_glossary_term' ? s.value.termUrn : s.datasetUrn;
    const names = s.value.kind === 'new_glossary_term' ? ['glossaryTermInfo'] : WRITE_BACK_ASPECTS;
    let decision: Parameters<typeof decide>[2] | null = null;
    for (let attempt = 1; decision === null; attempt++) {
      const aspects = (await this.deps.aspects.getAspects([entity], names)).get(entity) ?? new Map();
      const plan = planWrite(s, aspects, editedText, now, this.deps.actor);
      if ('stale' in plan) {
        decision = { status: 'stale', staleReason: plan.stale };
        break;
      }
      try {
        await this.deps.aspects.write(plan.proposals, this.deps.actor);
        decision = { status: 'accepted', decidedBy: by, writtenValue: plan.written };
      } catch (error) {
        if (!(error instanceof HubConditionFailedError)) throw error;
        if (attempt >= WRITE_ATTEMPTS)
          decision = {
            status: 'stale',
            staleReason: `the target kept changing in DataHub while it was being written (${error.message})`,
          };
      }
    }
    await decide(this.deps.store, s.id, decision, now);
    return (await getSuggestions(this.deps.store, [s.id])).get(s.id)!;
  }
}
