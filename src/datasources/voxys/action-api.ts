import type { RestClient } from '../rest-client.js';
import {
  agentListSchema,
  assignmentSchema,
  conversationAckSchema,
  createdMessageSchema,
  emptyAnswerSchema,
  labelListSchema,
  leadSchema,
  toggleStatusSchema,
  type AgentJson,
  type LeadJson,
  type MessageJson,
} from './schemas.js';

type UpstreamStatus = 'open' | 'resolved' | 'pending' | 'snoozed';
type UpstreamPriority = 'low' | 'medium' | 'high' | 'urgent';
type UpstreamLeadStatus = 'open' | 'won' | 'lost' | 'snoozed';

export interface NewMessageBody {
  content: string;
  private: boolean;
  message_type: 'outgoing';
  /** Echoed back by Voxys (not de-duplicated by it). */
  echo_id?: string;
}

/**
 * The Voxys endpoints the actions call. Writes are never cached nor retried (the RestClient does
 * neither for them), so a message is posted at most once per call. The two reads here are tagged
 * like the others: the label list is read fresh (`cache: false`) before it is replaced, and the
 * agent list (membership check before an assignment) is account-wide (`agents`).
 */
export class VoxysActionApi {
  constructor(private readonly client: RestClient) {}

  sendMessage(id: string, body: NewMessageBody): Promise<MessageJson> {
    return this.client.request({ method: 'POST', route: '/conversations/:id/messages', params: { id }, body, schema: createdMessageSchema });
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

  /** Fresh, never from a cache: the POST that follows replaces the whole list. */
  labels(id: string): Promise<string[]> {
    return this.client
      .request({ route: '/conversations/:id/labels', params: { id }, schema: labelListSchema, cache: false, tags: [`conversation:${id}`] })
      .then((answer) => answer.payload);
  }

  replaceLabels(id: string, labels: string[]): Promise<string[]> {
    return this.client
      .request({ method: 'POST', route: '/conversations/:id/labels', params: { id }, body: { labels }, schema: labelListSchema })
      .then((answer) => answer.payload);
  }

  agents(): Promise<AgentJson[]> {
    return this.client.request({ route: '/agents', schema: agentListSchema, tags: ['agents'] });
  }

  setLeadStatus(leadId: string, status: UpstreamLeadStatus, notes: string | null): Promise<LeadJson> {
    const body = notes === null ? { status } : { status, notes };
    return this.client.request({ method: 'PATCH', route: '/leads/:id/status', params: { id: leadId }, body, schema: leadSchema });
  }
}
