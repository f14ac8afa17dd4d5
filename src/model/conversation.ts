import type { JsonObject } from './crm.js';
import type { AgentModel, BotModel, ContactModel } from './people.js';
import type { SourceRef } from './source.js';

export type ConversationStatus = 'OPEN' | 'PENDING' | 'SNOOZED' | 'HUMAN_REQUESTED' | 'RESOLVED';
export type ConversationPriority = 'LOW' | 'MEDIUM' | 'HIGH' | 'URGENT';
export type Channel = 'WEB_CHAT' | 'WHATSAPP' | 'INSTAGRAM' | 'FACEBOOK' | 'TELEGRAM' | 'EMAIL' | 'SMS' | 'VOICE' | 'API' | 'OTHER';

export interface SlaModel {
  dueAt: Date | null;
  overdue: boolean;
  /** The SLA policy's name, where the conversation's own answer gives it (Voxys `sla_name`). */
  policyName?: string | null;
  /** Minutes the policy gives for the target now due, where the conversation's own answer gives it (Voxys thresholds). */
  targetMinutes?: number | null;
  /**
   * Whose SLA it is, set by mappings whose platform keeps the target in a separate SLA
   * configuration (Iron's `GET /conversations/sla`): `Sla.targetMinutes` reads it there when asked.
   */
  source?: SourceRef;
}

/**
 * Fields a platform's list row may leave out, to be completed on demand by the connector's
 * `hydrate` (one more call per row). Leaving them out keeps a list page cheap: only the rows the
 * merged inbox actually shows, and only when the query asks for such a field, cost that call.
 */
export type DeferredField =
  | 'title'
  | 'status'
  | 'priority'
  | 'channel'
  | 'aiEnabled'
  | 'contact'
  | 'assignee'
  | 'unreadCount'
  | 'starred'
  | 'archived'
  | 'labels'
  | 'lastMessagePreview'
  | 'createdAt'
  | 'sla'
  | 'summary'
  | 'handoffs';

export type HandoffStatus = 'REQUESTED' | 'ACCEPTED' | 'COMPLETED';

/** One hand-over from the AI to a human (VoiceGlow `handoffHistory`). */
export interface HandoffModel {
  /** How far it got: completed, else accepted, else requested. */
  status: HandoffStatus;
  requestedAt: Date | null;
  acceptedAt: Date | null;
  completedAt: Date | null;
  /** The teammate who took it, as far as the platform names them. */
  acceptedBy: AgentModel | null;
  /** The teams it was offered to (VoiceGlow `teamKeys`, else `requestedTeamKey`). */
  teams: string[];
}

/**
 * A conversation as the graph sees it, whatever platform it came from. What the platform's list
 * row gives is filled in; what it lacks is named in `deferred` and completed by the connector's
 * `hydrate`. Heavier parts (messages, CRM, suggestions) are loaded on demand through the connector.
 */
export interface ConversationModel {
  /** Fields not known yet (their values here are placeholders); absent or empty when complete. */
  deferred?: ReadonlySet<DeferredField>;
  ref: SourceRef;
  upstreamId: string;
  title: string | null;
  status: ConversationStatus;
  priority: ConversationPriority | null;
  channel: Channel | null;
  /** Whether the platform's AI answers this conversation; null where the platform has no such switch. */
  aiEnabled: boolean | null;
  contact: ContactModel | null;
  /** The human agent who holds it; null when nobody does or a bot does. */
  assignee: AgentModel | null;
  /** The bot that holds it (Voxys `assignee_type: AgentBot`), where the platform has bot assignees; deferred with `assignee`. */
  botAssignee?: BotModel | null;
  unreadCount: number | null;
  /** null where the platform has no such concept (then the filter `starred: true` matches nothing). */
  starred: boolean | null;
  archived: boolean | null;
  labels: string[];
  /** A short text of the last message, when the list endpoint gives one (for search and previews). */
  lastMessagePreview: string | null;
  lastActivityAt: Date;
  createdAt: Date | null;
  sla: SlaModel | null;
  /** The platform's summary of the conversation (VoiceGlow `summary`); null elsewhere. */
  summary: string | null;
  /** Hand-overs from the AI to a human, oldest first (VoiceGlow); empty elsewhere. */
  handoffs: HandoffModel[];
  /** Custom attributes (Voxys `custom_attributes`) or variables (Chatvolt); null where the platform has none. */
  customAttributes: JsonObject | null;
  /** How frustrated the contact seems (Chatvolt `frustration`); null elsewhere or when unknown. */
  frustration: number | null;
}

export type AssigneeFilter = 'MINE' | 'UNASSIGNED' | 'ASSIGNED' | 'ALL';

/** The merged inbox's filter, already validated and normalized by the gateway. */
export interface ConversationFilter {
  status: ConversationStatus[] | null;
  assignee: AssigneeFilter;
  search: string | null;
  archived: boolean | null;
  starred: boolean | null;
  overdue: boolean | null;
  labels: string[] | null;
  /** true: only conversations with unread messages (`unreadCount` > 0); false: only those without. */
  unread: boolean | null;
  /** Only conversations with activity within this many days (an Iron view's `recent_days`). */
  activeWithinDays: number | null;
}

export interface BucketCounts {
  mine: number;
  unassigned: number;
  assigned: number;
  all: number;
}
