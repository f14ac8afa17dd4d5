import type { GatewayContext } from '../context.js';
import { UserError } from '../errors.js';
import type { ConversationModel, LeadModel, LeadStatus } from '../model/index.js';
import { conversationActionOn } from './conversation-action.js';
import { inputId } from './input.js';
import { requireCapability, runPlatformAction } from './run.js';

/**
 * setLeadStatus: the lead is reached through its conversation (its id names it). The payload's
 * lead is read the way `Conversation.lead` reads it, from the conversation read back fresh: the
 * same object, with the same id.
 */
export async function setLeadStatus(
  ctx: GatewayContext,
  leadId: string,
  status: LeadStatus,
  notes: string | null,
): Promise<{ lead: LeadModel | null; conversation: ConversationModel | null }> {
  const { decoded, ref } = inputId(leadId, 'Lead', 'leadId', ctx);
  requireCapability(ref, 'SET_LEAD_STATUS');
  const notFound = () => new UserError('NOT_FOUND', 'no Lead with this id', ['input', 'leadId']);
  if (!decoded.conversationUpstreamId) throw notFound();
  const { conversation } = await conversationActionOn(ctx, ref, decoded.conversationUpstreamId, async (c) => {
    const lead = await ctx.sources.connector(ref.key).lead?.(c);
    if (!lead || lead.upstreamId !== decoded.upstreamId) throw notFound();
    await runPlatformAction(ctx, ref, 'SET_LEAD_STATUS', c, lead, status, notes);
  });
  const lead = conversation ? ((await ctx.sources.connector(ref.key).lead?.(conversation)) ?? null) : null;
  return { lead, conversation };
}
