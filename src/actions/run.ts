import type { GatewayContext } from '../context.js';
import type { ActionArguments, ActionResult } from '../datasources/actions.js';
import { platformOfType } from '../datasources/index.js';
import { UpstreamError, UserError, type UserErrorCode } from '../errors.js';
import type { InboxAction } from '../generated/graphql.js';
import { decodeId, type DecodedId, type NodeType } from '../graph/ids.js';
import type { ConversationModel, MessageModel, SourceRef } from '../model/index.js';

export interface UserErrorModel {
  code: UserErrorCode;
  message: string;
  field: string[] | null;
}

/** Decodes an input id of the caller's own tenant, or ends the mutation with a user error. */
export function inputId(id: string, expected: NodeType, field: string, ctx: GatewayContext): { decoded: DecodedId; ref: SourceRef } {
  const decoded = decodeId(id);
  if (!decoded) throw new UserError('INVALID_INPUT', `${field} is not a valid id`, ['input', field]);
  if (decoded.type !== expected) throw new UserError('INVALID_INPUT', `${field} must be a ${expected} id, not a ${decoded.type} id`, ['input', field]);
  const ref = ctx.sources.ref(decoded.sourceKey);
  if (!ref || ref.scope !== decoded.scope) throw new UserError('NOT_FOUND', `no ${expected} with this id`, ['input', field]);
  return { decoded, ref };
}

/** Ends the mutation without any platform call when the platform lacks the action. */
export function requireCapability(ref: SourceRef, action: InboxAction): void {
  if (!platformOfType(ref.type).actions[action]) throw new UserError('UNSUPPORTED_BY_SOURCE', `${ref.type} does not support ${action}`);
}

export async function loadForAction(ref: SourceRef, upstreamId: string, ctx: GatewayContext, field = 'conversationId'): Promise<ConversationModel> {
  const conversation = await ctx.sources.connector(ref.key).conversation(upstreamId);
  if (!conversation) throw new UserError('NOT_FOUND', 'no Conversation with this id', ['input', field]);
  return conversation;
}

/**
 * Runs one of the platform's actions on a conversation (UNSUPPORTED_BY_SOURCE when it has none:
 * no call is made). The one road from a mutation to a platform's write side.
 */
export function runPlatformAction<A extends InboxAction>(
  ctx: GatewayContext,
  ref: SourceRef,
  action: A,
  conversation: ConversationModel,
  ...args: ActionArguments[A]
): Promise<ActionResult<A>> {
  requireCapability(ref, action);
  // The table's key is the action itself, so this entry runs exactly this action.
  const spec = platformOfType(ref.type).actions[action] as unknown as {
    run(connector: unknown, conversation: ConversationModel, ...args: ActionArguments[A]): Promise<ActionResult<A>>;
  };
  return spec.run(ctx.sources.connector(ref.key), conversation, ...args);
}

/**
 * Runs a mutation body and shapes its payload: business refusals become `userErrors`; the
 * platform's 404 is NOT_FOUND; anything else stays a GraphQL error (with its upstream code).
 */
export async function asPayload<P extends object>(
  clientMutationId: string | null | undefined,
  body: () => Promise<P>,
  empty: { [K in keyof P]: null },
): Promise<(P | { [K in keyof P]: null }) & { clientMutationId: string | null; userErrors: UserErrorModel[] }> {
  try {
    return { ...(await body()), clientMutationId: clientMutationId ?? null, userErrors: [] };
  } catch (error) {
    const userError = toUserError(error);
    if (!userError) throw error;
    return { ...empty, clientMutationId: clientMutationId ?? null, userErrors: [userError] };
  }
}

function toUserError(error: unknown): UserErrorModel | null {
  if (error instanceof UserError) return { code: error.code, message: error.message, field: error.field };
  if (error instanceof UpstreamError && error.isNotFound) return { code: 'NOT_FOUND', message: `${error.source.type} has no such object`, field: null };
  return null;
}

/**
 * The common shape of a conversation action: resolve the id, check the capability (no call when
 * missing), load the conversation, act, drop what the write made stale, and read it back fresh.
 */
export async function conversationAction(
  ctx: GatewayContext,
  conversationId: string,
  action: InboxAction,
  act: (conversation: ConversationModel, ref: SourceRef) => Promise<void>,
): Promise<{ conversation: ConversationModel | null }> {
  const { decoded, ref } = inputId(conversationId, 'Conversation', 'conversationId', ctx);
  requireCapability(ref, action);
  const conversation = await loadForAction(ref, decoded.upstreamId, ctx);
  try {
    await act(conversation, ref);
  } finally {
    // Even a failed write may have changed something: never serve the old state after it.
    ctx.sources.afterWrite(ref.key, conversation.upstreamId);
  }
  const fresh = await ctx.sources.connector(ref.key).conversation(conversation.upstreamId);
  await announce(ctx, ref.key, fresh);
  return { conversation: fresh };
}

/**
 * Tells subscribers what our own write changed (the same change arriving later by webhook or poll
 * is de-duplicated by the bus). A failure to publish never fails the mutation.
 */
export async function announce(ctx: GatewayContext, sourceKey: string, conversation: ConversationModel | null, message?: MessageModel): Promise<void> {
  const live = ctx.live;
  if (!live || !conversation) return;
  // Events go to every subscriber of the tenant: read them as the gateway sees them, not as the
  // user who acted (whose identity shapes some fields), so they match webhook and poll copies.
  const sources = live.systemSources(ctx.viewer.tenant);
  try {
    if (message) await live.publisher.messageAdded(sources, sourceKey, conversation.upstreamId, message.upstreamId, null);
    else await live.publisher.conversationUpdated(sources, sourceKey, conversation.upstreamId);
  } catch {
    // The change happened upstream; webhooks or polling will still bring the event.
  }
}
