import { SeededRandom } from '../common/random.js';
import type { StaffKey } from '../common/people.js';
import type { SimOptions } from '../common/simulator.js';
import type {
  IronActivity,
  IronContact,
  IronConversation,
  IronMember,
  IronSlaConfig,
  IronView,
} from './records.js';
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
  readonly contacts = new Map<string, IronContact>();
  readonly conversations = new Map<string, IronConversation>();
  /** Activities per conversation id, oldest first. */
  readonly activities = new Map<string, IronActivity[]>();
  readonly views: IronView[] = [];
  slaConfig: IronSlaConfig = { enabled: true, firstResponseMinutes: 60, businessHoursOnly: false };
  tokenOwnerId = '';

  constructor(options: IronDbOptions) {
    this.orgId = options.orgId.toLowerCase();
    this.token = options.token;
    this.now = options.now;
    seedIronDb(this, new SeededRandom(`iron:${options.seed}`), options.size, options.tokenOwner);
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

  lastActivityAt(conversation: IronConversation): number {
    return this.lastTouchpoint(conversation.id)?.createdAt ?? 0;
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
