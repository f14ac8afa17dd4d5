import { FormData } from 'undici';
import type { OutgoingFile } from '../actions.js';
import type { RestClient } from '../rest-client.js';
import type { FilterCondition, ListQuery } from './query-plan.js';
import {
  agentListSchema,
  assignmentSchema,
  conversationAckSchema,
  conversationListSchema,
  conversationMetaSchema,
  conversationSchema,
  contactAnswerSchema,
  createdMessageSchema,
  emptyAnswerSchema,
  filterResultSchema,
  labelListSchema,
  messageListSchema,
  toggleStatusSchema,
  type AgentJson,
  type ContactJson,
  type ConversationJson,
  type CountsJson,
  type FilterResultJson,
  type MessageJson,
} from './schemas.js';
import { crmSidebarSchema, leadListSchema, leadSchema, type CrmSidebarJson, type LeadJson, type TaskJson } from './crm-schemas.js';
import { inboxListSchema, type InboxJson, type NewConversationBody } from './inbox-schemas.js';

/**
 * One page of conversations: its readable rows and how many rows Voxys sent (read or not). The page
 * size is the installation's choice (`CONVERSATION_RESULTS_PER_PAGE`, 25 by default): paging goes by
 * what a page holds, never by a size assumed here.
 */
export interface ConversationRowsJson {
  rows: ConversationJson[];
  received: number;
}

/** A page of messages: its readable rows, how many Voxys sent, and the lowest and highest id on it (readable ids of skipped rows included). */
export interface MessageRowsJson {
  rows: MessageJson[];
  received: number;
  ids: { lowest: number; highest: number } | null;
}

/** The CRM sidebar with its readable tasks. */
export type CrmSidebar = Omit<CrmSidebarJson, 'follow_up_tasks'> & { tasks: TaskJson[] };

const CONVERSATION_ROWS = { route: '/conversations', row: 'conversation' } as const;

export type UpstreamStatus = 'open' | 'resolved' | 'pending' | 'snoozed';
export type UpstreamPriority = 'low' | 'medium' | 'high' | 'urgent';
export type UpstreamLeadStatus = 'open' | 'won' | 'lost' | 'snoozed';

export interface NewMessageBody {
  content: string;
  private: boolean;
  message_type: 'outgoing';
  /** Echoed back by Voxys (not de-duplicated by it). */
  echo_id?: string;
}

/**
 * Every Voxys endpoint the gateway calls (the only place that knows routes), each through the
 * shared RestClient with its route template (the metrics label), the zod schema of its answer and
 * its cache tags. Every path is under `/api/v1/accounts/{accountId}` (the RestClient's `basePath`);
 * `:id` is the per-account display id.
 *
 * Reads are tagged `list` for anything a write to any conversation may change, `conversation:<id>`
 * for one conversation's reads, `crm` for the CRM sidebar, `leads` for the CRM lead list and
 * `agents` for the account's agents. Writes are never cached nor retried (the RestClient does
 * neither for them), so a message is posted at most once per call.
 */
export class VoxysApi {
  constructor(private readonly client: RestClient) {}

  // ---- reads -----------------------------------------------------------------------------------

  listConversations(query: ListQuery, page: number): Promise<ConversationRowsJson & { counts: CountsJson }> {
    return this.client
      .request({ route: '/conversations', query: { ...query, page }, schema: conversationListSchema, tags: ['list'] })
      .then((answer) => ({ counts: answer.data.meta, rows: this.client.rows(answer.data.payload, CONVERSATION_ROWS), received: answer.data.payload.received }));
  }

  conversationCounts(query: Omit<ListQuery, 'assignee_type'>): Promise<CountsJson> {
    return this.client.request({ route: '/conversations/meta', query: { ...query }, schema: conversationMetaSchema, tags: ['list'] }).then((answer) => answer.meta);
  }

  /** Chatwoot's filter endpoint only reads: cached and de-duplicated like a GET. */
  filterConversations(conditions: FilterCondition[], page: number): Promise<ConversationRowsJson & { meta: FilterResultJson['meta'] }> {
    return this.client
      .request({
        method: 'POST',
        readOnly: true,
        route: '/conversations/filter',
        query: { page },
        body: { payload: conditions },
        schema: filterResultSchema,
        tags: ['list'],
      })
      .then((answer) => ({
        meta: answer.meta,
        rows: this.client.rows(answer.payload, { route: '/conversations/filter', row: 'conversation' }),
        received: answer.payload.received,
      }));
  }

  conversation(id: string): Promise<ConversationJson> {
    return this.client.request({ route: '/conversations/:id', params: { id }, schema: conversationSchema, tags: [`conversation:${id}`] });
  }

  messages(id: string, cursor: { before?: string; after?: string }): Promise<MessageRowsJson> {
    return this.client
      .request({ route: '/conversations/:id/messages', params: { id }, query: cursor, schema: messageListSchema, tags: [`conversation:${id}`] })
      .then(({ payload }) => {
        const rows = this.client.rows(payload, { route: '/conversations/:id/messages', row: 'message' });
        const ids = [...rows.map((m) => m.id), ...payload.skipped.map((m) => Number(m.upstreamId)).filter(Number.isSafeInteger)];
        return { rows, received: payload.received, ids: ids.length > 0 ? { lowest: Math.min(...ids), highest: Math.max(...ids) } : null };
      });
  }

  crmSidebar(id: string): Promise<CrmSidebar> {
    return this.client
      .request({ route: '/conversations/:id/crm', params: { id }, schema: crmSidebarSchema, tags: [`conversation:${id}`, 'crm'] })
      .then(({ follow_up_tasks, ...sidebar }) => ({
        ...sidebar,
        tasks: follow_up_tasks ? this.client.rows(follow_up_tasks, { route: '/conversations/:id/crm', row: 'follow-up task' }) : [],
      }));
  }

  leads(page: number, perPage: number): Promise<{ leads: LeadJson[]; totalPages: number }> {
    return this.client
      .request({ route: '/leads', query: { page, per_page: perPage }, schema: leadListSchema, tags: ['list', 'leads'] })
      .then((answer) => ({ leads: this.client.rows(answer.data, { route: '/leads', row: 'lead' }), totalPages: answer.meta.total_pages }));
  }

  /** Fresh, never from a cache: the POST that follows replaces the whole list. */
  labels(id: string): Promise<string[]> {
    return this.client
      .request({ route: '/conversations/:id/labels', params: { id }, schema: labelListSchema, cache: false, tags: [`conversation:${id}`] })
      .then((answer) => answer.payload);
  }

  /** Every user of the account (the membership check before an assignment); account-wide. */
  agents(): Promise<AgentJson[]> {
    return this.client.request({ route: '/agents', schema: agentListSchema, tags: ['agents'] });
  }

  /** One contact of the account (Chatwoot's `GET /contacts/{id}` → `{payload: Contact}`); 404 when the account has no such contact. */
  contact(id: string): Promise<ContactJson> {
    return this.client.request({ route: '/contacts/:id', params: { id }, schema: contactAnswerSchema, tags: ['contacts'] }).then((answer) => answer.payload);
  }

  /** The account's inboxes (where a new conversation is started); account-wide. */
  inboxes(): Promise<InboxJson[]> {
    return this.client.request({ route: '/inboxes', schema: inboxListSchema, tags: ['inboxes'] }).then((answer) => answer.payload);
  }

  // ---- writes ----------------------------------------------------------------------------------

  /** Starts a conversation with a contact in an inbox, with a first outgoing message; answers the Conversation. */
  createConversation(body: NewConversationBody): Promise<ConversationJson> {
    return this.client.request({ method: 'POST', route: '/conversations', body, schema: conversationSchema });
  }

  sendMessage(id: string, body: NewMessageBody): Promise<MessageJson> {
    return this.client.request({ method: 'POST', route: '/conversations/:id/messages', params: { id }, body, schema: createdMessageSchema });
  }

  /** The same message as a multipart body with its files as `attachments[]` (Chatwoot's MessageBuilder takes either). */
  sendMessageWithFiles(id: string, body: NewMessageBody, files: OutgoingFile[]): Promise<MessageJson> {
    const form = new FormData();
    form.append('content', body.content);
    form.append('private', String(body.private));
    form.append('message_type', body.message_type);
    if (body.echo_id) form.append('echo_id', body.echo_id);
    for (const file of files) form.append('attachments[]', new Blob([new Uint8Array(file.content)], { type: file.contentType }), file.filename);
    return this.client.request({ method: 'POST', route: '/conversations/:id/messages', params: { id }, body: form, schema: createdMessageSchema });
  }

  /** No `snoozed_until`: a snooze lasts until the contact's next reply. */
  async toggleStatus(id: string, status: UpstreamStatus): Promise<void> {
    await this.client.request({ method: 'POST', route: '/conversations/:id/toggle_status', params: { id }, body: { status }, schema: toggleStatusSchema });
  }

  async togglePriority(id: string, priority: UpstreamPriority | null): Promise<void> {
    await this.client.request({ method: 'POST', route: '/conversations/:id/toggle_priority', params: { id }, body: { priority }, schema: emptyAnswerSchema });
  }

  /** The agent now assigned, or null when nobody is. */
  assign(id: string, assigneeId: number | null): Promise<AgentJson | null> {
    return this.client.request({ method: 'POST', route: '/conversations/:id/assignments', params: { id }, body: { assignee_id: assigneeId }, schema: assignmentSchema });
  }

  async updateLastSeen(id: string): Promise<void> {
    await this.client.request({ method: 'POST', route: '/conversations/:id/update_last_seen', params: { id }, schema: conversationAckSchema });
  }

  async markUnread(id: string): Promise<void> {
    await this.client.request({ method: 'POST', route: '/conversations/:id/unread', params: { id }, schema: conversationAckSchema });
  }

  replaceLabels(id: string, labels: string[]): Promise<string[]> {
    return this.client.request({ method: 'POST', route: '/conversations/:id/labels', params: { id }, body: { labels }, schema: labelListSchema }).then((answer) => answer.payload);
  }

  setLeadStatus(leadId: string, status: UpstreamLeadStatus, notes: string | null): Promise<LeadJson> {
    const body = notes === null ? { status } : { status, notes };
    return this.client.request({ method: 'PATCH', route: '/leads/:id/status', params: { id: leadId }, body, schema: leadSchema });
  }
}
