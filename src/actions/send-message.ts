import type { GatewayContext } from '../context.js';
import { UpstreamError, UserError } from '../errors.js';
import type { ConversationModel, MessageModel, SourceRef } from '../model/index.js';
import { IdempotencyConflict, IdempotencyStoreUnavailable, idempotencyFingerprint, KeyedCallInProgress } from './idempotency.js';
import type { OutgoingFile } from '../datasources/actions.js';
import { announce } from './announce.js';
import { checkAttachmentIds, filesOf } from './attachments.js';
import { inputId, loadForAction } from './input.js';
import { requireCapability, runPlatformAction } from './run.js';
import { inProgress, mayHaveHappened, outcomeUnknown, storeUnavailable, uncheckable } from './send-outcome.js';

export const MAX_MESSAGE_LENGTH = 10_000;
/** How a retry looks for the effect of an attempt whose outcome was unknown: pages of the thread, newest first. */
const RECONCILE_PAGE = 50;
const RECONCILE_MAX_PAGES = 4;

export interface SendMessageArgs {
  conversationId: string;
  content: string;
  private: boolean;
  idempotencyKey: string | null;
  /** Upload ids (`POST /uploads`) to attach; empty for a text message. */
  attachments: readonly string[];
}

/** A sent message, as kept for replays of its idempotency key. */
export interface SentMessage {
  message: MessageModel;
}

/**
 * sendMessage: validates, checks the capability (private notes are their own), and sends
 * exactly once per idempotency key. A send whose outcome is unknown (timeout, reset, 5xx after
 * the request left) keeps its key in doubt; the retry, on whichever instance, reads the platform
 * afresh (never a cache) for the message before it sends, and a retry that cannot read it sends
 * nothing (a retryable error). With Redis configured and unreachable, a keyed send is refused.
 */
export async function sendMessage(ctx: GatewayContext, args: SendMessageArgs): Promise<{ message: MessageModel; conversation: ConversationModel | null }> {
  const content = args.content;
  const attachments = checkAttachmentIds(args.attachments);
  // A message of files only may have no text.
  if (content.trim() === '' && attachments.length === 0) throw new UserError('INVALID_INPUT', 'content must not be empty', ['input', 'content']);
  if (content.length > MAX_MESSAGE_LENGTH) throw new UserError('INVALID_INPUT', `content is longer than ${MAX_MESSAGE_LENGTH} characters`, ['input', 'content']);
  const key = args.idempotencyKey?.trim() || null;
  if (key && key.length > 200) throw new UserError('INVALID_INPUT', 'idempotencyKey is longer than 200 characters', ['input', 'idempotencyKey']);
  const { decoded, ref } = inputId(args.conversationId, 'Conversation', 'conversationId', ctx);
  requireCapability(ref, args.private ? 'SEND_PRIVATE_NOTE' : 'SEND_MESSAGE');
  // Files need their own capability: refused here, before any upload is read or platform called.
  if (attachments.length > 0) requireCapability(ref, 'SEND_ATTACHMENTS');

  let writeInDoubt = false;
  const write = async (conversation: ConversationModel, files: OutgoingFile[]): Promise<SentMessage> => {
    try {
      const input = { content, private: args.private, idempotencyKey: key };
      const message =
        files.length > 0
          ? await runPlatformAction(ctx, ref, 'SEND_ATTACHMENTS', conversation, input, files)
          : await runPlatformAction(ctx, ref, args.private ? 'SEND_PRIVATE_NOTE' : 'SEND_MESSAGE', conversation, input);
      return { message };
    } catch (error) {
      if (!mayHaveHappened(error)) throw error;
      writeInDoubt = true;
      throw error instanceof UpstreamError ? outcomeUnknown(error, key !== null) : error;
    } finally {
      await ctx.sources.afterWrite(ref.key, conversation.upstreamId);
    }
  };
  // Uploads are read only when a send is about to happen (a retry that finds its earlier message
  // needs none, even when they expired meanwhile), and before the conversation is read.
  const send = async (inDoubtSince: number | null): Promise<SentMessage> => {
    if (inDoubtSince === null) {
      const files = await filesOf(ctx, attachments);
      return write(await loadForAction(ref, decoded.upstreamId, ctx), files);
    }
    const { conversation, found } = await findEarlierSend(ctx, ref, decoded.upstreamId, args, inDoubtSince);
    return found ? { message: found } : write(conversation, await filesOf(ctx, attachments));
  };

  let sent: SentMessage;
  if (key) {
    try {
      sent = await ctx.idempotency.run(
        { tenant: ctx.viewer.tenant, user: ctx.viewer.sub, key },
        // Attachments join the fingerprint only when there are some (keys of text sends keep theirs).
        idempotencyFingerprint(attachments.length > 0 ? [args.conversationId, content, args.private, attachments] : [args.conversationId, content, args.private]),
        send,
        () => writeInDoubt,
      );
    } catch (error) {
      if (error instanceof IdempotencyConflict) throw new UserError('CONFLICT', error.message, ['input', 'idempotencyKey']);
      if (error instanceof IdempotencyStoreUnavailable) throw storeUnavailable();
      if (error instanceof KeyedCallInProgress) throw inProgress();
      throw error;
    }
  } else {
    sent = await send(null);
  }
  const conversation = await ctx.sources.connector(ref.key).conversation(decoded.upstreamId);
  await announce(ctx, ref.key, conversation, sent.message);
  return { message: sent.message, conversation };
}

/**
 * The message an earlier attempt may have created: same content and privacy, outbound, since that
 * attempt began. Read afresh from the platform (this instance's cache may hold the thread from
 * before that attempt, on this or another instance). When the platform cannot be read, nothing
 * may be sent: a retryable error, the key stays in doubt.
 */
async function findEarlierSend(
  ctx: GatewayContext,
  ref: SourceRef,
  upstreamId: string,
  args: SendMessageArgs,
  since: number,
): Promise<{ conversation: ConversationModel; found: MessageModel | null }> {
  const connector = ctx.sources.freshConnector(ref.key);
  // Platform clocks round (Voxys keeps seconds): allow a little skew.
  const earliest = since - 5_000;
  try {
    const conversation = await connector.conversation(upstreamId);
    if (!conversation) throw new UserError('NOT_FOUND', 'no Conversation with this id', ['input', 'conversationId']);
    let before: string | undefined;
    for (let page = 0; page < RECONCILE_MAX_PAGES; page++) {
      const { items, hasOlder } = await connector.messages(conversation, { last: RECONCILE_PAGE, ...(before ? { before } : {}) });
      const found = [...items]
        .reverse()
        .find(
          (m) =>
            m.direction === 'OUTBOUND' &&
            (m.content ?? '') === args.content &&
            m.private === args.private &&
            m.attachments.length === args.attachments.length &&
            m.createdAt.getTime() >= earliest,
        );
      if (found) return { conversation, found };
      const oldest = items[0];
      if (!hasOlder || !oldest || oldest.createdAt.getTime() < earliest) break;
      before = oldest.cursor;
    }
    return { conversation, found: null };
  } catch (error) {
    throw error instanceof UpstreamError && !error.isNotFound ? uncheckable(error) : error;
  } finally {
    // Whatever this request read of the thread before is stale: later reads go to the platform.
    await ctx.sources.afterWrite(ref.key, upstreamId);
  }
}
