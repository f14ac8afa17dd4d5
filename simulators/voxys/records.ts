import type { StaffKey } from '../common/people.js';

/**
 * The rows a Voxys Connect account holds (Chatwoot tables plus the Voxys CRM add-on), as the
 * simulator stores them. Times are unix seconds here; render.ts turns rows into the platform's
 * JSON (unix ints for Chatwoot objects, ISO-8601 for CRM objects).
 */

export type ConversationStatus = 'open' | 'resolved' | 'pending' | 'snoozed';
export type ConversationPriority = 'low' | 'medium' | 'high' | 'urgent';
export const CONVERSATION_STATUSES: readonly ConversationStatus[] = ['open', 'resolved', 'pending', 'snoozed'];
export const CONVERSATION_PRIORITIES: readonly ConversationPriority[] = ['low', 'medium', 'high', 'urgent'];

/** Chatwoot `Message.message_type`: incoming 0, outgoing 1, activity 2, template 3. */
export type MessageType = 0 | 1 | 2 | 3;
export const MESSAGE_TYPE = { incoming: 0, outgoing: 1, activity: 2, template: 3 } as const;

export interface UserRow {
  id: number;
  name: string;
  email: string;
  role: 'agent' | 'administrator';
  availability_status: 'online' | 'busy' | 'offline';
  thumbnail: string;
  /** The shared team member this user is, or null for the API credential's own user. */
  staffKey: StaffKey | null;
}

export interface AgentBotRow {
  id: number;
  name: string;
  thumbnail: string;
}

export interface InboxRow {
  id: number;
  name: string;
  /** Chatwoot's channel class name, e.g. `Channel::WebWidget`. */
  channel_type: string;
}

export interface ContactRow {
  id: number;
  name: string;
  email: string | null;
  phone_number: string | null;
  identifier: string | null;
  thumbnail: string;
  company_name: string | null;
  created_at: number;
  last_activity_at: number;
}

export interface SlaPolicyRow {
  id: number;
  name: string;
  description: string;
  /** Seconds, or null when the policy has no such target. */
  first_response_time_threshold: number | null;
  next_response_time_threshold: number | null;
  resolution_time_threshold: number | null;
  only_during_business_hours: boolean;
}

export interface AppliedSlaRow {
  id: number;
  sla_policy_id: number;
  sla_status: 'active' | 'hit' | 'missed' | 'active_with_misses';
  created_at: number;
  updated_at: number;
}

export interface ConversationRow {
  /** The per-account display id: the `{conversation_id}` of every path. */
  display_id: number;
  uuid: string;
  inbox_id: number;
  contact_id: number;
  /** The user who holds it; null when nobody or a bot does (Chatwoot's `unassigned` scope is `assignee_id IS NULL`). */
  assignee_id: number | null;
  /** The agent bot that holds it (newer Chatwoot: `assignee_agent_bot_id`, `meta.assignee_type: AgentBot`), else null. */
  assignee_agent_bot_id: number | null;
  team_id: number | null;
  status: ConversationStatus;
  priority: ConversationPriority | null;
  labels: string[];
  muted: boolean;
  created_at: number;
  /** Float seconds, as Chatwoot renders `updated_at.to_f`. */
  updated_at: number;
  /** Seconds; writes keep sub-second precision (as Postgres does) for the sort, rendered as whole seconds. */
  last_activity_at: number;
  agent_last_seen_at: number | null;
  assignee_last_seen_at: number | null;
  contact_last_seen_at: number | null;
  /** Unix seconds; rendered as a datetime string, as Chatwoot does. */
  snoozed_until: number | null;
  waiting_since: number | null;
  first_reply_created_at: number | null;
  custom_attributes: Record<string, string | number | boolean>;
  additional_attributes: Record<string, string>;
  applied_sla: AppliedSlaRow | null;
}

export type SenderRef = { type: 'contact' | 'user' | 'agent_bot'; id: number };

/** Chatwoot `Attachment.file_type` (4.x adds `contact` and `ig_reel` after the first eight). */
export type AttachmentFileType = 'image' | 'audio' | 'video' | 'file' | 'location' | 'fallback' | 'share' | 'story_mention' | 'contact' | 'ig_reel';
export const ATTACHMENT_FILE_TYPES: readonly AttachmentFileType[] = ['image', 'audio', 'video', 'file', 'location', 'fallback', 'share', 'story_mention', 'contact', 'ig_reel'];

/**
 * One attachment as Chatwoot stores it: a stored file (`data_url` is its URL) or an external link
 * (`external_url`, rendered as `data_url` for locations and fallbacks; null when there is none);
 * a contact card has neither, only `fallback_title` and `meta`.
 */
export interface AttachmentRow {
  id: number;
  file_type: AttachmentFileType;
  extension: string | null;
  /** The file's URL, or a location's/fallback's external link; null when there is none. */
  data_url: string | null;
  file_size: number | null;
  fallback_title?: string | null;
  coordinates?: { lat: number; long: number } | null;
  /** A contact card's fields (`meta`), e.g. `{ phone: '+1555…', name: 'Ana' }`. */
  meta?: Record<string, string> | null;
}

export interface MessageRow {
  id: number;
  conversation_id: number;
  inbox_id: number;
  content: string | null;
  message_type: MessageType;
  content_type: 'text' | 'incoming_email' | 'input_select';
  status: 'sent' | 'delivered' | 'read' | 'failed';
  private: boolean;
  /** Seconds; written messages keep sub-second precision (rendered whole, as Chatwoot's `.to_i`). */
  created_at: number;
  source_id: string | null;
  /** Activity messages have no sender. */
  sender: SenderRef | null;
  attachments: AttachmentRow[];
  /** Chatwoot's `content_attributes` (`{deleted: true}` after a soft delete); `{}` when absent. */
  content_attributes?: Record<string, unknown>;
}

export type LeadStatus = 'open' | 'won' | 'lost' | 'snoozed';
export const LEAD_STATUSES: readonly LeadStatus[] = ['open', 'won', 'lost', 'snoozed'];

export interface CompanyRow {
  id: number;
  name: string;
  domain: string;
}

export interface LeadRow {
  id: number;
  custom_name: string;
  status: LeadStatus;
  lead_value: number | null;
  lead_currency: string | null;
  position: number | null;
  notes: string | null;
  assigned_agent_id: number | null;
  company_id: number | null;
  /** Display id of the linked conversation, or null for a lead created by hand. */
  conversation_id: number | null;
  source_inbox_id: number | null;
  custom_attributes: Record<string, string | number>;
  created_at: number;
  updated_at: number;
}

export interface FunnelRow {
  id: number;
  name: string;
}

export interface FunnelStageRow {
  id: number;
  funnel_id: number;
  name: string;
  position: number;
}

export interface FunnelCardRow {
  id: number;
  funnel_id: number;
  funnel_stage_id: number;
  lead_id: number;
  position: number;
  created_at: number;
  updated_at: number;
}

export type TaskStatus = 'pending' | 'completed' | 'cancelled';
export type TaskPriority = 'low' | 'medium' | 'high';

export interface TaskRow {
  id: number;
  title: string;
  description: string | null;
  status: TaskStatus;
  priority: TaskPriority | null;
  due_at: number | null;
  completed_at: number | null;
  /** A follow-up task hangs off a lead or, when there is none, off the conversation itself. */
  taskable_type: 'Lead' | 'Conversation';
  taskable_id: number;
  assigned_to_id: number | null;
  created_at: number;
  updated_at: number;
}
