import { sql } from 'drizzle-orm';
import { lruCaches, type BoundedCache, type CacheFactory } from '@dataspoke/platform/cache/bounded-cache';
import type { Store } from '@dataspoke/platform/store/db';
import { pgTextArray } from '@dataspoke/platform/store/sql';
import { ChangeNotices } from './change-notices.js';
import { CopyIndex } from './mirror/copy-index.js';
import { FacetIndex, type Facets } from './mirror/facet-index.js';
import { LineageGraph } from './mirror/lineage-graph.js';
import { LexicalPostings, type WeightClass } from './mirror/lexical-postings.js';
import { WordNet } from './word-net.js';
import type { CatalogNeighbours, Neighbour } from './catalog-neighbours.js';
import type {
  CopyCandidate,
  DatasetIncident,
  DocumentRow,
  FacetLabel,
  FilterClause,
  IndexedDataset,
  LexicalHit,
  SearchDocuments,
} from '../../ports/search-documents.js';

/**
 * Search documents in spoke_da.dataset_doc (PGlite or PostgreSQL). Lexical ranking is PostgreSQL full text
 * with the `english` configuration (stemming, stop words), scored per query term as IDF × field weight, so a
 * rare word in a table name counts for more than a common word in a column description; ts_rank alone has
 * no IDF and lets frequent words dominate natural-language questions.
 *
 * PostgreSQL parses and stores each document (its tsvector, facets and JSON). The reads a question makes on
 * every document run over an in-process mirror instead: the tsvectors as posting lists (LexicalPostings), the
 * facets (FacetIndex), and the content hashes, which also tell when a kept parsed document is still current.
 * The mirror is loaded on the first search (or `prepare`) and follows this adapter's own writes at once.
 * Each write is announced on SEARCH_DOCS_CHANNEL with the urns it changed, so another adapter (another process
 * sharing a PostgreSQL) re-reads just those before its next search; one that cannot listen looks for changes
 * every MIRROR_RECHECK instead.
 */
export const SEARCH_DOCS_CHANNEL = 'dataspoke_search_docs';
/** Terms in more than this share of documents are scored but do not select candidates (too broad). */
const BROAD = 0.25;
/** Rows a full-text query scores at most, roughly (by the document frequency of the selecting terms). */
const SCORED_ROWS = 5000;

/**
 * Words that say what to compute rather than what over ("the average weight", "the number of orders", "the
 * largest city"): a question's lexeme from one of them counts for COMPUTATION_WEIGHT of its IDF, so a table
 * named for a metric (average_order_value) does not outrank the tables holding the question's subjects on
 * that word alone, while it still ranks first when the rest of the question names it too.
 */
const COMPUTATION_WORDS =
  'average mean median number count total sum maximum minimum max min largest smallest highest lowest biggest greatest fewest percentage percent distinct different unique';
const COMPUTATION_WEIGHT = 0.5;

/**
 * A question's words are expanded with their WordNet synonyms and hypernyms (word-net.ts: "buyers" finds a
 * customers table, "postcode" a zip column), each found lexeme counting for this share of its IDF and not
 * towards coordination, so the words the question used lead and a table matching only an expansion ranks
 * below one matching the words themselves.
 */
const EXPANSION_WEIGHT = 0.5;
/** Words of a question that are expanded at most (the first ones). */
const EXPANDED_WORDS = 16;

/**
 * A question's words are also expanded with the catalog's own words nearest to them by meaning
 * (catalog-neighbours.ts: "voucher" finds coupon, "towns" city, "depots" warehouse): at most NEIGHBOURS
 * per word among those at least NEIGHBOUR_SIMILARITY cosine and at least MEANING_SIMILARITY close to the
 * whole question's embedding (which drops what the question is not about: "checkout" finds checkin, in a
 * hotel's tables, and payment; a question about vouchers used at checkout keeps payment), each found lexeme counting for its similarity × its IDF and not towards coordination.
 * Chosen on Spider's tuning split and the showcase tuning sets (bench:search).
 */
const NEIGHBOURS = 3;
const NEIGHBOUR_SIMILARITY = 0.45;
const MEANING_SIMILARITY = 0.15;

/** WordNet's files are read once per process, however many document stores it opens. */
let wordNet: WordNet | null = null;
const sharedWordNet = () => (wordNet ??= new WordNet());

/** How often a mirror that cannot listen for changes looks for other writers' (ms). */
const MIRROR_RECHECK = 2000;
/** Rows per page when the mirror is loaded. */
const MIRROR_PAGE = 2000;

/**
 * What the in-process mirror keeps of a document `d`: its content hash, its lexemes with the best weight class
 * each has (from the stored tsvector), its filterable facets, name and upstreams, and what telling copies
 * apart needs (`copy`: copy key, curated, deprecated, documentation, usage, and from `brief` the platform's
 * name, the downstreams and the columns), the last three as JSON text.
 */
const MIRRORED = sql.raw(`d.urn, d.content_hash as hash,
  (select coalesce(jsonb_object_agg(t.lexeme, (select min(w) from unnest(t.weights) as w)), '{}'::jsonb)
    from unnest(d.tsv) as t)::text as lexemes,
  json_build_object('platform', d.platform, 'domain', d.domain, 'layer', d.layer, 'container', d.container,
    'tags', d.tags, 'terms', d.terms, 'owners', d.owners, 'consumers', d.consumers,
    'name', d.name, 'upstreams', d.upstreams,
    'copy', json_build_array(d.copy_key, d.curated, d.deprecated, d.documentation, d.usage,
      d.brief->>'platformName', d.brief->'downstreams', d.brief->'columns'))::text as facets`);

/** The `copy` entry of MIRRORED's facets. */
type MirroredCopy = [
  copyKey: string,
  curated: boolean,
  deprecated: boolean,
  documentation: number,
  usage: number,
  platformName: string | null,
  downstreams: string[] | null,
  columns: string[] | null,
];

type MirroredRow = { urn: string; hash: string; lexemes: string; facets: string };

/** Lineage walks kept (see walkUpstream). */
const KEPT_WALKS = 8;

/** Parsed documents kept in process (least recently read dropped first), checked against the stored hash. */
const DOC_CACHE = 16_000;

/** A parsed document kept in process, with the content hash it was parsed at. */
interface KeptDocument {
  hash: string;
  doc: IndexedDataset;
}

/** A lineage walk kept in process, with the lineage graph's version it was walked at. */
interface KeptWalk {
  version: number;
  found: { urn: string; via: string }[];
}

export interface PgSearchDocumentsOptions {
  /** Words related to a question's word, for query expansion (default WordNet; null: none). */
  related?: ((word: string) => string[]) | null;
  /** Parsed documents kept in process (default DOC_CACHE; 0 keeps none). */
  docCache?: number;
  /** Where the kept documents and walks are kept (default lruCaches). */
  caches?: CacheFactory;
  /** The catalog's words by meaning, for query expansion (absent: none). */
  neighbours?: CatalogNeighbours | null;
}

export class PgSearchDocuments implements SearchDocuments {
  // The mirror: what lexical ranking, filters and container sizes need of every document, in process.
  private readonly lexicon = new LexicalPostings();
  private readonly facets: FacetIndex;
  /** Each document's name and upstream datasets, for lineage walks. */
  private readonly lineage = new LineageGraph();
  /** What telling copies apart needs, by copy key. */
  private readonly copyIndex = new CopyIndex();
  /** Recent lineage walks by roots, depth and cap (shared answers: not to be changed). */
  private readonly walks: BoundedCache<string, KeptWalk>;
  private mirrorLoaded: Promise<void> | null = null;
  private computation: Promise<ReadonlySet<string>> | null = null;
  private mirrorReady = false;
  private readonly notices: ChangeNotices;
  /** Urns other writers announced since the last search. */
  private readonly announced = new Set<string>();
  /** Set when announcements may have been missed (listening started or restarted) or were too large. */
  private followAll = false;
  /** Listening failed: look for changes every MIRROR_RECHECK. */
  private polling = false;
  /** count and max(updated_at) of the stored documents when the mirror last caught up with them. */
  private mirrorStamp: { count: number; at: string | null } | null = null;
  private mirrorCheckedAt = 0;
  private total: number | null = null;
  private labelCache: FacetLabel[] | null = null;
  private readonly related: ((word: string) => string[]) | null;
  private readonly neighbours: CatalogNeighbours | null;
  /** Parsed documents by urn, used while their hash is the mirror's. */
  private readonly docs: BoundedCache<string, KeptDocument>;

  constructor(
    private readonly store: Store,
    options: PgSearchDocumentsOptions = {},
  ) {
    const caches = options.caches ?? lruCaches;
    this.related = options.related !== undefined ? options.related : (word) => sharedWordNet().related(word);
    this.neighbours = options.neighbours ?? null;
    this.notices = new ChangeNotices(store, SEARCH_DOCS_CHANNEL);
    this.facets = new FacetIndex(caches);
    this.docs = caches('search documents: parsed documents', { max: options.docCache ?? DOC_CACHE });
    this.walks = caches('search documents: lineage walks', { max: KEPT_WALKS });
  }

  private invalidate(): void {
    this.total = null;
    this.labelCache = null;
  }

  async hashes(urns?: readonly string[]) {
    const rows = await this.store.query<{ urn: string; content_hash: string; embed_hash: string | null }>(
      urns
        ? sql`select urn, content_hash, embed_hash from spoke_da.dataset_doc where urn = any(${pgTextArray(urns)}::text[])`
        : sql`select urn, content_hash, embed_hash from spoke_da.dataset_doc`,
    );
    return new Map(rows.map((r) => [r.urn, { contentHash: r.content_hash, embedHash: r.embed_hash }]));
  }

  async upsert(rows: readonly DocumentRow[], labels: readonly FacetLabel[]): Promise<void> {
    if (rows.length > 0) {
      const records = rows.map((r) => {
        const d = r.dataset;
        return {
          urn: d.urn,
          content_hash: r.contentHash,
          embed_hash: r.embedHash,
          name: d.name,
          platform: d.platform.urn,
          layer: d.layer,
          domain: d.domain?.urn ?? null,
          container: d.container?.urn ?? null,
          owners: d.owners.map((o) => o.urn),
          tags: d.tags.map((t) => t.urn),
          terms: d.terms.map((t) => t.urn),
          consumers: r.consumers,
          deprecated: d.deprecation !== null,
          copy_key: d.copyKey,
          documentation: d.documentation,
          usage: d.usage,
          curated: d.curated,
          last_updated: d.lastUpdated,
          upstreams: d.upstreams.map((u) => u.urn),
          brief: {
            platformName: d.platform.name,
            upstreams: d.upstreams.map((u) => u.urn),
            downstreams: d.downstreams.map((u) => u.urn),
            columns: d.fields.map((f) => f.path.toLowerCase()),
          },
          doc: d,
          t_name: r.text.name,
          t_fields: r.text.fields,
          t_desc: r.text.descriptions,
          t_ctx: r.text.context,
        };
      });
      for (let i = 0; i < records.length; i += 200) {
        const chunk = JSON.stringify(records.slice(i, i + 200))
          .split('\u0000')
          .join('');
        const written = await this.store.query<MirroredRow>(sql`
          insert into spoke_da.dataset_doc as d (urn, content_hash, embed_hash, name, platform, layer, domain, container,
            owners, tags, terms, consumers, deprecated, copy_key, documentation, usage, curated, last_updated,
            upstreams, brief, doc, tsv, updated_at)
          select urn, content_hash, embed_hash, name, platform, layer, domain, container, owners, tags, terms,
            consumers, deprecated, copy_key, documentation, usage, curated, last_updated, upstreams, brief, doc,
            setweight(to_tsvector('english', t_name), 'A') || setweight(to_tsvector('english', t_fields), 'B') ||
            setweight(to_tsvector('english', t_desc), 'C') || setweight(to_tsvector('english', t_ctx), 'D'),
            now()
          from jsonb_to_recordset(${chunk}::jsonb) as r(urn text, content_hash text, embed_hash text, name text,
            platform text, layer text, domain text, container text, owners text[], tags text[], terms text[],
            consumers text[], deprecated boolean, copy_key text, documentation real, usage real, curated boolean,
            last_updated bigint, upstreams text[], brief jsonb, doc jsonb, t_name text, t_fields text, t_desc text,
            t_ctx text)
          on conflict (urn) do update set content_hash = excluded.content_hash, embed_hash = excluded.embed_hash,
            name = excluded.name, platform = excluded.platform, layer = excluded.layer, domain = excluded.domain,
            container = excluded.container, owners = excluded.owners, tags = excluded.tags, terms = excluded.terms,
            consumers = excluded.consumers, deprecated = excluded.deprecated, copy_key = excluded.copy_key,
            documentation = excluded.documentation, usage = excluded.usage, curated = excluded.curated,
            last_updated = excluded.last_updated, upstreams = excluded.upstreams, brief = excluded.brief,
            doc = excluded.doc, tsv = excluded.tsv,
            updated_at = excluded.updated_at
          returning ${MIRRORED}`);
        // Search finds a written document at once (the first search loads the mirror whole anyway).
        if (this.mirrorLoaded) this.putMirrored(written);
        await this.announce(written.map((r) => r.urn));
      }
    }
    if (labels.length > 0) {
      const unique = [...new Map(labels.map((l) => [l.urn, l])).values()];
      await this.store.query(sql`
        insert into spoke_da.facet_label (urn, kind, label)
        select urn, kind, label from jsonb_to_recordset(${JSON.stringify(unique)}::jsonb) as r(urn text, kind text, label text)
        on conflict (urn) do update set kind = excluded.kind, label = excluded.label`);
    }
    this.invalidate();
  }

  async setEmbedHash(entries: readonly { urn: string; embedHash: string }[]): Promise<void> {
    if (entries.length === 0) return;
    await this.store.query(sql`
      update spoke_da.dataset_doc d set embed_hash = r.h
      from unnest(${pgTextArray(entries.map((e) => e.urn))}::text[], ${pgTextArray(entries.map((e) => e.embedHash))}::text[]) as r(u, h)
      where d.urn = r.u`);
  }

  async remove(urns: readonly string[]): Promise<void> {
    if (urns.length === 0) return;
    await this.store.query(
      sql`delete from spoke_da.dataset_doc where urn = any(${pgTextArray(urns)}::text[])`,
    );
    for (const urn of urns) this.forget(urn);
    await this.announce(urns);
    this.invalidate();
  }

  async count(): Promise<number> {
    if (this.total === null) {
      const [row] = await this.store.query<{ n: number }>(
        sql`select count(*)::int as n from spoke_da.dataset_doc`,
      );
      this.total = Number(row?.n ?? 0);
    }
    return this.total;
  }

  async recentIncidents(urns: readonly string[], since: number): Promise<Map<string, DatasetIncident[]>> {
    const out = new Map<string, DatasetIncident[]>();
    if (urns.length === 0) return out;
    // The validator's stored runs (spoke_de), read here so a text-to-SQL context can warn about them.
    const rows = await this.store
      .query<{ urn: string; at: string | number; status: string; issues: number; summary: string | null }>(
        sql`
      select r.dataset_urn as urn, (extract(epoch from r.created_at) * 1000)::bigint as at, r.status,
        r.issue_count as issues,
        (select i.explanation from spoke_de.validation_issue i where i.run_id = r.id order by i.ordinal limit 1) as summary
      from spoke_de.validation_run r
      where r.dataset_urn = any(${pgTextArray(urns)}::text[]) and r.created_at >= ${new Date(since).toISOString()}::timestamptz
        and r.status in ('fail', 'warn')
      order by r.created_at desc, r.id desc limit ${urns.length * 5}`,
      )
      .catch(() => []);
    for (const r of rows) {
      const list = out.get(r.urn) ?? [];
      list.push({
        urn: r.urn,
        at: Number(r.at),
        status: r.status,
        issues: Number(r.issues),
        summary: r.summary,
      });
      out.set(r.urn, list);
    }
    return out;
  }

  async containerSizes(containers: readonly string[]): Promise<Map<string, number>> {
    if (containers.length === 0) return new Map();
    await this.mirror();
    return this.facets.containerSizes(containers);
  }

  async lexical(
    question: string,
    k: number,
    within?: readonly string[] | null,
    options?: { meaning?: Promise<Float32Array> | null },
  ): Promise<LexicalHit[]> {
    if (k <= 0 || (within && within.length === 0)) return [];
    const related = this.expansionText(question);
    const near = await this.nearWords(question, options?.meaning ?? null);
    const rows = await this.store.query<{ l: string; x: number; w: string | null }>(
      sql`select distinct unnest(tsvector_to_array(to_tsvector('english', ${question}))) as l, 0 as x, null as w
        union all
        select distinct unnest(tsvector_to_array(to_tsvector('english', ${related}))) as l, 1 as x, null as w
        union all
        select unnest(tsvector_to_array(to_tsvector('english', n.w))) as l, 2 as x, n.w
        from unnest(${pgTextArray([...near.keys()])}::text[]) as n(w)`,
    );
    const lexemes = rows
      .filter((r) => r.x === 0)
      .map((r) => r.l)
      .filter((l) => l.length > 1)
      .slice(0, 32);
    if (lexemes.length === 0) return [];
    const asked = new Set(lexemes);
    const expansions = [
      ...new Set(rows.filter((r) => r.x === 1 && !asked.has(r.l) && r.l.length > 1).map((r) => r.l)),
    ];
    const wordNetFound = new Set(expansions);
    // A lexeme several near words give counts once, by the most similar.
    const neighbourLexemes = new Map<string, number>();
    for (const r of rows)
      if (r.x === 2 && r.w && !asked.has(r.l) && !wordNetFound.has(r.l) && r.l.length > 1)
        neighbourLexemes.set(r.l, Math.max(neighbourLexemes.get(r.l) ?? 0, near.get(r.w) ?? 0));
    const computation = await this.computationLexemes();
    await this.mirror();
    const postings = this.lexicon;
    const n = postings.size;
    if (n === 0) return [];
    const terms = lexemes
      .map((l) => ({ l, df: postings.docFrequency(l) }))
      .filter((t) => t.df > 0)
      .map((t) => ({
        ...t,
        idf: Math.log(1 + (n - t.df + 0.5) / (t.df + 0.5)) * (computation.has(t.l) ? COMPUTATION_WEIGHT : 1),
      }));
    const expanded = expansions
      .map((l) => ({ l, df: postings.docFrequency(l) }))
      .filter((t) => t.df > 0)
      .map((t) => ({ ...t, idf: Math.log(1 + (n - t.df + 0.5) / (t.df + 0.5)) * EXPANSION_WEIGHT }));
    for (const [l, similarity] of neighbourLexemes) {
      const df = postings.docFrequency(l);
      if (df > 0)
        expanded.push({
          l,
          df,
          idf: Math.log(1 + (n - df + 0.5) / (df + 0.5)) * similarity,
        });
    }
    if (terms.length === 0 && expanded.length === 0) return [];
    // Candidates are the documents holding a selective term, rarest terms first; in a large catalog a term
    // that would add thousands more documents is left to scoring only (they rank low on it alone anyway).
    const all = [...terms, ...expanded];
    const selective = (all.some((t) => t.df / n <= BROAD) ? all.filter((t) => t.df / n <= BROAD) : all)
      .slice()
      .sort((a, b) => a.df - b.df);
    const chosen = new Set<string>();
    let candidates = 0;
    for (const t of selective) {
      if (chosen.size > 0 && candidates >= 2 * k && candidates + t.df > SCORED_ROWS) break;
      chosen.add(t.l);
      candidates += t.df;
    }
    return postings.score(
      [
        ...terms.map((t) => ({ lexeme: t.l, idf: t.idf })),
        ...expanded.map((t) => ({ lexeme: t.l, idf: t.idf, expansion: true })),
      ],
      chosen,
      k,
      within ?? null,
    );
  }

  /**
   * The catalog's words nearest by meaning to the question's words (those the `english` configuration keeps:
   * no stop words), each with its similarity (the best when several question words find it).
   */
  private async nearWords(
    question: string,
    meaning: Promise<Float32Array> | null,
  ): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (!this.neighbours) return out;
    const words = [...new Set(question.toLowerCase().match(/[a-z]{3,}/g) ?? [])].slice(0, EXPANDED_WORDS);
    if (words.length === 0) return out;
    const content = await this.store.query<{ w: string }>(
      sql`select w from unnest(${pgTextArray(words)}::text[]) as q(w) where to_tsvector('english', w) <> ''::tsvector`,
    );
    await this.mirror();
    // A question whose embedding failed is expanded without its meaning (dense search reports the failure).
    const vector = meaning ? await meaning.catch(() => null) : null;
    // The model failing leaves the question to its own words and WordNet's (dense search says it failed).
    const found = await this.neighbours
      .nearest(
        content.map((r) => r.w),
        NEIGHBOURS,
        NEIGHBOUR_SIMILARITY,
        vector ? { vector, min: MEANING_SIMILARITY } : null,
      )
      .catch(() => new Map<string, Neighbour[]>());
    for (const near of found.values())
      for (const { word, similarity } of near) out.set(word, Math.max(out.get(word) ?? 0, similarity));
    return out;
  }

  /** The words related to the question's words, as one text for the `english` configuration to parse. */
  private expansionText(question: string): string {
    if (!this.related) return '';
    const words = [...new Set(question.toLowerCase().match(/[a-z]{3,}/g) ?? [])].slice(0, EXPANDED_WORDS);
    return words.flatMap((w) => this.related!(w)).join(' ');
  }

  /** The lexemes of COMPUTATION_WORDS, as the `english` configuration stems them (asked once). */
  private computationLexemes(): Promise<ReadonlySet<string>> {
    this.computation ??= this.store
      .query<{ l: string }>(
        sql`select unnest(tsvector_to_array(to_tsvector('english', ${COMPUTATION_WORDS}))) as l`,
      )
      .then(
        (rows) => new Set(rows.map((r) => r.l)),
        (error: unknown) => {
          this.computation = null;
          throw error;
        },
      );
    return this.computation;
  }

  /**
   * The mirror, caught up with the stored documents: loaded whole on first use; then the documents other
   * writers announced are read again, or, when announcements may have been missed (or without them, every
   * MIRROR_RECHECK), everything changed since it last looked, with a reconciliation of the urns when the
   * count says some were removed. This adapter's own writes reach it at once (upsert, remove).
   */
  private async mirror(): Promise<void> {
    this.mirrorLoaded ??= this.loadMirror().then(
      () => {
        this.mirrorReady = true;
      },
      (error: unknown) => {
        this.mirrorLoaded = null;
        throw error;
      },
    );
    await this.mirrorLoaded;
    const due = this.polling && Date.now() - this.mirrorCheckedAt >= MIRROR_RECHECK;
    if (this.followAll || due) {
      this.followAll = false;
      this.announced.clear();
      this.mirrorCheckedAt = Date.now();
      await this.followMirror();
    } else if (this.announced.size > 0) {
      const urns = [...this.announced];
      this.announced.clear();
      const rows = await this.store.query<MirroredRow>(sql`
        select ${MIRRORED} from spoke_da.dataset_doc d where d.urn = any(${pgTextArray(urns)}::text[])`);
      this.putMirrored(rows);
      const stored = new Set(rows.map((r) => r.urn));
      for (const urn of urns) if (!stored.has(urn)) this.forget(urn);
    }
  }

  private async listen(): Promise<void> {
    await this.notices
      .follow(
        (urns) => {
          if (urns === 'all') this.followAll = true;
          else for (const urn of urns) this.announced.add(urn);
        },
        () => {
          this.followAll = true;
        },
      )
      .catch(() => {
        this.polling = true;
      });
  }

  /** Tells the other adapters on this store which documents changed. */
  private async announce(urns: readonly string[]): Promise<void> {
    await this.notices.announce(urns);
  }

  /**
   * Loads the mirror, and the word relations query expansion reads (WordNet's files, read on first use), now
   * rather than on the first search (a server calls it as it starts).
   */
  async prepare(): Promise<void> {
    this.related?.('search');
    await this.mirror();
    // The model failing here is not fatal: questions embed the catalog's words they need, or go without.
    await this.neighbours?.prepare().catch(() => undefined);
  }

  private async storedStamp(): Promise<{ count: number; at: string | null }> {
    const [row] = await this.store.query<{ n: number; t: string | null }>(
      sql`select count(*)::int as n, max(updated_at)::text as t from spoke_da.dataset_doc`,
    );
    return { count: Number(row?.n ?? 0), at: row?.t ?? null };
  }

  private putMirrored(rows: readonly MirroredRow[]): void {
    for (const r of rows) {
      if (this.lexicon.hashOf(r.urn) === r.hash) continue;
      const { name, upstreams, copy, ...facets } = JSON.parse(r.facets) as Omit<
        Facets,
        'urn' | 'deprecated'
      > & {
        name: string;
        upstreams: string[] | null;
        copy: MirroredCopy;
      };
      const [copyKey, curated, deprecated, documentation, usage, platformName, downstreams, columns] = copy;
      this.lexicon.put(r.urn, r.hash, JSON.parse(r.lexemes) as Record<string, WeightClass>);
      this.facets.put(r.urn, { ...facets, deprecated: String(deprecated) });
      this.lineage.put(r.urn, name, upstreams ?? []);
      this.neighbours?.put(r.urn, name, columns ?? []);
      const platform = facets.platform as string;
      this.copyIndex.put({
        urn: r.urn,
        copyKey,
        platform: { urn: platform, name: platformName ?? platform },
        layer: facets.layer as string | null,
        curated,
        deprecated,
        documentation: Number(documentation),
        usage: Number(usage),
        upstreams: upstreams ?? [],
        downstreams: downstreams ?? [],
        columns: columns ?? [],
      });
    }
  }

  private forget(urn: string): void {
    this.lexicon.remove(urn);
    this.facets.remove(urn);
    this.lineage.remove(urn);
    this.copyIndex.remove(urn);
    this.neighbours?.remove(urn);
  }

  private async loadMirror(): Promise<void> {
    // Listening first: what changes while the mirror loads is announced, or caught up with after it.
    await this.listen();
    this.mirrorStamp = await this.storedStamp();
    this.mirrorCheckedAt = Date.now();
    // A catalog the document cache can hold whole is read into it too: the first questions then parse nothing.
    // A larger one gets its most used documents there (they are the ones answers show most).
    const capacity = this.docs.max;
    const withDocs = this.mirrorStamp.count <= capacity;
    let after = '';
    for (;;) {
      const rows = await this.store.query<MirroredRow & { doc?: IndexedDataset | string }>(sql`
        select ${MIRRORED} ${withDocs ? sql`, d.doc` : sql``} from spoke_da.dataset_doc d
        where d.urn > ${after} order by d.urn limit ${MIRROR_PAGE}`);
      this.putMirrored(rows);
      for (const r of rows) if (r.doc) this.docs.set(r.urn, { hash: r.hash, doc: parseDoc(r.doc) });
      if (rows.length < MIRROR_PAGE) break;
      after = rows[rows.length - 1]!.urn;
    }
    if (withDocs) return;
    const used: { urn: string; hash: string; doc: IndexedDataset | string }[] = [];
    for (let offset = 0; offset < capacity; offset += MIRROR_PAGE) {
      const rows = await this.store.query<{ urn: string; hash: string; doc: IndexedDataset | string }>(sql`
        select urn, content_hash as hash, doc from spoke_da.dataset_doc
        order by usage desc, urn limit ${Math.min(MIRROR_PAGE, capacity - offset)} offset ${offset}`);
      used.push(...rows);
      if (rows.length < MIRROR_PAGE) break;
    }
    // Least used first, so that they are the first the cache lets go.
    for (const r of used.reverse())
      if (!this.docs.has(r.urn)) this.docs.set(r.urn, { hash: r.hash, doc: parseDoc(r.doc) });
  }

  private async followMirror(): Promise<void> {
    const now = await this.storedStamp();
    const before = this.mirrorStamp;
    if (before && now.count === before.count && now.at === before.at) return;
    // Changed since the last look, with a margin for writes that committed after a later one was seen.
    const since = before?.at ?? null;
    const rows = await this.store.query<MirroredRow>(sql`
      select ${MIRRORED} from spoke_da.dataset_doc d
      ${since === null ? sql`` : sql`where d.updated_at >= ${since}::timestamptz - interval '5 seconds'`}`);
    this.putMirrored(rows);
    if (this.lexicon.size !== now.count) {
      const stored = new Set(
        (await this.store.query<{ urn: string }>(sql`select urn from spoke_da.dataset_doc`)).map(
          (r) => r.urn,
        ),
      );
      for (const urn of this.lexicon.urnList()) if (!stored.has(urn)) this.forget(urn);
    }
    this.mirrorStamp = now;
  }

  async filter(clauses: readonly FilterClause[], cap: number): Promise<string[]> {
    await this.mirror();
    return this.facets.filter(clauses, cap);
  }

  /**
   * Documents by urn. Parsed documents are kept in process. Once the mirror is loaded, a kept document whose
   * hash the mirror holds is served without a read (current within MIRROR_RECHECK of another writer's change);
   * the others are read in one statement that sends a document again only when its hash changed.
   */
  async get(urns: readonly string[]): Promise<Map<string, IndexedDataset>> {
    if (urns.length === 0) return new Map();
    const unique = [...new Set(urns)];
    if (!this.mirrorReady) return this.read(unique);
    await this.mirror();
    const out = new Map<string, IndexedDataset>();
    const stale: string[] = [];
    for (const u of unique) {
      const kept = this.docs.get(u);
      if (kept && kept.hash === this.lexicon.hashOf(u)) out.set(u, kept.doc);
      else stale.push(u);
    }
    if (stale.length > 0) for (const [u, d] of await this.read(stale)) out.set(u, d);
    return out;
  }

  private async read(unique: readonly string[]): Promise<Map<string, IndexedDataset>> {
    const known = unique.map((u) => this.docs.get(u)?.hash ?? '');
    const rows = await this.store.query<{ urn: string; hash: string; doc: IndexedDataset | string | null }>(
      sql`select d.urn, d.content_hash as hash, case when d.content_hash = k.h then null else d.doc end as doc
        from unnest(${pgTextArray(unique)}::text[], ${pgTextArray(known)}::text[]) as k(u, h)
        join spoke_da.dataset_doc d on d.urn = k.u`,
    );
    const out = new Map<string, IndexedDataset>();
    for (const r of rows) {
      const cached = this.docs.get(r.urn);
      const doc =
        r.doc === null && cached?.hash === r.hash ? cached.doc : r.doc === null ? null : parseDoc(r.doc);
      if (!doc) continue;
      out.set(r.urn, doc);
      this.docs.set(r.urn, { hash: r.hash, doc });
    }
    // A document the cache claimed but that changed between the two reads: read it again.
    const lost = unique.filter((u) => !out.has(u) && rows.some((r) => r.urn === u));
    if (lost.length > 0) {
      lost.forEach((u) => this.docs.delete(u));
      for (const [u, d] of await this.read(lost)) out.set(u, d);
    }
    return out;
  }

  /** Same-named datasets per copy key, from the mirror, in urn order. */
  async copies(copyKeys: readonly string[]): Promise<Map<string, CopyCandidate[]>> {
    await this.mirror();
    return new Map(copyKeys.map((k) => [k, [...this.copyIndex.members(k)]]));
  }

  upstreamClosure(
    roots: readonly string[],
    maxDepth: number,
    cap: number,
  ): Promise<{ urn: string; via: string }[]> {
    if (roots.length === 0 || maxDepth <= 0) return Promise.resolve([]);
    return this.walkUpstream(roots, maxDepth, cap);
  }

  /**
   * Over the mirrored lineage (LineageGraph.walk). The last few walks are kept until a name or an upstream
   * changes: "used by" a team walks from the same thousands of datasets question after question (and
   * keystroke after keystroke as a question is typed).
   */
  private async walkUpstream(
    roots: readonly string[],
    maxDepth: number,
    cap: number,
  ): Promise<{ urn: string; via: string }[]> {
    await this.mirror();
    const key = `${maxDepth}\u0000${cap}\u0000${roots.join('\u0000')}`;
    const kept = this.walks.get(key);
    if (kept && kept.version === this.lineage.version) return kept.found;
    const found = this.lineage.walk(roots, maxDepth, cap);
    this.walks.set(key, { version: this.lineage.version, found });
    return found;
  }

  /** Fresh planner statistics and dead row versions reclaimed after a bulk change (PGlite has no autovacuum). */
  async maintain(): Promise<void> {
    await this.store.query(sql`vacuum (analyze) spoke_da.dataset_doc`);
  }

  async labels(): Promise<FacetLabel[]> {
    this.labelCache ??= (
      await this.store.query<{ urn: string; kind: string; label: string }>(
        sql`select urn, kind, label from spoke_da.facet_label order by urn`,
      )
    ).map((r) => ({ urn: r.urn, kind: r.kind as FacetLabel['kind'], label: r.label }));
    return this.labelCache;
  }
}

function parseDoc(doc: IndexedDataset | string): IndexedDataset {
  return typeof doc === 'string' ? (JSON.parse(doc) as IndexedDataset) : doc;
}
