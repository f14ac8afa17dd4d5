import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeId } from '../src/graph/ids.js';
import { mintToken } from '../src/pipeline/auth.js';
import { startStack, type Stack } from './support/stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    tenants: [
      { id: 'acme', seed: 'a', size: 12 },
      { id: 'globex', seed: 'b', size: 12 },
    ],
  });
});
afterAll(async () => stack?.close());

const FIRST_ID = `query { conversations(first: 1) { edges { node { id } } } }`;
const BY_ID = `query($id: ID!) { conversation(id: $id) { id title } }`;
const NODE = `query($id: ID!) { node(id: $id) { id } }`;

describe('authentication', () => {
  it('no token: UNAUTHENTICATED with HTTP 401, and no upstream call', async () => {
    stack.resetCounts();
    const result = await stack.gql(FIRST_ID, {}, { token: null });
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(Object.values(stack.upstreamCalls('acme')).reduce((a, b) => a + b)).toBe(0);
  });

  it('a token without an expiry is refused', async () => {
    const { SignJWT } = await import('jose');
    const forever = await new SignJWT({ tenant: 'acme' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .sign(new TextEncoder().encode('test-secret-that-is-long-enough-0123456789'));
    const result = await stack.gql(FIRST_ID, {}, { token: forever });
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('a malformed request target gets a 400 and the gateway keeps serving', async () => {
    const { connect } = await import('node:net');
    const port = Number(new URL(stack.url).port);
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('POST http://[/graphql HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'));
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('close', () => resolve(data));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect((await fetch(`${stack.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${stack.url}/webhooks/%E0%A4%A/x`, { method: 'POST' })).status).toBe(400);
  });

  it('a forged, expired or foreign-tenant token is UNAUTHENTICATED', async () => {
    const forged = await mintToken({ secret: 'another-secret-that-is-long-enough-000000', sub: 'alice', tenant: 'acme' });
    const expired = await mintToken({ secret: 'test-secret-that-is-long-enough-0123456789', sub: 'alice', tenant: 'acme', ttlSeconds: -10 });
    const unknownTenant = await mintToken({ secret: 'test-secret-that-is-long-enough-0123456789', sub: 'alice', tenant: 'initech' });
    for (const token of [forged, expired, unknownTenant, 'not-a-jwt']) {
      const result = await stack.gql(FIRST_ID, {}, { token });
      expect(result.status).toBe(401);
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });
});

describe('ids', () => {
  it('a malformed id is BAD_USER_INPUT', async () => {
    for (const id of ['', 'nope', '!!!', Buffer.from('["g1","Conversation"]').toString('base64url')]) {
      const result = await stack.gql(BY_ID, { id });
      expect(result.errors?.[0]?.extensions?.code, id).toBe('BAD_USER_INPUT');
      expect(result.data).toEqual({ conversation: null });
    }
  });

  it("another tenant's conversation id is NOT_FOUND, and costs no upstream call", async () => {
    const theirs = await stack.gql<{ conversations: { edges: { node: { id: string } }[] } }>(FIRST_ID, {}, { tenant: 'globex' });
    const theirId = theirs.data!.conversations.edges[0]!.node.id;
    stack.resetCounts();
    const result = await stack.gql(BY_ID, { id: theirId }, { tenant: 'acme' });
    // Both tenants configure the same source keys but different scopes (account, agent, org),
    // except where a platform has no scope (Chatvolt): there the platform itself answers 404.
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(result.data).toEqual({ conversation: null });
  });

  it('a well-formed id of a conversation that does not exist is NOT_FOUND', async () => {
    for (const key of ['voxys', 'chatvolt', 'voiceglow', 'iron']) {
      const ref = stack.gateway.config.tenants.acme!.sources[key]!;
      const scope = 'accountId' in ref ? ref.accountId : 'orgId' in ref ? ref.orgId : 'agentId' in ref && ref.agentId ? ref.agentId : '';
      const id = encodeId('Conversation', { tenant: 'acme', key, scope }, key === 'iron' ? '00000000-0000-4000-8000-000000000000' : '999999');
      const result = await stack.gql(BY_ID, { id });
      expect(result.errors?.[0]?.extensions?.code, key).toBe('NOT_FOUND');
      const node = await stack.gql(NODE, { id });
      expect(node.errors?.[0]?.extensions?.code, key).toBe('NOT_FOUND');
    }
  });

  it('a message id given where a conversation id is expected is BAD_USER_INPUT', async () => {
    const id = encodeId('Message', { tenant: 'acme', key: 'voxys', scope: '1' }, '5', '1');
    const result = await stack.gql(BY_ID, { id });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('arguments and documents', () => {
  it('a page size out of range or a foreign cursor is BAD_USER_INPUT', async () => {
    for (const first of [0, -1, 101]) {
      const result = await stack.gql(`query($n: Int) { conversations(first: $n) { edges { cursor } } }`, { n: first });
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const page = await stack.gql<{ conversations: { pageInfo: { endCursor: string } } }>(`{ conversations(first: 2) { pageInfo { endCursor } } }`);
    const cursor = page.data!.conversations.pageInfo.endCursor;
    const otherFilter = await stack.gql(`query($after: String) { conversations(first: 2, after: $after, filter: {status: [OPEN]}) { edges { cursor } } }`, { after: cursor });
    expect(otherFilter.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(otherFilter.errors?.[0]?.message).toMatch(/another filter/);
    const garbage = await stack.gql(`{ conversations(first: 2, after: "garbage") { edges { cursor } } }`);
    expect(garbage.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('a malformed document, an unknown field and a too-deep query are refused before any upstream call', async () => {
    stack.resetCounts();
    const parse = await stack.gql(`{ conversations(first: 1) { edges { `);
    expect(parse.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const unknown = await stack.gql(`{ conversations(first: 1) { edges { node { nope } } } }`);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // 14 levels, over the default limit of 12.
    const deep = `{ conversations(first: 1) { edges { node { lastMessage { conversation { lastMessage { conversation { lastMessage { conversation { lastMessage { conversation { lastMessage { conversation { id } } } } } } } } } } } } } }`;
    const tooDeep = await stack.gql(deep);
    expect(tooDeep.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(Object.values(stack.upstreamCalls('acme')).reduce((a, b) => a + b)).toBe(0);
  });

  it('an invalid JSON body is a clean 400', async () => {
    const token = await stack.token('acme');
    const response = await fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '{"query": ',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('BAD_REQUEST');
  });
});
