/**
 * The phrasing port: turns a proposal's evidence into a sentence or two of documentation. DataSpoke's own text
 * is deterministic; an adapter may ask an LLM (an OpenAI-compatible chat endpoint) to phrase it instead.
 */
export interface PhrasingRequest {
  /** What is described: "column", "table" or "similar tables". */
  subject: 'column' | 'table' | 'similar tables';
  /** The dataset's name and, for a column, its name. */
  name: string;
  /** The deterministic text: what the LLM rephrases, and the answer when it fails. */
  draft: string;
  /** The evidence lines the draft was made from; the LLM gets these and nothing else of the catalog. */
  evidence: string[];
}

export interface TextPhraser {
  readonly name: string;
  /** The phrased text; throws when the endpoint fails (the caller keeps the draft). */
  phrase(request: PhrasingRequest): Promise<string>;
}
