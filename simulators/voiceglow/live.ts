import { fixtures } from '../common/people.js';
import { deliverWebhook } from '../common/webhook-delivery.js';
import { SeededRandom } from '../common/random.js';
import type { InjectedChange, SimulatorLive, WebhookTarget } from '../common/simulator.js';
import type { VoiceglowDb } from './db.js';
import { eventChannel, isLead, type VgEvent } from './events.js';
import type { VgConvoRecord, VgTurn } from './types.js';

/** What the write endpoints report, so the platform can send the webhooks it sends for them. */
export interface VoiceglowChanges {
  /** Who handles the chat changed (assignment, delegation, handoff asked/claimed/returned). */
  chatDelegated(record: VgConvoRecord): void;
  /** An anonymous session now names a lead. */
  leadCaptured(record: VgConvoRecord): void;
}

/** An injection named a conversation the workspace does not have. */
export class UnknownConvoError extends Error {
  constructor(readonly convoId: string) {
    super(`no conversation ${convoId}`);
    this.name = 'UnknownConvoError';
  }
}

/** How long one delivery may take before it counts as a network error (status null). */

/**
 * VoiceGlow's live side: a contact writing in (stored like the generated data, so every later
 * read shows it) and the Events Webhook. Deliveries are POSTed one after another in the order
 * of the changes, after the write has answered, with no retry; each is recorded with the
 * receiver's HTTP status (null on a network error or timeout).
 */
export class VoiceglowLive implements SimulatorLive, VoiceglowChanges {
  readonly deliveries: { event: string; status: number | null }[] = [];
  private target: WebhookTarget | null = null;
  private queue: Promise<void> = Promise.resolve();
  private readonly rng: SeededRandom;

  constructor(
    private readonly db: VoiceglowDb,
    /** Sent in every payload: VoiceGlow authenticates its webhooks with the workspace secret, whatever the target's `secret`. */
    private readonly workspaceSecret: string,
    seed: number | string,
  ) {
    this.rng = new SeededRandom(`voiceglow-live:${String(seed)}`);
  }

  setWebhookTarget(target: WebhookTarget | null): void {
    this.target = target ? { ...target } : null;
  }

  /**
   * A new message from the end user: a `human` turn at the end of the transcript (so the
   * document's last message, activity time, counts and unread marker follow), then
   * `message_received`. Without a conversation id, a seeded pick among the listed chats that
   * have not ended; without content, a seeded pick among the fixture texts.
   */
  async injectInboundMessage(conversationId?: string, content?: string): Promise<InjectedChange> {
    const record = conversationId === undefined ? this.pickConvo() : this.db.get(conversationId);
    if (!record) throw new UnknownConvoError(conversationId ?? '');
    const text = content ?? this.rng.pick(fixtures.INBOUND);
    const last = record.turns[record.turns.length - 1];
    const ts = Math.max(this.db.clock(), (last?.ts ?? 0) + 1);
    const mid = `m_${this.rng.hex(12)}`;
    const turn: VgTurn = { from: 'human', ts, messages: [{ type: 'text', item: { type: 'text', payload: { message: text } }, ts, mid }] };
    this.db.appendTurn(record.doc.ID, turn);
    if (record.doc.lastActivityDate !== undefined) record.doc.lastActivityDate = new Date(ts).toISOString();

    this.emit({
      event: 'message_received',
      ...this.base(record, ts),
      messageContent: text,
      messageType: 'text',
      from: record.doc.userID,
      messageId: mid,
    });
    return { conversationId: record.doc.ID, id: mid };
  }

  chatDelegated(record: VgConvoRecord): void {
    const { doc } = record;
    const assignedTo = doc.assignedTo ? { userId: doc.assignedTo.userId, name: doc.assignedTo.name, email: doc.assignedTo.email } : null;
    this.emit({
      event: 'chat_delegated',
      ...this.base(record, this.db.clock()),
      state: doc.state,
      assignedTo,
      ...(doc.delegatedBy !== undefined ? { delegatedBy: doc.delegatedBy } : {}),
    });
  }

  leadCaptured(record: VgConvoRecord): void {
    const { doc } = record;
    if (!isLead(doc)) return;
    const lead: Extract<VgEvent, { event: 'lead_captured' }>['lead'] = {};
    if (doc.userName !== undefined) lead.name = doc.userName;
    if (doc.userEmail !== undefined) lead.email = doc.userEmail;
    if (doc.userPhone !== undefined) lead.phone = doc.userPhone;
    if (doc.userCompany !== undefined) lead.company = doc.userCompany;
    if (doc.value !== undefined) lead.value = doc.value;
    if (doc.currency !== undefined) lead.currency = doc.currency;
    this.emit({ event: 'lead_captured', ...this.base(record, this.db.clock()), lead });
  }

  /** Resolves once every delivery queued so far has been answered (for tests). */
  settled(): Promise<void> {
    return this.queue;
  }

  private base(record: VgConvoRecord, createdAt: number): { agentId: string; convoId: string; channel: string; createdAt: number; workspaceSecret: string } {
    return {
      agentId: this.db.agentId,
      convoId: record.doc.ID,
      channel: eventChannel(record.doc.origin),
      createdAt,
      workspaceSecret: this.workspaceSecret,
    };
  }

  private pickConvo(): VgConvoRecord | undefined {
    const open = [...this.db.convos.values()].filter((record) => record.doc.messagesNum > 0 && record.doc.state !== 'ended_chat');
    return open.length ? this.rng.pick(open) : undefined;
  }

  /** Queues one delivery to the current target (none without a target). Never blocks the caller. */
  private emit(payload: VgEvent): void {
    const target = this.target;
    if (!target) return;
    const body = JSON.stringify(payload);
    this.queue = this.queue.then(() => this.post(target.url, payload.event, body));
  }

  private async post(url: string, event: string, body: string): Promise<void> {
    this.deliveries.push({ event, status: await deliverWebhook(url, body) });
  }
}
