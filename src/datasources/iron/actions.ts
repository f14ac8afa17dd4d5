import { z } from 'zod';
import type { IronSourceConfig } from '../../config/schema.js';
import { UpstreamError } from '../../errors.js';
import type { ConversationModel, MessageModel } from '../../model/index.js';
import { ActionError, type InboxActions, type SendMessageInput } from '../actions.js';
import type { ConnectorContext } from '../platform.js';
import type { HttpMethod } from '../rest-client.js';
import { toMessage } from './mapping.js';
import { ironActivitySchema } from './schemas.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Iron's conversation actions answer the updated Conversation (ASSUMED); we read it back anyway, so any body is fine. */
const anyAnswer = z.unknown();

/** The thread's channel as Iron's `channel` field spells it (a call thread has none to write in). */
const WIRE_CHANNELS: Partial<Record<NonNullable<ConversationModel['channel']>, 'sms' | 'email' | 'call'>> = { SMS: 'sms', EMAIL: 'email', VOICE: 'call' };

/** What the platform said no to, in our own words per HTTP status (never Iron's body). */
type Refusals = Partial<Record<404 | 409 | 422, ActionError>>;

const CONVERSATION_GONE = (): ActionError => new ActionError('NOT_FOUND', 'The conversation no longer exists on Iron', 'conversationId');

/**
 * Iron's write side (src/capabilities.ts, iron). Exactly the actions Iron offers; none takes an
 * idempotency key (Iron has no such field) and none is retried, so a send is made at most once.
 * Refusals become ActionError; MAPPING.md lists them.
 */
export function ironActions(ctx: ConnectorContext<IronSourceConfig>): InboxActions {
  const ref = ctx.ref;

  async function call<T>(method: HttpMethod, route: string, params: Record<string, string>, body: unknown, schema: z.ZodType<T>, refusals: Refusals): Promise<T> {
    try {
      return await ctx.client.request({ method, route, params, body, schema });
    } catch (error) {
      if (error instanceof UpstreamError && (error.status === 404 || error.status === 409 || error.status === 422)) {
        const mapped = refusals[error.status];
        if (mapped) throw mapped;
      }
      throw error;
    }
  }

  const conversationAction = (method: HttpMethod, path: string, conversation: ConversationModel, body?: unknown, refusals: Refusals = {}): Promise<unknown> =>
    call(method, `/conversations/:id${path}`, { id: conversation.upstreamId }, body, anyAnswer, { 404: CONVERSATION_GONE(), ...refusals });

  /** A draft id that is no uuid cannot be an Iron activity: NOT_FOUND without a call. */
  async function draftAction<T>(conversation: ConversationModel, suggestionUpstreamId: string, action: 'send' | 'dismiss', schema: z.ZodType<T>): Promise<T> {
    if (!UUID.test(suggestionUpstreamId)) throw new ActionError('NOT_FOUND', 'Iron has no such suggestion', 'suggestionId');
    const params = { id: conversation.upstreamId, activityId: suggestionUpstreamId.toLowerCase() };
    return call('POST', `/conversations/:id/suggestions/:activityId/${action}`, params, undefined, schema, {
      404: new ActionError('NOT_FOUND', 'Iron has no such suggestion in this conversation', 'suggestionId'),
      409: new ActionError('CONFLICT', 'The suggestion was already sent or dismissed', 'suggestionId'),
    });
  }

  return {
    async sendMessage(conversation: ConversationModel, input: SendMessageInput): Promise<MessageModel> {
      // Iron's API writes no internal notes (the capability matrix has no SEND_PRIVATE_NOTE for it).
      if (input.private) throw new ActionError('UNSUPPORTED_BY_SOURCE', 'Iron cannot write private notes', 'private');
      const channel = conversation.channel === null ? undefined : WIRE_CHANNELS[conversation.channel];
      if (channel === undefined) throw new ActionError('INVALID_INPUT', 'This conversation has no channel Iron can write in', 'conversationId');
      // A call thread is sent as is: Iron itself refuses it (422), whatever it may allow one day.
      const refused =
        channel === 'call'
          ? new ActionError('INVALID_INPUT', 'Iron cannot send a text message in a call conversation', 'conversationId')
          : new ActionError('INVALID_INPUT', 'Iron rejected the message content', 'content');
      const activity = await call('POST', '/conversations/:id/messages', { id: conversation.upstreamId }, { body: input.content, channel }, ironActivitySchema, {
        404: CONVERSATION_GONE(),
        422: refused,
      });
      return toMessage(ref, activity, conversation);
    },

    async markRead(conversation: ConversationModel): Promise<void> {
      await conversationAction('POST', '/read', conversation);
    },

    async markUnread(conversation: ConversationModel): Promise<void> {
      await conversationAction('POST', '/unread', conversation);
    },

    async setStarred(conversation: ConversationModel, starred: boolean): Promise<void> {
      await conversationAction(starred ? 'POST' : 'DELETE', '/star', conversation);
    },

    async setArchived(conversation: ConversationModel, archived: boolean): Promise<void> {
      await conversationAction('POST', '/archive', conversation, { archived });
    },

    async assign(conversation: ConversationModel, assigneeUpstreamId: string | null): Promise<void> {
      if (assigneeUpstreamId !== null && !UUID.test(assigneeUpstreamId)) throw new ActionError('INVALID_INPUT', 'Iron member ids are uuids', 'assigneeId');
      // The body is well formed by construction, so Iron's only 422 left is "not an org member".
      await conversationAction('POST', '/assign', conversation, { assigned_to: assigneeUpstreamId?.toLowerCase() ?? null }, {
        422: new ActionError('NOT_A_MEMBER', 'The assignee is not a member of this Iron organization', 'assigneeId'),
      });
    },

    async sendSuggestion(conversation: ConversationModel, suggestionUpstreamId: string): Promise<MessageModel | null> {
      const sent = await draftAction(conversation, suggestionUpstreamId, 'send', ironActivitySchema);
      // Iron answers the touchpoint the draft became (ASSUMED); a draft row would not be a message.
      return sent.kind === 'suggestion' ? null : toMessage(ref, sent, conversation);
    },

    async dismissSuggestion(conversation: ConversationModel, suggestionUpstreamId: string): Promise<void> {
      await draftAction(conversation, suggestionUpstreamId, 'dismiss', anyAnswer);
    },
  };
}
