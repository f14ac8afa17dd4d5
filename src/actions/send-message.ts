import type { GatewayContext } from '../context.js';
import { UpstreamError, UserError } from '../errors.js';
import type { ConversationModel, MessageModel } from '../model/index.js';
import { IdempotencyConflict, idempotencyFingerprint } from './idempotency.js';
import { announce } from './announce.js';
import { inputId, loadForAction } from './input.js';
import { requireCapability, runPlatformAction } from './run.js';

export const MAX_MESSAGE_LENGTH = 10_000;
/** How far back a retry looks for the effect of an attempt whose outcome was unknown. */
const RECONCILE_WINDOW = 20;

export interface SendMessageArgs {
  conversationId: string;
  content: string;
  private: boolean;
  idempotencyKey: string | null;
}

/** A sent message, as kept for replays of its idempotency key. */
export interface SentMessage {
  message: MessageModel;
}

/**
 * sendMessage: validates, checks the capability (private notes are their own), and sends
 * exactly once per idempotency key. A retry after an upstream timeout first looks for the
 * message in the thread's newest messages, so a send that did happen is not made twice.
 */
export async function sendMessage(ctx: GatewayContext, args: SendMessageArgs): Promise<{ message: MessageModel; conversation: ConversationModel | null }> {
  const content = args.content;
  if (content.trim() === '') throw new UserError('INVALID_INPUT', 'content must not be empty', ['input', 'content']);
  if (content.length > MAX_MESSAGE_LENGTH) throw new UserError('INVALID_INPUT', `content is longer than ${MAX_MESSAGE_LENGTH} characters`, ['input', 'content']);
  const key = args.idempotencyKey?.trim() || null;
  if (key && key.length > 200) throw new UserError('INVALID_INPUT', 'idempotencyKey is longer than 200 characters', ['input', 'idempotencyKey']);
  const { decoded, ref } = inputId(args.conversationId, 'Conversation', 'conversationId', ctx);
  requireCapability(ref, args.private ? 'SEND_PRIVATE_NOTE' : 'SEND_MESSAGE');

  const send = async (inDoubtSince: number | null): Promise<SentMessage> => {
    const conversation = await loadForAction(ref, decoded.upstreamId, ctx);
    if (inDoubtSince !== null) {
      const found = await findEarlierSend(ctx, conversation, args, inDoubtSince);
      if (found) return { message: found };
    }
    try {
      const message = await runPlatformAction(ctx, ref, args.private ? 'SEND_PRIVATE_NOTE' : 'SEND_MESSAGE', conversation, { content, private: args.private, idempotencyKey: key });
      return { message };
    } finally {
      ctx.sources.afterWrite(ref.key, conversation.upstreamId);
    }
  };

  let sent: SentMessage;
  if (key) {
    try {
      sent = await ctx.idempotency.run(
        { tenant: ctx.viewer.tenant, user: ctx.viewer.sub, key },
        idempotencyFingerprint([args.conversationId, content, args.private]),
        send,
        (error) => error instanceof UpstreamError && error.code === 'UPSTREAM_TIMEOUT',
      );
    } catch (error) {
      if (error instanceof IdempotencyConflict) throw new UserError('CONFLICT', error.message, ['input', 'idempotencyKey']);
      throw error;
    }
  } else {
    sent = await send(null);
  }
  const conversation = await ctx.sources.connector(ref.key).conversation(decoded.upstreamId);
  await announce(ctx, ref.key, conversation, sent.message);
  return { message: sent.message, conversation };
}

/** The message an earlier attempt may have created: same content and privacy, sent by us since then. */
async function findEarlierSend(ctx: GatewayContext, conversation: ConversationModel, args: SendMessageArgs, since: number): Promise<MessageModel | null> {
  const page = await ctx.sources.connector(conversation.ref.key).messages(conversation, { last: RECONCILE_WINDOW });
  // Platform clocks round (Voxys keeps seconds): allow a little skew.
  const earliest = since - 5_000;
  return [...page.items].reverse().find((m) => m.direction === 'OUTBOUND' && m.content === args.content && m.private === args.private && m.createdAt.getTime() >= earliest) ?? null;
}
