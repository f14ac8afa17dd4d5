import { fixtures, personName } from '../common/people.js';
import { SeededRandom } from '../common/random.js';
import type { InjectedChange, SimulatorLive } from '../common/simulator.js';
import type { VoxysDb } from './db.js';
import { ATTACHMENT_FILE_TYPES, type ConversationRow, type MessageRow } from './records.js';
import { attachmentOfType } from './seed-variety.js';
import { webhookEvents } from './webhook-payloads.js';
import { WebhookSender, type VoxysDelivery, type VoxysWebhookTarget } from './webhook-sender.js';
import { MESSAGE_STATUSES, newContact, newConversationRow, openConversation, setMessageStatus } from './conversation-writes.js';
import { createMessage, setBotAssignee } from './writes.js';

const isMessageStatus = (value: string): value is MessageRow['status'] => (MESSAGE_STATUSES as readonly string[]).includes(value);

/** An injected change named a conversation the account does not have. */
export class UnknownConversationError extends Error {
  constructor(id: string) {
    super(`no conversation ${id}`);
    this.name = 'UnknownConversationError';
  }
}

/**
 * Live traffic on the simulated account: contacts writing in (stored exactly as the write path
 * stores a contact's message), and a Chatwoot account webhook that reports every change the
 * writes make (webhook-payloads.ts) to the target, when one is set. Voxys has no AI drafts, so
 * there is no `injectSuggestion`. Seeded-random traffic (no conversation and no text given) has the
 * real variety: now and then an attachment of any Chatwoot file type, and an agent bot taking over
 * an unassigned conversation after the contact writes (a second change, after the message).
 */
export class VoxysLive implements SimulatorLive {
  private readonly sender = new WebhookSender();
  private readonly rng: SeededRandom;

  constructor(
    private readonly db: VoxysDb,
    seed: number | string,
  ) {
    this.rng = new SeededRandom(`voxys-live:${String(seed)}`);
    db.tracker.onChange((changes) => {
      if (this.sender.url === null) return;
      try {
        for (const { event, body } of webhookEvents(db, changes)) this.sender.send(event, body, String(changes.conversation.display_id));
      } catch (error) {
        // A webhook that cannot be built must not fail the write that caused it.
        console.error('[voxys simulator] webhook payload', error);
      }
    });
  }

  get deliveries(): VoxysDelivery[] {
    return this.sender.deliveries;
  }

  /** Where the webhooks go now (null: nowhere). */
  get webhookUrl(): string | null {
    return this.sender.url;
  }

  setWebhookTarget(target: VoxysWebhookTarget | null): void {
    this.sender.setTarget(target);
  }

  /** Resolves once every webhook queued so far has been delivered (or failed): for tests. */
  settled(): Promise<void> {
    return this.sender.settled();
  }

  async injectInboundMessage(conversationId?: string, content?: string): Promise<InjectedChange> {
    const random = conversationId === undefined && content === undefined;
    const conversation = conversationId === undefined ? this.pickConversation() : this.findConversation(conversationId);
    const inbox = this.db.inboxes.get(conversation.inbox_id);
    const isEmail = inbox?.channel_type === 'Channel::Email';
    const attachments = random && this.rng.bool(0.3) ? [attachmentOfType(this.rng, this.rng.pick(ATTACHMENT_FILE_TYPES), 0)].map(({ id: _id, ...a }) => a) : [];
    const message = createMessage(this.db, conversation, {
      content: content ?? this.rng.pick(fixtures.INBOUND),
      incoming: true,
      private: false,
      contentType: isEmail ? 'incoming_email' : 'text',
      sourceId: this.sourceIdFor(inbox?.channel_type),
      attachments,
    });
    const bot = [...this.db.agentBots.values()][0];
    if (random && bot && conversation.assignee_id === null && conversation.assignee_agent_bot_id === null && this.rng.bool(0.2)) setBotAssignee(this.db, conversation, bot.id);
    return { conversationId: String(conversation.display_id), id: String(message.id) };
  }

  /**
   * Someone the account has never heard from writes in: a new contact, a new open conversation in
   * the given inbox (default: the first API inbox), its first incoming message. Sends
   * `conversation_created`, then `message_created`.
   */
  async injectNewConversation(input: { content?: string; contactName?: string; inboxId?: number } = {}): Promise<InjectedChange> {
    const inbox = input.inboxId === undefined ? [...this.db.inboxes.values()].find((i) => i.channel_type === 'Channel::Api') : this.db.inboxes.get(input.inboxId);
    if (!inbox) throw new UnknownConversationError(`inbox ${String(input.inboxId)}`);
    const contact = newContact(this.db, input.contactName ?? personName(this.rng));
    const conversation = newConversationRow(this.db, contact, inbox.id);
    const message = openConversation(this.db, conversation, {
      content: input.content ?? this.rng.pick(fixtures.INBOUND),
      incoming: true,
      private: false,
      contentType: inbox.channel_type === 'Channel::Email' ? 'incoming_email' : 'text',
      sourceId: this.sourceIdFor(inbox.channel_type),
    })!;
    return { conversationId: String(conversation.display_id), id: String(message.id) };
  }

  /** The channel reports a delivery status (a WhatsApp read receipt, a bounce): `message_updated`. */
  async injectMessageStatus(conversationId: string, messageId: string, status: string): Promise<InjectedChange> {
    if (!isMessageStatus(status)) throw new RangeError(`status must be one of ${MESSAGE_STATUSES.join(', ')}`);
    const conversation = this.findConversation(conversationId);
    const message = /^\d+$/.test(messageId) ? this.db.thread(conversation.display_id).find((m) => m.id === Number(messageId)) : undefined;
    if (!message) throw new UnknownConversationError(`${conversationId} message ${messageId}`);
    setMessageStatus(this.db, conversation, message, status);
    return { conversationId: String(conversation.display_id), id: String(message.id) };
  }

  private findConversation(id: string): ConversationRow {
    const conversation = /^\d+$/.test(id) ? this.db.conversations.get(Number(id)) : undefined;
    if (!conversation) throw new UnknownConversationError(id);
    return conversation;
  }

  private pickConversation(): ConversationRow {
    return this.rng.pick([...this.db.conversations.values()]);
  }

  /** As the seed does: WhatsApp and email messages carry the channel's message id. */
  private sourceIdFor(channelType: string | undefined): string | null {
    if (channelType === 'Channel::Whatsapp') return `wamid.${this.rng.hex(24)}`;
    if (channelType === 'Channel::Email') return `<${this.rng.uuid()}@mail.voxys.example>`;
    return null;
  }
}
