import type { AssigneeFilter, Channel, ConversationStatus } from './conversation.js';
import type { SourceRef, SourceType } from './source.js';

/** The built-in views every inbox has (merged over every source). */
export type BuiltInViewKey = 'ALL' | 'MINE' | 'UNASSIGNED' | 'UNREAD' | 'STARRED' | 'OVERDUE';

/** What a view lists: the keys of the merged inbox's filter a view can set. */
export interface ViewFilterModel {
  /** Only these platforms; null: every source (a saved view: its own source). */
  sources: SourceType[] | null;
  assignee: AssigneeFilter;
  status: ConversationStatus[] | null;
  unread: boolean | null;
  starred: boolean | null;
  archived: boolean | null;
  overdue: boolean | null;
  activeWithinDays: number | null;
}

export interface ViewCountsModel {
  total: number;
  unread: number;
}

/** A platform's saved inbox view (Iron), in our terms. */
export interface SavedViewModel {
  ref: SourceRef;
  upstreamId: string;
  name: string;
  /** The platform will not delete it (Iron's Unread, Recents, Starred, All). */
  deletable: boolean;
  filter: Omit<ViewFilterModel, 'sources' | 'assignee' | 'status'>;
}

/** One view as `Query.inboxViews` answers it. */
export interface InboxViewModel {
  id: string;
  name: string;
  /** The saved view's source; null for a built-in view. */
  ref: SourceRef | null;
  builtIn: boolean;
  deletable: boolean;
  filter: ViewFilterModel;
  /** Computed on demand (built-in views share one read of every source per request). */
  counts: () => Promise<ViewCountsModel | null>;
}

/** A platform's SLA configuration (Iron `GET /conversations/sla`). */
export interface SlaPolicyModel {
  enabled: boolean;
  name: string | null;
  firstResponseMinutes: number | null;
  businessHoursOnly: boolean | null;
}

/** What `saveInboxViews` writes for one view. */
export interface SavedViewInput {
  /** An existing view's upstream id, or null for a new one. */
  upstreamId: string | null;
  name: string;
  filter: SavedViewModel['filter'];
}

/** What `startConversation` asks a platform to do. */
export interface StartConversationRequest {
  contactUpstreamId: string;
  channel: Channel | null;
  content: string;
  idempotencyKey: string | null;
}
