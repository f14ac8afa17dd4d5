import { fixtures } from '../common/people.js';
import { SeededRandom } from '../common/random.js';
import type { InjectedChange, SimulatorLive, WebhookTarget } from '../common/simulator.js';
import type { IronDb } from './db.js';
import type { IronActivity, IronConversation } from './records.js';
import { CALL_SUMMARIES } from './seed.js';
import { isUuid } from './validation.js';
import { MESSAGE_MAX_LENGTH } from './write-routes.js';

const MINUTE = 60_000;

/** A refused injection: the admin API answers it with this status. */
export class IronLiveError extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
    this.name = 'IronLiveError';
  }
}

/**
 * Live traffic on the simulated Iron org. Iron pushes no webhooks (UPSTREAMS.md): a change only
 * shows in later reads. Each injected activity gets `db.writeTime`, later than every activity of
 * every thread, so its thread's `last_activity_at` moves and the thread heads `GET /conversations`,
 * where a poller reading the first page newest first finds it.
 */
export class IronLive implements SimulatorLive {
  /** Picks and ids of injected changes: seeded, so the same seed and calls inject the same data. */
  private readonly rng: SeededRandom;

  constructor(
    private readonly db: IronDb,
    seed: number | string,
  ) {
    this.rng = new SeededRandom(`iron-live:${seed}`);
  }

  /** Accepted and ignored: Iron has no webhooks. */
  setWebhookTarget(_target: WebhookTarget | null): void {}

  /** Always empty: nothing is ever delivered. */
  get deliveries(): { event: string; status: number | null }[] {
    return [];
  }

  /**
   * An inbound touchpoint from the contact in the thread's channel (an SMS, an email, or an
   * answered inbound call whose AI summary is `content`). The thread gets one more unread, and an
   * open thread that was waiting on nothing starts its first-response SLA.
   */
  async injectInboundMessage(conversationId?: string, content?: string): Promise<InjectedChange> {
    const text = content === undefined ? null : checkedContent(content);
    const conversation = conversationId === undefined ? this.pick(this.openThreads()) : this.find(conversationId);
    const activity = this.inbound(conversation, text);
    this.db.append(activity);
    conversation.unreadCount += 1;
    if (!conversation.archived && conversation.sla.dueAt === null) {
      conversation.sla = { dueAt: activity.createdAt + this.db.slaConfig.firstResponseMinutes * MINUTE, overdue: false };
    }
    return { conversationId: conversation.id, id: activity.id };
  }

  /**
   * A pending AI setter draft (`suggestion` activity). A random pick prefers an open thread whose
   * newest touchpoint is inbound: the setter drafts answers. Unread count and preview stay as they were.
   */
  async injectSuggestion(conversationId?: string, content?: string): Promise<InjectedChange> {
    const text = content === undefined ? null : checkedContent(content);
    const conversation = conversationId === undefined ? this.pick(this.awaitingAnswer()) : this.find(conversationId);
    const draft: IronActivity = {
      id: this.rng.uuid(),
      conversationId: conversation.id,
      kind: 'suggestion',
      direction: 'outbound',
      body: text ?? this.rng.pick(fixtures.SUGGESTIONS),
      aiSummary: null,
      providerMessageId: null,
      status: 'pending',
      createdAt: this.db.writeTime(conversation.id),
    };
    this.db.append(draft);
    return { conversationId: conversation.id, id: draft.id };
  }

  private inbound(conversation: IronConversation, text: string | null): IronActivity {
    const id = this.rng.uuid();
    const base = { id, conversationId: conversation.id, direction: 'inbound' as const, status: null, createdAt: this.db.writeTime(conversation.id) };
    switch (conversation.channel) {
      case 'call': {
        const length = `${this.rng.int(0, 14)}m ${String(this.rng.int(0, 59)).padStart(2, '0')}s`;
        const summary = text ?? this.rng.pick(CALL_SUMMARIES);
        return { ...base, kind: 'call', body: `Inbound call, ${length}`, aiSummary: summary, providerMessageId: `CA${this.rng.hex(32)}` };
      }
      case 'sms':
        return { ...base, kind: 'sms', body: text ?? this.rng.pick(fixtures.INBOUND), aiSummary: null, providerMessageId: `SM${this.rng.hex(32)}` };
      case 'email':
        return { ...base, kind: 'email', body: text ?? this.rng.pick(fixtures.INBOUND), aiSummary: null, providerMessageId: `<${this.rng.hex(16)}@mail.iron.example>` };
    }
  }

  private find(conversationId: string): IronConversation {
    const conversation = isUuid(conversationId) ? this.db.conversations.get(conversationId.toLowerCase()) : undefined;
    if (!conversation) throw new IronLiveError(404, `no Iron conversation ${JSON.stringify(conversationId)}`);
    return conversation;
  }

  /** Threads in the inbox (not archived), in a stable order; all threads when every one is archived. */
  private openThreads(): IronConversation[] {
    const all = [...this.db.conversations.values()];
    const open = all.filter((c) => !c.archived);
    return open.length > 0 ? open : all;
  }

  private awaitingAnswer(): IronConversation[] {
    const open = this.openThreads();
    const waiting = open.filter((c) => this.db.lastTouchpoint(c.id)?.direction === 'inbound');
    return waiting.length > 0 ? waiting : open;
  }

  private pick(candidates: IronConversation[]): IronConversation {
    if (candidates.length === 0) throw new IronLiveError(404, 'the Iron simulator has no conversations');
    return this.rng.pick(candidates);
  }
}

/** Iron's message rules: stripped, 1 to MESSAGE_MAX_LENGTH characters. */
function checkedContent(content: string): string {
  const text = content.trim();
  if (text.length === 0 || text.length > MESSAGE_MAX_LENGTH) {
    throw new IronLiveError(400, `content must be 1 to ${MESSAGE_MAX_LENGTH} characters`);
  }
  return text;
}
