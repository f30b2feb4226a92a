import type { PhrasingRequest, TextPhraser } from '../../ports/text-phraser.js';

export interface OpenAiChatPhraserOptions {
  /** The API base, e.g. https://api.openai.com/v1; requests go to `{url}/chat/completions`. */
  url: string;
  model: string;
  apiKey?: string | undefined;
  timeoutMs?: number;
  /** For tests. */
  fetch?: typeof fetch;
}

const SYSTEM = [
  'You write short, factual documentation for a data catalog.',
  'Use only the evidence given; do not invent meaning, units or business rules that the evidence does not state.',
  'Answer with the description text only: one or two sentences, no preamble, no markdown headings.',
].join(' ');

/** Phrases descriptions through an OpenAI-compatible chat completions endpoint. */
export function createOpenAiChatPhraser(options: OpenAiChatPhraserOptions): TextPhraser {
  const endpoint = `${options.url.replace(/\/+$/, '')}/chat/completions`;
  const doFetch = options.fetch ?? fetch;
  return {
    name: `openai-chat:${options.model}`,
    async phrase(request: PhrasingRequest): Promise<string> {
      const user = [
        `Describe the ${request.subject} ${request.name}.`,
        'Evidence:',
        ...request.evidence.map((e) => `- ${e}`),
        `Draft: ${request.draft}`,
      ].join('\n');
      const response = await doFetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.apiKey && { authorization: `Bearer ${options.apiKey}` }),
        },
        body: JSON.stringify({
          model: options.model,
          temperature: 0,
          max_tokens: 200,
          messages: [
            { role: 'system', content: SYSTEM },
            { role: 'user', content: user },
          ],
        }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
      });
      if (!response.ok) {
        await response.body?.cancel();
        throw new Error(`the LLM endpoint answered HTTP ${response.status}`);
      }
      const body = (await response.json()) as { choices?: { message?: { content?: unknown } }[] };
      const text = body.choices?.[0]?.message?.content;
      if (typeof text !== 'string' || text.trim() === '')
        throw new Error('the LLM endpoint answered no text');
      return text.trim();
    },
  };
}
