import { describe, expect, it } from 'vitest';
import type { EventBus } from '../src/events/bus.js';
import type { InboxChange } from '../src/events/change.js';
import { EventBusUnavailableError, type InboxEvent, type InboxEventInput } from '../src/events/event.js';
import { MemoryEventBus } from '../src/events/memory-bus.js';
import { ChangePublisher } from '../src/events/publisher.js';
import type { ChangeReader } from '../src/events/reader.js';
import { createLogger } from '../src/logger.js';
import { Metrics } from '../src/metrics.js';
import type { ConversationModel, MessageModel, SourceRef } from '../src/model/index.js';

/**
 * Unit: the publisher when the bus cannot append (a stand-in bus that refuses while `down`). It
 * retries a bounded number of times, then holds the events in order and publishes them when the
 * bus is back (by its own timer, or before the next event), a newer state of a conversation
 * replacing the held one; past its capacity the oldest held event is dropped and counted.
 */
const REF: SourceRef = { tenant: 't1', key: 'voxys', type: 'voxys', scope: '7' };

function conversation(upstreamId: string, starred = false): ConversationModel {
  return {
    ref: REF,
    upstreamId,
    title: 'Ada',
    status: 'OPEN',
    priority: null,
    channel: 'WEB_CHAT',
    aiEnabled: null,
    contact: null,
    assignee: null,
    unreadCount: 1,
    starred,
    archived: false,
    labels: [],
    lastMessagePreview: 'hi',
    lastActivityAt: new Date('2026-01-01T10:00:00Z'),
    createdAt: null,
    sla: null,
    summary: null,
    handoffs: [],
    customAttributes: null,
    frustration: null,
  };
}

function message(upstreamId: string): MessageModel {
  return {
    ref: REF,
    conversationUpstreamId: 'c1',
    upstreamId,
    cursor: upstreamId,
    content: 'hi',
    direction: 'INBOUND',
    kind: 'TEXT',
    private: false,
    sender: null,
    createdAt: new Date('2026-01-01T10:00:00Z'),
    attachments: [],
    callSummary: null,
  };
}

/** A real in-process bus behind a switch: while `down`, every publish is refused (and counted). */
class SwitchedBus implements EventBus {
  down = false;
  attempts = 0;
  readonly inner = new MemoryEventBus(100);

  publish(event: InboxEventInput): Promise<InboxEvent | null> {
    this.attempts++;
    if (this.down) return Promise.reject(new EventBusUnavailableError());
    return this.inner.publish(event);
  }

  subscribe(...args: Parameters<EventBus['subscribe']>) {
    return this.inner.subscribe(...args);
  }

  close() {
    return this.inner.close();
  }
}

async function setup(options: { retries: number; capacity?: number; retryMs?: number }) {
  const bus = new SwitchedBus();
  const conversations = new Map([['c1', conversation('c1')]]);
  const reader: ChangeReader = {
    sourceType: 'voxys',
    forgetStale: () => undefined,
    conversation: async (id) => conversations.get(id) ?? null,
    recentMessages: async () => [],
    suggestions: async () => [],
  };
  const metrics = new Metrics();
  const publisher = new ChangePublisher({
    bus,
    metrics,
    logger: createLogger({ level: 'silent' }),
    readers: () => reader,
    publishRetries: options.retries,
    heldEventsCapacity: options.capacity ?? 100,
    heldEventsRetryMs: options.retryMs ?? 60_000,
  });
  const events: InboxEvent[] = [];
  await bus.subscribe('t1', null, (e) => events.push(e));
  const dropped = async () => (await metrics.eventsDropped.get()).values.find((v) => v.labels.reason === 'bus_unavailable')?.value ?? 0;
  const messageChange = (id: string): InboxChange => ({
    tenant: 't1',
    sourceKey: 'voxys',
    conversationUpstreamId: 'c1',
    kind: 'message',
    messageUpstreamId: id,
    message: message(id),
  });
  const stateChange: InboxChange = { tenant: 't1', sourceKey: 'voxys', conversationUpstreamId: 'c1', kind: 'conversation' };
  return { bus, conversations, publisher, events, dropped, messageChange, stateChange };
}

describe('ChangePublisher while the bus is away', () => {
  it('retries a bounded number of times, holds, and publishes in order before the next event once the bus is back', async () => {
    const { bus, conversations, publisher, events, messageChange, stateChange } = await setup({ retries: 2 });
    bus.down = true;
    await expect(publisher.publish(messageChange('m1'))).rejects.toBeInstanceOf(EventBusUnavailableError);
    // messageAdded: 1 attempt + 2 retries; conversationUpdated: one flush attempt of the held event, then held behind it.
    expect(bus.attempts).toBe(4);
    expect(publisher.heldEvents).toBe(2);

    // A newer state of the conversation replaces the held one: subscribers never see the stale state.
    conversations.set('c1', conversation('c1', true));
    await expect(publisher.publish(stateChange)).rejects.toBeInstanceOf(EventBusUnavailableError);
    expect(publisher.heldEvents).toBe(2);
    expect(events).toEqual([]);

    bus.down = false;
    await publisher.publish(messageChange('m2'));
    expect(publisher.heldEvents).toBe(0);
    expect(events.map((e) => [e.type, e.message?.upstreamId ?? e.conversation?.starred])).toEqual([
      ['messageAdded', 'm1'],
      ['conversationUpdated', true],
      ['messageAdded', 'm2'],
    ]);
  });

  it('publishes held events by itself once the bus answers again, and drops (and counts) the oldest past its capacity', async () => {
    const { bus, publisher, events, dropped, messageChange } = await setup({ retries: 0, capacity: 3, retryMs: 20 });
    bus.down = true;
    for (const id of ['m1', 'm2', 'm3', 'm4']) await expect(publisher.publish(messageChange(id))).rejects.toBeInstanceOf(EventBusUnavailableError);
    // Held: four messageAdded and one conversationUpdated (one key: the newest state) → the oldest two dropped.
    expect(publisher.heldEvents).toBe(3);
    expect(await dropped()).toBe(2);

    bus.down = false;
    await expect.poll(() => events.length, { timeout: 5_000 }).toBe(3);
    // The conversation's state, held again after each message, goes after the last of them.
    expect(events.map((e) => e.message?.upstreamId ?? e.type)).toEqual(['m3', 'm4', 'conversationUpdated']);
    expect(publisher.heldEvents).toBe(0);
    await publisher.close();
  });
});
