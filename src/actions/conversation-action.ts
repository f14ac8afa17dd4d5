import type { GatewayContext } from '../context.js';
import type { ActionArguments } from '../datasources/actions.js';
import type { InboxAction } from '../generated/graphql.js';
import type { ConversationModel, SourceRef } from '../model/index.js';
import { announce } from './announce.js';
import { inputId, loadForAction } from './input.js';
import { requireCapability, runPlatformAction } from './run.js';

/**
 * The common shape of a conversation action: resolve the id, check the capability (no call when
 * missing), load the conversation, act, drop what the write made stale, read it back fresh and
 * announce the change.
 */
export async function conversationAction(
  ctx: GatewayContext,
  conversationId: string,
  action: InboxAction,
  act: (conversation: ConversationModel, ref: SourceRef) => Promise<void>,
): Promise<{ conversation: ConversationModel | null }> {
  const { decoded, ref } = inputId(conversationId, 'Conversation', 'conversationId', ctx);
  requireCapability(ref, action);
  const { conversation } = await conversationActionOn(ctx, ref, decoded.upstreamId, (c) => act(c, ref));
  return { conversation };
}

/** A conversation action that is the platform's action with these arguments, and nothing else. */
export function platformActionOn<A extends InboxAction>(
  ctx: GatewayContext,
  conversationId: string,
  action: A,
  ...args: ActionArguments[A]
): Promise<{ conversation: ConversationModel | null }> {
  return conversationAction(ctx, conversationId, action, async (c, ref) => {
    await runPlatformAction(ctx, ref, action, c, ...args);
  });
}

/**
 * A conversation action once the id is resolved and the capability checked (also for actions
 * reached through a child id: a lead, a suggestion). `result` is what `act` returned.
 */
export async function conversationActionOn<T>(
  ctx: GatewayContext,
  ref: SourceRef,
  conversationUpstreamId: string,
  act: (conversation: ConversationModel) => Promise<T>,
): Promise<{ conversation: ConversationModel | null; result: T }> {
  const conversation = await loadForAction(ref, conversationUpstreamId, ctx);
  let result: T;
  try {
    result = await act(conversation);
  } finally {
    // Even a failed write may have changed something: never serve the old state after it.
    await ctx.sources.afterWrite(ref.key, conversation.upstreamId);
  }
  const fresh = await ctx.sources.connector(ref.key).conversation(conversation.upstreamId);
  await announce(ctx, ref.key, fresh);
  return { conversation: fresh, result };
}
