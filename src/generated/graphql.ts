import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { ConversationModel, MessageModel, ContactModel, AgentModel, BotModel, LeadModel, MoneyModel, FunnelCardModel, TaskModel, ScenarioModel, ScenarioStepModel, SuggestionModel, SlaModel } from '../model/index.js';
import type { MessageConnectionModel } from '../graph/message-page.js';
import type { MergedInboxPage } from '../inbox/merged-inbox.js';
import type { ViewerModel, GatewayContext } from '../context.js';
import type { InboxEvent } from '../events/event.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An instant, serialized as an ISO-8601 UTC string (e.g. 2026-11-21T09:30:00.000Z), whatever format the platform used. */
  DateTime: { input: Date; output: Date | string; }
};

/** A human member of the team on a platform. */
export type Agent = Node & {
  __typename?: 'Agent';
  avatarUrl?: Maybe<Scalars['String']['output']>;
  email?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  /** True when this agent is the signed-in user's identity on that platform. */
  isMe: Scalars['Boolean']['output'];
  name?: Maybe<Scalars['String']['output']>;
  source: Source;
};

export type ArchiveConversationInput = {
  archived?: InputMaybe<Scalars['Boolean']['input']>;
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  conversationId: Scalars['ID']['input'];
};

export type AssignConversationInput = {
  /** An Agent id of the same platform; null unassigns. */
  assigneeId?: InputMaybe<Scalars['ID']['input']>;
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  conversationId: Scalars['ID']['input'];
};

export type AssigneeFilter =
  | 'ALL'
  | 'ASSIGNED'
  /** Assigned to the signed-in user (through their identity on each platform). */
  | 'MINE'
  | 'UNASSIGNED';

export type Attachment = {
  __typename?: 'Attachment';
  contentType?: Maybe<Scalars['String']['output']>;
  name?: Maybe<Scalars['String']['output']>;
  url: Scalars['String']['output'];
};

/** An automated sender: the platform's AI agent, a bot or the system. */
export type Bot = {
  __typename?: 'Bot';
  name?: Maybe<Scalars['String']['output']>;
};

export type Channel =
  | 'API'
  | 'EMAIL'
  | 'FACEBOOK'
  | 'INSTAGRAM'
  | 'OTHER'
  | 'SMS'
  | 'TELEGRAM'
  | 'VOICE'
  | 'WEB_CHAT'
  | 'WHATSAPP';

/** A platform configured for the viewer's tenant. */
export type ConfiguredSource = {
  __typename?: 'ConfiguredSource';
  /** The source's key in the configuration (a tenant may configure two sources of one platform). */
  key: Scalars['String']['output'];
  source: Source;
};

/** The customer side of a conversation. */
export type Contact = Node & {
  __typename?: 'Contact';
  avatarUrl?: Maybe<Scalars['String']['output']>;
  company?: Maybe<Scalars['String']['output']>;
  email?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  name?: Maybe<Scalars['String']['output']>;
  phone?: Maybe<Scalars['String']['output']>;
  source: Source;
};

/**
 * One conversation of one platform. Fields backed by extra platform calls are nullable: a platform
 * that fails costs only its own fields, with an error naming `extensions.source`.
 */
export type Conversation = Node & {
  __typename?: 'Conversation';
  /** Whether the platform's AI answers it; null where the platform has no such switch. */
  aiEnabled?: Maybe<Scalars['Boolean']['output']>;
  /** null where the platform has no archive. */
  archived?: Maybe<Scalars['Boolean']['output']>;
  assignee?: Maybe<Agent>;
  /** Which mutations this conversation's platform supports (the capability matrix). */
  capabilities: Array<InboxAction>;
  channel?: Maybe<Channel>;
  contact?: Maybe<Contact>;
  createdAt?: Maybe<Scalars['DateTime']['output']>;
  funnelCard?: Maybe<FunnelCard>;
  id: Scalars['ID']['output'];
  labels: Array<Scalars['String']['output']>;
  lastActivityAt: Scalars['DateTime']['output'];
  lastMessage?: Maybe<Message>;
  lead?: Maybe<Lead>;
  /** Oldest first. Without arguments: the newest 20. `last`/`before` pages back through older history. */
  messages?: Maybe<MessageConnection>;
  priority?: Maybe<ConversationPriority>;
  scenario?: Maybe<Scenario>;
  scenarioStep?: Maybe<ScenarioStep>;
  sla?: Maybe<Sla>;
  source: Source;
  /** The configuration key of the source it came from. */
  sourceKey: Scalars['String']['output'];
  /** null where the platform has no stars. */
  starred?: Maybe<Scalars['Boolean']['output']>;
  status: ConversationStatus;
  /** AI drafts; by default only those waiting for a human. */
  suggestions?: Maybe<Array<Suggestion>>;
  tasks?: Maybe<Array<Task>>;
  title?: Maybe<Scalars['String']['output']>;
  unreadCount?: Maybe<Scalars['Int']['output']>;
};


/**
 * One conversation of one platform. Fields backed by extra platform calls are nullable: a platform
 * that fails costs only its own fields, with an error naming `extensions.source`.
 */
export type ConversationMessagesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};


/**
 * One conversation of one platform. Fields backed by extra platform calls are nullable: a platform
 * that fails costs only its own fields, with an error naming `extensions.source`.
 */
export type ConversationSuggestionsArgs = {
  status?: InputMaybe<Array<SuggestionStatus>>;
};

export type ConversationActionInput = {
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  conversationId: Scalars['ID']['input'];
};

/**
 * The merged inbox: conversations of every source, newest activity first (ties broken by id).
 * Paging with `after: endCursor` yields every conversation exactly once.
 */
export type ConversationConnection = {
  __typename?: 'ConversationConnection';
  /** Summed over the sources that could count (a failing source is reported in `errors`). */
  counts?: Maybe<ConversationCounts>;
  edges: Array<ConversationEdge>;
  /** Sources whose conversations are missing from this page because they failed (see `errors`). */
  missingSources: Array<Source>;
  pageInfo: PageInfo;
};

/** How many conversations match the filter, per assignee bucket (the filter's `assignee` aside). */
export type ConversationCounts = {
  __typename?: 'ConversationCounts';
  all: Scalars['Int']['output'];
  assigned: Scalars['Int']['output'];
  mine: Scalars['Int']['output'];
  unassigned: Scalars['Int']['output'];
};

export type ConversationEdge = {
  __typename?: 'ConversationEdge';
  cursor: Scalars['String']['output'];
  node: Conversation;
};

export type ConversationFilter = {
  archived?: InputMaybe<Scalars['Boolean']['input']>;
  assignee?: InputMaybe<AssigneeFilter>;
  /** Carrying all of these labels. */
  labels?: InputMaybe<Array<Scalars['String']['input']>>;
  /** SLA breached. */
  overdue?: InputMaybe<Scalars['Boolean']['input']>;
  /** Case-insensitive text in the title, contact, labels or last message (and whatever the platform searches). */
  search?: InputMaybe<Scalars['String']['input']>;
  /** Only these platforms (default: all configured). */
  sources?: InputMaybe<Array<Source>>;
  starred?: InputMaybe<Scalars['Boolean']['input']>;
  /** Any of these statuses (default: all). */
  status?: InputMaybe<Array<ConversationStatus>>;
};

/** What most inbox actions return: the conversation as it is now (read fresh from the platform). */
export type ConversationPayload = {
  __typename?: 'ConversationPayload';
  clientMutationId?: Maybe<Scalars['String']['output']>;
  conversation?: Maybe<Conversation>;
  userErrors: Array<UserError>;
};

export type ConversationPriority =
  | 'HIGH'
  | 'LOW'
  | 'MEDIUM'
  | 'URGENT';

export type ConversationStatus =
  | 'HUMAN_REQUESTED'
  | 'OPEN'
  | 'PENDING'
  | 'RESOLVED'
  | 'SNOOZED';

/** A conversation changed (status, assignee, unread count, labels, last activity…). */
export type ConversationUpdatedEvent = {
  __typename?: 'ConversationUpdatedEvent';
  conversation: Conversation;
  cursor: Scalars['String']['output'];
};

export type Funnel = {
  __typename?: 'Funnel';
  id: Scalars['ID']['output'];
  name?: Maybe<Scalars['String']['output']>;
};

/** Where a lead sits on a sales funnel board. */
export type FunnelCard = Node & {
  __typename?: 'FunnelCard';
  createdAt?: Maybe<Scalars['DateTime']['output']>;
  funnel: Funnel;
  id: Scalars['ID']['output'];
  position?: Maybe<Scalars['Int']['output']>;
  source: Source;
  stage: FunnelStage;
  updatedAt?: Maybe<Scalars['DateTime']['output']>;
};

export type FunnelStage = {
  __typename?: 'FunnelStage';
  id: Scalars['ID']['output'];
  name?: Maybe<Scalars['String']['output']>;
};

/** The inbox actions (mutations) a conversation's platform supports. */
export type InboxAction =
  | 'ARCHIVE'
  | 'ASSIGN'
  | 'DISMISS_SUGGESTION'
  | 'MARK_READ'
  | 'MARK_UNREAD'
  | 'MOVE_TO_SCENARIO_STEP'
  | 'SEND_MESSAGE'
  | 'SEND_PRIVATE_NOTE'
  | 'SEND_SUGGESTION'
  | 'SET_AI_ENABLED'
  | 'SET_LABELS'
  | 'SET_LEAD_STATUS'
  | 'SET_PRIORITY'
  | 'SET_STATUS'
  | 'STAR';

/** The deal behind a conversation. */
export type Lead = Node & {
  __typename?: 'Lead';
  company?: Maybe<Scalars['String']['output']>;
  createdAt?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  name?: Maybe<Scalars['String']['output']>;
  notes?: Maybe<Scalars['String']['output']>;
  owner?: Maybe<Agent>;
  /** 0-100 where the platform scores leads. */
  score?: Maybe<Scalars['Int']['output']>;
  source: Source;
  status?: Maybe<LeadStatus>;
  updatedAt?: Maybe<Scalars['DateTime']['output']>;
  value?: Maybe<Money>;
};

export type LeadPayload = {
  __typename?: 'LeadPayload';
  clientMutationId?: Maybe<Scalars['String']['output']>;
  conversation?: Maybe<Conversation>;
  lead?: Maybe<Lead>;
  userErrors: Array<UserError>;
};

export type LeadStatus =
  | 'LOST'
  | 'OPEN'
  | 'SNOOZED'
  | 'WON';

export type Message = Node & {
  __typename?: 'Message';
  attachments: Array<Attachment>;
  /** The AI summary of a call. */
  callSummary?: Maybe<Scalars['String']['output']>;
  content?: Maybe<Scalars['String']['output']>;
  conversation?: Maybe<Conversation>;
  createdAt: Scalars['DateTime']['output'];
  direction: MessageDirection;
  id: Scalars['ID']['output'];
  kind: MessageKind;
  /** Internal notes only the team sees. */
  private: Scalars['Boolean']['output'];
  sender?: Maybe<Sender>;
  source: Source;
};

/** A new message in a conversation (inbound, outbound, note), however it reached the gateway. */
export type MessageAddedEvent = {
  __typename?: 'MessageAddedEvent';
  conversation?: Maybe<Conversation>;
  /** Resume after this event with `since: cursor`. */
  cursor: Scalars['String']['output'];
  message: Message;
};

/** A slice of one thread, oldest first. `last/before` reads older history, `first/after` newer messages. */
export type MessageConnection = {
  __typename?: 'MessageConnection';
  edges: Array<MessageEdge>;
  pageInfo: PageInfo;
};

export type MessageDirection =
  | 'INBOUND'
  | 'OUTBOUND';

export type MessageEdge = {
  __typename?: 'MessageEdge';
  cursor: Scalars['String']['output'];
  node: Message;
};

export type MessageKind =
  | 'ACTIVITY'
  | 'CALL'
  | 'EMAIL'
  | 'NOTE'
  | 'SMS'
  | 'TEXT';

export type Money = {
  __typename?: 'Money';
  /** In major units (15000 = 15,000.00). */
  amount: Scalars['Float']['output'];
  /** ISO 4217 code. */
  currency: Scalars['String']['output'];
};

export type MoveConversationToScenarioStepInput = {
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  conversationId: Scalars['ID']['input'];
  stepId: Scalars['ID']['input'];
};

export type Mutation = {
  __typename?: 'Mutation';
  archiveConversation: ConversationPayload;
  assignConversation: ConversationPayload;
  /** Assigns to the signed-in user's identity on the conversation's platform. */
  assignConversationToMe: ConversationPayload;
  dismissSuggestion: SuggestionPayload;
  markConversationRead: ConversationPayload;
  markConversationUnread: ConversationPayload;
  moveConversationToScenarioStep: ConversationPayload;
  sendMessage: SendMessagePayload;
  sendSuggestion: SuggestionPayload;
  setConversationAiEnabled: ConversationPayload;
  setConversationPriority: ConversationPayload;
  setConversationStatus: ConversationPayload;
  setLeadStatus: LeadPayload;
  starConversation: ConversationPayload;
  unstarConversation: ConversationPayload;
  updateConversationLabels: ConversationPayload;
};


export type MutationArchiveConversationArgs = {
  input: ArchiveConversationInput;
};


export type MutationAssignConversationArgs = {
  input: AssignConversationInput;
};


export type MutationAssignConversationToMeArgs = {
  input: ConversationActionInput;
};


export type MutationDismissSuggestionArgs = {
  input: SuggestionActionInput;
};


export type MutationMarkConversationReadArgs = {
  input: ConversationActionInput;
};


export type MutationMarkConversationUnreadArgs = {
  input: ConversationActionInput;
};


export type MutationMoveConversationToScenarioStepArgs = {
  input: MoveConversationToScenarioStepInput;
};


export type MutationSendMessageArgs = {
  input: SendMessageInput;
};


export type MutationSendSuggestionArgs = {
  input: SuggestionActionInput;
};


export type MutationSetConversationAiEnabledArgs = {
  input: SetConversationAiEnabledInput;
};


export type MutationSetConversationPriorityArgs = {
  input: SetConversationPriorityInput;
};


export type MutationSetConversationStatusArgs = {
  input: SetConversationStatusInput;
};


export type MutationSetLeadStatusArgs = {
  input: SetLeadStatusInput;
};


export type MutationStarConversationArgs = {
  input: ConversationActionInput;
};


export type MutationUnstarConversationArgs = {
  input: ConversationActionInput;
};


export type MutationUpdateConversationLabelsArgs = {
  input: UpdateConversationLabelsInput;
};

/** Anything with a global, opaque id (Relay). */
export type Node = {
  id: Scalars['ID']['output'];
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor?: Maybe<Scalars['String']['output']>;
};

export type Query = {
  __typename?: 'Query';
  conversation?: Maybe<Conversation>;
  /** The merged inbox. `first` is capped by `limits.maxPageSize`. */
  conversations: ConversationConnection;
  /** Any object by its global id; null when it no longer exists. */
  node?: Maybe<Node>;
  /** Several objects by global id, in the same order; null for those that do not exist. */
  nodes: Array<Maybe<Node>>;
  viewer: Viewer;
};


export type QueryConversationArgs = {
  id: Scalars['ID']['input'];
};


export type QueryConversationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ConversationFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryNodeArgs = {
  id: Scalars['ID']['input'];
};


export type QueryNodesArgs = {
  ids: Array<Scalars['ID']['input']>;
};

/** A CRM scenario (Chatvolt): a pipeline of steps a conversation moves through. */
export type Scenario = Node & {
  __typename?: 'Scenario';
  description?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  source: Source;
  /** Every step, in order. */
  steps?: Maybe<Array<ScenarioStep>>;
};

export type ScenarioStep = Node & {
  __typename?: 'ScenarioStep';
  id: Scalars['ID']['output'];
  index?: Maybe<Scalars['Int']['output']>;
  name: Scalars['String']['output'];
  source: Source;
};

export type SendMessageInput = {
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  content: Scalars['String']['input'];
  conversationId: Scalars['ID']['input'];
  /**
   * Retries with the same key (per user, kept 24 hours) create one message and return the same
   * answer, also when retried concurrently or after a timeout.
   */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** An internal note only the team sees. */
  private?: InputMaybe<Scalars['Boolean']['input']>;
};

export type SendMessagePayload = {
  __typename?: 'SendMessagePayload';
  clientMutationId?: Maybe<Scalars['String']['output']>;
  conversation?: Maybe<Conversation>;
  message?: Maybe<Message>;
  userErrors: Array<UserError>;
};

export type Sender = Agent | Bot | Contact;

export type SetConversationAiEnabledInput = {
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  conversationId: Scalars['ID']['input'];
  enabled: Scalars['Boolean']['input'];
};

export type SetConversationPriorityInput = {
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  conversationId: Scalars['ID']['input'];
  /** null clears it. */
  priority?: InputMaybe<ConversationPriority>;
};

export type SetConversationStatusInput = {
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  conversationId: Scalars['ID']['input'];
  status: ConversationStatus;
};

export type SetLeadStatusInput = {
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  leadId: Scalars['ID']['input'];
  notes?: InputMaybe<Scalars['String']['input']>;
  status: LeadStatus;
};

export type Sla = {
  __typename?: 'Sla';
  dueAt?: Maybe<Scalars['DateTime']['output']>;
  overdue: Scalars['Boolean']['output'];
};

/** The conversation platforms behind the gateway. */
export type Source =
  | 'CHATVOLT'
  | 'IRON'
  | 'VOICEGLOW'
  | 'VOXYS';

/**
 * Live inbox events over graphql-ws (`ws://…/graphql`, authorization in `connectionParams`). Each
 * event carries a cursor; `since` replays what the client missed (within the event log's window),
 * then continues live, with no gap and no duplicate. A `since` older than the window is an error
 * telling the client to refetch.
 */
export type Subscription = {
  __typename?: 'Subscription';
  conversationUpdated: ConversationUpdatedEvent;
  messageAdded: MessageAddedEvent;
  suggestionAdded: SuggestionAddedEvent;
};


/**
 * Live inbox events over graphql-ws (`ws://…/graphql`, authorization in `connectionParams`). Each
 * event carries a cursor; `since` replays what the client missed (within the event log's window),
 * then continues live, with no gap and no duplicate. A `since` older than the window is an error
 * telling the client to refetch.
 */
export type SubscriptionConversationUpdatedArgs = {
  conversationId?: InputMaybe<Scalars['ID']['input']>;
  since?: InputMaybe<Scalars['String']['input']>;
  sources?: InputMaybe<Array<Source>>;
};


/**
 * Live inbox events over graphql-ws (`ws://…/graphql`, authorization in `connectionParams`). Each
 * event carries a cursor; `since` replays what the client missed (within the event log's window),
 * then continues live, with no gap and no duplicate. A `since` older than the window is an error
 * telling the client to refetch.
 */
export type SubscriptionMessageAddedArgs = {
  conversationId?: InputMaybe<Scalars['ID']['input']>;
  since?: InputMaybe<Scalars['String']['input']>;
  sources?: InputMaybe<Array<Source>>;
};


/**
 * Live inbox events over graphql-ws (`ws://…/graphql`, authorization in `connectionParams`). Each
 * event carries a cursor; `since` replays what the client missed (within the event log's window),
 * then continues live, with no gap and no duplicate. A `since` older than the window is an error
 * telling the client to refetch.
 */
export type SubscriptionSuggestionAddedArgs = {
  conversationId?: InputMaybe<Scalars['ID']['input']>;
  since?: InputMaybe<Scalars['String']['input']>;
};

/** An AI-drafted reply waiting for a human to send or dismiss it. */
export type Suggestion = Node & {
  __typename?: 'Suggestion';
  content: Scalars['String']['output'];
  conversation?: Maybe<Conversation>;
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  source: Source;
  status: SuggestionStatus;
};

export type SuggestionActionInput = {
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  suggestionId: Scalars['ID']['input'];
};

/** A new AI draft waiting for a human. */
export type SuggestionAddedEvent = {
  __typename?: 'SuggestionAddedEvent';
  conversation?: Maybe<Conversation>;
  cursor: Scalars['String']['output'];
  suggestion: Suggestion;
};

export type SuggestionPayload = {
  __typename?: 'SuggestionPayload';
  clientMutationId?: Maybe<Scalars['String']['output']>;
  conversation?: Maybe<Conversation>;
  /** The message the draft became, when it was sent. */
  message?: Maybe<Message>;
  suggestion?: Maybe<Suggestion>;
  userErrors: Array<UserError>;
};

export type SuggestionStatus =
  | 'DISMISSED'
  | 'PENDING'
  | 'SENT';

/** A follow-up task linked to the conversation or its lead. */
export type Task = Node & {
  __typename?: 'Task';
  assignee?: Maybe<Agent>;
  completedAt?: Maybe<Scalars['DateTime']['output']>;
  description?: Maybe<Scalars['String']['output']>;
  dueAt?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  /** Pending and past its due time. */
  overdue: Scalars['Boolean']['output'];
  priority?: Maybe<TaskPriority>;
  source: Source;
  status: TaskStatus;
  title: Scalars['String']['output'];
};

export type TaskPriority =
  | 'HIGH'
  | 'LOW'
  | 'MEDIUM';

export type TaskStatus =
  | 'CANCELLED'
  | 'COMPLETED'
  | 'PENDING';

export type UpdateConversationLabelsInput = {
  /** Labels to add; every other label is kept. */
  add?: InputMaybe<Array<Scalars['String']['input']>>;
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  conversationId: Scalars['ID']['input'];
  /** Labels to remove. */
  remove?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type UserError = {
  __typename?: 'UserError';
  code: UserErrorCode;
  /** Path of the input field at fault, when one is. */
  field?: Maybe<Array<Scalars['String']['output']>>;
  message: Scalars['String']['output'];
};

/** Expected business outcomes of a mutation (nothing else goes here: failures are GraphQL errors). */
export type UserErrorCode =
  /** The object changed meanwhile (e.g. the AI draft was already sent or dismissed), or the idempotency key was used with another input. */
  | 'CONFLICT'
  | 'INVALID_INPUT'
  /** The channel's reply window has closed (e.g. WhatsApp's 24 hours): only templates can be sent. */
  | 'MESSAGING_WINDOW_CLOSED'
  /** The assignee is not a member of that platform's team. */
  | 'NOT_A_MEMBER'
  | 'NOT_FOUND'
  /** The conversation's platform has no such action (see Conversation.capabilities); the platform was not called. */
  | 'UNSUPPORTED_BY_SOURCE';

/** The signed-in user. */
export type Viewer = {
  __typename?: 'Viewer';
  /** The token's `sub`. */
  id: Scalars['ID']['output'];
  sources: Array<ConfiguredSource>;
  tenant: Scalars['String']['output'];
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;



/** Mapping of union types */
export type ResolversUnionTypes<_RefType extends Record<string, unknown>> = ResolversObject<{
  Sender:
    | ( AgentModel )
    | ( BotModel )
    | ( ContactModel )
  ;
}>;

/** Mapping of interface types */
export type ResolversInterfaceTypes<_RefType extends Record<string, unknown>> = ResolversObject<{
  Node:
    | ( AgentModel )
    | ( ContactModel )
    | ( ConversationModel )
    | ( FunnelCardModel )
    | ( LeadModel )
    | ( MessageModel )
    | ( ScenarioModel )
    | ( ScenarioStepModel )
    | ( SuggestionModel )
    | ( TaskModel )
  ;
}>;

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Agent: ResolverTypeWrapper<AgentModel>;
  ArchiveConversationInput: ArchiveConversationInput;
  AssignConversationInput: AssignConversationInput;
  AssigneeFilter: AssigneeFilter;
  Attachment: ResolverTypeWrapper<Attachment>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Bot: ResolverTypeWrapper<BotModel>;
  Channel: Channel;
  ConfiguredSource: ResolverTypeWrapper<ConfiguredSource>;
  Contact: ResolverTypeWrapper<ContactModel>;
  Conversation: ResolverTypeWrapper<ConversationModel>;
  ConversationActionInput: ConversationActionInput;
  ConversationConnection: ResolverTypeWrapper<MergedInboxPage>;
  ConversationCounts: ResolverTypeWrapper<ConversationCounts>;
  ConversationEdge: ResolverTypeWrapper<Omit<ConversationEdge, 'node'> & { node: ResolversTypes['Conversation'] }>;
  ConversationFilter: ConversationFilter;
  ConversationPayload: ResolverTypeWrapper<Omit<ConversationPayload, 'conversation'> & { conversation?: Maybe<ResolversTypes['Conversation']> }>;
  ConversationPriority: ConversationPriority;
  ConversationStatus: ConversationStatus;
  ConversationUpdatedEvent: ResolverTypeWrapper<InboxEvent>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  Funnel: ResolverTypeWrapper<Funnel>;
  FunnelCard: ResolverTypeWrapper<FunnelCardModel>;
  FunnelStage: ResolverTypeWrapper<FunnelStage>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  InboxAction: InboxAction;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Lead: ResolverTypeWrapper<LeadModel>;
  LeadPayload: ResolverTypeWrapper<Omit<LeadPayload, 'conversation' | 'lead'> & { conversation?: Maybe<ResolversTypes['Conversation']>, lead?: Maybe<ResolversTypes['Lead']> }>;
  LeadStatus: LeadStatus;
  Message: ResolverTypeWrapper<MessageModel>;
  MessageAddedEvent: ResolverTypeWrapper<InboxEvent>;
  MessageConnection: ResolverTypeWrapper<MessageConnectionModel>;
  MessageDirection: MessageDirection;
  MessageEdge: ResolverTypeWrapper<Omit<MessageEdge, 'node'> & { node: ResolversTypes['Message'] }>;
  MessageKind: MessageKind;
  Money: ResolverTypeWrapper<MoneyModel>;
  MoveConversationToScenarioStepInput: MoveConversationToScenarioStepInput;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Node: ResolverTypeWrapper<ResolversInterfaceTypes<ResolversTypes>['Node']>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Scenario: ResolverTypeWrapper<ScenarioModel>;
  ScenarioStep: ResolverTypeWrapper<ScenarioStepModel>;
  SendMessageInput: SendMessageInput;
  SendMessagePayload: ResolverTypeWrapper<Omit<SendMessagePayload, 'conversation' | 'message'> & { conversation?: Maybe<ResolversTypes['Conversation']>, message?: Maybe<ResolversTypes['Message']> }>;
  Sender: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['Sender']>;
  SetConversationAiEnabledInput: SetConversationAiEnabledInput;
  SetConversationPriorityInput: SetConversationPriorityInput;
  SetConversationStatusInput: SetConversationStatusInput;
  SetLeadStatusInput: SetLeadStatusInput;
  Sla: ResolverTypeWrapper<SlaModel>;
  Source: Source;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Suggestion: ResolverTypeWrapper<SuggestionModel>;
  SuggestionActionInput: SuggestionActionInput;
  SuggestionAddedEvent: ResolverTypeWrapper<InboxEvent>;
  SuggestionPayload: ResolverTypeWrapper<Omit<SuggestionPayload, 'conversation' | 'message' | 'suggestion'> & { conversation?: Maybe<ResolversTypes['Conversation']>, message?: Maybe<ResolversTypes['Message']>, suggestion?: Maybe<ResolversTypes['Suggestion']> }>;
  SuggestionStatus: SuggestionStatus;
  Task: ResolverTypeWrapper<TaskModel>;
  TaskPriority: TaskPriority;
  TaskStatus: TaskStatus;
  UpdateConversationLabelsInput: UpdateConversationLabelsInput;
  UserError: ResolverTypeWrapper<UserError>;
  UserErrorCode: UserErrorCode;
  Viewer: ResolverTypeWrapper<ViewerModel>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Agent: AgentModel;
  ArchiveConversationInput: ArchiveConversationInput;
  AssignConversationInput: AssignConversationInput;
  Attachment: Attachment;
  Boolean: Scalars['Boolean']['output'];
  Bot: BotModel;
  ConfiguredSource: ConfiguredSource;
  Contact: ContactModel;
  Conversation: ConversationModel;
  ConversationActionInput: ConversationActionInput;
  ConversationConnection: MergedInboxPage;
  ConversationCounts: ConversationCounts;
  ConversationEdge: Omit<ConversationEdge, 'node'> & { node: ResolversParentTypes['Conversation'] };
  ConversationFilter: ConversationFilter;
  ConversationPayload: Omit<ConversationPayload, 'conversation'> & { conversation?: Maybe<ResolversParentTypes['Conversation']> };
  ConversationUpdatedEvent: InboxEvent;
  DateTime: Scalars['DateTime']['output'];
  Float: Scalars['Float']['output'];
  Funnel: Funnel;
  FunnelCard: FunnelCardModel;
  FunnelStage: FunnelStage;
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  Lead: LeadModel;
  LeadPayload: Omit<LeadPayload, 'conversation' | 'lead'> & { conversation?: Maybe<ResolversParentTypes['Conversation']>, lead?: Maybe<ResolversParentTypes['Lead']> };
  Message: MessageModel;
  MessageAddedEvent: InboxEvent;
  MessageConnection: MessageConnectionModel;
  MessageEdge: Omit<MessageEdge, 'node'> & { node: ResolversParentTypes['Message'] };
  Money: MoneyModel;
  MoveConversationToScenarioStepInput: MoveConversationToScenarioStepInput;
  Mutation: Record<PropertyKey, never>;
  Node: ResolversInterfaceTypes<ResolversParentTypes>['Node'];
  PageInfo: PageInfo;
  Query: Record<PropertyKey, never>;
  Scenario: ScenarioModel;
  ScenarioStep: ScenarioStepModel;
  SendMessageInput: SendMessageInput;
  SendMessagePayload: Omit<SendMessagePayload, 'conversation' | 'message'> & { conversation?: Maybe<ResolversParentTypes['Conversation']>, message?: Maybe<ResolversParentTypes['Message']> };
  Sender: ResolversUnionTypes<ResolversParentTypes>['Sender'];
  SetConversationAiEnabledInput: SetConversationAiEnabledInput;
  SetConversationPriorityInput: SetConversationPriorityInput;
  SetConversationStatusInput: SetConversationStatusInput;
  SetLeadStatusInput: SetLeadStatusInput;
  Sla: SlaModel;
  String: Scalars['String']['output'];
  Subscription: Record<PropertyKey, never>;
  Suggestion: SuggestionModel;
  SuggestionActionInput: SuggestionActionInput;
  SuggestionAddedEvent: InboxEvent;
  SuggestionPayload: Omit<SuggestionPayload, 'conversation' | 'message' | 'suggestion'> & { conversation?: Maybe<ResolversParentTypes['Conversation']>, message?: Maybe<ResolversParentTypes['Message']>, suggestion?: Maybe<ResolversParentTypes['Suggestion']> };
  Task: TaskModel;
  UpdateConversationLabelsInput: UpdateConversationLabelsInput;
  UserError: UserError;
  Viewer: ViewerModel;
}>;

export type AgentResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Agent'] = ResolversParentTypes['Agent']> = ResolversObject<{
  avatarUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  isMe?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['Source'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type AttachmentResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Attachment'] = ResolversParentTypes['Attachment']> = ResolversObject<{
  contentType?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type BotResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Bot'] = ResolversParentTypes['Bot']> = ResolversObject<{
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type ConfiguredSourceResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ConfiguredSource'] = ResolversParentTypes['ConfiguredSource']> = ResolversObject<{
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['Source'], ParentType, ContextType>;
}>;

export type ContactResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Contact'] = ResolversParentTypes['Contact']> = ResolversObject<{
  avatarUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  company?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  phone?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['Source'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type ConversationResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Conversation'] = ResolversParentTypes['Conversation']> = ResolversObject<{
  aiEnabled?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  archived?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  assignee?: Resolver<Maybe<ResolversTypes['Agent']>, ParentType, ContextType>;
  capabilities?: Resolver<Array<ResolversTypes['InboxAction']>, ParentType, ContextType>;
  channel?: Resolver<Maybe<ResolversTypes['Channel']>, ParentType, ContextType>;
  contact?: Resolver<Maybe<ResolversTypes['Contact']>, ParentType, ContextType>;
  createdAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  funnelCard?: Resolver<Maybe<ResolversTypes['FunnelCard']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  labels?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  lastActivityAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  lastMessage?: Resolver<Maybe<ResolversTypes['Message']>, ParentType, ContextType>;
  lead?: Resolver<Maybe<ResolversTypes['Lead']>, ParentType, ContextType>;
  messages?: Resolver<Maybe<ResolversTypes['MessageConnection']>, ParentType, ContextType, Partial<ConversationMessagesArgs>>;
  priority?: Resolver<Maybe<ResolversTypes['ConversationPriority']>, ParentType, ContextType>;
  scenario?: Resolver<Maybe<ResolversTypes['Scenario']>, ParentType, ContextType>;
  scenarioStep?: Resolver<Maybe<ResolversTypes['ScenarioStep']>, ParentType, ContextType>;
  sla?: Resolver<Maybe<ResolversTypes['Sla']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['Source'], ParentType, ContextType>;
  sourceKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  starred?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ConversationStatus'], ParentType, ContextType>;
  suggestions?: Resolver<Maybe<Array<ResolversTypes['Suggestion']>>, ParentType, ContextType, RequireFields<ConversationSuggestionsArgs, 'status'>>;
  tasks?: Resolver<Maybe<Array<ResolversTypes['Task']>>, ParentType, ContextType>;
  title?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  unreadCount?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type ConversationConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ConversationConnection'] = ResolversParentTypes['ConversationConnection']> = ResolversObject<{
  counts?: Resolver<Maybe<ResolversTypes['ConversationCounts']>, ParentType, ContextType>;
  edges?: Resolver<Array<ResolversTypes['ConversationEdge']>, ParentType, ContextType>;
  missingSources?: Resolver<Array<ResolversTypes['Source']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type ConversationCountsResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ConversationCounts'] = ResolversParentTypes['ConversationCounts']> = ResolversObject<{
  all?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  assigned?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  mine?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  unassigned?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ConversationEdgeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ConversationEdge'] = ResolversParentTypes['ConversationEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Conversation'], ParentType, ContextType>;
}>;

export type ConversationPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ConversationPayload'] = ResolversParentTypes['ConversationPayload']> = ResolversObject<{
  clientMutationId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  conversation?: Resolver<Maybe<ResolversTypes['Conversation']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type ConversationUpdatedEventResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ConversationUpdatedEvent'] = ResolversParentTypes['ConversationUpdatedEvent']> = ResolversObject<{
  conversation?: Resolver<ResolversTypes['Conversation'], ParentType, ContextType>;
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type FunnelResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Funnel'] = ResolversParentTypes['Funnel']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type FunnelCardResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['FunnelCard'] = ResolversParentTypes['FunnelCard']> = ResolversObject<{
  createdAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  funnel?: Resolver<ResolversTypes['Funnel'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  position?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['Source'], ParentType, ContextType>;
  stage?: Resolver<ResolversTypes['FunnelStage'], ParentType, ContextType>;
  updatedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type FunnelStageResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['FunnelStage'] = ResolversParentTypes['FunnelStage']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type LeadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Lead'] = ResolversParentTypes['Lead']> = ResolversObject<{
  company?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  notes?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  owner?: Resolver<Maybe<ResolversTypes['Agent']>, ParentType, ContextType>;
  score?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['Source'], ParentType, ContextType>;
  status?: Resolver<Maybe<ResolversTypes['LeadStatus']>, ParentType, ContextType>;
  updatedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['Money']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type LeadPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['LeadPayload'] = ResolversParentTypes['LeadPayload']> = ResolversObject<{
  clientMutationId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  conversation?: Resolver<Maybe<ResolversTypes['Conversation']>, ParentType, ContextType>;
  lead?: Resolver<Maybe<ResolversTypes['Lead']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type MessageResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Message'] = ResolversParentTypes['Message']> = ResolversObject<{
  attachments?: Resolver<Array<ResolversTypes['Attachment']>, ParentType, ContextType>;
  callSummary?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  content?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  conversation?: Resolver<Maybe<ResolversTypes['Conversation']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  direction?: Resolver<ResolversTypes['MessageDirection'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['MessageKind'], ParentType, ContextType>;
  private?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  sender?: Resolver<Maybe<ResolversTypes['Sender']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['Source'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type MessageAddedEventResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['MessageAddedEvent'] = ResolversParentTypes['MessageAddedEvent']> = ResolversObject<{
  conversation?: Resolver<Maybe<ResolversTypes['Conversation']>, ParentType, ContextType>;
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['Message'], ParentType, ContextType>;
}>;

export type MessageConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['MessageConnection'] = ResolversParentTypes['MessageConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['MessageEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type MessageEdgeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['MessageEdge'] = ResolversParentTypes['MessageEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Message'], ParentType, ContextType>;
}>;

export type MoneyResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Money'] = ResolversParentTypes['Money']> = ResolversObject<{
  amount?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  currency?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  archiveConversation?: Resolver<ResolversTypes['ConversationPayload'], ParentType, ContextType, RequireFields<MutationArchiveConversationArgs, 'input'>>;
  assignConversation?: Resolver<ResolversTypes['ConversationPayload'], ParentType, ContextType, RequireFields<MutationAssignConversationArgs, 'input'>>;
  assignConversationToMe?: Resolver<ResolversTypes['ConversationPayload'], ParentType, ContextType, RequireFields<MutationAssignConversationToMeArgs, 'input'>>;
  dismissSuggestion?: Resolver<ResolversTypes['SuggestionPayload'], ParentType, ContextType, RequireFields<MutationDismissSuggestionArgs, 'input'>>;
  markConversationRead?: Resolver<ResolversTypes['ConversationPayload'], ParentType, ContextType, RequireFields<MutationMarkConversationReadArgs, 'input'>>;
  markConversationUnread?: Resolver<ResolversTypes['ConversationPayload'], ParentType, ContextType, RequireFields<MutationMarkConversationUnreadArgs, 'input'>>;
  moveConversationToScenarioStep?: Resolver<ResolversTypes['ConversationPayload'], ParentType, ContextType, RequireFields<MutationMoveConversationToScenarioStepArgs, 'input'>>;
  sendMessage?: Resolver<ResolversTypes['SendMessagePayload'], ParentType, ContextType, RequireFields<MutationSendMessageArgs, 'input'>>;
  sendSuggestion?: Resolver<ResolversTypes['SuggestionPayload'], ParentType, ContextType, RequireFields<MutationSendSuggestionArgs, 'input'>>;
  setConversationAiEnabled?: Resolver<ResolversTypes['ConversationPayload'], ParentType, ContextType, RequireFields<MutationSetConversationAiEnabledArgs, 'input'>>;
  setConversationPriority?: Resolver<ResolversTypes['ConversationPayload'], ParentType, ContextType, RequireFields<MutationSetConversationPriorityArgs, 'input'>>;
  setConversationStatus?: Resolver<ResolversTypes['ConversationPayload'], ParentType, ContextType, RequireFields<MutationSetConversationStatusArgs, 'input'>>;
  setLeadStatus?: Resolver<ResolversTypes['LeadPayload'], ParentType, ContextType, RequireFields<MutationSetLeadStatusArgs, 'input'>>;
  starConversation?: Resolver<ResolversTypes['ConversationPayload'], ParentType, ContextType, RequireFields<MutationStarConversationArgs, 'input'>>;
  unstarConversation?: Resolver<ResolversTypes['ConversationPayload'], ParentType, ContextType, RequireFields<MutationUnstarConversationArgs, 'input'>>;
  updateConversationLabels?: Resolver<ResolversTypes['ConversationPayload'], ParentType, ContextType, RequireFields<MutationUpdateConversationLabelsArgs, 'input'>>;
}>;

export type NodeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Node'] = ResolversParentTypes['Node']> = ResolversObject<{
  __resolveType: TypeResolveFn<'Agent' | 'Contact' | 'Conversation' | 'FunnelCard' | 'Lead' | 'Message' | 'Scenario' | 'ScenarioStep' | 'Suggestion' | 'Task', ParentType, ContextType>;
}>;

export type PageInfoResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  conversation?: Resolver<Maybe<ResolversTypes['Conversation']>, ParentType, ContextType, RequireFields<QueryConversationArgs, 'id'>>;
  conversations?: Resolver<ResolversTypes['ConversationConnection'], ParentType, ContextType, RequireFields<QueryConversationsArgs, 'first'>>;
  node?: Resolver<Maybe<ResolversTypes['Node']>, ParentType, ContextType, RequireFields<QueryNodeArgs, 'id'>>;
  nodes?: Resolver<Array<Maybe<ResolversTypes['Node']>>, ParentType, ContextType, RequireFields<QueryNodesArgs, 'ids'>>;
  viewer?: Resolver<ResolversTypes['Viewer'], ParentType, ContextType>;
}>;

export type ScenarioResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Scenario'] = ResolversParentTypes['Scenario']> = ResolversObject<{
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['Source'], ParentType, ContextType>;
  steps?: Resolver<Maybe<Array<ResolversTypes['ScenarioStep']>>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type ScenarioStepResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ScenarioStep'] = ResolversParentTypes['ScenarioStep']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  index?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['Source'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type SendMessagePayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['SendMessagePayload'] = ResolversParentTypes['SendMessagePayload']> = ResolversObject<{
  clientMutationId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  conversation?: Resolver<Maybe<ResolversTypes['Conversation']>, ParentType, ContextType>;
  message?: Resolver<Maybe<ResolversTypes['Message']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type SenderResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Sender'] = ResolversParentTypes['Sender']> = ResolversObject<{
  __resolveType: TypeResolveFn<'Agent' | 'Bot' | 'Contact', ParentType, ContextType>;
}>;

export type SlaResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Sla'] = ResolversParentTypes['Sla']> = ResolversObject<{
  dueAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  overdue?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type SubscriptionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  conversationUpdated?: SubscriptionResolver<ResolversTypes['ConversationUpdatedEvent'], "conversationUpdated", ParentType, ContextType, Partial<SubscriptionConversationUpdatedArgs>>;
  messageAdded?: SubscriptionResolver<ResolversTypes['MessageAddedEvent'], "messageAdded", ParentType, ContextType, Partial<SubscriptionMessageAddedArgs>>;
  suggestionAdded?: SubscriptionResolver<ResolversTypes['SuggestionAddedEvent'], "suggestionAdded", ParentType, ContextType, Partial<SubscriptionSuggestionAddedArgs>>;
}>;

export type SuggestionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Suggestion'] = ResolversParentTypes['Suggestion']> = ResolversObject<{
  content?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  conversation?: Resolver<Maybe<ResolversTypes['Conversation']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['Source'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['SuggestionStatus'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type SuggestionAddedEventResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['SuggestionAddedEvent'] = ResolversParentTypes['SuggestionAddedEvent']> = ResolversObject<{
  conversation?: Resolver<Maybe<ResolversTypes['Conversation']>, ParentType, ContextType>;
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  suggestion?: Resolver<ResolversTypes['Suggestion'], ParentType, ContextType>;
}>;

export type SuggestionPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['SuggestionPayload'] = ResolversParentTypes['SuggestionPayload']> = ResolversObject<{
  clientMutationId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  conversation?: Resolver<Maybe<ResolversTypes['Conversation']>, ParentType, ContextType>;
  message?: Resolver<Maybe<ResolversTypes['Message']>, ParentType, ContextType>;
  suggestion?: Resolver<Maybe<ResolversTypes['Suggestion']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type TaskResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Task'] = ResolversParentTypes['Task']> = ResolversObject<{
  assignee?: Resolver<Maybe<ResolversTypes['Agent']>, ParentType, ContextType>;
  completedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  dueAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  overdue?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  priority?: Resolver<Maybe<ResolversTypes['TaskPriority']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['Source'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['TaskStatus'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type UserErrorResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['UserError'] = ResolversParentTypes['UserError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['UserErrorCode'], ParentType, ContextType>;
  field?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type ViewerResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Viewer'] = ResolversParentTypes['Viewer']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  sources?: Resolver<Array<ResolversTypes['ConfiguredSource']>, ParentType, ContextType>;
  tenant?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = GatewayContext> = ResolversObject<{
  Agent?: AgentResolvers<ContextType>;
  Attachment?: AttachmentResolvers<ContextType>;
  Bot?: BotResolvers<ContextType>;
  ConfiguredSource?: ConfiguredSourceResolvers<ContextType>;
  Contact?: ContactResolvers<ContextType>;
  Conversation?: ConversationResolvers<ContextType>;
  ConversationConnection?: ConversationConnectionResolvers<ContextType>;
  ConversationCounts?: ConversationCountsResolvers<ContextType>;
  ConversationEdge?: ConversationEdgeResolvers<ContextType>;
  ConversationPayload?: ConversationPayloadResolvers<ContextType>;
  ConversationUpdatedEvent?: ConversationUpdatedEventResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Funnel?: FunnelResolvers<ContextType>;
  FunnelCard?: FunnelCardResolvers<ContextType>;
  FunnelStage?: FunnelStageResolvers<ContextType>;
  Lead?: LeadResolvers<ContextType>;
  LeadPayload?: LeadPayloadResolvers<ContextType>;
  Message?: MessageResolvers<ContextType>;
  MessageAddedEvent?: MessageAddedEventResolvers<ContextType>;
  MessageConnection?: MessageConnectionResolvers<ContextType>;
  MessageEdge?: MessageEdgeResolvers<ContextType>;
  Money?: MoneyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Node?: NodeResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Scenario?: ScenarioResolvers<ContextType>;
  ScenarioStep?: ScenarioStepResolvers<ContextType>;
  SendMessagePayload?: SendMessagePayloadResolvers<ContextType>;
  Sender?: SenderResolvers<ContextType>;
  Sla?: SlaResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  Suggestion?: SuggestionResolvers<ContextType>;
  SuggestionAddedEvent?: SuggestionAddedEventResolvers<ContextType>;
  SuggestionPayload?: SuggestionPayloadResolvers<ContextType>;
  Task?: TaskResolvers<ContextType>;
  UserError?: UserErrorResolvers<ContextType>;
  Viewer?: ViewerResolvers<ContextType>;
}>;

