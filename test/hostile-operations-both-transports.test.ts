import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './support/stack.js';
import { WsTestClient } from './support/ws.js';

/**
 * One operation pipeline for every transport: the same hostile document gets the same refusal
 * over HTTP (status 400) and over graphql-ws, before any platform is called.
 */
let stack: Stack;
let ws: WsTestClient;

const MAX_TOKENS = 400;

beforeAll(async () => {
  stack = await startStack({ config: { server: { introspection: false }, limits: { maxTokens: MAX_TOKENS } } });
  ws = new WsTestClient(stack.url, await stack.token('t1'));
});

afterAll(async () => {
  await ws?.close();
  await stack?.close();
});

type Refusal = { code: unknown; message: string };

async function overHttp(query: string): Promise<{ status: number; errors: Refusal[] }> {
  const result = await stack.gql(query);
  return { status: result.status, errors: (result.errors ?? []).map((e) => ({ code: e.extensions?.code, message: e.message })) };
}

async function overWebSocket(query: string): Promise<Refusal[]> {
  const sub = ws.subscribe(query);
  await expect.poll(() => sub.error !== null || sub.events.length > 0 || sub.completed, { timeout: 10_000 }).toBe(true);
  expect(sub.events).toEqual([]);
  const errors = sub.error as { message: string; extensions?: { code?: unknown } }[];
  expect(Array.isArray(errors)).toBe(true);
  return errors.map((e) => ({ code: e.extensions?.code, message: e.message }));
}

const nested = (levels: number) => `{ conversations(first: 1) { edges { node { ${'lastMessage { conversation { '.repeat(levels)} id ${'} } '.repeat(levels)} } } } }`;

const HOSTILE: { name: string; query: string; code: string; message?: RegExp }[] = [
  { name: 'too deep', query: nested(6), code: 'QUERY_TOO_COMPLEX', message: /depth limit of 12 exceeded/ },
  { name: 'too many tokens', query: `{ ${'__typename '.repeat(MAX_TOKENS)} }`, code: 'QUERY_TOO_COMPLEX', message: new RegExp(`token limit of ${MAX_TOKENS}`) },
  {
    name: 'too many aliases',
    query: `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: node(id: "x") { id }`).join(' ')} }`,
    code: 'QUERY_TOO_COMPLEX',
    message: /aliases limit of 30 exceeded/i,
  },
  { name: 'introspection while it is off', query: `{ __schema { types { name } } }`, code: 'GRAPHQL_VALIDATION_FAILED', message: /introspection has been disabled/ },
  {
    name: 'a type lookup while introspection is off',
    query: `{ __type(name: "Conversation") { fields { name } } }`,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /introspection has been disabled/,
  },
  {
    name: 'a misspelled field while suggestions are off',
    query: `{ conversations(first: 1) { edgs { cursor } } }`,
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: /^Cannot query field "edgs" on type "ConversationConnection"\.$/,
  },
  { name: 'a syntax error', query: `{ conversations(first: 1) { edges { `, code: 'GRAPHQL_PARSE_FAILED', message: /Syntax Error/ },
  // Deep enough to overflow graphql-js's recursive parser if it were ever parsed.
  {
    name: 'nesting that would overflow the parser',
    query: `{ conversations(first: 1, filter: { labels: ${'['.repeat(300)}${']'.repeat(300)} }) { edges { cursor } } }`,
    code: 'QUERY_TOO_COMPLEX',
  },
];

describe('hostile operations get the same refusal over HTTP and over graphql-ws', () => {
  it.each(HOSTILE)('$name', async ({ query, code, message }) => {
    stack.resetCounts();
    const http = await overHttp(query);
    expect(http.status).toBe(400);
    expect(http.errors.length).toBeGreaterThan(0);
    expect(http.errors[0]!.code).toBe(code);
    if (message) expect(http.errors[0]!.message).toMatch(message);
    for (const error of http.errors) expect(error.message).not.toMatch(/Did you mean/);
    expect(await overWebSocket(query)).toEqual(http.errors);
    expect(Object.values(stack.upstreamCalls('t1')).reduce((a, b) => a + b)).toBe(0);
  });

  it('a parser-overflowing document within the token limit is a 400, never a 500', async () => {
    const big = await startStack({ config: { limits: { maxTokens: 20_000 } } });
    try {
      const query = `{ conversations(first: 1, filter: { labels: ${'['.repeat(6_000)}${']'.repeat(6_000)} }) { edges { cursor } } }`;
      const result = await big.gql(query);
      expect(result.status).toBe(400);
      expect(result.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
      expect((await big.gql('{ __typename }')).status).toBe(200);
    } finally {
      await big.close();
    }
  });

  it('with introspection on, the same misspelling gets its hint (the knob is what hides it)', async () => {
    const open = await startStack({ config: { server: { introspection: true } } });
    try {
      const result = await open.gql(`{ conversations(first: 1) { edgs { cursor } } }`);
      expect(result.status).toBe(400);
      expect(result.errors?.[0]?.message).toMatch(/Did you mean "edges"\?/);
      expect((await open.gql(`{ __schema { queryType { name } } }`)).status).toBe(200);
    } finally {
      await open.close();
    }
  });
});
