import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PersistedDocuments } from '../src/pipeline/persisted-documents.js';
import { apq, byName, codesOf, hexOf, overWs, post, TEXT } from './support/persisted.js';
import { startStack, type Stack } from './support/stack.js';
import { WsTestClient } from './support/ws.js';

/**
 * `security.persistedDocuments: allow` (the default) takes the manifest's ids, documents sent as
 * text and automatic persisted queries, alike over HTTP and graphql-ws; `off` takes text only; the
 * manifest itself is checked at start.
 */
describe('allow: the manifest, any text, and automatic persisted queries', () => {
  let stack: Stack;
  let ws: WsTestClient;
  beforeAll(async () => {
    stack = await startStack({ tenants: [{ id: 't1', seed: 'persisted', size: 4 }], config: { security: { persistedDocuments: 'allow' } } });
    ws = new WsTestClient(stack.url, await stack.token('t1'));
  });
  afterAll(async () => {
    await ws?.close();
    await stack?.close();
  });

  it('accepts a manifest id and a document sent as text, over both transports', async () => {
    const byId = await post(stack, { documentId: byName('InboxScreen').id, variables: { first: 2 } });
    expect(byId.errors).toEqual([]);
    expect((byId.data as { conversations: { edges: unknown[] } }).conversations.edges).toHaveLength(2);
    expect((await overWs(ws, { documentId: byName('InboxScreen').id, variables: { first: 2 } })).events[0]!.data).toEqual(byId.data);
    const text = await post(stack, { query: TEXT });
    expect(text.errors).toEqual([]);
    expect(text.data).toEqual({ viewer: { id: expect.any(String), tenant: 't1' } });
    expect((await overWs(ws, { query: TEXT })).events[0]!.data).toEqual(text.data);
  });

  it('registers a document sent with its hash; the hash alone then runs it on either transport', async () => {
    const text = '{ viewer { tenant } }';
    const unknown = await post(stack, { extensions: apq(text) });
    expect(unknown.status).toBe(200); // Apollo's protocol: the client sends the text with the hash next
    expect(codesOf(unknown.errors)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect((await post(stack, { query: text, extensions: apq(text) })).data).toEqual({ viewer: { tenant: 't1' } });
    expect((await post(stack, { extensions: apq(text) })).data).toEqual({ viewer: { tenant: 't1' } });
    expect((await overWs(ws, { extensions: apq(text) })).events[0]!.data).toEqual({ viewer: { tenant: 't1' } });
  });

  it('a hash that is not its text is refused, so nothing can be registered under another document’s hash', async () => {
    const inboxHex = byName('InboxScreen').id.slice('sha256:'.length);
    const poisoned = await post(stack, { query: TEXT, extensions: { persistedQuery: { version: 1, sha256Hash: inboxHex } } });
    expect(poisoned.status).toBe(400);
    expect(codesOf(poisoned.errors)).toEqual(['BAD_REQUEST']);
  });
});

describe('off: text only', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ tenants: [{ id: 't1', seed: 'persisted', size: 4 }], config: { security: { persistedDocuments: 'off' } } });
  });
  afterAll(async () => stack?.close());

  it('refuses ids with PERSISTED_QUERY_NOT_SUPPORTED and runs text', async () => {
    const byId = await post(stack, { documentId: byName('InboxScreen').id });
    expect(byId.status).toBe(400);
    expect(codesOf(byId.errors)).toEqual(['PERSISTED_QUERY_NOT_SUPPORTED']);
    expect(codesOf((await post(stack, { query: TEXT, extensions: apq(TEXT) })).errors)).toEqual(['PERSISTED_QUERY_NOT_SUPPORTED']);
    expect((await post(stack, { query: TEXT })).errors).toEqual([]);
  });
});

describe('the manifest', () => {
  it('is checked at start: an id that is not its document’s hash is refused', () => {
    const text = '{ viewer { id } }';
    expect(() => new PersistedDocuments('require', { [`sha256:${hexOf(text)}`]: text })).not.toThrow();
    expect(() => new PersistedDocuments('require', { [`sha256:${hexOf(text)}`]: '{ viewer { tenant } }' })).toThrow(/not the hash of its document/);
  });
});
