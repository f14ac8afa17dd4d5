import type { GatewayContext } from '../context.js';
import { UserError } from '../errors.js';
import type { ConversationModel, MessageModel, SuggestionModel } from '../model/index.js';
import { conversationActionOn } from './conversation-action.js';
import { inputId } from './input.js';
import { requireCapability, runPlatformAction } from './run.js';

export interface SuggestionActionResult {
  /** The draft as it now stands (SENT or DISMISSED), when it was still pending. */
  suggestion: SuggestionModel | null;
  /** The message the draft became, when sent and the platform says which. */
  message: MessageModel | null;
  conversation: ConversationModel | null;
}

/** sendSuggestion / dismissSuggestion: acts on an AI draft, reached through its own id. */
export async function suggestionAction(ctx: GatewayContext, suggestionId: string, verb: 'send' | 'dismiss'): Promise<SuggestionActionResult> {
  const { decoded, ref } = inputId(suggestionId, 'Suggestion', 'suggestionId', ctx);
  requireCapability(ref, verb === 'send' ? 'SEND_SUGGESTION' : 'DISMISS_SUGGESTION');
  if (!decoded.conversationUpstreamId) throw new UserError('NOT_FOUND', 'no Suggestion with this id', ['input', 'suggestionId']);
  const { conversation, result } = await conversationActionOn(ctx, ref, decoded.conversationUpstreamId, async (c) => {
    const pending = (await ctx.sources.connector(ref.key).suggestions?.(c)) ?? [];
    const draft = pending.find((s) => s.upstreamId === decoded.upstreamId) ?? null;
    // A draft no longer pending is still sent to the platform: it answers the conflict itself.
    let message: MessageModel | null = null;
    if (verb === 'send') message = await runPlatformAction(ctx, ref, 'SEND_SUGGESTION', c, decoded.upstreamId);
    else await runPlatformAction(ctx, ref, 'DISMISS_SUGGESTION', c, decoded.upstreamId);
    const suggestion: SuggestionModel | null = draft ? { ...draft, status: verb === 'send' ? 'SENT' : 'DISMISSED' } : null;
    return { suggestion, message };
  });
  return { ...result, conversation };
}
