import { fixtures } from '../common/people.js';
import { deliverWebhook } from '../common/webhook-delivery.js';
import { SeededRandom } from '../common/random.js';
import type { InjectedChange, SimulatorLive, WebhookTarget } from '../common/simulator.js';
import type { ChatvoltChange } from './changes.js';
import type { ChatvoltDb } from './db.js';
import { messageDraft, type ConversationRecord } from './records.js';
import { webhookEvent } from './webhook-events.js';

/** A delivery that hangs this long counts as a network error (status null). */

/** Thrown by an injection into a conversation the organization does not have. */
export class UnknownConversationError extends Error {}

/**
 * Live traffic on the simulated Chatvolt organization, and its outbound webhook. Chatvolt signs
 * nothing: the gateway authenticates deliveries by the token it put in the URL it gave
 * (`?token=…`), so a delivery is a plain JSON POST to the target URL as given. Each event is
 * built when its change happens (the state then), sent after the write that caused it has
 * returned, one at a time in the order of the changes, and never retried.
 */
export class ChatvoltLive implements SimulatorLive {
  readonly deliveries: { event: string; status: number | null }[] = [];
  private target: WebhookTarget | null = null;
  private readonly rng: SeededRandom;
  /** The delivery queue's tail: deliveries are serialized, so they arrive in order. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: ChatvoltDb,
    seed: number | string,
  ) {
    this.rng = new SeededRandom(`chatvolt-live:${String(seed)}`);
    db.onChange((change) => this.deliver(change));
  }

  get webhookUrl(): string | null {
    return this.target?.url ?? null;
  }

  setWebhookTarget(target: WebhookTarget | null): void {
    this.target = target;
  }

  /**
   * A visitor/contact message at the end of the thread, unread, stored as Chatvolt stores them
   * (`from: human`, the contact's or visitor's id, no `userId`); the conversation's `updatedAt`
   * moves with it. Without a conversation, a seeded-random one an AI agent handles (one whose
   * webhook reports it); without content, a fixture text.
   */
  async injectInboundMessage(conversationId?: string, content?: string): Promise<InjectedChange> {
    const conversation = conversationId === undefined ? this.pickConversation() : this.db.conversation(conversationId);
    if (!conversation) throw new UnknownConversationError(`no conversation ${conversationId ?? ''}`);
    const text = content ?? this.rng.pick(fixtures.INBOUND);
    // A visitor's message: from its contact (or, without one, its anonymous visitor), not read yet.
    const message = this.db.appendMessage(
      conversation,
      messageDraft({
        text,
        from: 'human',
        contactId: conversation.contactIds[0] ?? null,
        visitorId: conversation.contactIds.length > 0 ? null : conversation.visitorId,
        read: false,
      }),
    );
    return { conversationId: conversation.id, id: message.id };
  }

  /** Resolves once every delivery queued so far has finished (for tests). */
  async settled(): Promise<void> {
    let tail: Promise<void>;
    do {
      tail = this.queue;
      await tail;
    } while (tail !== this.queue);
  }

  private pickConversation(): ConversationRecord {
    const candidates = [...this.db.conversations.values()].filter((c) => c.agentId !== null);
    return this.rng.pick(candidates.length > 0 ? candidates : [...this.db.conversations.values()]);
  }

  /** Queues the change's event, if Chatvolt sends one and a target is set; never blocks the caller. */
  private deliver(change: ChatvoltChange): void {
    const target = this.target;
    if (!target) return;
    const payload = webhookEvent(this.db, change);
    if (!payload) return;
    const body = JSON.stringify(payload);
    this.queue = this.queue.then(async () => {
      // Past the current turn: the write's handler has returned before anything is sent.
      await new Promise((resolve) => setImmediate(resolve));
      const status = await deliverWebhook(target.url, body);
      this.deliveries.push({ event: payload.eventType, status });
    });
  }
}
