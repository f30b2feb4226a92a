import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phraseProposals } from '../../de/doc-suggestions/phrasing.js';
import type { Proposal } from '../../de/doc-suggestions/types.js';
import { createOpenAiChatPhraser } from './openai-chat-phraser.js';

/**
 * The phraser against a fake of OpenAI's chat completions API (no LLM runs here): a local server that answers
 * `POST /v1/chat/completions` in that API's shape and records what it was sent.
 */
describe('OpenAI-compatible phraser, against a fake chat completions server', () => {
  let fake: FastifyInstance;
  let url: string;
  const received: {
    headers: Record<string, unknown>;
    body: { model: string; messages: { role: string; content: string }[] };
  }[] = [];
  let failNext = false;

  beforeAll(async () => {
    fake = Fastify();
    fake.post('/v1/chat/completions', async (request, reply) => {
      received.push({ headers: request.headers, body: request.body as (typeof received)[number]['body'] });
      if (failNext) {
        failNext = false;
        return reply.code(503).send({ error: { message: 'overloaded', type: 'server_error' } });
      }
      return {
        id: 'chatcmpl-fake',
        object: 'chat.completion',
        created: 0,
        model: 'fake-model',
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: '  Total order value per day, cancelled orders excluded.  ',
            },
            finish_reason: 'stop',
          },
        ],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      };
    });
    url = `${await fake.listen({ host: '127.0.0.1', port: 0 })}/v1`;
  });
  afterAll(() => fake.close());

  const proposal: Proposal = {
    datasetUrn: 'urn:li:dataset:(urn:li:dataPlatform:snowflake,db.s.daily,PROD)',
    fieldPath: 'revenue',
    kind: 'column_description',
    value: { kind: 'column_description', text: 'Sum of `orders.amount` per day.' },
    baseline: null,
    evidence: [
      { kind: 'sql', detail: 'revenue = SUM(o.amount)' },
      { kind: 'upstream_doc', detail: 'Order amount in EUR.' },
    ],
    confidence: 0.7,
    phrasedBy: 'deterministic',
  };

  it('phrases a description from the evidence alone, and says the LLM phrased it', async () => {
    const phraser = createOpenAiChatPhraser({ url, model: 'fake-model', apiKey: 'sk-test' });
    const [out] = await phraseProposals([proposal], phraser);
    expect(out).toMatchObject({
      phrasedBy: 'llm',
      value: { text: 'Total order value per day, cancelled orders excluded.' },
    });
    const sent = received.at(-1)!;
    expect(sent.headers.authorization).toBe('Bearer sk-test');
    expect(sent.body.model).toBe('fake-model');
    const user = sent.body.messages.find((m) => m.role === 'user')!.content;
    expect(user).toContain('- sql: revenue = SUM(o.amount)');
    expect(user).toContain('- upstream_doc: Order amount in EUR.');
    expect(user).toContain('Draft: Sum of `orders.amount` per day.');
    // Nothing but the evidence and the draft: no other catalog content goes out.
    expect(user.split('\n')).toHaveLength(5);
  });

  it('keeps the deterministic text when the endpoint fails, and leaves non-text kinds alone', async () => {
    failNext = true;
    const errors: unknown[] = [];
    const phraser = createOpenAiChatPhraser({ url, model: 'fake-model' });
    const term: Proposal = {
      ...proposal,
      kind: 'glossary_term',
      value: { kind: 'glossary_term', termUrn: 'urn:li:glossaryTerm:x', termName: 'X' },
    };
    const before = received.length;
    const [kept, untouched] = await phraseProposals([proposal, term], phraser, (e) => errors.push(e));
    expect(kept).toEqual(proposal);
    expect(untouched).toEqual(term);
    expect(errors).toHaveLength(1);
    expect(received.length - before).toBe(1);
  });
});
