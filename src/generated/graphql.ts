import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { ConversationModel, MessageModel, ContactModel, AgentModel, BotModel, LeadModel, CompanyModel, HandoffModel, MoneyModel, FunnelCardModel, TaskModel, ScenarioModel, ScenarioStepModel, SuggestionModel, SlaModel, InboxViewModel, ViewFilterModel } from '../model/index.js';
import type { MessageConnectionModel } from '../graph/message-page.js';
import type { MergedInboxPage } from '../inbox/merged-inbox.js';
import type { CountsModel } from '../inbox/counts.js';
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
  /** Any JSON value, passed through as the platform sent it (e.g. custom attributes: an object of names to values). */
  JSON: { input: unknown; output: unknown; }
};

/** A human member of the team on a platform. */
export type Agent = Node & {
  __typename?: 'Agent';
  /** URL of the agent's picture, when known. */
  avatarUrl?: Maybe<Scalars['String']['output']>;
  /** Email address; null when the platform does not say (e.g. Voxys message senders). */
  email?: Maybe<Scalars['String']['output']>;
  /** Opaque global id (see `Node.id`); pass it as `assigneeId` to `assignConversation`. `node` finds an agent in its platform's member directory (Voxys, Chatvolt, Iron; not VoiceGlow). */
  id: Scalars['ID']['output'];
  /** True when this agent is the signed-in user's identity on that platform. */
  isMe: Scalars['Boolean']['output'];
  /** Display name; null when the platform does not say. */
  name?: Maybe<Scalars['String']['output']>;
  /** The platform whose team they belong to. */
  source: Source;
};

/** Archive or unarchive a conversation. */
export type ArchiveConversationInput = {
  /** true archives (default), false unarchives. */
  archived?: InputMaybe<Scalars['Boolean']['input']>;
  /** Any string; echoed in the payload (Relay). */
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  /** A `Conversation.id`. */
  conversationId: Scalars['ID']['input'];
};

/** Whom to assign a conversation to. */
export type AssignConversationInput = {
  /** An Agent id of the same platform; null unassigns. */
  assigneeId?: InputMaybe<Scalars['ID']['input']>;
  /** Any string; echoed in the payload (Relay). */
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  /** A `Conversation.id`. */
  conversationId: Scalars['ID']['input'];
};

/** Who holds a conversation: a human agent or a bot. */
export type Assignee = Agent | Bot;

/** Which assignee bucket to list (the inbox's tabs). */
export type AssigneeFilter =
  /** Every conversation, whoever holds it. */
  | 'ALL'
  /** Held by any human agent. */
  | 'ASSIGNED'
  /** Assigned to the signed-in user (through their identity on each platform). */
  | 'MINE'
  /** Held by no human agent (a conversation a bot holds counts here). */
  | 'UNASSIGNED';

/** A file attached to a message. */
export type Attachment = {
  __typename?: 'Attachment';
  /** The MIME type, when the platform gives one (null on Voxys and VoiceGlow). */
  contentType?: Maybe<Scalars['String']['output']>;
  /** The file name, when the platform gives one (Voxys: else the URL's last path segment). */
  name?: Maybe<Scalars['String']['output']>;
  /** Where to open or download it (the platform's URL). */
  url: Scalars['String']['output'];
};

/**
 * An automated sender or assignee: the platform's AI agent, a bot or the system. A bot's id never
 * equals an Agent's, even where the platform numbers bots and users alike.
 */
export type Bot = Node & {
  __typename?: 'Bot';
  /**
   * Never the id of an Agent. When the platform does not say which bot wrote, it names the source's own
   * AI agent. A bot cannot be fetched by id: reach it through its message or conversation.
   */
  id: Scalars['ID']['output'];
  /** The bot's name; null when the platform does not say. */
  name?: Maybe<Scalars['String']['output']>;
  /** The platform it runs on. */
  source: Source;
};

/** Where the contact writes from. A platform channel with no equivalent here is `OTHER`; an unknown one makes `Conversation.channel` null. */
export type Channel =
  /** Conversations created through the platform's API. Voxys `Channel::Api`; Chatvolt `api`; VoiceGlow `api`. */
  | 'API'
  /** Email. Voxys `Channel::Email`; Chatvolt `mail`, `email`; VoiceGlow `email`; Iron `email`. */
  | 'EMAIL'
  /** Facebook Messenger. Voxys `Channel::FacebookPage`; Chatvolt `facebook`; VoiceGlow `facebook`, `messenger`. */
  | 'FACEBOOK'
  /** Instagram direct messages. Voxys `Channel::Instagram`; Chatvolt `instagram`, `instagramDm`; VoiceGlow `instagram`. */
  | 'INSTAGRAM'
  /** Any other channel the platform names (e.g. Voxys `Channel::Line`, Chatvolt `dashboard` or `slack`). */
  | 'OTHER'
  /** SMS. Voxys `Channel::Sms`, `Channel::TwilioSms`; Chatvolt `twilio`; VoiceGlow `sms`, `twilio-sms`; Iron `sms`. */
  | 'SMS'
  /** Telegram. Voxys `Channel::Telegram`; Chatvolt `telegram`; VoiceGlow `telegram`. */
  | 'TELEGRAM'
  /** Phone calls. Voxys `Channel::Voice`; VoiceGlow `vapi`, `voice`, `phone`, `call`, `twilio`; Iron `call` (a call thread takes no text message). */
  | 'VOICE'
  /** A website chat widget. Voxys `Channel::WebWidget`; Chatvolt `website`, `chatbox`, `crisp`, `form`; VoiceGlow `web-chat`, `webchat`, `web`, `widget`. */
  | 'WEB_CHAT'
  /** WhatsApp (replies may be limited to a 24-hour window). Voxys `Channel::Whatsapp`; Chatvolt `whatsapp`, `zapi`; VoiceGlow `whatsapp`. */
  | 'WHATSAPP';

/** The company behind a lead. */
export type Company = {
  __typename?: 'Company';
  /** Its web domain (Voxys `domain`, e.g. acme.com); null when unknown, and always on VoiceGlow. */
  domain?: Maybe<Scalars['String']['output']>;
  /**
   * Opaque id of the company (not fetchable through `node`): Voxys's company id. null where the platform has no company
   * objects, only a name (VoiceGlow), so two leads naming the same company are not told apart as one.
   */
  id?: Maybe<Scalars['ID']['output']>;
  /** The company's name (the former `Lead.company` string); null when the platform gives none. */
  name?: Maybe<Scalars['String']['output']>;
};

/** A platform configured for the viewer's tenant. */
export type ConfiguredSource = {
  __typename?: 'ConfiguredSource';
  /** What this source's platform offers beyond single conversations; an action it lacks is `UNSUPPORTED_BY_SOURCE` without a call. */
  capabilities: Array<SourceAction>;
  /** The source's key in the configuration (a tenant may configure two sources of one platform). */
  key: Scalars['String']['output'];
  /** Which platform this source is. */
  source: Source;
};

/** The customer side of a conversation. */
export type Contact = Node & {
  __typename?: 'Contact';
  /** URL of the contact's picture, when known (null on Iron). */
  avatarUrl?: Maybe<Scalars['String']['output']>;
  /** The contact's company, when known (null on Iron). */
  company?: Maybe<Scalars['String']['output']>;
  /** Email address, when known. */
  email?: Maybe<Scalars['String']['output']>;
  /** Opaque global id (see `Node.id`). `node` finds a contact where its platform reads contacts by id (Voxys); elsewhere it is `NOT_FOUND`: reach it through its conversation. */
  id: Scalars['ID']['output'];
  /** Display name; null when the platform has none (e.g. an anonymous web visitor). */
  name?: Maybe<Scalars['String']['output']>;
  /** Phone number as the platform stores it, when known. */
  phone?: Maybe<Scalars['String']['output']>;
  /** The platform it lives on. */
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
  /** Whether it is archived; null where the platform has no archive (all but Iron). */
  archived?: Maybe<Scalars['Boolean']['output']>;
  /** Who holds it: the agent of `assignee`, or the bot that holds it (a Voxys agent bot); null when nobody does. */
  assignedTo?: Maybe<Assignee>;
  /** The human agent who holds it; null when nobody does, or when a bot does (see `assignedTo`). */
  assignee?: Maybe<Agent>;
  /** Which mutations this conversation's platform supports (the capability matrix). */
  capabilities: Array<InboxAction>;
  /** Where the contact writes from; null when the platform does not say. */
  channel?: Maybe<Channel>;
  /** The customer; null when the platform names none (e.g. an anonymous visitor without details). */
  contact?: Maybe<Contact>;
  /** When it started; null where the platform does not say (Iron). */
  createdAt?: Maybe<Scalars['DateTime']['output']>;
  /**
   * The conversation's custom data as an object of names to values: Voxys `custom_attributes`; Chatvolt
   * `conversationVariables` (`varName` → `varValue`). `{}` when none are set; null on VoiceGlow and Iron.
   */
  customAttributes?: Maybe<Scalars['JSON']['output']>;
  /** How frustrated the contact seems, as Chatvolt rates it (`frustration`, passed as sent: a number, ASSUMED 0-1); null when not rated, and on Voxys, VoiceGlow and Iron. */
  frustration?: Maybe<Scalars['Float']['output']>;
  /** Where its lead sits on a sales funnel board (Voxys only); null elsewhere, without a call. */
  funnelCard?: Maybe<FunnelCard>;
  /** Hand-overs from the AI to a human, oldest first (VoiceGlow `handoffHistory`); empty when there were none, and on Voxys, Chatvolt and Iron. */
  handoffs: Array<Handoff>;
  /** Opaque global id (see `Node.id`). */
  id: Scalars['ID']['output'];
  /** Its labels (tags); empty where the platform has none (Iron). */
  labels: Array<Scalars['String']['output']>;
  /** The time of the newest activity: the merged inbox's sort key (newest first). */
  lastActivityAt: Scalars['DateTime']['output'];
  /** The newest message of the thread; null when it has none. */
  lastMessage?: Maybe<Message>;
  /** The deal behind it (Voxys, VoiceGlow); null when it has none (e.g. an anonymous VoiceGlow session), and on Chatvolt and Iron (without a call). */
  lead?: Maybe<Lead>;
  /** Oldest first. Without arguments: the newest 20. `last`/`before` pages back through older history. */
  messages?: Maybe<MessageConnection>;
  /** null when none is set or the platform has no priorities (VoiceGlow, Iron). */
  priority?: Maybe<ConversationPriority>;
  /** The CRM scenario it is in (Chatvolt only); null elsewhere or outside any scenario. */
  scenario?: Maybe<Scenario>;
  /** The step of `scenario` it is at (Chatvolt only); null elsewhere. */
  scenarioStep?: Maybe<ScenarioStep>;
  /** Its service-level deadline; null when none applies (always on Chatvolt). */
  sla?: Maybe<Sla>;
  /** The platform it lives on. */
  source: Source;
  /** The configuration key of the source it came from. */
  sourceKey: Scalars['String']['output'];
  /** Whether it is starred; null where the platform has no stars (all but Iron). */
  starred?: Maybe<Scalars['Boolean']['output']>;
  /** Where it stands; see `ConversationStatus` for how each platform's values map. */
  status: ConversationStatus;
  /** AI drafts (Iron only; empty elsewhere); by default only those waiting for a human. */
  suggestions?: Maybe<Array<Suggestion>>;
  /** The platform's summary of the conversation (VoiceGlow `summary`); null when it has none, and on Voxys, Chatvolt and Iron. */
  summary?: Maybe<Scalars['String']['output']>;
  /** Follow-up tasks of the conversation or its lead (Voxys, VoiceGlow); empty elsewhere; null when the platform failed. */
  tasks?: Maybe<Array<Task>>;
  /** The subject: Voxys only for email threads (the mail subject), Chatvolt and VoiceGlow when set; null otherwise (Iron threads have none). */
  title?: Maybe<Scalars['String']['output']>;
  /**
   * Unread inbound messages as the platform counts them (Voxys caps it at 10; VoiceGlow keeps no counter: 1 when
   * the last message is newer than the last view, else 0); null when unknown.
   */
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

/** The input of actions that need only the conversation. */
export type ConversationActionInput = {
  /** Any string; echoed in the payload (Relay). */
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  /** A `Conversation.id`. */
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
  /** This page's conversations, newest activity first. */
  edges: Array<ConversationEdge>;
  /** Sources whose conversations are missing from this page because they failed (see `errors`). */
  missingSources: Array<Source>;
  /** Paging state; `endCursor` continues the list. */
  pageInfo: PageInfo;
};

/** How many conversations match the filter, per assignee bucket (the filter's `assignee` aside). */
export type ConversationCounts = {
  __typename?: 'ConversationCounts';
  /** Every matching conversation. */
  all: Scalars['Int']['output'];
  /** Held by a human agent. */
  assigned: Scalars['Int']['output'];
  /** Assigned to the signed-in user (through their identity on each platform). */
  mine: Scalars['Int']['output'];
  /**
   * Of `all`, the conversations that are not RESOLVED and whose SLA is overdue (Chatvolt has no SLAs: it adds 0;
   * Iron counts as its `overdue/count` does). null when a source could not be counted.
   */
  overdue?: Maybe<Scalars['Int']['output']>;
  /** Held by no human agent (a conversation a bot holds counts here). */
  unassigned: Scalars['Int']['output'];
  /**
   * Of `all`, the conversations with unread messages; null when a source could not be counted. Counted by
   * reading the filter's whole list (every platform: none has an unread count per filter).
   */
  unread?: Maybe<Scalars['Int']['output']>;
};

/** One conversation of the merged inbox, with its place in it. */
export type ConversationEdge = {
  __typename?: 'ConversationEdge';
  /** Pass as `after` to continue right after this conversation. */
  cursor: Scalars['String']['output'];
  /** The conversation. */
  node: Conversation;
};

/** Narrows the merged inbox. Keys combine with AND; an absent or null key does not filter. */
export type ConversationFilter = {
  /** true: only archived conversations (none outside Iron); false: only those not archived. */
  archived?: InputMaybe<Scalars['Boolean']['input']>;
  /** Which assignee bucket (default ALL). */
  assignee?: InputMaybe<AssigneeFilter>;
  /** Carrying all of these labels (at most 20). */
  labels?: InputMaybe<Array<Scalars['String']['input']>>;
  /** SLA breached (true) or not (false). */
  overdue?: InputMaybe<Scalars['Boolean']['input']>;
  /** Case-insensitive text in the title, contact, labels or last message (and whatever the platform searches). At most 200 characters. */
  search?: InputMaybe<Scalars['String']['input']>;
  /** Only these platforms (default: all configured). */
  sources?: InputMaybe<Array<Source>>;
  /** true: only starred conversations (none outside Iron); false: only those not starred. */
  starred?: InputMaybe<Scalars['Boolean']['input']>;
  /** Any of these statuses (default: all). */
  status?: InputMaybe<Array<ConversationStatus>>;
  /** true: only conversations with unread messages (`unreadCount` above 0); false: only those without. */
  unread?: InputMaybe<Scalars['Boolean']['input']>;
  /**
   * Open a view (`InboxView.id`): its filter applies, AND-ed with the other keys given here (a key set both
   * ways is `BAD_USER_INPUT`). Another tenant's view id is `NOT_FOUND`.
   */
  view?: InputMaybe<Scalars['ID']['input']>;
};

/** What most inbox actions return: the conversation as it is now (read fresh from the platform). */
export type ConversationPayload = {
  __typename?: 'ConversationPayload';
  /** The `clientMutationId` of the input, echoed. */
  clientMutationId?: Maybe<Scalars['String']['output']>;
  /** The conversation read back after the change; null when the mutation was refused (see `userErrors`). */
  conversation?: Maybe<Conversation>;
  /** Business refusals; empty on success. */
  userErrors: Array<UserError>;
};

/**
 * How urgent a conversation is. Only Voxys and Chatvolt have priorities: on VoiceGlow and Iron
 * `Conversation.priority` is always null.
 */
export type ConversationPriority =
  /** Voxys `high`; Chatvolt `HIGH`; VoiceGlow and Iron have no priority. */
  | 'HIGH'
  /** Voxys `low`; Chatvolt `LOW`; VoiceGlow and Iron have no priority. */
  | 'LOW'
  /** Voxys `medium`; Chatvolt `MEDIUM`; VoiceGlow and Iron have no priority. */
  | 'MEDIUM'
  /** Voxys `urgent`; Chatvolt has no such priority (setting it is `INVALID_INPUT`); VoiceGlow and Iron have no priority. */
  | 'URGENT';

/**
 * Where a conversation stands, on one scale for every platform. Each value says which platform value it
 * maps from. A status a platform lacks never occurs there, and `setConversationStatus` refuses it
 * (`INVALID_INPUT`, without a call).
 */
export type ConversationStatus =
  /**
   * The AI handed the conversation over and a human is asked to take it. Chatvolt `HUMAN_REQUESTED`; VoiceGlow
   * `requested_chat`; never on Voxys or Iron.
   */
  | 'HUMAN_REQUESTED'
  /**
   * Open: waiting on the team or being handled. Voxys `open`; Chatvolt `UNRESOLVED`; VoiceGlow `ai-chatting` and
   * `human-chatting` (also a convo without a state); Iron: a thread that is not archived.
   */
  | 'OPEN'
  /** Pending (e.g. held by a bot before a human sees it). Voxys `pending`; never on Chatvolt, VoiceGlow or Iron. */
  | 'PENDING'
  /** Done. Voxys `resolved`; Chatvolt `RESOLVED`; VoiceGlow `ended_chat`; Iron: an archived thread. */
  | 'RESOLVED'
  /**
   * Snoozed. Voxys `snoozed` (set through the gateway: until the contact's next reply); never on Chatvolt,
   * VoiceGlow or Iron.
   */
  | 'SNOOZED';

/** A conversation changed (status, assignee, unread count, labels, last activity…). */
export type ConversationUpdatedEvent = {
  __typename?: 'ConversationUpdatedEvent';
  /** The conversation as it is now. */
  conversation: Conversation;
  /** Resume after this event with `since: cursor`. */
  cursor: Scalars['String']['output'];
};

/** A sales funnel board (Voxys). */
export type Funnel = {
  __typename?: 'Funnel';
  /** Opaque id of the funnel (not fetchable through `node`). */
  id: Scalars['ID']['output'];
  /** The funnel's name; null where the platform does not say (Voxys documents no read of funnel names). */
  name?: Maybe<Scalars['String']['output']>;
};

/** Where a lead sits on a sales funnel board. */
export type FunnelCard = Node & {
  __typename?: 'FunnelCard';
  /** When the card was created. */
  createdAt?: Maybe<Scalars['DateTime']['output']>;
  /** The board. */
  funnel: Funnel;
  /** Opaque global id (see `Node.id`). */
  id: Scalars['ID']['output'];
  /** Its position within the stage (as the platform orders cards); null when unknown. */
  position?: Maybe<Scalars['Int']['output']>;
  /** The platform it lives on. */
  source: Source;
  /** The column the lead is in. */
  stage: FunnelStage;
  /** When the card last moved or changed. */
  updatedAt?: Maybe<Scalars['DateTime']['output']>;
};

/** A column of a sales funnel board (Voxys). */
export type FunnelStage = {
  __typename?: 'FunnelStage';
  /** Opaque id of the stage (not fetchable through `node`). */
  id: Scalars['ID']['output'];
  /** The stage's name; null where the platform does not say (Voxys documents no read of stage names). */
  name?: Maybe<Scalars['String']['output']>;
};

/** One hand-over of the conversation from the AI to a human (VoiceGlow `handoffHistory`). */
export type Handoff = {
  __typename?: 'Handoff';
  /** When a teammate took it; null until then. */
  acceptedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Who took it (VoiceGlow `acceptedBy`, named when it is the conversation's assignee); null until accepted. */
  acceptedBy?: Maybe<Agent>;
  /** When the human part ended; null until then. */
  completedAt?: Maybe<Scalars['DateTime']['output']>;
  /** When the AI (or the contact) asked for a human; null when the platform does not say. */
  requestedAt?: Maybe<Scalars['DateTime']['output']>;
  /** How far it got: COMPLETED when completed, else ACCEPTED when accepted, else REQUESTED. */
  status: HandoffStatus;
  /** The teams it was offered to (VoiceGlow `teamKeys`, else `requestedTeamKey`); empty when none are named. */
  teams: Array<Scalars['String']['output']>;
};

/** How far a hand-over from the AI to a human got. */
export type HandoffStatus =
  /** A teammate took it (VoiceGlow `acceptedAt`). */
  | 'ACCEPTED'
  /** The human part is over (VoiceGlow `completedAt`). */
  | 'COMPLETED'
  /** Asked for, nobody took it yet (VoiceGlow: `requestedAt` only). */
  | 'REQUESTED';

/**
 * The inbox actions (mutations) a conversation's platform supports: `Conversation.capabilities` lists them.
 * An action the platform lacks answers `userErrors: [{code: UNSUPPORTED_BY_SOURCE}]` without calling it.
 */
export type InboxAction =
  /** Archive or unarchive the conversation (`archiveConversation`); on Iron this also makes it RESOLVED / OPEN. Not supported on Voxys, Chatvolt and VoiceGlow. */
  | 'ARCHIVE'
  /**
   * Assign the conversation to a team member, or unassign it (`assignConversation`, `assignConversationToMe`).
   * Supported on every platform; Chatvolt cannot unassign (assign to another member instead).
   */
  | 'ASSIGN'
  /** Discard an AI-drafted reply (`dismissSuggestion`). Not supported on Voxys, Chatvolt and VoiceGlow. */
  | 'DISMISS_SUGGESTION'
  /** Mark the conversation read, so its unread count is 0 (`markConversationRead`). Not supported on Chatvolt and VoiceGlow. */
  | 'MARK_READ'
  /** Mark the conversation unread, so its unread count is at least 1 (`markConversationUnread`). Not supported on Chatvolt and VoiceGlow. */
  | 'MARK_UNREAD'
  /** Move the conversation to a step of a CRM scenario (`moveConversationToScenarioStep`). Not supported on Voxys, VoiceGlow and Iron. */
  | 'MOVE_TO_SCENARIO_STEP'
  /**
   * Attach files uploaded with `POST /uploads` to a reply (`sendMessage` with `attachments`): Iron uploads each
   * to its media endpoint first, Voxys sends them in the message's multipart body. Not supported on Chatvolt and VoiceGlow.
   */
  | 'SEND_ATTACHMENTS'
  /** Send a reply to the contact (`sendMessage`). Not supported on VoiceGlow (its API cannot reply as a human). */
  | 'SEND_MESSAGE'
  /** Write an internal note only the team sees (`sendMessage` with `private: true`). Not supported on Chatvolt, VoiceGlow and Iron. */
  | 'SEND_PRIVATE_NOTE'
  /** Send an AI-drafted reply as is (`sendSuggestion`). Not supported on Voxys, Chatvolt and VoiceGlow. */
  | 'SEND_SUGGESTION'
  /** Turn the platform's AI replies on or off (`setConversationAiEnabled`; off = a human takes over). Not supported on Voxys and Iron. */
  | 'SET_AI_ENABLED'
  /** Add and remove labels, keeping every other label (`updateConversationLabels`). Not supported on Chatvolt and Iron. */
  | 'SET_LABELS'
  /** Set the status of the conversation's lead (`setLeadStatus`). Not supported on Chatvolt, VoiceGlow and Iron. */
  | 'SET_LEAD_STATUS'
  /** Set or clear the priority (`setConversationPriority`); Chatvolt takes only LOW, MEDIUM and HIGH. Not supported on VoiceGlow and Iron. */
  | 'SET_PRIORITY'
  /** Change the status (`setConversationStatus`); a status the platform lacks is `INVALID_INPUT`. Not supported on Iron (archive instead). */
  | 'SET_STATUS'
  /** Star or unstar the conversation (`starConversation`, `unstarConversation`). Not supported on Voxys, Chatvolt and VoiceGlow. */
  | 'STAR';

/**
 * A view of the inbox, as a sidebar lists it: the built-in views every inbox has (merged over every source,
 * counts summed) and each platform's own saved views (Iron's, with Iron's own counts). Open one with
 * `conversations(filter: { view: id })`.
 */
export type InboxView = {
  __typename?: 'InboxView';
  /** A built-in view of the gateway (true) or a platform's saved view (false). */
  builtIn: Scalars['Boolean']['output'];
  /**
   * How many conversations it holds: built-in views counted by the gateway over every source (summed), saved
   * views as their platform counts them. null when a source needed for it failed (see `errors`).
   */
  counts?: Maybe<InboxViewCounts>;
  /** Whether `saveInboxViews` may leave it out (Iron's Unread, Recents, Starred and All may not be deleted; built-in views are not saved). */
  deletable: Scalars['Boolean']['output'];
  /** What it lists. */
  filter: InboxViewFilter;
  /** Opaque id, bound to the viewer's tenant: pass it as `ConversationFilter.view` or to `saveInboxViews`. */
  id: Scalars['ID']['output'];
  /** The view's name (built-in: All, Mine, Unassigned, Unread, Starred, Overdue; a saved view: as named on its platform). */
  name: Scalars['String']['output'];
  /** The platform whose saved view this is; null for the built-in views, which span every source. */
  source?: Maybe<Source>;
  /** The configuration key of that source; null for the built-in views. */
  sourceKey?: Maybe<Scalars['String']['output']>;
};

/** How many conversations a view holds. */
export type InboxViewCounts = {
  __typename?: 'InboxViewCounts';
  /** Every conversation the view lists (what `conversations(filter: { view })` pages through). */
  total: Scalars['Int']['output'];
  /** Of those, the ones with unread messages (`Conversation.unreadCount` above 0). */
  unread: Scalars['Int']['output'];
};

/** What a view lists, in the terms of `ConversationFilter` (keys combine with AND; a null key does not filter). */
export type InboxViewFilter = {
  __typename?: 'InboxViewFilter';
  /** Only conversations with activity within this many days (Iron's `recent_days`). */
  activeWithinDays?: Maybe<Scalars['Int']['output']>;
  /** true: only archived conversations (none outside Iron); false: only those not archived. */
  archived?: Maybe<Scalars['Boolean']['output']>;
  /** Which assignee bucket. */
  assignee: AssigneeFilter;
  /** true: only conversations whose SLA is overdue. */
  overdue?: Maybe<Scalars['Boolean']['output']>;
  /** Only these platforms; null: every configured source. */
  sources?: Maybe<Array<Source>>;
  /** true: only starred conversations (none outside Iron). */
  starred?: Maybe<Scalars['Boolean']['output']>;
  /** Any of these statuses; null: every status. */
  status?: Maybe<Array<ConversationStatus>>;
  /** true: only conversations with unread messages. */
  unread?: Maybe<Scalars['Boolean']['output']>;
};

/** One saved view to keep, in `saveInboxViews`. */
export type InboxViewInput = {
  /** Only conversations with activity within this many days (1 to 365). */
  activeWithinDays?: InputMaybe<Scalars['Int']['input']>;
  /** true: only archived conversations; false or null: only those not archived. */
  archived?: InputMaybe<Scalars['Boolean']['input']>;
  /** An existing view of that source (`InboxView.id`) to keep or rename; null creates a new view. */
  id?: InputMaybe<Scalars['ID']['input']>;
  /** Its name (1 to 100 characters). */
  name: Scalars['String']['input'];
  /** true: only conversations whose SLA is overdue. */
  overdue?: InputMaybe<Scalars['Boolean']['input']>;
  /** true: only starred conversations. */
  starred?: InputMaybe<Scalars['Boolean']['input']>;
  /** true: only conversations with unread messages. */
  unread?: InputMaybe<Scalars['Boolean']['input']>;
};

/** The deal behind a conversation. */
export type Lead = Node & {
  __typename?: 'Lead';
  /** The platform's CRM alerts on this lead (VoiceGlow `crmAlerts`); null on Voxys, or when VoiceGlow computed none. */
  alerts?: Maybe<LeadAlerts>;
  /**
   * The customer's company: Voxys's company object (`id`, `name`, `domain`); on VoiceGlow a name-only company from
   * `userCompany` (`id` and `domain` null); null when the platform names none. (Was a String before: the name is
   * now `company.name`.)
   */
  company?: Maybe<Company>;
  /** When the lead was created. */
  createdAt?: Maybe<Scalars['DateTime']['output']>;
  /** The lead's custom attributes as the platform keeps them (Voxys `custom_attributes`, an object; `{}` when none are set); null on VoiceGlow. */
  customAttributes?: Maybe<Scalars['JSON']['output']>;
  /** When the deal is expected to close (VoiceGlow `expectedCloseDate`, a day: midnight UTC of it); null when not set, and on Voxys. */
  expectedCloseAt?: Maybe<Scalars['DateTime']['output']>;
  /** VoiceGlow `hotScore`: 0-100, the platform's rating of how hot (ready to buy) the lead is now; null when not rated, and on Voxys. */
  hotScore?: Maybe<Scalars['Int']['output']>;
  /** Opaque global id (see `Node.id`). */
  id: Scalars['ID']['output'];
  /** Why the deal was lost (VoiceGlow `lostReason`; such a lead is `LOST`); null when not lost or not said, and on Voxys. */
  lostReason?: Maybe<Scalars['String']['output']>;
  /** The lead's name (Voxys: its custom name; VoiceGlow: the contact's name). */
  name?: Maybe<Scalars['String']['output']>;
  /** Free-text notes on the lead. */
  notes?: Maybe<Scalars['String']['output']>;
  /** The team member who owns the deal. */
  owner?: Maybe<Agent>;
  /**
   * 0-100 where the platform scores leads: VoiceGlow `leadScore` (the points of the funnel steps the conversation matched);
   * null on Voxys, which scores no lead. See `hotScore` for VoiceGlow's engagement score.
   */
  score?: Maybe<Scalars['Int']['output']>;
  /** The platform it lives on. */
  source: Source;
  /** Where the deal stands; null when the platform sends a value the gateway does not know. */
  status?: Maybe<LeadStatus>;
  /** When the lead last changed. */
  updatedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The deal's value; null unless the platform gives both an amount and a currency. */
  value?: Maybe<Money>;
};

/**
 * VoiceGlow's CRM alerts on a lead (`crmAlerts`), as the platform computed them. Each flag is null when the platform
 * left it out.
 */
export type LeadAlerts = {
  __typename?: 'LeadAlerts';
  /** A human hand-over was newly assigned and not yet looked at (`newHandoffAssigned`). */
  newHandoffAssigned?: Maybe<Scalars['Boolean']['output']>;
  /** A follow-up activity is past its due date (`overdueActivity`). */
  overdueActivity?: Maybe<Scalars['Boolean']['output']>;
  /** The expected close date has passed (`overdueECD`). */
  overdueExpectedClose?: Maybe<Scalars['Boolean']['output']>;
  /** The lead has been answered (`responded`). */
  responded?: Maybe<Scalars['Boolean']['output']>;
  /** No activity for a long time (`staleLead`). */
  stale?: Maybe<Scalars['Boolean']['output']>;
};

/** What `setLeadStatus` returns. */
export type LeadPayload = {
  __typename?: 'LeadPayload';
  /** The `clientMutationId` of the input, echoed. */
  clientMutationId?: Maybe<Scalars['String']['output']>;
  /** The lead's conversation read back after the change; null when refused. */
  conversation?: Maybe<Conversation>;
  /** The lead read back after the change; null when refused. */
  lead?: Maybe<Lead>;
  /** Business refusals; empty on success. */
  userErrors: Array<UserError>;
};

/** Where a deal stands. Only Voxys and VoiceGlow have leads (Chatvolt and Iron: `Conversation.lead` is null). */
export type LeadStatus =
  /** Lost. Voxys `lost`; VoiceGlow: a lead with a `lostReason`. */
  | 'LOST'
  /** Still in play. Voxys `open`; VoiceGlow: every lead without a `lostReason`. */
  | 'OPEN'
  /** Put aside for later. Voxys `snoozed`; never on VoiceGlow. */
  | 'SNOOZED'
  /** Won. Voxys `won`; never on VoiceGlow (it marks no lead won). */
  | 'WON';

/** One message of a conversation's thread (an AI draft is a `Suggestion`, not a message). */
export type Message = Node & {
  __typename?: 'Message';
  /** Its files (empty when none). Voxys lists only attachments with something to open. */
  attachments: Array<Attachment>;
  /** The AI summary of a call (Iron; null for a missed call, for other kinds and on other platforms). */
  callSummary?: Maybe<Scalars['String']['output']>;
  /** The text; null when the message has none (e.g. an attachment only). */
  content?: Maybe<Scalars['String']['output']>;
  /** The conversation it belongs to; null when it could not be read. */
  conversation?: Maybe<Conversation>;
  /** When it was written. */
  createdAt: Scalars['DateTime']['output'];
  /** Which way it went. */
  direction: MessageDirection;
  /** Opaque global id (see `Node.id`). */
  id: Scalars['ID']['output'];
  /** What it is: chat, email, SMS, call, note or activity notice. */
  kind: MessageKind;
  /** Internal notes only the team sees. */
  private: Scalars['Boolean']['output'];
  /** Who wrote it: the contact, an agent or a bot; null when the platform does not say (e.g. Iron's outbound messages, system notices). */
  sender?: Maybe<Sender>;
  /** The platform it lives on. */
  source: Source;
};

/** A new message in a conversation (inbound, outbound, note), however it reached the gateway. */
export type MessageAddedEvent = {
  __typename?: 'MessageAddedEvent';
  /** Its conversation as it is now; null when it could not be read. */
  conversation?: Maybe<Conversation>;
  /** Resume after this event with `since: cursor`. */
  cursor: Scalars['String']['output'];
  /** The new message. */
  message: Message;
};

/** A slice of one thread, oldest first. `last/before` reads older history, `first/after` newer messages. */
export type MessageConnection = {
  __typename?: 'MessageConnection';
  /** The slice's messages, oldest first. */
  edges: Array<MessageEdge>;
  /** `hasPreviousPage`: older messages exist; `hasNextPage`: newer ones do. */
  pageInfo: PageInfo;
};

/** Which way a message went. */
export type MessageDirection =
  /** From the contact to the team. */
  | 'INBOUND'
  /** From the team's side: an agent, a bot or the AI, a note, or an activity notice. */
  | 'OUTBOUND';

/** One message of a thread, with its place in it. */
export type MessageEdge = {
  __typename?: 'MessageEdge';
  /** Pass as `before` (older) or `after` (newer) to page from this message. */
  cursor: Scalars['String']['output'];
  /** The message. */
  node: Message;
};

/** What a message is. */
export type MessageKind =
  /** A system notice in the thread, such as "assigned to …" or "chat ended" (Voxys activities, VoiceGlow system turns). */
  | 'ACTIVITY'
  /** A phone call; `callSummary` holds the AI summary where the platform makes one (Iron). */
  | 'CALL'
  /** An email (Voxys email threads, Chatvolt `mail` conversations, Iron `email` activities). */
  | 'EMAIL'
  /** An internal note only the team sees (`private` is true). Voxys private notes and Iron notes. */
  | 'NOTE'
  /** A text message (Voxys SMS threads, Iron `sms` activities). */
  | 'SMS'
  /** A chat message: the default (every Chatvolt message outside mail conversations, VoiceGlow's chat turns, Voxys chat channels). */
  | 'TEXT';

/** An amount of money. */
export type Money = {
  __typename?: 'Money';
  /** In major units (15000 = 15,000.00). */
  amount: Scalars['Float']['output'];
  /** ISO 4217 code. */
  currency: Scalars['String']['output'];
};

/** The CRM scenario step to move a conversation to. */
export type MoveConversationToScenarioStepInput = {
  /** Any string; echoed in the payload (Relay). */
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  /** A `Conversation.id`. */
  conversationId: Scalars['ID']['input'];
  /** A `ScenarioStep.id` (from `Scenario.steps`), of any scenario of the same source. */
  stepId: Scalars['ID']['input'];
};

/**
 * The inbox actions. Each works on one conversation's platform: where the platform lacks the action
 * (`Conversation.capabilities`), the payload's `userErrors` holds `UNSUPPORTED_BY_SOURCE` and the platform is
 * not called. A mutation's payload reads the conversation back fresh, so the next query shows the change.
 */
export type Mutation = {
  __typename?: 'Mutation';
  /** Archives or unarchives the conversation (ARCHIVE). */
  archiveConversation: ConversationPayload;
  /** Assigns to an agent of the conversation's platform, or unassigns with `assigneeId: null` (ASSIGN). */
  assignConversation: ConversationPayload;
  /** Assigns to the signed-in user's identity on the conversation's platform. */
  assignConversationToMe: ConversationPayload;
  /** Discards an AI draft (DISMISS_SUGGESTION). A draft already sent or dismissed is `CONFLICT`. */
  dismissSuggestion: SuggestionPayload;
  /** Marks the conversation read: its unread count becomes 0 (MARK_READ). */
  markConversationRead: ConversationPayload;
  /** Marks the conversation unread: its unread count becomes at least 1 (MARK_UNREAD). */
  markConversationUnread: ConversationPayload;
  /** Moves the conversation to a CRM scenario step, applying the step's defaults; the step's initial message is not sent (MOVE_TO_SCENARIO_STEP). */
  moveConversationToScenarioStep: ConversationPayload;
  /**
   * Replaces a source's saved views with this list (SAVE_INBOX_VIEWS: Iron). Leaving out a view that is not
   * `deletable` is a `BAD_USER_INPUT` error before any platform call.
   */
  saveInboxViews: SaveInboxViewsPayload;
  /** Sends a reply, or an internal note with `private: true` (actions SEND_MESSAGE, SEND_PRIVATE_NOTE). */
  sendMessage: SendMessagePayload;
  /** Sends an AI draft as is; it becomes a message (SEND_SUGGESTION). A draft already sent or dismissed is `CONFLICT`. */
  sendSuggestion: SuggestionPayload;
  /** Turns the platform's AI replies on or off (SET_AI_ENABLED); off is a human takeover. */
  setConversationAiEnabled: ConversationPayload;
  /** Sets or clears the conversation's priority (SET_PRIORITY); Chatvolt cannot clear it or take URGENT. */
  setConversationPriority: ConversationPayload;
  /** Sets the conversation's status (SET_STATUS). */
  setConversationStatus: ConversationPayload;
  /** Sets the status of a conversation's lead (SET_LEAD_STATUS). */
  setLeadStatus: LeadPayload;
  /** Stars the conversation (STAR). */
  starConversation: ConversationPayload;
  /**
   * Starts a conversation with a contact and sends it the first message (START_CONVERSATION: Iron, Voxys).
   * Elsewhere `UNSUPPORTED_BY_SOURCE` without any platform call.
   */
  startConversation: StartConversationPayload;
  /** Removes the conversation's star (STAR). */
  unstarConversation: ConversationPayload;
  /** Adds and removes labels, keeping every other label, even where the platform's API replaces the whole list (SET_LABELS). */
  updateConversationLabels: ConversationPayload;
};


/**
 * The inbox actions. Each works on one conversation's platform: where the platform lacks the action
 * (`Conversation.capabilities`), the payload's `userErrors` holds `UNSUPPORTED_BY_SOURCE` and the platform is
 * not called. A mutation's payload reads the conversation back fresh, so the next query shows the change.
 */
export type MutationArchiveConversationArgs = {
  input: ArchiveConversationInput;
};


/**
 * The inbox actions. Each works on one conversation's platform: where the platform lacks the action
 * (`Conversation.capabilities`), the payload's `userErrors` holds `UNSUPPORTED_BY_SOURCE` and the platform is
 * not called. A mutation's payload reads the conversation back fresh, so the next query shows the change.
 */
export type MutationAssignConversationArgs = {
  input: AssignConversationInput;
};


/**
 * The inbox actions. Each works on one conversation's platform: where the platform lacks the action
 * (`Conversation.capabilities`), the payload's `userErrors` holds `UNSUPPORTED_BY_SOURCE` and the platform is
 * not called. A mutation's payload reads the conversation back fresh, so the next query shows the change.
 */
export type MutationAssignConversationToMeArgs = {
  input: ConversationActionInput;
};


/**
 * The inbox actions. Each works on one conversation's platform: where the platform lacks the action
 * (`Conversation.capabilities`), the payload's `userErrors` holds `UNSUPPORTED_BY_SOURCE` and the platform is
 * not called. A mutation's payload reads the conversation back fresh, so the next query shows the change.
 */
export type MutationDismissSuggestionArgs = {
  input: SuggestionActionInput;
};


/**
 * The inbox actions. Each works on one conversation's platform: where the platform lacks the action
 * (`Conversation.capabilities`), the payload's `userErrors` holds `UNSUPPORTED_BY_SOURCE` and the platform is
 * not called. A mutation's payload reads the conversation back fresh, so the next query shows the change.
 */
export type MutationMarkConversationReadArgs = {
  input: ConversationActionInput;
};


/**
 * The inbox actions. Each works on one conversation's platform: where the platform lacks the action
 * (`Conversation.capabilities`), the payload's `userErrors` holds `UNSUPPORTED_BY_SOURCE` and the platform is
 * not called. A mutation's payload reads the conversation back fresh, so the next query shows the change.
 */
export type MutationMarkConversationUnreadArgs = {
  input: ConversationActionInput;
};


/**
 * The inbox actions. Each works on one conversation's platform: where the platform lacks the action
 * (`Conversation.capabilities`), the payload's `userErrors` holds `UNSUPPORTED_BY_SOURCE` and the platform is
 * not called. A mutation's payload reads the conversation back fresh, so the next query shows the change.
 */
export type MutationMoveConversationToScenarioStepArgs = {
  input: MoveConversationToScenarioStepInput;
};


/**
 * The inbox actions. Each works on one conversation's platform: where the platform lacks the action
 * (`Conversation.capabilities`), the payload's `userErrors` holds `UNSUPPORTED_BY_SOURCE` and the platform is
 * not called. A mutation's payload reads the conversation back fresh, so the next query shows the change.
 */
export type MutationSaveInboxViewsArgs = {
  input: SaveInboxViewsInput;
};


/**
 * The inbox actions. Each works on one conversation's platform: where the platform lacks the action
 * (`Conversation.capabilities`), the payload's `userErrors` holds `UNSUPPORTED_BY_SOURCE` and the platform is
 * not called. A mutation's payload reads the conversation back fresh, so the next query shows the change.
 */
export type MutationSendMessageArgs = {
  input: SendMessageInput;
};


/**
 * The inbox actions. Each works on one conversation's platform: where the platform lacks the action
 * (`Conversation.capabilities`), the payload's `userErrors` holds `UNSUPPORTED_BY_SOURCE` and the platform is
 * not called. A mutation's payload reads the conversation back fresh, so the next query shows the change.
 */
export type MutationSendSuggestionArgs = {
  input: SuggestionActionInput;
};


/**
 * The inbox actions. Each works on one conversation's platform: where the platform lacks the action
 * (`Conversation.capabilities`), the payload's `userErrors` holds `UNSUPPORTED_BY_SOURCE` and the platform is
 * not called. A mutation's payload reads the conversation back fresh, so the next query shows the change.
 */
export type MutationSetConversationAiEnabledArgs = {
  input: SetConversationAiEnabledInput;
};


/**
 * The inbox actions. Each works on one conversation's platform: where the platform lacks the action
 * (`Conversation.capabilities`), the payload's `userErrors` holds `UNSUPPORTED_BY_SOURCE` and the platform is
 * not called. A mutation's payload reads the conversation back fresh, so the next query shows the change.
 */
export type MutationSetConversationPriorityArgs = {
  input: SetConversationPriorityInput;
};


/**
 * The inbox actions. Each works on one conversation's platform: where the platform lacks the action
 * (`Conversation.capabilities`), the payload's `userErrors` holds `UNSUPPORTED_BY_SOURCE` and the platform is
 * not called. A mutation's payload reads the conversation back fresh, so the next query shows the change.
 */
export type MutationSetConversationStatusArgs = {
  input: SetConversationStatusInput;
};


/**
 * The inbox actions. Each works on one conversation's platform: where the platform lacks the action
 * (`Conversation.capabilities`), the payload's `userErrors` holds `UNSUPPORTED_BY_SOURCE` and the platform is
 * not called. A mutation's payload reads the conversation back fresh, so the next query shows the change.
 */
export type MutationSetLeadStatusArgs = {
  input: SetLeadStatusInput;
};


/**
 * The inbox actions. Each works on one conversation's platform: where the platform lacks the action
 * (`Conversation.capabilities`), the payload's `userErrors` holds `UNSUPPORTED_BY_SOURCE` and the platform is
 * not called. A mutation's payload reads the conversation back fresh, so the next query shows the change.
 */
export type MutationStarConversationArgs = {
  input: ConversationActionInput;
};


/**
 * The inbox actions. Each works on one conversation's platform: where the platform lacks the action
 * (`Conversation.capabilities`), the payload's `userErrors` holds `UNSUPPORTED_BY_SOURCE` and the platform is
 * not called. A mutation's payload reads the conversation back fresh, so the next query shows the change.
 */
export type MutationStartConversationArgs = {
  input: StartConversationInput;
};


/**
 * The inbox actions. Each works on one conversation's platform: where the platform lacks the action
 * (`Conversation.capabilities`), the payload's `userErrors` holds `UNSUPPORTED_BY_SOURCE` and the platform is
 * not called. A mutation's payload reads the conversation back fresh, so the next query shows the change.
 */
export type MutationUnstarConversationArgs = {
  input: ConversationActionInput;
};


/**
 * The inbox actions. Each works on one conversation's platform: where the platform lacks the action
 * (`Conversation.capabilities`), the payload's `userErrors` holds `UNSUPPORTED_BY_SOURCE` and the platform is
 * not called. A mutation's payload reads the conversation back fresh, so the next query shows the change.
 */
export type MutationUpdateConversationLabelsArgs = {
  input: UpdateConversationLabelsInput;
};

/** Anything with a global, opaque id (Relay). */
export type Node = {
  /**
   * Opaque global id: it encodes the type, the source's configuration key, its platform scope and the upstream id.
   * Pass it back as is (to `node`, `nodes` or a mutation); never parse it.
   */
  id: Scalars['ID']['output'];
};

/** Relay paging state of a connection. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** The last edge's cursor (pass it as `after` for the next page); null when the page is empty. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** More items follow `endCursor` (page on with `first`/`after`). In a thread: newer messages exist after this slice. */
  hasNextPage: Scalars['Boolean']['output'];
  /**
   * In the merged inbox: true when this page was asked with `after`. In a thread: older messages exist before
   * `startCursor` (page back with `last`/`before`).
   */
  hasPreviousPage: Scalars['Boolean']['output'];
  /** The first edge's cursor; null when the page is empty. */
  startCursor?: Maybe<Scalars['String']['output']>;
};

/** Read entry points. Every answer is scoped to the signed-in user's tenant. */
export type Query = {
  __typename?: 'Query';
  /** One conversation by its id; null (with a `NOT_FOUND` error entry) when it no longer exists. */
  conversation?: Maybe<Conversation>;
  /** The merged inbox. `first` is capped by `limits.maxPageSize`. */
  conversations: ConversationConnection;
  /**
   * The inbox's views for the sidebar: the built-in ones (All, Mine, Unassigned, Unread, Starred, Overdue), then each
   * source's saved views (Iron), with their counts.
   */
  inboxViews: Array<InboxView>;
  /**
   * Any object by its global id; null (with a `NOT_FOUND` error entry) when it no longer exists or belongs to
   * another tenant. Contacts and agents are found where their platform can read them by id (else `NOT_FOUND`);
   * bots, funnels, stages and companies cannot be fetched by id (`BAD_USER_INPUT`): reach them through their conversation.
   */
  node?: Maybe<Node>;
  /** Several objects by global id, in the same order; null for those that do not exist. */
  nodes: Array<Maybe<Node>>;
  /** The signed-in user and the sources of their tenant. */
  viewer: Viewer;
};


/** Read entry points. Every answer is scoped to the signed-in user's tenant. */
export type QueryConversationArgs = {
  id: Scalars['ID']['input'];
};


/** Read entry points. Every answer is scoped to the signed-in user's tenant. */
export type QueryConversationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ConversationFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** Read entry points. Every answer is scoped to the signed-in user's tenant. */
export type QueryNodeArgs = {
  id: Scalars['ID']['input'];
};


/** Read entry points. Every answer is scoped to the signed-in user's tenant. */
export type QueryNodesArgs = {
  ids: Array<Scalars['ID']['input']>;
};

/** The views to save on one source: the whole list (a saved view left out is deleted). */
export type SaveInboxViewsInput = {
  /** Any string; echoed in the payload (Relay). */
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  /** The configuration key of the source (`InboxView.sourceKey`, `viewer.sources.key`). */
  sourceKey: Scalars['String']['input'];
  /** Every view the source should have afterwards, in order. Leaving out one that is not `deletable` is refused before any platform call. */
  views: Array<InboxViewInput>;
};

/** What `saveInboxViews` returns. */
export type SaveInboxViewsPayload = {
  __typename?: 'SaveInboxViewsPayload';
  /** The `clientMutationId` of the input, echoed. */
  clientMutationId?: Maybe<Scalars['String']['output']>;
  /** Business refusals; empty on success. */
  userErrors: Array<UserError>;
  /** The source's saved views as the platform now has them (with their counts); null when refused. */
  views?: Maybe<Array<InboxView>>;
};

/** A CRM scenario (Chatvolt): a pipeline of steps a conversation moves through. */
export type Scenario = Node & {
  __typename?: 'Scenario';
  /** What the scenario is for; null when it has no description. */
  description?: Maybe<Scalars['String']['output']>;
  /** Opaque global id (see `Node.id`). */
  id: Scalars['ID']['output'];
  /** The scenario's name. */
  name: Scalars['String']['output'];
  /** The platform it lives on (Chatvolt). */
  source: Source;
  /** Every step, in order. */
  steps?: Maybe<Array<ScenarioStep>>;
};

/** One step of a CRM scenario (Chatvolt). Moving a conversation to it applies the step's defaults (status, priority, AI switch, labels, assignee). */
export type ScenarioStep = Node & {
  __typename?: 'ScenarioStep';
  /** Opaque global id (see `Node.id`); pass it as `stepId` to `moveConversationToScenarioStep`. */
  id: Scalars['ID']['output'];
  /** Its position in the scenario (Chatvolt's `index`; steps are listed in this order); null when unknown (listed last). */
  index?: Maybe<Scalars['Int']['output']>;
  /** The step's name (empty when the platform gives none). */
  name: Scalars['String']['output'];
  /** The platform it lives on (Chatvolt). */
  source: Source;
};

/** A reply or an internal note to send in a conversation. */
export type SendMessageInput = {
  /**
   * Files to attach: ids answered by `POST /uploads` (at most 5), the caller's own and not expired. An upload is
   * not used up by a send: it can be sent again until it expires. Needs `SEND_ATTACHMENTS` (Iron, Voxys); elsewhere
   * `UNSUPPORTED_BY_SOURCE` without any call. An id that is no upload id is `BAD_USER_INPUT`; one naming nothing
   * (another user's or tenant's included) `NOT_FOUND`; an expired one `UPLOAD_EXPIRED`.
   */
  attachments?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Any string; echoed in the payload (Relay). */
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  /** The text, sent as is. Blank content is `INVALID_INPUT` unless files are attached; platforms cap its length (Voxys 150,000 characters). */
  content: Scalars['String']['input'];
  /** A `Conversation.id`. */
  conversationId: Scalars['ID']['input'];
  /**
   * Retries with the same key (per user, kept 24 hours) create one message and return the same
   * answer, also when retried concurrently or after a timeout.
   */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** An internal note only the team sees. */
  private?: InputMaybe<Scalars['Boolean']['input']>;
};

/** What `sendMessage` returns. */
export type SendMessagePayload = {
  __typename?: 'SendMessagePayload';
  /** The `clientMutationId` of the input, echoed. */
  clientMutationId?: Maybe<Scalars['String']['output']>;
  /** The conversation read back after the send; null when refused. */
  conversation?: Maybe<Conversation>;
  /** The message created (the same one for every retry with the same `idempotencyKey`); null when refused. */
  message?: Maybe<Message>;
  /** Business refusals; empty on success. */
  userErrors: Array<UserError>;
};

/** Who wrote a message: the contact, a human agent or a bot. */
export type Sender = Agent | Bot | Contact;

/** Turn the platform's AI replies on or off. */
export type SetConversationAiEnabledInput = {
  /** Any string; echoed in the payload (Relay). */
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  /** A `Conversation.id`. */
  conversationId: Scalars['ID']['input'];
  /** true: the AI answers; false: a human takes over. */
  enabled: Scalars['Boolean']['input'];
};

/** The priority to set. */
export type SetConversationPriorityInput = {
  /** Any string; echoed in the payload (Relay). */
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  /** A `Conversation.id`. */
  conversationId: Scalars['ID']['input'];
  /** null clears it. */
  priority?: InputMaybe<ConversationPriority>;
};

/** The status to set. */
export type SetConversationStatusInput = {
  /** Any string; echoed in the payload (Relay). */
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  /** A `Conversation.id`. */
  conversationId: Scalars['ID']['input'];
  /** One the platform has (see `ConversationStatus`); another is `INVALID_INPUT`. */
  status: ConversationStatus;
};

/** The lead status to set. */
export type SetLeadStatusInput = {
  /** Any string; echoed in the payload (Relay). */
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  /** A `Lead.id` (from `Conversation.lead`). */
  leadId: Scalars['ID']['input'];
  /** When given, replaces the lead's notes; null leaves them as they are. */
  notes?: InputMaybe<Scalars['String']['input']>;
  /** The new status. */
  status: LeadStatus;
};

/**
 * The conversation's service-level deadline. Voxys: the earliest applicable target of its SLA policy (first
 * response, next response, resolution); VoiceGlow: the earliest due date of the lead's open CRM activities;
 * Iron: its own SLA. Chatvolt has none.
 */
export type Sla = {
  __typename?: 'Sla';
  /** When the next target is due; null when nothing is waiting. */
  dueAt?: Maybe<Scalars['DateTime']['output']>;
  /** The deadline has passed (as the platform reports it, else `dueAt` is in the past). */
  overdue: Scalars['Boolean']['output'];
  /** The SLA policy's name (Voxys `sla_name`); null where the platform does not name it (Iron, VoiceGlow). */
  policyName?: Maybe<Scalars['String']['output']>;
  /**
   * Minutes the policy gives for the target now due: Voxys the threshold of the earliest applicable deadline;
   * Iron its first-response minutes (`GET /conversations/sla`, read only when asked); null where unknown (VoiceGlow).
   */
  targetMinutes?: Maybe<Scalars['Int']['output']>;
};

/** The conversation platforms behind the gateway. */
export type Source =
  /** Chatvolt (AI agents with a human inbox): conversations and CRM scenarios. */
  | 'CHATVOLT'
  /** The Iron CRM inbox (SMS, email and calls): conversations with AI-drafted suggestions. Polled: Iron sends no webhooks. */
  | 'IRON'
  /** VoiceGlow (AI voice and chat agents): conversations whose convo document is also the lead. */
  | 'VOICEGLOW'
  /** Voxys Connect (Chatwoot with a CRM add-on): conversations, leads, funnel cards and follow-up tasks. */
  | 'VOXYS';

/** What a source's platform offers beyond single conversations (`ConfiguredSource.capabilities`, the README's capability table). */
export type SourceAction =
  /** Save the platform's inbox views (`saveInboxViews`). Not supported on Voxys, Chatvolt and VoiceGlow. */
  | 'SAVE_INBOX_VIEWS'
  /** Start a new conversation with a contact (`startConversation`). Not supported on Chatvolt and VoiceGlow. */
  | 'START_CONVERSATION';

/** Where and what to start a conversation with. */
export type StartConversationInput = {
  /**
   * The channel to write in. Iron: SMS or EMAIL (default: SMS when the contact has a phone, else EMAIL, as Iron
   * decides); Voxys: an inbox of that channel (default: an API inbox).
   */
  channel?: InputMaybe<Channel>;
  /** Any string; echoed in the payload (Relay). */
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  /** A `Contact.id` (from a conversation's `contact`): the platform of that contact is where the conversation starts. */
  contactId: Scalars['ID']['input'];
  /** The first message, sent to the contact. Blank content is `INVALID_INPUT`. */
  content: Scalars['String']['input'];
  /** Retries with the same key (per user, kept 24 hours) start one conversation and return it each time. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** The configuration key of the contact's source; optional (the id names it), and when given it must be that one (`INVALID_INPUT` otherwise). */
  sourceKey?: InputMaybe<Scalars['String']['input']>;
};

/** What `startConversation` returns. */
export type StartConversationPayload = {
  __typename?: 'StartConversationPayload';
  /** The `clientMutationId` of the input, echoed. */
  clientMutationId?: Maybe<Scalars['String']['output']>;
  /** The new conversation, read back from the platform (the same one for every retry with the same `idempotencyKey`); null when refused. */
  conversation?: Maybe<Conversation>;
  /** Business refusals; empty on success. */
  userErrors: Array<UserError>;
};

/**
 * Live inbox events over graphql-ws (`ws://…/graphql`, authorization in `connectionParams`). Each
 * event carries a cursor; `since` replays what the client missed (within the event log's window),
 * then continues live, with no gap and no duplicate. A `since` older than the window is an error
 * telling the client to refetch.
 */
export type Subscription = {
  __typename?: 'Subscription';
  /** Every change to the tenant's conversations (status, assignee, unread count, labels, last activity…), narrowed by the arguments. */
  conversationUpdated: ConversationUpdatedEvent;
  /** Every new message of the tenant's conversations (inbound, outbound, notes), narrowed by the arguments. */
  messageAdded: MessageAddedEvent;
  /** Every new AI draft waiting for a human (Iron), narrowed by the arguments. */
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
  /** The drafted text, sent as is by `sendSuggestion`. */
  content: Scalars['String']['output'];
  /** The conversation it answers; null when it no longer exists. */
  conversation?: Maybe<Conversation>;
  /** When the AI drafted it. */
  createdAt: Scalars['DateTime']['output'];
  /** Opaque global id (see `Node.id`); pass it as `suggestionId` to `sendSuggestion` or `dismissSuggestion`. */
  id: Scalars['ID']['output'];
  /** The platform it lives on (Iron). */
  source: Source;
  /** Where it stands. */
  status: SuggestionStatus;
};

/** The AI draft to act on. */
export type SuggestionActionInput = {
  /** Any string; echoed in the payload (Relay). */
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  /** A `Suggestion.id` (from `Conversation.suggestions` or `suggestionAdded`). */
  suggestionId: Scalars['ID']['input'];
};

/** A new AI draft waiting for a human. */
export type SuggestionAddedEvent = {
  __typename?: 'SuggestionAddedEvent';
  /** Its conversation as it is now; null when it could not be read. */
  conversation?: Maybe<Conversation>;
  /** Resume after this event with `since: cursor`. */
  cursor: Scalars['String']['output'];
  /** The new draft (send or dismiss it with `sendSuggestion` / `dismissSuggestion`). */
  suggestion: Suggestion;
};

/** What `sendSuggestion` and `dismissSuggestion` return. */
export type SuggestionPayload = {
  __typename?: 'SuggestionPayload';
  /** The `clientMutationId` of the input, echoed. */
  clientMutationId?: Maybe<Scalars['String']['output']>;
  /** Its conversation read back after the action; null when refused. */
  conversation?: Maybe<Conversation>;
  /** The message the draft became, when it was sent. */
  message?: Maybe<Message>;
  /** The draft after the action (`SENT` or `DISMISSED`); null when refused. */
  suggestion?: Maybe<Suggestion>;
  /** Business refusals; empty on success. */
  userErrors: Array<UserError>;
};

/** Where an AI draft stands (Iron's `pending` / `sent` / `dismissed`). */
export type SuggestionStatus =
  /** Discarded (Iron `dismissed`). */
  | 'DISMISSED'
  /** Waiting for a human to send or dismiss it (Iron `pending`, or no status). */
  | 'PENDING'
  /** Sent: it became a message (Iron `sent`). */
  | 'SENT';

/** A follow-up task linked to the conversation or its lead. */
export type Task = Node & {
  __typename?: 'Task';
  /** Who should do it (Voxys); null when nobody or on VoiceGlow. */
  assignee?: Maybe<Agent>;
  /** When it was completed (Voxys); null otherwise. */
  completedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Details (VoiceGlow: the activity's note). */
  description?: Maybe<Scalars['String']['output']>;
  /** When it is due; null when it has no due date. */
  dueAt?: Maybe<Scalars['DateTime']['output']>;
  /** Opaque global id (see `Node.id`). */
  id: Scalars['ID']['output'];
  /** Pending and past its due time. */
  overdue: Scalars['Boolean']['output'];
  /** null when none is set or the platform has none (VoiceGlow). */
  priority?: Maybe<TaskPriority>;
  /** The platform it lives on. */
  source: Source;
  /** Where it stands. */
  status: TaskStatus;
  /** What to do (empty when the platform gives no title). */
  title: Scalars['String']['output'];
};

/** How urgent a follow-up task is (Voxys only: VoiceGlow tasks have no priority). */
export type TaskPriority =
  /** Voxys `high`. */
  | 'HIGH'
  /** Voxys `low`. */
  | 'LOW'
  /** Voxys `medium`. */
  | 'MEDIUM';

/** Where a follow-up task stands. */
export type TaskStatus =
  /** Called off. Voxys `cancelled`; never on VoiceGlow. */
  | 'CANCELLED'
  /** Done. Voxys `completed`; VoiceGlow: a `completed` CRM activity. */
  | 'COMPLETED'
  /** Still to do. Voxys `pending`; VoiceGlow: a CRM activity not `completed`. */
  | 'PENDING';

/** Labels to add and remove; every label not named is kept. */
export type UpdateConversationLabelsInput = {
  /** Labels to add; every other label is kept. */
  add?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Any string; echoed in the payload (Relay). */
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  /** A `Conversation.id`. */
  conversationId: Scalars['ID']['input'];
  /** Labels to remove. */
  remove?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** A business refusal of a mutation: show `message` to the user; branch on `code`. */
export type UserError = {
  __typename?: 'UserError';
  /** What kind of refusal it is (stable). */
  code: UserErrorCode;
  /** Path of the input field at fault, when one is. */
  field?: Maybe<Array<Scalars['String']['output']>>;
  /** A human-readable explanation in the gateway's own words (never the platform's answer). */
  message: Scalars['String']['output'];
};

/** Expected business outcomes of a mutation (nothing else goes here: failures are GraphQL errors). */
export type UserErrorCode =
  /** The object changed meanwhile (e.g. the AI draft was already sent or dismissed), or the idempotency key was used with another input. */
  | 'CONFLICT'
  /**
   * The input is one the platform cannot take or refused, e.g. a status it lacks (HUMAN_REQUESTED on Voxys), blank
   * content, an agent of another platform, unassigning on Chatvolt. Refused without a call where the gateway can tell.
   */
  | 'INVALID_INPUT'
  /** The channel's reply window has closed (e.g. WhatsApp's 24 hours): only templates can be sent. */
  | 'MESSAGING_WINDOW_CLOSED'
  /** The assignee is not a member of that platform's team. */
  | 'NOT_A_MEMBER'
  /** The conversation, lead, suggestion or step does not exist (any more) on its platform, or is not the caller's tenant's. */
  | 'NOT_FOUND'
  /** The conversation's platform has no such action (see Conversation.capabilities); the platform was not called. */
  | 'UNSUPPORTED_BY_SOURCE'
  /** An upload id (`sendMessage`'s `attachments`) is past its expiry (`uploads.ttlSeconds`): upload the file again. */
  | 'UPLOAD_EXPIRED';

/** The signed-in user. */
export type Viewer = {
  __typename?: 'Viewer';
  /** The token's `sub`. */
  id: Scalars['ID']['output'];
  /** The sources configured for the viewer's tenant (what the merged inbox reads); empty when none are. */
  sources: Array<ConfiguredSource>;
  /** The token's `tenant`: every id, list and event the viewer sees belongs to it. */
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
  Assignee:
    | ( AgentModel )
    | ( BotModel )
  ;
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
    | ( BotModel )
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
  Assignee: ResolverTypeWrapper<ResolversUnionTypes<ResolversTypes>['Assignee']>;
  AssigneeFilter: AssigneeFilter;
  Attachment: ResolverTypeWrapper<Attachment>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Bot: ResolverTypeWrapper<BotModel>;
  Channel: Channel;
  Company: ResolverTypeWrapper<CompanyModel>;
  ConfiguredSource: ResolverTypeWrapper<ConfiguredSource>;
  Contact: ResolverTypeWrapper<ContactModel>;
  Conversation: ResolverTypeWrapper<ConversationModel>;
  ConversationActionInput: ConversationActionInput;
  ConversationConnection: ResolverTypeWrapper<MergedInboxPage>;
  ConversationCounts: ResolverTypeWrapper<CountsModel>;
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
  Handoff: ResolverTypeWrapper<HandoffModel>;
  HandoffStatus: HandoffStatus;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  InboxAction: InboxAction;
  InboxView: ResolverTypeWrapper<InboxViewModel>;
  InboxViewCounts: ResolverTypeWrapper<InboxViewCounts>;
  InboxViewFilter: ResolverTypeWrapper<ViewFilterModel>;
  InboxViewInput: InboxViewInput;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  Lead: ResolverTypeWrapper<LeadModel>;
  LeadAlerts: ResolverTypeWrapper<LeadAlerts>;
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
  SaveInboxViewsInput: SaveInboxViewsInput;
  SaveInboxViewsPayload: ResolverTypeWrapper<Omit<SaveInboxViewsPayload, 'views'> & { views?: Maybe<Array<ResolversTypes['InboxView']>> }>;
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
  SourceAction: SourceAction;
  StartConversationInput: StartConversationInput;
  StartConversationPayload: ResolverTypeWrapper<Omit<StartConversationPayload, 'conversation'> & { conversation?: Maybe<ResolversTypes['Conversation']> }>;
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
  Assignee: ResolversUnionTypes<ResolversParentTypes>['Assignee'];
  Attachment: Attachment;
  Boolean: Scalars['Boolean']['output'];
  Bot: BotModel;
  Company: CompanyModel;
  ConfiguredSource: ConfiguredSource;
  Contact: ContactModel;
  Conversation: ConversationModel;
  ConversationActionInput: ConversationActionInput;
  ConversationConnection: MergedInboxPage;
  ConversationCounts: CountsModel;
  ConversationEdge: Omit<ConversationEdge, 'node'> & { node: ResolversParentTypes['Conversation'] };
  ConversationFilter: ConversationFilter;
  ConversationPayload: Omit<ConversationPayload, 'conversation'> & { conversation?: Maybe<ResolversParentTypes['Conversation']> };
  ConversationUpdatedEvent: InboxEvent;
  DateTime: Scalars['DateTime']['output'];
  Float: Scalars['Float']['output'];
  Funnel: Funnel;
  FunnelCard: FunnelCardModel;
  FunnelStage: FunnelStage;
  Handoff: HandoffModel;
  ID: Scalars['ID']['output'];
  InboxView: InboxViewModel;
  InboxViewCounts: InboxViewCounts;
  InboxViewFilter: ViewFilterModel;
  InboxViewInput: InboxViewInput;
  Int: Scalars['Int']['output'];
  JSON: Scalars['JSON']['output'];
  Lead: LeadModel;
  LeadAlerts: LeadAlerts;
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
  SaveInboxViewsInput: SaveInboxViewsInput;
  SaveInboxViewsPayload: Omit<SaveInboxViewsPayload, 'views'> & { views?: Maybe<Array<ResolversParentTypes['InboxView']>> };
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
  StartConversationInput: StartConversationInput;
  StartConversationPayload: Omit<StartConversationPayload, 'conversation'> & { conversation?: Maybe<ResolversParentTypes['Conversation']> };
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

export type AssigneeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Assignee'] = ResolversParentTypes['Assignee']> = ResolversObject<{
  __resolveType: TypeResolveFn<'Agent' | 'Bot', ParentType, ContextType>;
}>;

export type AttachmentResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Attachment'] = ResolversParentTypes['Attachment']> = ResolversObject<{
  contentType?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type BotResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Bot'] = ResolversParentTypes['Bot']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['Source'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type CompanyResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Company'] = ResolversParentTypes['Company']> = ResolversObject<{
  domain?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type ConfiguredSourceResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ConfiguredSource'] = ResolversParentTypes['ConfiguredSource']> = ResolversObject<{
  capabilities?: Resolver<Array<ResolversTypes['SourceAction']>, ParentType, ContextType>;
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
  assignedTo?: Resolver<Maybe<ResolversTypes['Assignee']>, ParentType, ContextType>;
  assignee?: Resolver<Maybe<ResolversTypes['Agent']>, ParentType, ContextType>;
  capabilities?: Resolver<Array<ResolversTypes['InboxAction']>, ParentType, ContextType>;
  channel?: Resolver<Maybe<ResolversTypes['Channel']>, ParentType, ContextType>;
  contact?: Resolver<Maybe<ResolversTypes['Contact']>, ParentType, ContextType>;
  createdAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  customAttributes?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  frustration?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  funnelCard?: Resolver<Maybe<ResolversTypes['FunnelCard']>, ParentType, ContextType>;
  handoffs?: Resolver<Array<ResolversTypes['Handoff']>, ParentType, ContextType>;
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
  summary?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
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
  overdue?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  unassigned?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  unread?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
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

export type HandoffResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Handoff'] = ResolversParentTypes['Handoff']> = ResolversObject<{
  acceptedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  acceptedBy?: Resolver<Maybe<ResolversTypes['Agent']>, ParentType, ContextType>;
  completedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  requestedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['HandoffStatus'], ParentType, ContextType>;
  teams?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type InboxViewResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['InboxView'] = ResolversParentTypes['InboxView']> = ResolversObject<{
  builtIn?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  counts?: Resolver<Maybe<ResolversTypes['InboxViewCounts']>, ParentType, ContextType>;
  deletable?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  filter?: Resolver<ResolversTypes['InboxViewFilter'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  source?: Resolver<Maybe<ResolversTypes['Source']>, ParentType, ContextType>;
  sourceKey?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type InboxViewCountsResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['InboxViewCounts'] = ResolversParentTypes['InboxViewCounts']> = ResolversObject<{
  total?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  unread?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type InboxViewFilterResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['InboxViewFilter'] = ResolversParentTypes['InboxViewFilter']> = ResolversObject<{
  activeWithinDays?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  archived?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  assignee?: Resolver<ResolversTypes['AssigneeFilter'], ParentType, ContextType>;
  overdue?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  sources?: Resolver<Maybe<Array<ResolversTypes['Source']>>, ParentType, ContextType>;
  starred?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  status?: Resolver<Maybe<Array<ResolversTypes['ConversationStatus']>>, ParentType, ContextType>;
  unread?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
}>;

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type LeadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Lead'] = ResolversParentTypes['Lead']> = ResolversObject<{
  alerts?: Resolver<Maybe<ResolversTypes['LeadAlerts']>, ParentType, ContextType>;
  company?: Resolver<Maybe<ResolversTypes['Company']>, ParentType, ContextType>;
  createdAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  customAttributes?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  expectedCloseAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  hotScore?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lostReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
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

export type LeadAlertsResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['LeadAlerts'] = ResolversParentTypes['LeadAlerts']> = ResolversObject<{
  newHandoffAssigned?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  overdueActivity?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  overdueExpectedClose?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  responded?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  stale?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
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
  saveInboxViews?: Resolver<ResolversTypes['SaveInboxViewsPayload'], ParentType, ContextType, RequireFields<MutationSaveInboxViewsArgs, 'input'>>;
  sendMessage?: Resolver<ResolversTypes['SendMessagePayload'], ParentType, ContextType, RequireFields<MutationSendMessageArgs, 'input'>>;
  sendSuggestion?: Resolver<ResolversTypes['SuggestionPayload'], ParentType, ContextType, RequireFields<MutationSendSuggestionArgs, 'input'>>;
  setConversationAiEnabled?: Resolver<ResolversTypes['ConversationPayload'], ParentType, ContextType, RequireFields<MutationSetConversationAiEnabledArgs, 'input'>>;
  setConversationPriority?: Resolver<ResolversTypes['ConversationPayload'], ParentType, ContextType, RequireFields<MutationSetConversationPriorityArgs, 'input'>>;
  setConversationStatus?: Resolver<ResolversTypes['ConversationPayload'], ParentType, ContextType, RequireFields<MutationSetConversationStatusArgs, 'input'>>;
  setLeadStatus?: Resolver<ResolversTypes['LeadPayload'], ParentType, ContextType, RequireFields<MutationSetLeadStatusArgs, 'input'>>;
  starConversation?: Resolver<ResolversTypes['ConversationPayload'], ParentType, ContextType, RequireFields<MutationStarConversationArgs, 'input'>>;
  startConversation?: Resolver<ResolversTypes['StartConversationPayload'], ParentType, ContextType, RequireFields<MutationStartConversationArgs, 'input'>>;
  unstarConversation?: Resolver<ResolversTypes['ConversationPayload'], ParentType, ContextType, RequireFields<MutationUnstarConversationArgs, 'input'>>;
  updateConversationLabels?: Resolver<ResolversTypes['ConversationPayload'], ParentType, ContextType, RequireFields<MutationUpdateConversationLabelsArgs, 'input'>>;
}>;

export type NodeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Node'] = ResolversParentTypes['Node']> = ResolversObject<{
  __resolveType: TypeResolveFn<'Agent' | 'Bot' | 'Contact' | 'Conversation' | 'FunnelCard' | 'Lead' | 'Message' | 'Scenario' | 'ScenarioStep' | 'Suggestion' | 'Task', ParentType, ContextType>;
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
  inboxViews?: Resolver<Array<ResolversTypes['InboxView']>, ParentType, ContextType>;
  node?: Resolver<Maybe<ResolversTypes['Node']>, ParentType, ContextType, RequireFields<QueryNodeArgs, 'id'>>;
  nodes?: Resolver<Array<Maybe<ResolversTypes['Node']>>, ParentType, ContextType, RequireFields<QueryNodesArgs, 'ids'>>;
  viewer?: Resolver<ResolversTypes['Viewer'], ParentType, ContextType>;
}>;

export type SaveInboxViewsPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['SaveInboxViewsPayload'] = ResolversParentTypes['SaveInboxViewsPayload']> = ResolversObject<{
  clientMutationId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
  views?: Resolver<Maybe<Array<ResolversTypes['InboxView']>>, ParentType, ContextType>;
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
  policyName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  targetMinutes?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
}>;

export type StartConversationPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['StartConversationPayload'] = ResolversParentTypes['StartConversationPayload']> = ResolversObject<{
  clientMutationId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  conversation?: Resolver<Maybe<ResolversTypes['Conversation']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
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
  Assignee?: AssigneeResolvers<ContextType>;
  Attachment?: AttachmentResolvers<ContextType>;
  Bot?: BotResolvers<ContextType>;
  Company?: CompanyResolvers<ContextType>;
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
  Handoff?: HandoffResolvers<ContextType>;
  InboxView?: InboxViewResolvers<ContextType>;
  InboxViewCounts?: InboxViewCountsResolvers<ContextType>;
  InboxViewFilter?: InboxViewFilterResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  Lead?: LeadResolvers<ContextType>;
  LeadAlerts?: LeadAlertsResolvers<ContextType>;
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
  SaveInboxViewsPayload?: SaveInboxViewsPayloadResolvers<ContextType>;
  Scenario?: ScenarioResolvers<ContextType>;
  ScenarioStep?: ScenarioStepResolvers<ContextType>;
  SendMessagePayload?: SendMessagePayloadResolvers<ContextType>;
  Sender?: SenderResolvers<ContextType>;
  Sla?: SlaResolvers<ContextType>;
  StartConversationPayload?: StartConversationPayloadResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  Suggestion?: SuggestionResolvers<ContextType>;
  SuggestionAddedEvent?: SuggestionAddedEventResolvers<ContextType>;
  SuggestionPayload?: SuggestionPayloadResolvers<ContextType>;
  Task?: TaskResolvers<ContextType>;
  UserError?: UserErrorResolvers<ContextType>;
  Viewer?: ViewerResolvers<ContextType>;
}>;

