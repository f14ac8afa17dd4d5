import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeSink, InboxChange } from '../src/events/change.js';
import { EventBusUnavailableError } from '../src/events/event.js';
import { decodeId } from '../src/graph/ids.js';
import { createLogger } from '../src/logger.js';
import { SourcePoller } from '../src/polling/poller.js';
import { startStack, type Stack } from './support/stack.js';

/**
 * A poll whose changes cannot all be published (the bus is away: the publisher throws) does not
 * count: the watermark and the snapshots of the newest page stay where they were, so the next poll
 * finds the same message and the same state change again. A real Iron simulator and gateway read
 * path; only the sink is a stand-in that refuses while told to.
 */
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ tenants: [{ id: 't1', seed: 'poll-watermark', size: 8 }], sourceOverrides: { iron: { pollIntervalMs: 60_000 } } });
});
afterAll(() => stack?.close());

/** A sink that records what it is handed, and refuses everything while `away`. */
function flakySink() {
  const published: InboxChange[] = [];
  const sink = {
    away: false,
    attempts: 0,
    published,
    async publish(change: InboxChange) {
      sink.attempts++;
      if (sink.away) throw new EventBusUnavailableError();
      published.push(change);
    },
  } satisfies ChangeSink & Record<string, unknown>;
  return sink;
}

describe('SourcePoller while the bus is away', () => {
  it('publishes, once the bus is back, the message and the state change found while it was away', async () => {
    const sink = flakySink();
    const poller = new SourcePoller({
      tenant: stack.gateway.tenant('t1')!,
      sourceKey: 'iron',
      intervalMs: 60_000,
      sourcesFor: stack.gateway.systemSources,
      publisher: sink,
      logger: createLogger({ level: 'silent' }),
    });
    await poller.tick(); // the first poll only sets the watermark
    expect(sink.attempts).toBe(0);

    // A state change on a row of the newest page (starring moves no activity), and a new message.
    const rows = await stack.gql<{ conversations: { edges: { node: { id: string; starred: boolean } }[] } }>(
      `{ conversations(first: 25, filter: { sources: [IRON] }) { edges { node { id starred } } } }`,
    );
    const row = rows.data!.conversations.edges.map((e) => e.node).find((n) => !n.starred)!;
    const starred = await stack.gql(`mutation($id: ID!) { starConversation(input: { conversationId: $id }) { userErrors { code } } }`, { id: row.id });
    expect(starred.errors).toBeUndefined();
    const starredId = decodeId(row.id)!.upstreamId;
    const injected = await stack.sims.t1!.iron.live.injectInboundMessage(undefined, 'found while the bus is away');

    sink.away = true;
    await poller.tick();
    expect(sink.attempts).toBeGreaterThan(0);
    expect(sink.published).toEqual([]);
    await poller.tick(); // still away: found again, refused again
    expect(sink.published).toEqual([]);

    sink.away = false;
    await poller.tick();
    const messages = sink.published.filter((c) => c.kind === 'message');
    expect(messages.map((c) => c.kind === 'message' && c.messageUpstreamId)).toEqual([injected.id]);
    const conversations = sink.published.filter((c) => c.kind === 'conversation').map((c) => c.conversationUpstreamId);
    expect(conversations).toEqual(expect.arrayContaining([injected.conversationId, starredId]));

    // Published now: the next poll finds nothing new.
    const published = sink.published.length;
    await poller.tick();
    expect(sink.published).toHaveLength(published);
  });
});
