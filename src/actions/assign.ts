import type { GatewayContext } from '../context.js';
import { UserError } from '../errors.js';
import type { ConversationModel } from '../model/index.js';
import { conversationAction } from './conversation-action.js';
import { inputId } from './input.js';
import { runPlatformAction } from './run.js';

type Result = Promise<{ conversation: ConversationModel | null }>;

/** assignConversation: to an agent of the conversation's own platform, or to nobody (null). */
export async function assignConversation(ctx: GatewayContext, conversationId: string, assigneeId: string | null | undefined): Result {
  // The assignee id is checked before the conversation is read: a malformed id costs no call.
  const assignee = assigneeId == null ? null : inputId(assigneeId, 'Agent', 'assigneeId', ctx);
  return conversationAction(ctx, conversationId, 'ASSIGN', (c, ref) => {
    if (assignee === null) return runPlatformAction(ctx, ref, 'ASSIGN', c, null);
    if (assignee.ref.key !== ref.key) throw new UserError('INVALID_INPUT', 'the assignee is an agent of another platform', ['input', 'assigneeId']);
    return runPlatformAction(ctx, ref, 'ASSIGN', c, assignee.decoded.upstreamId);
  });
}

/** assignConversationToMe: to the caller's identity on the conversation's platform. */
export function assignConversationToMe(ctx: GatewayContext, conversationId: string): Result {
  return conversationAction(ctx, conversationId, 'ASSIGN', (c, ref) => {
    const me = ctx.sources.me(ref.key);
    if (!me) throw new UserError('NOT_A_MEMBER', `you have no identity on ${ref.type} in this tenant's configuration`);
    // This input has no assignee field: a refusal about the assignee is about the caller.
    return runPlatformAction(ctx, ref, 'ASSIGN', c, me).catch((error: unknown) => {
      throw error instanceof UserError ? new UserError(error.code, error.message, null) : error;
    });
  });
}
