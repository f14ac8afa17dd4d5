import type { GatewayContext } from '../context.js';
import { gqlError, UserError } from '../errors.js';
import { belongsTo, decodeId, type DecodedId, type NodeType } from '../graph/ids.js';
import type { ConversationModel, SourceRef } from '../model/index.js';

/**
 * Decodes an input id of the caller's own tenant. One rule for queries and mutations alike: an id
 * that is not one of ours, or names another type, is the client's mistake, a GraphQL error
 * `BAD_USER_INPUT` (as `node(id)` and `conversation(id)` answer, src/graph/node-lookup.ts), never a
 * business outcome; a well-formed id naming nothing is `userErrors: NOT_FOUND`.
 */
export function inputId(id: string, expected: NodeType, field: string, ctx: GatewayContext): { decoded: DecodedId; ref: SourceRef } {
  const decoded = decodeId(id);
  const where = { argument: 'input', field: ['input', field] };
  if (!decoded) throw gqlError('BAD_USER_INPUT', `${field} is not a valid id`, where);
  if (decoded.type !== expected) throw gqlError('BAD_USER_INPUT', `${field} must be a ${expected} id, not a ${decoded.type} id`, where);
  const ref = ctx.sources.ref(decoded.sourceKey);
  // Another tenant's id names nothing here, even where both configure the same platform account.
  if (!ref || ref.scope !== decoded.scope || !belongsTo(decoded, ctx.viewer.tenant)) throw new UserError('NOT_FOUND', `no ${expected} with this id`, ['input', field]);
  return { decoded, ref };
}

/** The conversation a mutation acts on, or NOT_FOUND on the input field that named it. */
export async function loadForAction(ref: SourceRef, upstreamId: string, ctx: GatewayContext, field = 'conversationId'): Promise<ConversationModel> {
  const conversation = await ctx.sources.connector(ref.key).conversation(upstreamId);
  if (!conversation) throw new UserError('NOT_FOUND', 'no Conversation with this id', ['input', field]);
  return conversation;
}
