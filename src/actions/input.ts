import type { GatewayContext } from '../context.js';
import { UserError } from '../errors.js';
import { decodeId, type DecodedId, type NodeType } from '../graph/ids.js';
import type { ConversationModel, SourceRef } from '../model/index.js';

/** Decodes an input id of the caller's own tenant, or ends the mutation with a user error. */
export function inputId(id: string, expected: NodeType, field: string, ctx: GatewayContext): { decoded: DecodedId; ref: SourceRef } {
  const decoded = decodeId(id);
  if (!decoded) throw new UserError('INVALID_INPUT', `${field} is not a valid id`, ['input', field]);
  if (decoded.type !== expected) throw new UserError('INVALID_INPUT', `${field} must be a ${expected} id, not a ${decoded.type} id`, ['input', field]);
  const ref = ctx.sources.ref(decoded.sourceKey);
  if (!ref || ref.scope !== decoded.scope) throw new UserError('NOT_FOUND', `no ${expected} with this id`, ['input', field]);
  return { decoded, ref };
}

/** The conversation a mutation acts on, or NOT_FOUND on the input field that named it. */
export async function loadForAction(ref: SourceRef, upstreamId: string, ctx: GatewayContext, field = 'conversationId'): Promise<ConversationModel> {
  const conversation = await ctx.sources.connector(ref.key).conversation(upstreamId);
  if (!conversation) throw new UserError('NOT_FOUND', 'no Conversation with this id', ['input', field]);
  return conversation;
}
