import type { RestClient } from '../rest-client.js';
import type { FilterCondition, ListQuery } from './query-plan.js';
import {
  conversationListSchema,
  conversationMetaSchema,
  conversationSchema,
  crmSidebarSchema,
  filterResultSchema,
  leadListSchema,
  messageListSchema,
  type ConversationJson,
  type CountsJson,
  type CrmSidebarJson,
  type FilterResultJson,
  type LeadJson,
  type MessageJson,
} from './schemas.js';

/** Chatwoot pages conversations by 25 (`CONVERSATION_RESULTS_PER_PAGE`), in the list and the filter endpoint. */
export const CONVERSATION_PAGE_SIZE = 25;

/**
 * The Voxys endpoints the connector reads, each through the shared RestClient with its route
 * template (the metrics label) and cache tags: `list` for anything a write to any conversation may
 * change, `conversation:<id>` for one conversation's reads, `leads` for the CRM lead list.
 */
export class VoxysApi {

  constructor(private readonly client: RestClient) {}

  listConversations(query: ListQuery, page: number): Promise<{ counts: CountsJson; rows: ConversationJson[] }> {
    return this.client
      .request({ route: '/conversations', query: { ...query, page }, schema: conversationListSchema, tags: ['list'] })
      .then((answer) => ({ counts: answer.data.meta, rows: answer.data.payload }));
  }

  conversationCounts(query: Omit<ListQuery, 'assignee_type'>): Promise<CountsJson> {
    return this.client.request({ route: '/conversations/meta', query: { ...query }, schema: conversationMetaSchema, tags: ['list'] }).then((answer) => answer.meta);
  }

  /** Chatwoot's filter endpoint only reads: cached and de-duplicated like a GET. */
  filterConversations(conditions: FilterCondition[], page: number): Promise<FilterResultJson> {
    return this.client.request({
      method: 'POST',
      readOnly: true,
      route: '/conversations/filter',
      query: { page },
      body: { payload: conditions },
      schema: filterResultSchema,
      tags: ['list'],
    });
  }

  conversation(id: string): Promise<ConversationJson> {
    return this.client.request({ route: '/conversations/:id', params: { id }, schema: conversationSchema, tags: [`conversation:${id}`] });
  }

  messages(id: string, cursor: { before?: string; after?: string }): Promise<MessageJson[]> {
    return this.client
      .request({ route: '/conversations/:id/messages', params: { id }, query: cursor, schema: messageListSchema, tags: [`conversation:${id}`] })
      .then((answer) => answer.payload);
  }

  crmSidebar(id: string): Promise<CrmSidebarJson> {
    return this.client.request({ route: '/conversations/:id/crm', params: { id }, schema: crmSidebarSchema, tags: [`conversation:${id}`, 'crm'] });
  }

  leads(page: number, perPage: number): Promise<{ leads: LeadJson[]; totalPages: number }> {
    return this.client
      .request({ route: '/leads', query: { page, per_page: perPage }, schema: leadListSchema, tags: ['list', 'leads'] })
      .then((answer) => ({ leads: answer.data, totalPages: answer.meta.total_pages }));
  }
}
