import type { InboxAction, SourceAction } from '../generated/graphql.js';
import type {
  ConversationModel,
  ConversationPriority,
  ConversationStatus,
  LeadModel,
  LeadStatus,
  MessageModel,
  SavedViewInput,
  SavedViewModel,
  StartConversationRequest,
} from '../model/index.js';

export { UserError, type UserErrorCode } from '../errors.js';

export interface SendMessageInput {
  content: string;
  private: boolean;
  /** The caller's idempotency key, passed to platforms that honour one (e.g. Voxys `echo_id`). */
  idempotencyKey: string | null;
}

/** A file to attach to a message (an upload of `POST /uploads`, read back from the upload store). */
export interface OutgoingFile {
  filename: string;
  /** The MIME type the uploader declared (checked against `uploads.allowedTypes`). */
  contentType: string;
  content: Buffer;
}

/**
 * What each inbox action takes, after the conversation it acts on. Actions resolve when the
 * platform confirmed the change and throw UserError for business refusals (UpstreamError for
 * everything else). They never invalidate caches: the action runner does, by tags
 * `conversation:<upstreamId>` and `list`.
 */
export interface ActionArguments {
  SEND_MESSAGE: [input: SendMessageInput];
  SEND_PRIVATE_NOTE: [input: SendMessageInput];
  /** A message (or, where SEND_PRIVATE_NOTE is supported too, a note) with files; `files` is never empty. */
  SEND_ATTACHMENTS: [input: SendMessageInput, files: OutgoingFile[]];
  MARK_READ: [];
  MARK_UNREAD: [];
  STAR: [starred: boolean];
  ARCHIVE: [archived: boolean];
  /** `assigneeUpstreamId` null unassigns. */
  ASSIGN: [assigneeUpstreamId: string | null];
  SET_STATUS: [status: ConversationStatus];
  SET_PRIORITY: [priority: ConversationPriority | null];
  SET_AI_ENABLED: [enabled: boolean];
  /** Adds and removes labels, keeping every other label (read-modify-write where the platform replaces the list). */
  SET_LABELS: [change: { add: string[]; remove: string[] }];
  /** Sends an AI draft as is. */
  SEND_SUGGESTION: [suggestionUpstreamId: string];
  DISMISS_SUGGESTION: [suggestionUpstreamId: string];
  MOVE_TO_SCENARIO_STEP: [scenarioUpstreamId: string, stepUpstreamId: string];
  SET_LEAD_STATUS: [lead: LeadModel, status: LeadStatus, notes: string | null];
}

/** What each action resolves to: the message it sent (when the platform says), else nothing. */
export interface ActionResults {
  SEND_MESSAGE: MessageModel;
  SEND_PRIVATE_NOTE: MessageModel;
  SEND_ATTACHMENTS: MessageModel;
  SEND_SUGGESTION: MessageModel | null;
}
export type ActionResult<A extends InboxAction> = A extends keyof ActionResults ? ActionResults[A] : void;

/** One action a platform offers: the endpoint it maps to (documentation, the README table) and how to run it. */
export interface PlatformAction<A extends InboxAction, K> {
  endpoint: string;
  run(connector: K, conversation: ConversationModel, ...args: ActionArguments[A]): Promise<ActionResult<A>>;
}

/**
 * A platform's write side: exactly the actions its API offers. The capability matrix
 * (`Conversation.capabilities`, the README table) is derived from these keys; an action a platform
 * lacks is answered with UNSUPPORTED_BY_SOURCE without any call. `K` is the platform's own
 * connector, so an action can use its API and its reads.
 */
export type ActionTable<K> = { [A in InboxAction]?: PlatformAction<A, K> };

/**
 * What each source action takes: actions on a source rather than on one conversation. Like the
 * conversation actions they resolve when the platform confirmed the change, throw UserError for
 * business refusals, and never invalidate caches (the runner does).
 */
export interface SourceActionArguments {
  /** Resolves to the new conversation as the platform answered it. */
  START_CONVERSATION: [request: StartConversationRequest];
  /** The whole list of saved views afterwards; resolves to the views as the platform saved them. */
  SAVE_INBOX_VIEWS: [views: SavedViewInput[]];
}

export interface SourceActionResults {
  START_CONVERSATION: ConversationModel;
  SAVE_INBOX_VIEWS: SavedViewModel[];
}

/** One source action a platform offers: its endpoint (the README table) and how to run it. */
export interface PlatformSourceAction<A extends SourceAction, K> {
  endpoint: string;
  /**
   * Refuses input the platform is known to refuse, before any call (a GraphQL error, e.g. deleting
   * a view the platform keeps); absent: nothing to check before the call.
   */
  check?(...args: SourceActionArguments[A]): void;
  run(connector: K, ...args: SourceActionArguments[A]): Promise<SourceActionResults[A]>;
}

/** A platform's source actions: exactly those its API offers (absent: UNSUPPORTED_BY_SOURCE without a call). */
export type SourceActionTable<K> = { [A in SourceAction]?: PlatformSourceAction<A, K> };
