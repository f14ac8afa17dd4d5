import { parse } from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitsSchema } from '../src/config/schema.js';
import manifest from '../client/persisted-documents.json' with { type: 'json' };
import { buildSchema } from '../src/graph/schema.js';
import { OperationCost } from '../src/pipeline/cost.js';
import { startStack, type Stack } from './support/stack.js';
import { WsTestClient } from './support/ws.js';

/**
 * The cost limit sees the variables: a page size or an id list passed as a variable costs exactly
 * what it costs written in the document, and is refused alike (QUERY_TOO_COMPLEX naming
 * `limits.maxCost`) over HTTP and graphql-ws, before any platform is called.
 */
const DEFAULTS = limitsSchema.parse({});
const cost = new OperationCost(buildSchema(), DEFAULTS.maxCost);
const costOf = (text: string, variables: Record<string, unknown> = {}) => cost.costOf(parse(text), undefined, variables);
const screen = (name: string) => Object.values(manifest as Record<string, string>).find((text) => text.startsWith(`query ${name}(`))!;

const ROWS = '{ edges { node { id title lastMessage { content } assignee { name } } } }';
const SIZES = [1, 25, 100, 5_000, 2 ** 31 - 1];

describe('the cost of an operation with its variables', () => {
  it.each(SIZES)('conversations(first: $n) with n = %i costs what first: n costs', (n) => {
    const literal = costOf(`{ conversations(first: ${n}) ${ROWS} }`);
    expect(costOf(`query($n: Int) { conversations(first: $n) ${ROWS} }`, { n })).toBe(literal);
    expect(literal).toBeGreaterThanOrEqual(n);
  });

  it('a thread page (`last`), an id list (`ids`) and aliases count the same way', () => {
    const thread = '{ edges { node { id content sender { __typename ... on Agent { name } } } } }';
    expect(costOf(`query($id: ID!, $n: Int) { conversation(id: $id) { messages(last: $n) ${thread} } }`, { id: 'x', n: 80 })).toBe(
      costOf(`{ conversation(id: "x") { messages(last: 80) ${thread} } }`),
    );
    const ids = Array.from({ length: 60 }, (_, i) => `id-${i}`);
    expect(costOf('query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Conversation { title } } }', { ids })).toBe(
      costOf(`{ nodes(ids: ${JSON.stringify(ids)}) { id ... on Conversation { title } } }`),
    );
    expect(costOf(`query($n: Int) { a: conversations(first: $n) ${ROWS} b: conversations(first: $n) ${ROWS} }`, { n: 40 })).toBe(
      2 * costOf(`{ conversations(first: 40) ${ROWS} }`)!,
    );
  });

  it("defaults count: the variable's own default, and the schema's (conversations' first = 25)", () => {
    const literal = costOf(`{ conversations(first: 25) ${ROWS} }`);
    expect(costOf(`query($n: Int = 25) { conversations(first: $n) ${ROWS} }`)).toBe(literal);
    expect(costOf(`{ conversations ${ROWS} }`)).toBe(literal);
    expect(costOf(screen('InboxScreen'))).toBe(costOf(screen('InboxScreen').replace('first: $first', 'first: 25')));
  });

  it('every screen fits the default maxCost at the largest page size (limits.maxPageSize)', () => {
    const inbox = costOf(screen('InboxScreen'), { first: DEFAULTS.maxPageSize })!;
    const conversation = costOf(screen('ConversationScreen'), { id: 'x', last: DEFAULTS.maxPageSize })!;
    expect(inbox).toBeLessThanOrEqual(DEFAULTS.maxCost);
    expect(conversation).toBeLessThanOrEqual(DEFAULTS.maxCost);
    expect(costOf(screen('InboxScreen'), { first: 2 * DEFAULTS.maxPageSize })).toBeGreaterThan(DEFAULTS.maxCost);
  });

  it('variables that do not coerce are left to execution (no cost, no refusal here)', () => {
    expect(costOf(`query($n: Int) { conversations(first: $n) ${ROWS} }`, { n: 'many' })).toBeNull();
    expect(cost.check(parse(`query($n: Int) { conversations(first: $n) ${ROWS} }`), undefined, { n: 'many' })).toBeNull();
  });
});

describe('over HTTP and graphql-ws, a variable page size is refused exactly as a literal one', () => {
  let stack: Stack;
  let ws: WsTestClient;
  beforeAll(async () => {
    stack = await startStack({ tenants: [{ id: 't1', seed: 'cost', size: 6 }] });
    ws = new WsTestClient(stack.url, await stack.token('t1'));
  });
  afterAll(async () => {
    await ws?.close();
    await stack?.close();
  });

  async function post(body: Record<string, unknown>) {
    const response = await fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.token('t1')}` },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
  }

  function overWs(payload: Record<string, unknown>): Promise<unknown> {
    return new Promise((resolve) => {
      ws.client.subscribe({ query: '', ...payload } as SubscribePayload, { next: () => undefined, error: resolve, complete: () => resolve(null) });
    });
  }

  it('conversations(first: $n) with a huge $n: the same QUERY_TOO_COMPLEX as first: n, no platform called', async () => {
    const n = 1_000_000;
    stack.resetCounts();
    const literal = await post({ query: `{ conversations(first: ${n}) ${ROWS} }` });
    const variable = await post({ query: `query($n: Int) { conversations(first: $n) ${ROWS} }`, variables: { n } });
    expect(literal.status).toBe(400);
    expect(variable.status).toBe(400);
    const refusal = literal.body.errors![0]!;
    expect(refusal.extensions).toEqual({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'maxCost',
      maxCost: DEFAULTS.maxCost,
      cost: Math.ceil(costOf(`{ conversations(first: ${n}) ${ROWS} }`)!),
    });
    expect(refusal.message).toMatch(new RegExp(`Query Cost limit of ${DEFAULTS.maxCost} exceeded, found \\d+`));
    expect(variable.body.errors).toEqual(literal.body.errors);
    expect(await overWs({ query: `query($n: Int) { conversations(first: $n) ${ROWS} }`, variables: { n } })).toEqual(literal.body.errors);
    expect(await overWs({ query: `{ conversations(first: ${n}) ${ROWS} }` })).toEqual(literal.body.errors);
    expect(Object.values(stack.upstreamCalls('t1')).reduce((a, b) => a + b)).toBe(0);
  });

  it('aliases of an allowed page size add up through variables too', async () => {
    // Each alias alone is well within the limit; six of them at the largest page size are not.
    expect(6 * costOf(`{ conversations(first: ${DEFAULTS.maxPageSize}) ${ROWS} }`)!).toBeGreaterThan(DEFAULTS.maxCost);
    const aliases = (arg: string) => Array.from({ length: 6 }, (_, i) => `a${i}: conversations(first: ${arg}) ${ROWS}`).join(' ');
    const literal = await post({ query: `{ ${aliases(String(DEFAULTS.maxPageSize))} }` });
    const variable = await post({ query: `query($n: Int) { ${aliases('$n')} }`, variables: { n: DEFAULTS.maxPageSize } });
    expect(literal.status).toBe(400);
    expect(literal.body.errors![0]!.extensions!.code).toBe('QUERY_TOO_COMPLEX');
    expect(variable.status).toBe(400);
    expect(variable.body.errors).toEqual(literal.body.errors);
  });

  it('persisted documents are costed with their variables: the inbox by id with an oversized page', async () => {
    const inboxId = Object.entries(manifest as Record<string, string>).find(([, text]) => text.startsWith('query InboxScreen('))![0];
    const fine = await post({ documentId: inboxId, variables: { first: 5 } });
    expect(fine.status).toBe(200);
    const huge = await post({ documentId: inboxId, variables: { first: 100_000 } });
    expect(huge.status).toBe(400);
    expect(huge.body.errors![0]!.extensions!.limit).toBe('maxCost');
    expect(await overWs({ documentId: inboxId, variables: { first: 100_000 } })).toEqual(huge.body.errors);
  });
});
