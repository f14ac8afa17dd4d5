import type { IronDb } from './db.js';
import type { IronActivity, IronConversation, IronMember, IronView } from './records.js';

/**
 * Iron's JSON (snake_case, FastAPI/Pydantic style; shapes ASSUMED in UPSTREAMS.md).
 * Timestamps are ISO-8601 UTC with microseconds, as Pydantic prints a Postgres timestamptz.
 */

export function isoTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}

export function conversationJson(db: IronDb, conversation: IronConversation): Record<string, unknown> {
  const contact = db.contactOf(conversation);
  return {
    id: conversation.id,
    contact: { id: contact.id, name: contact.name, email: contact.email, phone: contact.phone },
    channel: conversation.channel,
    last_activity_at: isoTimestamp(db.lastActivityAt(conversation)),
    last_message_preview: db.lastMessagePreview(conversation),
    unread_count: conversation.unreadCount,
    starred: conversation.starred,
    archived: conversation.archived,
    assigned_to: conversation.assignedTo,
    sla: {
      due_at: conversation.sla.dueAt === null ? null : isoTimestamp(conversation.sla.dueAt),
      overdue: conversation.sla.overdue,
    },
  };
}

/**
 * One activity. The kind-specific fields are sent only with their kind (ASSUMED, as Pydantic's
 * `exclude_unset` answers them): `ai_summary` with calls, `status` with AI drafts.
 */
export function activityJson(activity: IronActivity): Record<string, unknown> {
  return {
    id: activity.id,
    conversation_id: activity.conversationId,
    kind: activity.kind,
    direction: activity.direction,
    body: activity.body,
    ...(activity.kind === 'call' ? { ai_summary: activity.aiSummary } : {}),
    provider_message_id: activity.providerMessageId,
    ...(activity.kind === 'suggestion' ? { status: activity.status } : {}),
    // ASSUMED: sent only when the message carried files (media.ts).
    ...(activity.media && activity.media.length > 0 ? { media: activity.media } : {}),
    created_at: isoTimestamp(activity.createdAt),
  };
}

/** ASSUMED shape of `GET /org/members` (the docs name the `crm.org_members` table, not an endpoint). */
export function memberJson(member: IronMember): Record<string, unknown> {
  return { user_id: member.userId, name: member.name, email: member.email, role: member.role, joined_at: isoTimestamp(member.joinedAt) };
}

export function viewJson(view: IronView): Record<string, unknown> {
  const f = view.filters;
  return {
    id: view.id,
    name: view.name,
    builtin: view.builtin,
    filters: {
      unread: f.unread ?? null,
      starred: f.starred ?? null,
      archived: f.archived ?? false,
      overdue: f.overdue ?? null,
      recent_days: f.recentDays ?? null,
    },
  };
}
