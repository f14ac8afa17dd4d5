import { readFileSync } from 'node:fs';
import { parse, print, stripIgnoredCharacters } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationScreenDocument, InboxScreenDocument } from '../client/graphql.js';
import { KnownOperations } from '../src/pipeline/known-operations.js';
import { byName } from './support/persisted.js';
import { startStack, type Stack } from './support/stack.js';
import { settle, WsTestClient } from './support/ws.js';

/**
 * `operation_name` on the operation metrics is bounded: a client kit operation (the
 * persisted-documents manifest, from operations/) keeps its name, any other named operation is
 * `other`, whatever names clients make up; errors are counted per operation and code.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ tenants: [{ id: 't1', seed: 'bounded-labels', size: 4 }] });
});
afterAll(async () => stack?.close());

/** Every sample of a metric in /metrics, by its label set. */
async function samples(name: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${stack.url}/metrics`)).text();
  const found = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = new RegExp(`^${name}(\\{[^}]*\\}) (\\S+)$`).exec(line);
    if (match) found.set(match[1]!, Number(match[2]));
  }
  return found;
}

const durations = () => samples('gateway_operation_duration_seconds_count');
const errorCounts = () => samples('gateway_operation_errors_total');

describe('bounded operation_name labels', () => {
  it('three made-up operation names make one `other` series', async () => {
    const before = (await durations()).get('{operation_name="other",type="query"}') ?? 0;
    const names = ['Rand_a81f', 'Rand_9c2e', 'Rand_44d0'];
    for (const name of names) expect((await stack.gql(`query ${name} { viewer { id } }`)).errors).toBeUndefined();
    const after = await durations();
    expect(after.get('{operation_name="other",type="query"}')).toBe(before + 3);
    expect([...after.keys()].filter((labels) => names.some((name) => labels.includes(name)))).toEqual([]);
  });

  it('a known operation keeps its name, sent as written in operations/, by document id or as a client library prints it', async () => {
    const key = '{operation_name="InboxScreen",type="query"}';
    const before = (await durations()).get(key) ?? 0;
    expect((await stack.gql(readFileSync('operations/InboxScreen.graphql', 'utf8'), { first: 5 })).errors).toBeUndefined();
    expect((await stack.gql(print(InboxScreenDocument), { first: 5 })).errors).toBeUndefined();
    const byId = await fetch(`${stack.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.token('t1')}` },
      body: JSON.stringify({ documentId: byName('InboxScreen').id, variables: { first: 5 } }),
    });
    expect(byId.status).toBe(200);
    expect((await durations()).get(key)).toBe(before + 3);
  });

  it('a document that only borrows a known name is `other`', async () => {
    const before = await durations();
    expect((await stack.gql('query InboxScreen { viewer { id } }')).errors).toBeUndefined();
    const after = await durations();
    expect(after.get('{operation_name="InboxScreen",type="query"}') ?? 0).toBe(before.get('{operation_name="InboxScreen",type="query"}') ?? 0);
    expect(after.get('{operation_name="other",type="query"}')).toBe((before.get('{operation_name="other",type="query"}') ?? 0) + 1);
  });

  it('over WebSocket too: a known subscription keeps its name, a made-up one is `other`', async () => {
    const before = await durations();
    const ws = new WsTestClient(stack.url, await stack.token('t1'));
    const live = readFileSync('operations/LiveInbox.graphql', 'utf8');
    const disposers = [
      ws.client.subscribe({ query: live, operationName: 'MessageAdded' }, { next: () => undefined, error: () => undefined, complete: () => undefined }),
      ws.client.subscribe({ query: 'subscription Rand_77aa { messageAdded { cursor } }' }, { next: () => undefined, error: () => undefined, complete: () => undefined }),
    ];
    const deadline = Date.now() + 10_000;
    const grew = (labels: string, after: Map<string, number>) => (after.get(labels) ?? 0) - (before.get(labels) ?? 0);
    let after = await durations();
    while ((grew('{operation_name="MessageAdded",type="subscription"}', after) < 1 || grew('{operation_name="other",type="subscription"}', after) < 1) && Date.now() < deadline) {
      await settle(100);
      after = await durations();
    }
    expect(grew('{operation_name="MessageAdded",type="subscription"}', after)).toBe(1);
    expect(grew('{operation_name="other",type="subscription"}', after)).toBe(1);
    for (const dispose of disposers) dispose();
    await ws.close();
  });
});

describe('gateway_operation_errors_total{operation_name,code}', () => {
  it('counts each error of an answer by operation and code', async () => {
    const before = await errorCounts();
    const grew = (labels: string, after: Map<string, number>) => (after.get(labels) ?? 0) - (before.get(labels) ?? 0);

    // A known operation with a malformed id, twice: BAD_USER_INPUT under its own name.
    for (let i = 0; i < 2; i++) {
      const answer = await stack.gql(print(ConversationScreenDocument), { id: 'not-an-id' });
      expect(answer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    // A made-up operation that does not validate, and one that is fine.
    expect((await stack.gql('query Rand_e1 { viewer { nope } }')).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect((await stack.gql('query Rand_e2 { viewer { id } }')).errors).toBeUndefined();
    // A platform down: one entry for that source on a known screen.
    stack.sims.t1!.iron.server.setKnobs({ outage: true });
    try {
      const inbox = await stack.gql(readFileSync('operations/InboxScreen.graphql', 'utf8'), { first: 5, filter: { sources: ['IRON'] } });
      expect(inbox.errors?.map((error) => error.extensions?.code)).toEqual(['UPSTREAM_UNAVAILABLE']);
    } finally {
      stack.sims.t1!.iron.server.setKnobs({ outage: false });
    }

    const after = await errorCounts();
    expect(grew('{operation_name="ConversationScreen",code="BAD_USER_INPUT"}', after)).toBe(2);
    expect(grew('{operation_name="other",code="GRAPHQL_VALIDATION_FAILED"}', after)).toBe(1);
    expect(grew('{operation_name="InboxScreen",code="UPSTREAM_UNAVAILABLE"}', after)).toBe(1);
    // Nothing else grew: the fine operation counted no error.
    const total = (counts: Map<string, number>) => [...counts.values()].reduce((sum, n) => sum + n, 0);
    expect(total(after) - total(before)).toBe(4);
  });
});

describe('KnownOperations', () => {
  const known = new KnownOperations();
  const raw = (file: string) => readFileSync(`operations/${file}.graphql`, 'utf8');

  it('knows the operations of operations/ however they are spelled, and nothing that differs', () => {
    // As written (comments, another field and variable order than the manifest's sorted print), in a file with others and fragments.
    expect(known.nameOf(parse(raw('InboxActions')), 'SendMessage')).toBe('SendMessage');
    expect(known.nameOf(parse(raw('InboxScreen')), undefined)).toBe('InboxScreen');
    expect(known.nameOf(parse(stripIgnoredCharacters(raw('InboxScreen'))), 'InboxScreen')).toBe('InboxScreen');
    // One field less, or only the name: not the known document.
    expect(known.nameOf(parse(raw('InboxScreen').replace(/\n\s*starred\n/, '\n')), 'InboxScreen')).toBeNull();
    expect(known.nameOf(parse('query InboxScreen { viewer { id } }'), 'InboxScreen')).toBeNull();
    expect(known.nameOf(parse('query Rand { viewer { id } }'), 'Rand')).toBeNull();
  });
});
