import type { GatewayContext } from '../context.js';
import { UpstreamError, UserError } from '../errors.js';
import { EMPTY_FILTER } from '../inbox/filter.js';
import type { Channel, ConversationModel, SourceRef } from '../model/index.js';
import { announce } from './announce.js';
import { IdempotencyConflict, IdempotencyStoreUnavailable, idempotencyFingerprint, KeyedCallInProgress, type KeyedOnce } from './idempotency.js';
import { inputId } from './input.js';
import { MAX_MESSAGE_LENGTH } from './send-message.js';
import { inProgress, mayHaveHappened, storeUnavailable } from './send-outcome.js';
import { checkSourceAction, runSourceAction } from './source-action.js';

export interface StartConversationArgs {
  contactId: string;
  sourceKey: string | null;
  channel: Channel | null;
  content: string;
  idempotencyKey: string | null;
}

/** What a keyed start keeps for its retries: which conversation it started. */
export interface StartedConversation {
  kind: 'conversationStarted';
  sourceKey: string;
  conversationUpstreamId: string;
}

/** How far back, in the newest conversations of the source, a retry looks for what an unknown attempt started. */
const RECONCILE_ROWS = 25;

/**
 * startConversation: validates, checks the capability (no call where the platform lacks it), and
 * starts exactly one conversation per idempotency key, like sendMessage: concurrent and later
 * retries share the first attempt's result; after an attempt whose outcome is unknown, the retry
 * reads the source afresh for a conversation of that contact, started since, whose last message is
 * ours with this content, before it starts one. Then the source's lists are dropped from the
 * cache (the merged inbox's next read shows it) and the change is announced (`conversationUpdated`).
 */
export async function startConversation(ctx: GatewayContext, args: StartConversationArgs): Promise<{ conversation: ConversationModel | null }> {
  const content = args.content;
  if (content.trim() === '') throw new UserError('INVALID_INPUT', 'content must not be empty', ['input', 'content']);
  if (content.length > MAX_MESSAGE_LENGTH) throw new UserError('INVALID_INPUT', `content is longer than ${MAX_MESSAGE_LENGTH} characters`, ['input', 'content']);
  const key = args.idempotencyKey?.trim() || null;
  if (key && key.length > 200) throw new UserError('INVALID_INPUT', 'idempotencyKey is longer than 200 characters', ['input', 'idempotencyKey']);
  const { decoded, ref } = inputId(args.contactId, 'Contact', 'contactId', ctx);
  if (args.sourceKey !== null && args.sourceKey !== ref.key) throw new UserError('INVALID_INPUT', 'sourceKey is not the source of this contact', ['input', 'sourceKey']);
  const request = { contactUpstreamId: decoded.upstreamId, channel: args.channel, content, idempotencyKey: key };
  checkSourceAction(ref, 'START_CONVERSATION', request);

  let writeInDoubt = false;
  const start = async (inDoubtSince: number | null): Promise<StartedConversation> => {
    if (inDoubtSince !== null) {
      const found = await findEarlierStart(ctx, ref, decoded.upstreamId, content, inDoubtSince);
      if (found) return found;
    }
    try {
      const started = await runSourceAction(ctx, ref, 'START_CONVERSATION', request);
      return { kind: 'conversationStarted', sourceKey: ref.key, conversationUpstreamId: started.upstreamId };
    } catch (error) {
      if (mayHaveHappened(error)) {
        writeInDoubt = true;
        // As with sends: say the outcome is unknown, and whether a retry is safe.
        if (error instanceof UpstreamError) error.hints = { ...error.hints, retryable: key !== null, reason: 'OUTCOME_UNKNOWN' };
      }
      throw error;
    } finally {
      // A new conversation changes the source's lists and counts (even a failed attempt may have started one).
      await ctx.sources.afterSourceWrite(ref.key, ['list']);
    }
  };

  let started: StartedConversation;
  if (key) {
    try {
      started = await keyedStarts(ctx).run(
        // Its own key space: a sendMessage key of the same string is another key.
        { tenant: ctx.viewer.tenant, user: ctx.viewer.sub, key: `startConversation:${key}` },
        idempotencyFingerprint(['startConversation', args.contactId, args.channel, content]),
        start,
        () => writeInDoubt,
      );
    } catch (error) {
      if (error instanceof IdempotencyConflict) throw new UserError('CONFLICT', error.message, ['input', 'idempotencyKey']);
      if (error instanceof IdempotencyStoreUnavailable) throw storeUnavailable();
      if (error instanceof KeyedCallInProgress) throw inProgress();
      throw error;
    }
    if (started.kind !== 'conversationStarted') throw new UserError('CONFLICT', 'this idempotency key was used by another mutation', ['input', 'idempotencyKey']);
  } else {
    started = await start(null);
  }
  const conversation = await ctx.sources.connector(started.sourceKey).conversation(started.conversationUpstreamId);
  await announce(ctx, started.sourceKey, conversation);
  return { conversation };
}

/**
 * The idempotency store the gateway keeps for sendMessage, used for starts too: it keeps any JSON
 * result per key (in Redis across instances, or in process). Start keys live in their own key space
 * (`startConversation:` prefix) and their results carry `kind`, checked after the run.
 */
function keyedStarts(ctx: GatewayContext): KeyedOnce<StartedConversation> {
  return ctx.idempotency as unknown as KeyedOnce<StartedConversation>;
}

/**
 * The conversation an earlier attempt may have started: among the source's newest conversations
 * (read fresh, never from a cache), one of this contact with activity since that attempt whose
 * last message is outbound with this content. When the source cannot be read, nothing is started.
 */
async function findEarlierStart(ctx: GatewayContext, ref: SourceRef, contactUpstreamId: string, content: string, since: number): Promise<StartedConversation | null> {
  const connector = ctx.sources.freshConnector(ref.key);
  const earliest = since - 5_000;
  try {
    const page = await connector.listConversations({ filter: EMPTY_FILTER, position: null, limitHint: RECONCILE_ROWS });
    for (const row of page.items) {
      if (row.contact?.upstreamId !== contactUpstreamId || row.lastActivityAt.getTime() < earliest) continue;
      const last = await connector.lastMessage(row);
      if (last && last.direction === 'OUTBOUND' && last.content === content) return { kind: 'conversationStarted', sourceKey: ref.key, conversationUpstreamId: row.upstreamId };
    }
    return null;
  } catch (error) {
    if (error instanceof UpstreamError) {
      error.message = `an earlier attempt with this idempotency key may have started the conversation, and ${ref.type} could not be read to check: nothing was started now; retry with the same idempotency key`;
      error.hints = { ...error.hints, retryable: true, reason: 'OUTCOME_UNKNOWN' };
    }
    throw error;
  }
}
