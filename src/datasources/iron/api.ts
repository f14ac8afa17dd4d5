import { FormData } from 'undici';
import { z } from 'zod';
import type { InboxAction, SourceAction } from '../../generated/graphql.js';
import type { OutgoingFile } from '../actions.js';
import type { RestClient } from '../rest-client.js';
import type { IronListFilters } from './pushdown.js';
import {
  ironOverdueCountSchema,
  ironSlaConfigSchema,
  ironViewCountsSchema,
  ironViewsSchema,
  type IronSlaConfigJson,
  type IronViewCountsJson,
  type IronViewsBody,
  type IronViewsJson,
} from './view-schemas.js';
import {
  ironActivityPageSchema,
  ironActivitySchema,
  ironConversationPageSchema,
  ironConversationSchema,
  ironMediaSchema,
  ironMembersSchema,
  type IronActivityJson,
  type IronActivityPageJson,
  type IronConversationJson,
  type IronConversationPageJson,
  type IronMediaJson,
  type IronMembersJson,
  type IronWireChannel,
} from './schemas.js';

/**
 * Iron CRM's REST API (seed 004), the only place that knows its routes: each call goes through the
 * shared RestClient with its route template (also the metrics label), its query, the zod schema
 * of its answer and, for reads, its cache tags: `list` for the conversation list,
 * `conversation:<id>` for one conversation's detail and thread, `members` for the org members.
 * Every path is under the platform's base path `/api/v1` (index.ts).
 */

/** Iron's largest conversation page (ASSUMED): counting walks the list with it. */
export const LIST_MAX_LIMIT = 100;

/**
 * Activities per thread page. Iron's maximum (ASSUMED 50): the fewest calls, and every walk that
 * starts at the newest activity asks the same URLs, so the request memo serves lastMessage,
 * messages and suggestions of one conversation from the same pages.
 */
export const THREAD_PAGE_SIZE = 50;

const ROUTES = {
  conversations: '/conversations',
  conversation: '/conversations/:id',
  messages: '/conversations/:id/messages',
  media: '/conversations/media',
  members: '/org/members',
  read: '/conversations/:id/read',
  unread: '/conversations/:id/unread',
  star: '/conversations/:id/star',
  archive: '/conversations/:id/archive',
  assign: '/conversations/:id/assign',
  sendSuggestion: '/conversations/:id/suggestions/:activityId/send',
  dismissSuggestion: '/conversations/:id/suggestions/:activityId/dismiss',
  views: '/conversations/views',
  viewCounts: '/conversations/views/counts',
  sla: '/conversations/sla',
  overdueCount: '/conversations/overdue/count',
  contactConversations: '/contacts/:contactId/conversations',
} as const;

/** The endpoint each inbox action maps to (the README's capability table prints them). */
export const IRON_ENDPOINTS = {
  SEND_MESSAGE: `POST ${ROUTES.messages}`,
  SEND_ATTACHMENTS: `POST ${ROUTES.media} (multipart, per file), then POST ${ROUTES.messages} {media_ids}`,
  MARK_READ: `POST ${ROUTES.read}`,
  MARK_UNREAD: `POST ${ROUTES.unread}`,
  STAR: `POST|DELETE ${ROUTES.star}`,
  ARCHIVE: `POST ${ROUTES.archive}`,
  ASSIGN: `POST ${ROUTES.assign}`,
  SEND_SUGGESTION: `POST ${ROUTES.sendSuggestion}`,
  DISMISS_SUGGESTION: `POST ${ROUTES.dismissSuggestion}`,
} as const satisfies Partial<Record<InboxAction, string>>;

/** The endpoint each source action maps to (the capability table prints them). */
export const IRON_SOURCE_ENDPOINTS = {
  START_CONVERSATION: `POST ${ROUTES.contactConversations}`,
  SAVE_INBOX_VIEWS: `PUT ${ROUTES.views}`,
} as const satisfies Partial<Record<SourceAction, string>>;

/** Iron's conversation actions answer the updated Conversation (ASSUMED); we read it back anyway, so any body is fine. */
const anyAnswer = z.unknown();

export class IronApi {
  constructor(private readonly client: RestClient) {}

  // Reads (cached by tag; the gateway drops `conversation:<id>` and `list` after a write).

  async listConversations(filters: IronListFilters, limit: number, cursor: string | null): Promise<IronConversationPageJson> {
    const page = await this.client.request({
      route: ROUTES.conversations,
      // `team`: the whole org. `mine` would be the token's owner, whoever our user is.
      query: { scope: 'team', archived: filters.archived, overdue: filters.overdue, limit, cursor },
      schema: ironConversationPageSchema,
      tags: ['list'],
    });
    return { items: this.client.rows(page.items, { route: ROUTES.conversations, row: 'conversation' }), received: page.items.received, next_cursor: page.next_cursor };
  }

  conversation(id: string): Promise<IronConversationJson> {
    return this.client.request({ route: ROUTES.conversation, params: { id }, schema: ironConversationSchema, tags: [`conversation:${id}`] });
  }

  /** One page of a thread, newest first, older than `before` (an activity id) or from the newest. */
  async activities(conversationId: string, before: string | null): Promise<IronActivityPageJson> {
    const page = await this.client.request({
      route: ROUTES.messages,
      params: { id: conversationId },
      query: { limit: THREAD_PAGE_SIZE, before },
      schema: ironActivityPageSchema,
      tags: [`conversation:${conversationId}`],
    });
    return { items: this.client.rows(page.items, { route: ROUTES.messages, row: 'message' }), received: page.items.received, next_cursor: page.next_cursor };
  }

  /** ASSUMED endpoint (the docs name only the `crm.org_members` table). */
  members(): Promise<IronMembersJson> {
    return this.client.request({ route: ROUTES.members, schema: ironMembersSchema, tags: ['members'] });
  }

  /** The saved views (tag `views`: saving them drops it). */
  views(): Promise<IronViewsJson> {
    return this.client.request({ route: ROUTES.views, schema: ironViewsSchema, tags: ['views'] });
  }

  /** Unread and total per saved view: they change with every conversation, so they go with the `list` tag too. */
  viewCounts(): Promise<IronViewCountsJson> {
    return this.client.request({ route: ROUTES.viewCounts, schema: ironViewCountsSchema, tags: ['views', 'list'] });
  }

  slaConfig(): Promise<IronSlaConfigJson> {
    return this.client.request({ route: ROUTES.sla, schema: ironSlaConfigSchema, tags: ['sla'] });
  }

  /** Threads not archived whose SLA is overdue. */
  async overdueCount(): Promise<number> {
    return (await this.client.request({ route: ROUTES.overdueCount, schema: ironOverdueCountSchema, tags: ['list'] })).count;
  }

  // Writes: one call each, never cached, never retried by the connector.

  /** Replaces the saved views with this list; answers the views as saved (ASSUMED). */
  saveViews(body: IronViewsBody): Promise<IronViewsJson> {
    return this.client.request({ method: 'PUT', route: ROUTES.views, body, schema: ironViewsSchema });
  }

  /** Opens a conversation for a contact with a first outbound message; answers the Conversation (ASSUMED, 201). */
  startConversation(contactId: string, body: { body: string; channel?: IronWireChannel }): Promise<IronConversationJson> {
    return this.client.request({ method: 'POST', route: ROUTES.contactConversations, params: { contactId }, body, schema: ironConversationSchema });
  }

  /** Uploads one file for an outbound message (multipart, field `file`); the answer's `id` goes in the send's `media_ids` (ASSUMED shapes, seed 004 names the endpoint). */
  uploadMedia(file: OutgoingFile): Promise<IronMediaJson> {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file.content)], { type: file.contentType }), file.filename);
    return this.client.request({ method: 'POST', route: ROUTES.media, body: form, schema: ironMediaSchema });
  }

  sendMessage(conversationId: string, body: { body: string; channel: IronWireChannel; media_ids?: string[] }): Promise<IronActivityJson> {
    return this.client.request({ method: 'POST', route: ROUTES.messages, params: { id: conversationId }, body, schema: ironActivitySchema });
  }

  markRead(conversationId: string): Promise<unknown> {
    return this.client.request({ method: 'POST', route: ROUTES.read, params: { id: conversationId }, schema: anyAnswer });
  }

  markUnread(conversationId: string): Promise<unknown> {
    return this.client.request({ method: 'POST', route: ROUTES.unread, params: { id: conversationId }, schema: anyAnswer });
  }

  /** Stars with POST, unstars with DELETE. */
  setStarred(conversationId: string, starred: boolean): Promise<unknown> {
    return this.client.request({ method: starred ? 'POST' : 'DELETE', route: ROUTES.star, params: { id: conversationId }, schema: anyAnswer });
  }

  setArchived(conversationId: string, archived: boolean): Promise<unknown> {
    return this.client.request({ method: 'POST', route: ROUTES.archive, params: { id: conversationId }, body: { archived }, schema: anyAnswer });
  }

  /** `assignedTo` null unassigns. */
  assign(conversationId: string, assignedTo: string | null): Promise<unknown> {
    return this.client.request({ method: 'POST', route: ROUTES.assign, params: { id: conversationId }, body: { assigned_to: assignedTo }, schema: anyAnswer });
  }

  /** Answers the touchpoint the draft became (ASSUMED). */
  sendSuggestion(conversationId: string, activityId: string): Promise<IronActivityJson> {
    return this.client.request({ method: 'POST', route: ROUTES.sendSuggestion, params: { id: conversationId, activityId }, schema: ironActivitySchema });
  }

  dismissSuggestion(conversationId: string, activityId: string): Promise<unknown> {
    return this.client.request({ method: 'POST', route: ROUTES.dismissSuggestion, params: { id: conversationId, activityId }, schema: anyAnswer });
  }
}
