import { isEnumType, Kind, type OperationDefinitionNode } from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId, encodeId, type NodeType } from '../src/graph/ids.js';
import { buildSchema } from '../src/graph/schema.js';
import { apq, byName, codesOf, hexOf, MANIFEST, OPERATIONS, overWs, post, TEXT, type Answer } from './support/persisted.js';
import { startStack, type Stack } from './support/stack.js';
import { settle, WsTestClient } from './support/ws.js';

/**
 * `security.persistedDocuments: require`: only the manifest's documents (generated from operations/
 * by codegen's client preset) run, by id, over HTTP and over graphql-ws alike, every one of them
 * does, and no client can register another.
 */
const schema = buildSchema();

/**
 * An id of the kind the variable names, on the conversation's source (a malformed id or one of
 * another type is BAD_USER_INPUT, README "One rule for ids"): the conversation itself, or a child
 * that does not exist (a business outcome in userErrors).
 */
function idOfKind(variable: string, conversationId: string): string {
  const kinds: Record<string, NodeType> = { suggestionId: 'Suggestion', stepId: 'ScenarioStep', leadId: 'Lead', contactId: 'Contact' };
  const kind = kinds[variable];
  if (!kind) return conversationId;
  const conversation = decodeId(conversationId)!;
  return encodeId(kind, { tenant: 't1', key: conversation.sourceKey, scope: conversation.scope }, 'persisted-test-missing', conversation.upstreamId);
}

/** Values for an operation's required variables: the conversation for ids, the first enum value, … */
function variablesFor(operation: OperationDefinitionNode, conversationId: string): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.type.kind !== Kind.NON_NULL_TYPE || definition.defaultValue) continue;
    const named = definition.type.type.kind === Kind.NAMED_TYPE ? definition.type.type.name.value : null;
    const type = named ? schema.getType(named) : null;
    const name = definition.variable.name.value;
    // saveInboxViews: a source of the test's tenant and Iron's four fixed views (Iron refuses them without ids: a userError).
    if (name === 'sourceKey') values[name] = 'iron';
    else if (name === 'views') values[name] = ['Unread', 'Recents', 'Starred', 'All'].map((view) => ({ name: view }));
    else if (named === 'ID') values[name] = idOfKind(name, conversationId);
    else if (named === 'String') values[name] = `persisted-documents test ${name}`;
    else if (named === 'Boolean') values[name] = false;
    else if (type && isEnumType(type)) values[name] = type.getValues()[0]!.value;
    else throw new Error(`no test value for $${name}: ${named}`);
  }
  return values;
}

describe('require: only the manifest, by id', () => {
  let stack: Stack;
  let ws: WsTestClient;
  let ironConversation: string;
  let voxysConversation: string;

  beforeAll(async () => {
    stack = await startStack({ tenants: [{ id: 't1', seed: 'persisted', size: 8 }], config: { security: { persistedDocuments: 'require' } } });
    ws = new WsTestClient(stack.url, await stack.token('t1'));
    const inbox = byName('InboxScreen');
    const first = async (source: string) => {
      const answer = await post(stack, { documentId: inbox.id, variables: { first: 1, filter: { sources: [source] } } });
      return (answer.data as { conversations: { edges: { node: { id: string } }[] } }).conversations.edges[0]!.node.id;
    };
    ironConversation = await first('IRON');
    voxysConversation = await first('VOXYS');
  });
  afterAll(async () => {
    await ws?.close();
    await stack?.close();
  });

  it('the manifest holds every operation of operations/ (screens, actions, live inbox)', () => {
    const names = OPERATIONS.map((o) => o.name);
    for (const name of ['InboxScreen', 'ConversationScreen', 'SendMessage', 'SetLeadStatus', 'MessageAdded', 'ConversationUpdated', 'SuggestionAdded'])
      expect(names).toContain(name);
    for (const [id, text] of Object.entries(MANIFEST)) expect(id).toBe(`sha256:${hexOf(text)}`);
  });

  it('the screens run by `documentId` and by `extensions.persistedQuery`, over HTTP and graphql-ws', async () => {
    const inbox = byName('InboxScreen');
    const hex = inbox.id.slice('sha256:'.length);
    for (const reference of [{ documentId: inbox.id }, { extensions: { persistedQuery: { version: 1, sha256Hash: hex } } }]) {
      const http = await post(stack, reference);
      expect(http.status).toBe(200);
      expect(http.errors).toEqual([]);
      expect((http.data as { conversations: { edges: unknown[] } }).conversations.edges).toHaveLength(25);
      const overSocket = await overWs(ws, reference);
      expect(overSocket.error).toBeNull();
      expect(overSocket.events[0]!.data).toEqual(http.data);
    }
    const screen = byName('ConversationScreen');
    const http = await post(stack, { documentId: screen.id, variables: { id: voxysConversation } });
    expect(http.errors).toEqual([]);
    expect((http.data as { conversation: { id: string } }).conversation.id).toBe(voxysConversation);
    const overSocket = await overWs(ws, { documentId: screen.id, variables: { id: voxysConversation } });
    expect(overSocket.events[0]!.data).toEqual(http.data);
  });

  it('every query and mutation of the manifest is accepted over HTTP and over graphql-ws', async () => {
    for (const { id, name, type, operation } of OPERATIONS.filter((o) => o.type !== 'subscription')) {
      const variables = variablesFor(operation, ironConversation);
      const http = await post(stack, { documentId: id, operationName: name, variables });
      // Executed: data, and at most business outcomes in userErrors (an id naming nothing, an unsupported action).
      expect({ name, status: http.status, codes: codesOf(http.errors) }).toEqual({ name, status: 200, codes: [] });
      expect(http.data?.[Object.keys(http.data ?? {})[0]!], name).toBeDefined();
      const overSocket = await overWs(ws, { documentId: id, operationName: name, variables });
      expect(overSocket.error, `${type} ${name}`).toBeNull();
      expect({ name, codes: codesOf(overSocket.events[0]?.errors) }).toEqual({ name, codes: [] });
      expect(overSocket.events[0]?.data, name).toBeTruthy();
    }
  });

  it('the live inbox subscriptions run by id over graphql-ws and receive their events', async () => {
    const iron = stack.gateway.pollers.find((p) => p.tenant.id === 't1' && p.sourceKey === 'iron')!;
    await iron.tick(); // the first poll only sets the watermark
    const received: Record<string, unknown[]> = { MessageAdded: [], ConversationUpdated: [], SuggestionAdded: [] };
    const errors: unknown[] = [];
    for (const name of Object.keys(received)) {
      const variables = name === 'MessageAdded' ? { conversationId: voxysConversation } : { conversationId: ironConversation };
      ws.client.subscribe({ query: '', documentId: byName(name).id, variables } as SubscribePayload, {
        next: (value) => received[name]!.push(value),
        error: (error) => errors.push(error),
        complete: () => undefined,
      });
    }
    await settle(200);
    const send = await overWs(ws, { documentId: byName('SendMessage').id, operationName: 'SendMessage', variables: { conversationId: voxysConversation, content: 'sent by id' } });
    expect(send.error).toBeNull();
    const star = await overWs(ws, { documentId: byName('Star').id, operationName: 'Star', variables: { conversationId: ironConversation } });
    expect(star.error).toBeNull();
    await stack.sims.t1!.iron.live.injectSuggestion!(decodeId(ironConversation)!.upstreamId, 'a draft');
    await iron.tick();
    await expect.poll(() => Object.values(received).map((events) => events.length > 0), { timeout: 10_000 }).toEqual([true, true, true]);
    expect(errors).toEqual([]);
  });

  it('a document sent as text is refused alike over both transports, before any platform call', async () => {
    stack.resetCounts();
    const http = await post(stack, { query: TEXT });
    expect(http.status).toBe(400);
    expect(codesOf(http.errors)).toEqual(['PERSISTED_DOCUMENT_REQUIRED']);
    expect((await overWs(ws, { query: TEXT })).error).toEqual(http.errors);
    // The text of a manifest document is still text: the id is what is accepted.
    const screenText = MANIFEST[byName('InboxScreen').id]!;
    expect(codesOf((await post(stack, { query: screenText })).errors)).toEqual(['PERSISTED_DOCUMENT_REQUIRED']);
    expect(Object.values(stack.upstreamCalls('t1')).reduce((a, b) => a + b)).toBe(0);
  });

  it('an unknown id is refused over both transports, however it is sent', async () => {
    const unknown = `sha256:${hexOf(TEXT)}`;
    for (const reference of [{ documentId: unknown }, { extensions: apq(TEXT) }]) {
      const http = await post(stack, reference);
      expect(http.status).toBe(400);
      expect(codesOf(http.errors)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
      expect((await overWs(ws, reference)).error).toEqual(http.errors);
    }
    const get = await fetch(`${stack.url}/graphql?documentId=${encodeURIComponent(unknown)}`, {
      headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${await stack.token('t1')}` },
    });
    expect(get.status).toBe(400);
    expect(codesOf(((await get.json()) as Answer).errors)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    const known = new URLSearchParams({ documentId: byName('InboxScreen').id, variables: JSON.stringify({ first: 1 }) });
    const byGet = await fetch(`${stack.url}/graphql?${known}`, { headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${await stack.token('t1')}` } });
    expect(byGet.status).toBe(200);
    expect(((await byGet.json()) as { data: { conversations: { edges: unknown[] } } }).data.conversations.edges).toHaveLength(1);
  });

  it('automatic persisted queries cannot register a document (HTTP POST and GET, graphql-ws)', async () => {
    const text = '{ viewer { id } }';
    const register = { query: text, extensions: apq(text) };
    const http = await post(stack, register);
    expect(http.status).toBe(400);
    expect(codesOf(http.errors)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect((await overWs(ws, register)).error).toEqual(http.errors);
    const params = new URLSearchParams({ query: text, extensions: JSON.stringify(apq(text)) });
    const get = await fetch(`${stack.url}/graphql?${params}`, { headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${await stack.token('t1')}` } });
    expect(get.status).toBe(400);
    // Nothing was registered: the hash alone is still unknown, on both transports.
    expect(codesOf((await post(stack, { extensions: apq(text) })).errors)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect(codesOf((await overWs(ws, { extensions: apq(text) })).error)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });

  it('a known id sent with another text is refused (no id can be made to mean another document)', async () => {
    const http = await post(stack, { documentId: byName('InboxScreen').id, query: TEXT });
    expect(http.status).toBe(400);
    expect(codesOf(http.errors)).toEqual(['BAD_REQUEST']);
  });
});
