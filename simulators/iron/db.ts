import { SeededRandom } from '../common/random.js';
import type { StaffKey } from '../common/people.js';
import type { SimOptions } from '../common/simulator.js';
import type { IronActivity, IronContact, IronConversation, IronFormerMember, IronMember, IronSlaConfig, IronView, IronViewFilters, TextChannel } from './records.js';
import { seedIronDb } from './seed.js';

export interface IronDbOptions extends SimOptions {
  /** The bearer token the simulator accepts (any opaque string stands for Iron's Supabase JWT). */
  token: string;
  /** The org the token's user is a member of (the only org this simulator knows). */
  orgId: string;
  /** Whose token it is: Iron's `scope=mine` means this member, not the gateway's user. */
  tokenOwner: StaffKey;
}

const PREVIEW_LENGTH = 140;

/**
 * The live state of one simulated Iron org: members, contacts, conversations and their
 * activity timelines. Records are kept in maps and arrays that write endpoints may change.
 */
export class IronDb {
  readonly orgId: string;
  readonly token: string;
  readonly now: Date;
  readonly members: IronMember[] = [];
  /** People who left the org: their uuids are real Iron users, but not members (assigning one is refused). */
  readonly formerMembers: IronFormerMember[] = [];
  readonly contacts = new Map<string, IronContact>();
  readonly conversations = new Map<string, IronConversation>();
  /** Activities per conversation id, oldest first. */
  readonly activities = new Map<string, IronActivity[]>();
  readonly views: IronView[] = [];
  slaConfig: IronSlaConfig = { enabled: true, firstResponseMinutes: 60, businessHoursOnly: false };
  /**
   * The server's own page sizes: a page never holds more than this, whatever `limit` asks (null:
   * `limit` decides). Iron's page size is its choice; a client must page by `next_cursor` alone.
   */
  pageCaps: { conversations: number | null; activities: number | null } = { conversations: null, activities: null };
  tokenOwnerId = '';
  /** Ids of what write endpoints create: seeded too, so a replayed session creates the same ids. */
  private readonly writeRng: SeededRandom;
  /** Real time when the db was made: simulated time runs on from `now` at the real pace. */
  private readonly startedAt = Date.now();
  private lastWriteAt = 0;

  constructor(options: IronDbOptions) {
    this.orgId = options.orgId.toLowerCase();
    this.token = options.token;
    this.now = options.now;
    seedIronDb(this, new SeededRandom(`iron:${options.seed}`), options.size, options.tokenOwner);
    this.writeRng = new SeededRandom(`iron-writes:${options.seed}`);
  }

  isMember(userId: string): boolean {
    return this.members.some((m) => m.userId === userId);
  }

  /**
   * The time of a write in this thread: `now` plus the real time elapsed, strictly after every
   * earlier write and every activity of the thread, so a new message is always the newest
   * (and its thread heads the list: no seeded activity is later than `now`).
   */
  writeTime(conversationId: string): number {
    const newest = this.thread(conversationId).reduce((max, a) => Math.max(max, a.createdAt), 0);
    const at = Math.max(this.now.getTime() + (Date.now() - this.startedAt), this.lastWriteAt + 1, newest + 1);
    this.lastWriteAt = at;
    return at;
  }

  /**
   * A human's outbound text (a reply or a sent AI draft). It becomes the last touchpoint, so the
   * derived last activity time, preview and list position follow; replying also reads the thread
   * and answers whatever was waiting, which ends its first-response SLA (ASSUMED).
   */
  sendText(conversation: IronConversation, kind: TextChannel, body: string): IronActivity {
    const activity: IronActivity = {
      id: this.writeRng.uuid(),
      conversationId: conversation.id,
      kind,
      direction: 'outbound',
      body,
      aiSummary: null,
      providerMessageId: kind === 'sms' ? `SM${this.writeRng.hex(32)}` : `<${this.writeRng.hex(16)}@mail.iron.example>`,
      status: null,
      createdAt: this.writeTime(conversation.id),
    };
    this.append(activity);
    conversation.unreadCount = 0;
    conversation.sla = { dueAt: null, overdue: false };
    return activity;
  }

  /**
   * Opens a new thread for a contact with a first outbound text (ASSUMED: a new thread each time,
   * unassigned, read, no SLA running since nothing waits on us).
   */
  openConversation(contact: IronContact, channel: TextChannel, body: string): IronConversation {
    const conversation: IronConversation = {
      id: this.writeRng.uuid(),
      contactId: contact.id,
      channel,
      unreadCount: 0,
      starred: false,
      archived: false,
      assignedTo: null,
      sla: { dueAt: null, overdue: false },
    };
    this.conversations.set(conversation.id, conversation);
    this.sendText(conversation, channel, body);
    return conversation;
  }

  /** Replaces the saved views (ids of new ones drawn from the write stream, so a replayed session saves the same ids). */
  replaceViews(views: { id: string | null; name: string; filters: IronViewFilters }[]): void {
    const next = views.map((view) => {
      const builtin = view.id !== null && this.views.some((v) => v.id === view.id && v.builtin);
      return { id: view.id ?? this.writeRng.uuid(), name: view.name, builtin, filters: view.filters };
    });
    this.views.splice(0, this.views.length, ...next);
  }

  /** Adds an activity at the end of its thread (its `createdAt` must come from `writeTime`). */
  append(activity: IronActivity): void {
    const thread = this.activities.get(activity.conversationId);
    if (thread) thread.push(activity);
    else this.activities.set(activity.conversationId, [activity]);
  }

  memberByStaffKey(key: StaffKey): IronMember {
    const member = this.members.find((m) => m.staffKey === key);
    if (!member) throw new Error(`no Iron member for ${key}`);
    return member;
  }

  contactOf(conversation: IronConversation): IronContact {
    const contact = this.contacts.get(conversation.contactId);
    if (!contact) throw new Error(`conversation ${conversation.id} has no contact`);
    return contact;
  }

  /** The thread's activities, oldest first (suggestions included). */
  thread(conversationId: string): IronActivity[] {
    return this.activities.get(conversationId) ?? [];
  }

  /** The newest activity that is not an AI draft: what the inbox row shows. */
  lastTouchpoint(conversationId: string): IronActivity | null {
    const thread = this.thread(conversationId);
    for (let i = thread.length - 1; i >= 0; i--) {
      const activity = thread[i]!;
      if (activity.kind !== 'suggestion') return activity;
    }
    return null;
  }

  /**
   * The newest activity of any kind, AI drafts included (ASSUMED): a new draft moves the thread
   * up the list like a new message does, which is how a poller of the list finds it. The preview
   * still shows the newest touchpoint, never a draft.
   */
  lastActivityAt(conversation: IronConversation): number {
    return this.thread(conversation.id).reduce((max, a) => Math.max(max, a.createdAt), 0);
  }

  lastMessagePreview(conversation: IronConversation): string | null {
    const last = this.lastTouchpoint(conversation.id);
    const text = last ? (last.kind === 'call' ? (last.aiSummary ?? last.body) : last.body) : null;
    return text === null ? null : text.slice(0, PREVIEW_LENGTH);
  }

  /** Every conversation in Iron's list order: newest activity first, then id descending. */
  inListOrder(): IronConversation[] {
    return [...this.conversations.values()].sort(compareListOrder(this));
  }

  /** Whether a conversation shows in a saved view (views never show archived threads unless they ask for them). */
  inView(view: IronView, conversation: IronConversation): boolean {
    const f = view.filters;
    if (conversation.archived !== (f.archived ?? false)) return false;
    if (f.unread && conversation.unreadCount === 0) return false;
    if (f.starred && !conversation.starred) return false;
    if (f.overdue && !conversation.sla.overdue) return false;
    if (f.recentDays !== undefined && this.lastActivityAt(conversation) < this.now.getTime() - f.recentDays * 86_400_000) return false;
    return true;
  }

  /** Everything, for `GET /__admin/data`. */
  dump(): unknown {
    return {
      orgId: this.orgId,
      tokenOwnerId: this.tokenOwnerId,
      members: this.members,
      formerMembers: this.formerMembers,
      contacts: [...this.contacts.values()],
      conversations: [...this.conversations.values()],
      activities: Object.fromEntries(this.activities),
      views: this.views,
      slaConfig: this.slaConfig,
    };
  }
}

/** Iron's list order: `last_activity_at` desc, ties broken by id desc (the keyset of its cursor). */
export function compareListOrder(db: IronDb): (a: IronConversation, b: IronConversation) => number {
  return (a, b) => db.lastActivityAt(b) - db.lastActivityAt(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}
