import type {
  AgentModel,
  BucketCounts,
  ContactModel,
  ConversationFilter,
  ConversationModel,
  FunnelCardModel,
  LeadModel,
  MessageModel,
  MessagePage,
  MessagePageArgs,
  ScenarioPlacementModel,
  SavedViewModel,
  ScenarioStepModel,
  SlaPolicyModel,
  SourceRef,
  SuggestionModel,
  TaskModel,
  ViewCountsModel,
} from '../model/index.js';

/** A JSON value a connector keeps in the merged inbox cursor to resume its own list. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Keys of the filter a connector may apply upstream; the gateway applies the rest itself. */
export type FilterKey = keyof ConversationFilter;

export interface ListRequest {
  filter: ConversationFilter;
  /** Where the previous page of this source ended (the `next` it returned), or null for the start. */
  position: JsonValue | null;
  /**
   * How many more items the merged page may still take from this source. A platform whose list
   * takes a `limit` may ask for about that many (capped at its own maximum); others ignore it.
   */
  limitHint: number;
}

export interface ListPage {
  /** One upstream page, in the platform's own order (the gateway sorts and merges). */
  items: ConversationModel[];
  /** Where the following page starts; null when this was the last page. */
  next: JsonValue | null;
  /**
   * Which filter keys the platform applied itself. The gateway re-applies only the others, so a
   * platform-side match the model cannot see (e.g. Voxys search over message bodies) is kept.
   */
  applied: ReadonlySet<FilterKey>;
}

/** What a query selects of one conversation, for `InboxConnector.readAhead`. */
export interface ConversationSelection {
  /** Whether the query selects this field of the conversation (or, with `child`, that field of it). */
  has(field: string, child?: string): boolean;
  /** The page each `messages` selection asks (aliases may ask several), as its resolver will ask it. */
  readonly messagePages: readonly MessagePageArgs[];
}

/**
 * Everything the graph needs from one platform, for one request of one tenant's user.
 * A connector is built per request (its DataLoaders batch and de-duplicate within that request),
 * on top of a cross-request cache keyed by tenant, source and credential. It speaks only our
 * model types: no platform JSON leaves its folder.
 */
export interface InboxConnector {
  readonly ref: SourceRef;

  listConversations(request: ListRequest): Promise<ListPage>;
  /** Per-bucket counts (mine/unassigned/assigned/all) for the filter, ignoring its `assignee` key. */
  countConversations(filter: ConversationFilter): Promise<BucketCounts>;
  /**
   * Completes a list row whose `deferred` is not empty (batched and cached per request). Connectors
   * whose list rows are always complete return the row itself.
   */
  hydrate(conversation: ConversationModel): Promise<ConversationModel>;
  /** One conversation, or null when the platform says it does not exist. */
  conversation(upstreamId: string): Promise<ConversationModel | null>;
  /**
   * Starts, beside `conversation(upstreamId)`, the reads its selected fields will make once it has
   * arrived (messages, CRM sidebar, member directory, …): they need the id only, so a conversation
   * screen takes one round trip instead of two or three. Each is the very call the field's
   * resolver makes later (the request shares it), so it costs no extra call, except a directory
   * or configuration the answer turns out not to need (cached across requests). Never throws.
   */
  readAhead?(upstreamId: string, selection: ConversationSelection): void;

  messages(conversation: ConversationModel, page: MessagePageArgs): Promise<MessagePage>;
  lastMessage(conversation: ConversationModel): Promise<MessageModel | null>;

  // Optional read capabilities: a platform implements those its API has; the graph answers
  // null / [] for the others without any call.
  lead?(conversation: ConversationModel): Promise<LeadModel | null>;
  funnelCard?(conversation: ConversationModel): Promise<FunnelCardModel | null>;
  tasks?(conversation: ConversationModel): Promise<TaskModel[]>;
  scenario?(conversation: ConversationModel): Promise<ScenarioPlacementModel | null>;
  /** All steps of a scenario, in order (for a "move to step" picker). */
  scenarioSteps?(scenarioUpstreamId: string): Promise<ScenarioStepModel[]>;
  suggestions?(conversation: ConversationModel): Promise<SuggestionModel[]>;

  // Reads by id (for `node` and Federation's `_entities`): a platform implements those its API
  // can answer; for the others a Contact or Agent id is NOT_FOUND without any call.
  /** A team member by upstream id, from the platform's member directory; null when it names nobody. */
  agent?(upstreamId: string): Promise<AgentModel | null>;
  /** A contact by upstream id, from the platform's contact read; null when it names nobody. */
  contact?(upstreamId: string): Promise<ContactModel | null>;

  // Inbox views (Iron): the platform's own saved views, their counts and its SLA configuration.
  savedViews?(): Promise<SavedViewModel[]>;
  /** The platform's own total/unread per saved view, by the view's upstream id. */
  savedViewCounts?(): Promise<Map<string, ViewCountsModel>>;
  /** The SLA configuration behind `Sla.targetMinutes`; null when SLAs are off. */
  slaPolicy?(): Promise<SlaPolicyModel | null>;
  /**
   * The platform's own count of conversations that are not RESOLVED and overdue, when its endpoint
   * answers exactly this filter (assignee aside); null when it cannot (the gateway counts).
   */
  overdueCount?(filter: ConversationFilter): Promise<number | null>;
}
