import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId, encodeId } from '../src/graph/ids.js';
import { startStack, type Stack } from './support/stack.js';

/**
 * One rule for clients (README, Errors): an id that is not one of ours, or names another type, is a
 * GraphQL error `BAD_USER_INPUT`, whether it came in a query argument or a mutation's input; a
 * well-formed id naming nothing is NOT_FOUND (a query's error, a mutation's userErrors). Either
 * way no platform is called.
 */
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ tenants: [{ id: 'acme', seed: 'ids', size: 6 }] });
});
afterAll(async () => stack?.close());

const calls = () => Object.values(stack.upstreamCalls('acme')).reduce((a, b) => a + b, 0);

async function aConversationId(): Promise<string> {
  const result = await stack.gql<{ conversations: { edges: { node: { id: string } }[] } }>(`{ conversations(first: 1, filter: { sources: [VOXYS] }) { edges { node { id } } } }`);
  return result.data!.conversations.edges[0]!.node.id;
}

describe('a malformed id', () => {
  it('is BAD_USER_INPUT in queries and in mutations, with no platform call', async () => {
    const conversationId = await aConversationId();
    const decoded = decodeId(conversationId)!;
    const messageId = encodeId('Message', { tenant: 'acme', key: decoded.sourceKey, scope: decoded.scope }, '1', decoded.upstreamId);
    const cases: [string, string, Record<string, unknown>][] = [
      ['conversation(id) in a query', `query($id: ID!) { conversation(id: $id) { id } }`, { id: 'garbage' }],
      ['node(id) in a query', `query($id: ID!) { node(id: $id) { id } }`, { id: 'garbage' }],
      ['a Message id as conversation(id)', `query($id: ID!) { conversation(id: $id) { id } }`, { id: messageId }],
      ['conversationId of a mutation', `mutation($id: ID!) { markConversationRead(input: { conversationId: $id }) { userErrors { code } } }`, { id: 'garbage' }],
      [
        'a Message id as sendMessage.conversationId',
        `mutation($id: ID!) { sendMessage(input: { conversationId: $id, content: "hi" }) { userErrors { code } } }`,
        { id: messageId },
      ],
      [
        'assigneeId of a mutation',
        `mutation($c: ID!, $id: ID!) { assignConversation(input: { conversationId: $c, assigneeId: $id }) { userErrors { code } } }`,
        { c: conversationId, id: 'garbage' },
      ],
    ];
    for (const [name, query, variables] of cases) {
      stack.resetCounts();
      const result = await stack.gql(query, variables);
      expect(result.status, name).toBe(200);
      expect(
        result.errors?.map((e) => e.extensions?.code),
        name,
      ).toEqual(['BAD_USER_INPUT']);
      expect(result.errors![0]!.message, name).toMatch(/id/);
      expect(calls(), name).toBe(0);
    }
  });

  it('names the input field it came in, in a mutation', async () => {
    const result = await stack.gql(`mutation { sendSuggestion(input: { suggestionId: "nope" }) { userErrors { code } } }`);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input', field: ['input', 'suggestionId'] });
  });

  it('a well-formed id naming nothing stays NOT_FOUND: a query error, a mutation userError', async () => {
    const decoded = decodeId(await aConversationId())!;
    const missing = encodeId('Conversation', { tenant: 'acme', key: decoded.sourceKey, scope: decoded.scope }, '999999');
    const query = await stack.gql(`query($id: ID!) { conversation(id: $id) { id } }`, { id: missing });
    expect(query.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    const mutation = await stack.gql<{ markConversationRead: { userErrors: { code: string }[] } }>(
      `mutation($id: ID!) { markConversationRead(input: { conversationId: $id }) { userErrors { code } } }`,
      { id: missing },
    );
    expect(mutation.errors).toBeUndefined();
    expect(mutation.data!.markConversationRead.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
  });
});
