import type { StaffKey } from '../common/people.js';
import type { SimOptions } from '../common/simulator.js';
import { ChangeTracker } from './changes.js';
import {
  MESSAGE_TYPE,
  type AgentBotRow,
  type CompanyRow,
  type ContactRow,
  type ConversationRow,
  type FunnelCardRow,
  type FunnelRow,
  type FunnelStageRow,
  type InboxRow,
  type LeadRow,
  type MessageRow,
  type SlaPolicyRow,
  type TaskRow,
  type UserRow,
} from './records.js';
import { API_OWNER_USER_ID, STAFF_USER_IDS, seedAccount } from './seed.js';
import { addRealVariety } from './seed-variety.js';
import { DEFAULT_VOXYS_SETTINGS, type VoxysSettings } from './settings.js';
import type { StoredBlob } from './uploads.js';

/** Chatwoot caps `unread_count` at the last 10 unread incoming messages. */
const UNREAD_CAP = 10;

/**
 * The live state of one simulated Voxys account: the rows the routes read (and that later write
 * endpoints and webhooks will change). Records live in maps keyed by their ids; each thread's
 * messages are kept in id order.
 */
export class VoxysDb {
  readonly accountId: number;
  /** The user the API token belongs to (`assignee_type=me`). */
  readonly apiOwnerUserId = API_OWNER_USER_ID;
  readonly now: Date;

  readonly users = new Map<number, UserRow>();
  readonly agentBots = new Map<number, AgentBotRow>();
  readonly inboxes = new Map<number, InboxRow>();
  readonly contacts = new Map<number, ContactRow>();
  readonly slaPolicies = new Map<number, SlaPolicyRow>();
  /** By display id. */
  readonly conversations = new Map<number, ConversationRow>();
  /** Display id → that thread's messages, ascending by id. */
  readonly messages = new Map<number, MessageRow[]>();
  readonly companies = new Map<number, CompanyRow>();
  readonly leads = new Map<number, LeadRow>();
  readonly funnels = new Map<number, FunnelRow>();
  readonly stages = new Map<number, FunnelStageRow>();
  readonly cards = new Map<number, FunnelCardRow>();
  readonly tasks = new Map<number, TaskRow>();
  /** What each write changed (writes.ts reports it): the source of the simulator's webhooks. */
  readonly tracker = new ChangeTracker();
  /** Files sent with messages (multipart), by signed id: served at their `data_url` (uploads.ts). */
  readonly blobs = new Map<string, StoredBlob>();
  /** How the installation is set up (page size, SLA feature, rows rendered unreadable): settings.ts. */
  settings: VoxysSettings;

  /** Wall time when the account was created: the simulated clock runs on from `now` (see clock()). */
  private readonly startedAtMs = Date.now();
  private lastMessageId = 0;
  private lastAttachmentId = 0;
  private lastClock = 0;

  constructor(options: SimOptions, accountId: number, settings: Partial<VoxysSettings> = {}) {
    this.accountId = accountId;
    this.now = options.now;
    this.settings = { ...DEFAULT_VOXYS_SETTINGS, ...settings };
    const seed = addRealVariety(seedAccount(options), options);
    const byId = <T extends { id: number }>(target: Map<number, T>, rows: T[]): void => rows.forEach((row) => target.set(row.id, row));
    byId(this.users, seed.users);
    byId(this.agentBots, seed.agentBots);
    byId(this.inboxes, seed.inboxes);
    byId(this.contacts, seed.contacts);
    byId(this.slaPolicies, seed.slaPolicies);
    byId(this.companies, seed.companies);
    byId(this.leads, seed.leads);
    byId(this.funnels, seed.funnels);
    byId(this.stages, seed.stages);
    byId(this.cards, seed.cards);
    byId(this.tasks, seed.tasks);
    for (const conversation of seed.conversations) {
      this.conversations.set(conversation.display_id, conversation);
      this.messages.set(conversation.display_id, []);
    }
    for (const message of seed.messages) this.messages.get(message.conversation_id)!.push(message);
    this.lastMessageId = Math.max(0, ...seed.messages.map((m) => m.id));
    this.lastAttachmentId = Math.max(0, ...seed.messages.flatMap((m) => m.attachments.map((a) => a.id)));
  }

  /**
   * The simulated time in (float) unix seconds: `now` plus the wall time since the account was
   * created, so what writes create lands after everything seeded and keeps moving forward.
   */
  clock(): number {
    // Strictly increasing, so two writes in one millisecond still order (Postgres keeps microseconds).
    this.lastClock = Math.max((this.now.getTime() + (Date.now() - this.startedAtMs)) / 1000, this.lastClock + 1e-6);
    return this.lastClock;
  }

  /** Message ids are account-wide and grow, as database ids do. */
  nextMessageId(): number {
    return ++this.lastMessageId;
  }

  nextAttachmentId(): number {
    return ++this.lastAttachmentId;
  }

  /** The platform id of each shared team member. */
  staffUserId(key: StaffKey): number {
    return STAFF_USER_IDS[key];
  }

  thread(displayId: number): MessageRow[] {
    return this.messages.get(displayId) ?? [];
  }

  lastMessage(displayId: number): MessageRow | null {
    return this.thread(displayId).at(-1) ?? null;
  }

  lastNonActivityMessage(displayId: number): MessageRow | null {
    return this.thread(displayId).findLast((m) => m.message_type !== MESSAGE_TYPE.activity) ?? null;
  }

  /** Incoming messages after `agent_last_seen_at` (all of them when never seen), capped as Chatwoot does. */
  unreadCount(conversation: ConversationRow): number {
    const seen = conversation.agent_last_seen_at;
    const unread = this.thread(conversation.display_id).filter((m) => m.message_type === MESSAGE_TYPE.incoming && (seen === null || m.created_at > seen));
    return Math.min(unread.length, UNREAD_CAP);
  }

  /** The lead the CRM sidebar links to a conversation (at most one per conversation). */
  leadOfConversation(displayId: number): LeadRow | null {
    for (const lead of this.leads.values()) if (lead.conversation_id === displayId) return lead;
    return null;
  }

  cardOfLead(leadId: number): FunnelCardRow | null {
    for (const card of this.cards.values()) if (card.lead_id === leadId) return card;
    return null;
  }

  /** Tasks on the conversation's lead and on the conversation itself, soonest due first (no due date last). */
  followUpTasks(displayId: number): TaskRow[] {
    const lead = this.leadOfConversation(displayId);
    return [...this.tasks.values()]
      .filter((t) => (t.taskable_type === 'Lead' && t.taskable_id === lead?.id) || (t.taskable_type === 'Conversation' && t.taskable_id === displayId))
      .sort((a, b) => (a.due_at ?? Infinity) - (b.due_at ?? Infinity) || a.id - b.id);
  }

  /** Everything, for `GET /__admin/data`. */
  dump(): Record<string, unknown> {
    return {
      accountId: this.accountId,
      apiOwnerUserId: this.apiOwnerUserId,
      users: [...this.users.values()],
      agentBots: [...this.agentBots.values()],
      inboxes: [...this.inboxes.values()],
      contacts: [...this.contacts.values()],
      slaPolicies: [...this.slaPolicies.values()],
      conversations: [...this.conversations.values()],
      messages: [...this.messages.values()].flat(),
      companies: [...this.companies.values()],
      leads: [...this.leads.values()],
      funnels: [...this.funnels.values()],
      stages: [...this.stages.values()],
      cards: [...this.cards.values()],
      tasks: [...this.tasks.values()],
    };
  }
}
