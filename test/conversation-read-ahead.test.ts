import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId, encodeId } from '../src/graph/ids.js';
import { SIMULATED_SOURCES, type SimulatedSource } from '../simulators/index.js';
import { operation, startStack, type Stack } from './support/stack.js';

/**
 * A conversation's selected fields start their reads beside its own (InboxConnector.readAhead):
 * the depth is asserted in inbox-screen-dependency-depth.test.ts. Here, what that must not cost:
 * a read that fails is made once (the read-ahead and the field's resolver share the failure), an
 * id that names nothing is NOT_FOUND with each read made at most once and nothing left unhandled,
 * and a screen's reads per route are those of the screen without read-ahead's extras beyond the
 * documented ones (MAPPING.md).
 */
let stack: Stack;
const ids = new Map<SimulatedSource, string>();

/** The messages route of each simulator (a failing thread must not fail twice). */
const THREAD_ROUTE: Record<SimulatedSource, string> = {
  voxys: 'GET /api/v1/accounts/:account_id/conversations/:conversation_id/messages',
  chatvolt: 'GET /conversation/:conversationId/messages/:count',
  voiceglow: 'GET /v3/agents/:agentId/convos/:convoId/export',
  iron: 'GET /api/v1/conversations/:conversation_id/messages',
};

/** An upstream id each platform would accept the shape of, and holds nothing under. */
const NOWHERE: Record<SimulatedSource, string> = {
  voxys: '987654',
  chatvolt: 'cnowhere0000000000000000',
  voiceglow: '00000000-0000-4000-8000-000000000000',
  iron: '00000000-0000-4000-8000-000000000000',
};

beforeAll(async () => {
  // No retries: a failed read is exactly one call, so a second read of it would show.
  const noRetries = Object.fromEntries(SIMULATED_SOURCES.map((s) => [s, { retries: 0 }]));
  stack = await startStack({ cacheTtlMs: 0, sourceOverrides: noRetries, config: { server: { subgraph: { enabled: true } } } });
  const page = await stack.gql<{ conversations: { edges: { node: { id: string; source: string } }[] } }>(operation('InboxScreen'), { first: 60 });
  for (const { node } of page.data!.conversations.edges) {
    const source = node.source.toLowerCase() as SimulatedSource;
    if (!ids.has(source)) ids.set(source, node.id);
  }
  expect([...ids.keys()].sort()).toEqual([...SIMULATED_SOURCES].sort());
});
afterAll(async () => stack?.close());

const server = (source: SimulatedSource) => stack.sims.t1![source].server;

describe('conversation read-ahead', () => {
  it.each(SIMULATED_SOURCES)('%s: the thread route exists under the name the fault knob uses', async (source) => {
    server(source).resetCounts();
    const screen = await stack.gql(operation('ConversationScreen'), { id: ids.get(source) });
    expect(screen.errors).toBeUndefined();
    expect(server(source).requestCounts().byRoute[THREAD_ROUTE[source]]).toBe(1);
  });

  it.each(SIMULATED_SOURCES)('%s: the screen makes the documented calls (README "Upstream calls per screen"), each once', async (source) => {
    server(source).resetCounts();
    const screen = await stack.gql<{ conversation: { scenario: unknown } }>(operation('ConversationScreen'), { id: ids.get(source) });
    expect(screen.errors).toBeUndefined();
    const calls = server(source).requestCounts().byRoute;
    const expected: Record<SimulatedSource, Record<string, number>> = {
      voxys: {
        'GET /api/v1/accounts/:account_id/conversations/:conversation_id': 1,
        'GET /api/v1/accounts/:account_id/conversations/:conversation_id/crm': 1,
        [THREAD_ROUTE.voxys]: calls[THREAD_ROUTE.voxys] === 2 ? 2 : 1,
      },
      chatvolt: {
        'GET /conversation/:conversationId': 1,
        [THREAD_ROUTE.chatvolt]: 1,
        'GET /crm/scenario': 1,
        ...(screen.data!.conversation.scenario ? { 'GET /crm/step': 1 } : {}),
      },
      voiceglow: { 'GET /v3/agents/:agentId/convos/:convoId': 1, [THREAD_ROUTE.voiceglow]: 1 },
      iron: { 'GET /api/v1/conversations/:conversation_id': 1, [THREAD_ROUTE.iron]: 1, 'GET /api/v1/org/members': 1, 'GET /api/v1/conversations/sla': 1 },
    };
    expect(calls).toEqual(expected[source]);
  });

  it.each(SIMULATED_SOURCES)('%s: a thread read that fails is made once, and reported once', async (source) => {
    server(source).setKnobs({ outage: true, faultRoutes: [THREAD_ROUTE[source].slice('GET '.length)] });
    try {
      server(source).resetCounts();
      const screen = await stack.gql(operation('ConversationScreen'), { id: ids.get(source) });
      expect(screen.status).toBe(200);
      expect(screen.errors?.length, JSON.stringify(screen.errors)).toBeGreaterThan(0);
      expect(screen.errors!.every((e) => e.extensions?.code === 'UPSTREAM_UNAVAILABLE')).toBe(true);
      expect(server(source).requestCounts().byRoute[THREAD_ROUTE[source]]).toBe(1);
    } finally {
      server(source).setKnobs({ outage: false, faultRoutes: null });
    }
  });

  it.each(SIMULATED_SOURCES)('%s: an id that names nothing is NOT_FOUND, each read made at most once', async (source) => {
    const decoded = decodeId(ids.get(source)!)!;
    const nowhere = encodeId('Conversation', { tenant: 't1', key: decoded.sourceKey, scope: decoded.scope }, NOWHERE[source]);
    server(source).resetCounts();
    const screen = await stack.gql<{ conversation: unknown }>(operation('ConversationScreen'), { id: nowhere });
    expect(screen.status).toBe(200);
    expect(screen.data?.conversation ?? null).toBeNull();
    expect(screen.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    const counts = server(source).requestCounts();
    expect(
      Object.values(counts.byRoute).every((n) => n === 1),
      JSON.stringify(counts.byRoute),
    ).toBe(true);
    // Let the reads started ahead settle: none may surface as an unhandled rejection (vitest fails the run on one).
    await new Promise((resolve) => setTimeout(resolve, 50));
  });

  it('reads nothing ahead that the query does not select', async () => {
    const source: SimulatedSource = 'voxys';
    server(source).resetCounts();
    const bare = await stack.gql(`query ($id: ID!) { conversation(id: $id) { id title } }`, { id: ids.get(source) });
    expect(bare.errors).toBeUndefined();
    expect(server(source).requestCounts().total).toBe(1);
    server(source).resetCounts();
    const skipped = await stack.gql(`query ($id: ID!, $no: Boolean = false) { conversation(id: $id) { id messages(last: 5) @include(if: $no) { edges { cursor } } } }`, {
      id: ids.get(source),
    });
    expect(skipped.errors).toBeUndefined();
    expect(server(source).requestCounts().total).toBe(1);
  });

  describe('through node, nodes and Federation _entities (a Conversation fragment)', () => {
    const SLOW_MS = 120;
    const voxys = () => server('voxys');
    /** Voxys' calls during `action`, and whether they were all in flight together (one round trip). */
    async function voxysCallsDuring(action: () => Promise<void>): Promise<{ paths: string[]; oneRoundTrip: boolean }> {
      await fetch(`${stack.sims.t1!.urls.voxys}/__admin/calls`, { method: 'DELETE' });
      voxys().setKnobs({ latencyMs: SLOW_MS });
      try {
        await action();
      } finally {
        voxys().setKnobs({ latencyMs: 0 });
      }
      const calls = (await (await fetch(`${stack.sims.t1!.urls.voxys}/__admin/calls`)).json()) as { path: string; startMs: number; endMs: number }[];
      const firstEnd = Math.min(...calls.map((c) => c.endMs));
      return { paths: calls.map((c) => c.path).sort(), oneRoundTrip: calls.every((c) => c.startMs < firstEnd) };
    }
    const SELECTION = `... on Conversation { id messages(last: 5) { edges { cursor } } lead { id } }`;

    it('node(id): the thread and the sidebar start with the detail', async () => {
      const { paths, oneRoundTrip } = await voxysCallsDuring(async () => {
        const answer = await stack.gql(`query ($id: ID!) { node(id: $id) { ${SELECTION} } }`, { id: ids.get('voxys') });
        expect(answer.errors).toBeUndefined();
      });
      expect(paths).toHaveLength(3);
      expect(oneRoundTrip).toBe(true);
    });

    it('nodes(ids): the same for each conversation', async () => {
      const { paths, oneRoundTrip } = await voxysCallsDuring(async () => {
        const answer = await stack.gql(`query ($id: ID!) { nodes(ids: [$id]) { ${SELECTION} } }`, { id: ids.get('voxys') });
        expect(answer.errors).toBeUndefined();
      });
      expect(paths).toHaveLength(3);
      expect(oneRoundTrip).toBe(true);
    });

    it('a fragment on another type reads nothing ahead for the conversation', async () => {
      const { paths } = await voxysCallsDuring(async () => {
        const answer = await stack.gql(`query ($id: ID!) { node(id: $id) { id ... on Lead { name } ... on Message { content } } }`, { id: ids.get('voxys') });
        expect(answer.errors).toBeUndefined();
      });
      expect(paths).toHaveLength(1);
    });

    it('_entities on the subgraph: the same one round trip', async () => {
      const token = await stack.token('t1');
      const { paths, oneRoundTrip } = await voxysCallsDuring(async () => {
        const response = await fetch(`${stack.url}${stack.config.server.subgraph.path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({
            query: `query ($representations: [_Any!]!) { _entities(representations: $representations) { ${SELECTION} } }`,
            variables: { representations: [{ __typename: 'Conversation', id: ids.get('voxys') }] },
          }),
        });
        const answer = (await response.json()) as { errors?: unknown[] };
        expect(answer.errors).toBeUndefined();
      });
      expect(paths).toHaveLength(3);
      expect(oneRoundTrip).toBe(true);
    });
  });
});
