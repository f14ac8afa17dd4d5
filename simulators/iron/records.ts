import type { StaffKey } from '../common/people.js';

/**
 * The Iron simulator's stored records. Timestamps are epoch milliseconds here; the wire module
 * turns them into Iron's ISO-8601 strings. Field names follow Iron's JSON (UPSTREAMS.md), in camel case.
 */

export type IronChannel = 'sms' | 'email' | 'call';
/** The channels a human can write in (a call is not a text). */
export type TextChannel = Exclude<IronChannel, 'call'>;
export type ActivityKind = IronChannel | 'note' | 'suggestion';
export type ActivityDirection = 'inbound' | 'outbound';
export type SuggestionStatus = 'pending' | 'sent' | 'dismissed';

/** A row of `crm.org_members`: a staff member of the org. */
export interface IronMember {
  userId: string;
  staffKey: StaffKey;
  name: string;
  email: string;
  role: 'owner' | 'admin' | 'member';
  joinedAt: number;
}

/** Someone who left the org: a real Iron user uuid that is no longer a member. */
export interface IronFormerMember {
  userId: string;
  name: string;
  leftAt: number;
}

export interface IronContact {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  /** Contact tags (`/contacts/{id}/tags`); the conversation endpoints do not expose them. */
  tags: string[];
}

export interface IronSla {
  dueAt: number | null;
  overdue: boolean;
}

/**
 * A thread of the unified inbox. Its last activity time and preview are not stored: they are
 * derived from the activities, so later write endpoints only have to append an activity.
 */
export interface IronConversation {
  id: string;
  contactId: string;
  channel: IronChannel;
  unreadCount: number;
  starred: boolean;
  archived: boolean;
  assignedTo: string | null;
  sla: IronSla;
}

/** One row of the `crm.activities` timeline: a touchpoint, a note, or an AI setter draft. */
export interface IronActivity {
  id: string;
  conversationId: string;
  kind: ActivityKind;
  direction: ActivityDirection;
  body: string | null;
  /** Calls only: the AI summary rendered inline. */
  aiSummary: string | null;
  providerMessageId: string | null;
  /** Suggestions only. */
  status: SuggestionStatus | null;
  createdAt: number;
  /** Files sent with an outbound message (`media_ids`), as the activity lists them (media.ts). */
  media?: Record<string, unknown>[];
}

export interface IronViewFilters {
  unread?: boolean;
  starred?: boolean;
  archived?: boolean;
  overdue?: boolean;
  /** Activity within this many days. */
  recentDays?: number;
}

/** A saved inbox view; the four built-in ones cannot be deleted. */
export interface IronView {
  id: string;
  name: string;
  builtin: boolean;
  filters: IronViewFilters;
}

export interface IronSlaConfig {
  enabled: boolean;
  firstResponseMinutes: number;
  businessHoursOnly: boolean;
}
