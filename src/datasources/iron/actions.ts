import { UpstreamError, UserError } from '../../errors.js';
import type { ConversationModel, MessageModel } from '../../model/index.js';
import type { ActionTable, OutgoingFile, SendMessageInput } from '../actions.js';
import { IRON_ENDPOINTS } from './api.js';
import type { IronConnector } from './connector.js';
import { toMessage } from './mapping.js';
import { isIronId, type IronWireChannel } from './schemas.js';

/** The thread's channel as Iron's `channel` field spells it (a call thread has none to write in). */
const WIRE_CHANNELS: Partial<Record<NonNullable<ConversationModel['channel']>, IronWireChannel>> = { SMS: 'sms', EMAIL: 'email', VOICE: 'call' };

/** What the platform said no to, in our own words per HTTP status (never Iron's body). */
type Refusals = Partial<Record<404 | 409 | 422, UserError>>;

const CONVERSATION_GONE = (): UserError => new UserError('NOT_FOUND', 'The conversation no longer exists on Iron', 'conversationId');

/** Runs one write, turning the statuses listed in `refusals` into their UserError (anything else stays as thrown). */
async function refusing<T>(call: Promise<T>, refusals: Refusals): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof UpstreamError && (error.status === 404 || error.status === 409 || error.status === 422)) {
      const mapped = refusals[error.status];
      if (mapped) throw mapped;
    }
    throw error;
  }
}

/** A conversation action: Iron's 404 means the conversation is gone. The answer is not read (the gateway reads the conversation back). */
async function onConversation(call: Promise<unknown>, refusals: Refusals = {}): Promise<void> {
  await refusing(call, { 404: CONVERSATION_GONE(), ...refusals });
}

/** An AI draft's id as Iron takes it; one that is no uuid cannot be an Iron activity: NOT_FOUND without a call. */
function draftId(suggestionUpstreamId: string): string {
  if (!isIronId(suggestionUpstreamId)) throw new UserError('NOT_FOUND', 'Iron has no such suggestion', 'suggestionId');
  return suggestionUpstreamId.toLowerCase();
}

const DRAFT_REFUSALS = (): Refusals => ({
  404: new UserError('NOT_FOUND', 'Iron has no such suggestion in this conversation', 'suggestionId'),
  409: new UserError('CONFLICT', 'The suggestion was already sent or dismissed', 'suggestionId'),
});

/**
 * One file to Iron's media endpoint. Its refusals name the file (413 too large, 415 a type Iron
 * does not send, 422 anything else it rejects); any other failure means the message was not sent
 * (the send comes after every upload), whatever became of the file: a retry sends safely.
 */
async function uploadMedia(connector: IronConnector, file: OutgoingFile, index: number): Promise<string> {
  const field = ['input', 'attachments', String(index)];
  try {
    return (await connector.api.uploadMedia(file)).id;
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    if (error.status === 413) throw new UserError('INVALID_INPUT', `Iron refused ${file.filename}: the file is too large`, field);
    if (error.status === 415) throw new UserError('INVALID_INPUT', `Iron does not send files of type ${file.contentType}`, field);
    if (error.status === 422) throw new UserError('INVALID_INPUT', `Iron refused ${file.filename}`, field);
    error.writeOutcome = 'not-performed';
    throw error;
  }
}

async function sendMessage(connector: IronConnector, conversation: ConversationModel, input: SendMessageInput, files: OutgoingFile[] = []): Promise<MessageModel> {
  // Iron's API writes no internal notes (the table has no SEND_PRIVATE_NOTE for it).
  if (input.private) throw new UserError('UNSUPPORTED_BY_SOURCE', 'Iron cannot write private notes', 'private');
  const channel = conversation.channel === null ? undefined : WIRE_CHANNELS[conversation.channel];
  if (channel === undefined) throw new UserError('INVALID_INPUT', 'This conversation has no channel Iron can write in', 'conversationId');
  // A call thread is sent as is: Iron itself refuses it (422), whatever it may allow one day.
  const refused =
    channel === 'call'
      ? new UserError('INVALID_INPUT', 'Iron cannot send a text message in a call conversation', 'conversationId')
      : new UserError('INVALID_INPUT', files.length > 0 ? 'Iron rejected the message or its files' : 'Iron rejected the message content', 'content');
  // Files first (one upload each, in order), then the message that references them.
  const mediaIds: string[] = [];
  for (const [index, file] of files.entries()) mediaIds.push(await uploadMedia(connector, file, index));
  const body = { body: input.content, channel, ...(mediaIds.length > 0 ? { media_ids: mediaIds } : {}) };
  const activity = await refusing(connector.api.sendMessage(conversation.upstreamId, body), { 404: CONVERSATION_GONE(), 422: refused });
  return toMessage(connector.ref, activity, conversation);
}

/**
 * Iron's write side: exactly the actions Iron offers (their keys are its capabilities). None takes
 * an idempotency key (Iron has no such field) and none is retried, so a send is made at most once.
 * Refusals become UserError; MAPPING.md lists them.
 */
export const ironActions: ActionTable<IronConnector> = {
  SEND_MESSAGE: { endpoint: IRON_ENDPOINTS.SEND_MESSAGE, run: (connector, conversation, input) => sendMessage(connector, conversation, input) },

  SEND_ATTACHMENTS: { endpoint: IRON_ENDPOINTS.SEND_ATTACHMENTS, run: sendMessage },

  MARK_READ: {
    endpoint: IRON_ENDPOINTS.MARK_READ,
    run: (connector, conversation) => onConversation(connector.api.markRead(conversation.upstreamId)),
  },

  MARK_UNREAD: {
    endpoint: IRON_ENDPOINTS.MARK_UNREAD,
    run: (connector, conversation) => onConversation(connector.api.markUnread(conversation.upstreamId)),
  },

  STAR: {
    endpoint: IRON_ENDPOINTS.STAR,
    run: (connector, conversation, starred) => onConversation(connector.api.setStarred(conversation.upstreamId, starred)),
  },

  ARCHIVE: {
    endpoint: IRON_ENDPOINTS.ARCHIVE,
    run: (connector, conversation, archived) => onConversation(connector.api.setArchived(conversation.upstreamId, archived)),
  },

  ASSIGN: {
    endpoint: IRON_ENDPOINTS.ASSIGN,
    run: async (connector, conversation, assigneeUpstreamId) => {
      if (assigneeUpstreamId !== null && !isIronId(assigneeUpstreamId)) throw new UserError('INVALID_INPUT', 'Iron member ids are uuids', 'assigneeId');
      // The body is well formed by construction, so Iron's only 422 left is "not an org member".
      await onConversation(connector.api.assign(conversation.upstreamId, assigneeUpstreamId?.toLowerCase() ?? null), {
        422: new UserError('NOT_A_MEMBER', 'The assignee is not a member of this Iron organization', 'assigneeId'),
      });
    },
  },

  SEND_SUGGESTION: {
    endpoint: IRON_ENDPOINTS.SEND_SUGGESTION,
    run: async (connector, conversation, suggestionUpstreamId) => {
      const sent = await refusing(connector.api.sendSuggestion(conversation.upstreamId, draftId(suggestionUpstreamId)), DRAFT_REFUSALS());
      // Iron answers the touchpoint the draft became (ASSUMED); a draft row would not be a message.
      return sent.kind === 'suggestion' ? null : toMessage(connector.ref, sent, conversation);
    },
  },

  DISMISS_SUGGESTION: {
    endpoint: IRON_ENDPOINTS.DISMISS_SUGGESTION,
    run: async (connector, conversation, suggestionUpstreamId) => {
      await refusing(connector.api.dismissSuggestion(conversation.upstreamId, draftId(suggestionUpstreamId)), DRAFT_REFUSALS());
    },
  },
};
