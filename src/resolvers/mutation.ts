import { announce, conversationAction, asPayload, inputId, loadForAction, requireCapability, runPlatformAction } from '../actions/run.js';
import { sendMessage } from '../actions/send-message.js';
import { UserError } from '../errors.js';
import type { MutationResolvers } from '../generated/graphql.js';
import type { SuggestionModel } from '../model/index.js';
import type { GatewayContext } from '../context.js';

const NO_CONVERSATION = { conversation: null };

/** Thin: each mutation names its action and the platform method; src/actions does the rest. */
export const Mutation: MutationResolvers = {
  sendMessage: (_root, { input }, ctx) =>
    asPayload(
      input.clientMutationId,
      () => sendMessage(ctx, { conversationId: input.conversationId, content: input.content, private: input.private ?? false, idempotencyKey: input.idempotencyKey ?? null }),
      { message: null, conversation: null },
    ),

  markConversationRead: (_root, { input }, ctx) =>
    asPayload(input.clientMutationId, () => conversationAction(ctx, input.conversationId, 'MARK_READ', (c, ref) => runPlatformAction(ctx, ref, 'MARK_READ', c)), NO_CONVERSATION),

  markConversationUnread: (_root, { input }, ctx) =>
    asPayload(input.clientMutationId, () => conversationAction(ctx, input.conversationId, 'MARK_UNREAD', (c, ref) => runPlatformAction(ctx, ref, 'MARK_UNREAD', c)), NO_CONVERSATION),

  starConversation: (_root, { input }, ctx) =>
    asPayload(input.clientMutationId, () => conversationAction(ctx, input.conversationId, 'STAR', (c, ref) => runPlatformAction(ctx, ref, 'STAR', c, true)), NO_CONVERSATION),

  unstarConversation: (_root, { input }, ctx) =>
    asPayload(input.clientMutationId, () => conversationAction(ctx, input.conversationId, 'STAR', (c, ref) => runPlatformAction(ctx, ref, 'STAR', c, false)), NO_CONVERSATION),

  archiveConversation: (_root, { input }, ctx) =>
    asPayload(
      input.clientMutationId,
      () => conversationAction(ctx, input.conversationId, 'ARCHIVE', (c, ref) => runPlatformAction(ctx, ref, 'ARCHIVE', c, input.archived ?? true)),
      NO_CONVERSATION,
    ),

  assignConversation: (_root, { input }, ctx) =>
    asPayload(
      input.clientMutationId,
      () =>
        conversationAction(ctx, input.conversationId, 'ASSIGN', (c, ref) => {
          if (input.assigneeId == null) return runPlatformAction(ctx, ref, 'ASSIGN', c, null);
          const assignee = inputId(input.assigneeId, 'Agent', 'assigneeId', ctx);
          if (assignee.ref.key !== ref.key) throw new UserError('INVALID_INPUT', 'the assignee is an agent of another platform', ['input', 'assigneeId']);
          return runPlatformAction(ctx, ref, 'ASSIGN', c, assignee.decoded.upstreamId);
        }),
      NO_CONVERSATION,
    ),

  assignConversationToMe: (_root, { input }, ctx) =>
    asPayload(
      input.clientMutationId,
      () =>
        conversationAction(ctx, input.conversationId, 'ASSIGN', (c, ref) => {
          const me = ctx.sources.me(ref.key);
          if (!me) throw new UserError('NOT_A_MEMBER', `you have no identity on ${ref.type} in this tenant's configuration`);
          // This input has no assignee field: a refusal about the assignee is about the caller.
          return runPlatformAction(ctx, ref, 'ASSIGN', c, me).catch((error: unknown) => {
            throw error instanceof UserError ? new UserError(error.code, error.message, null) : error;
          });
        }),
      NO_CONVERSATION,
    ),

  setConversationStatus: (_root, { input }, ctx) =>
    asPayload(input.clientMutationId, () => conversationAction(ctx, input.conversationId, 'SET_STATUS', (c, ref) => runPlatformAction(ctx, ref, 'SET_STATUS', c, input.status)), NO_CONVERSATION),

  setConversationPriority: (_root, { input }, ctx) =>
    asPayload(
      input.clientMutationId,
      () => conversationAction(ctx, input.conversationId, 'SET_PRIORITY', (c, ref) => runPlatformAction(ctx, ref, 'SET_PRIORITY', c, input.priority ?? null)),
      NO_CONVERSATION,
    ),

  setConversationAiEnabled: (_root, { input }, ctx) =>
    asPayload(
      input.clientMutationId,
      () => conversationAction(ctx, input.conversationId, 'SET_AI_ENABLED', (c, ref) => runPlatformAction(ctx, ref, 'SET_AI_ENABLED', c, input.enabled)),
      NO_CONVERSATION,
    ),

  updateConversationLabels: (_root, { input }, ctx) =>
    asPayload(
      input.clientMutationId,
      () => {
        const add = normalizeLabels(input.add ?? [], 'add');
        const remove = normalizeLabels(input.remove ?? [], 'remove');
        if (add.some((label) => remove.includes(label))) throw new UserError('INVALID_INPUT', 'a label cannot be both added and removed', ['input', 'add']);
        if (add.length + remove.length === 0) throw new UserError('INVALID_INPUT', 'nothing to add or remove', ['input', 'add']);
        return conversationAction(ctx, input.conversationId, 'SET_LABELS', (c, ref) => runPlatformAction(ctx, ref, 'SET_LABELS', c, { add, remove }));
      },
      NO_CONVERSATION,
    ),

  sendSuggestion: (_root, { input }, ctx) =>
    asPayload(input.clientMutationId, () => suggestionAction(ctx, input.suggestionId, 'send'), { suggestion: null, message: null, conversation: null }),

  dismissSuggestion: (_root, { input }, ctx) =>
    asPayload(input.clientMutationId, () => suggestionAction(ctx, input.suggestionId, 'dismiss'), { suggestion: null, message: null, conversation: null }),

  moveConversationToScenarioStep: (_root, { input }, ctx) =>
    asPayload(
      input.clientMutationId,
      () =>
        conversationAction(ctx, input.conversationId, 'MOVE_TO_SCENARIO_STEP', (c, ref) => {
          const step = inputId(input.stepId, 'ScenarioStep', 'stepId', ctx);
          if (step.ref.key !== ref.key || !step.decoded.conversationUpstreamId) {
            throw new UserError('INVALID_INPUT', 'the step belongs to another platform', ['input', 'stepId']);
          }
          return runPlatformAction(ctx, ref, 'MOVE_TO_SCENARIO_STEP', c, step.decoded.conversationUpstreamId, step.decoded.upstreamId);
        }),
      NO_CONVERSATION,
    ),

  setLeadStatus: (_root, { input }, ctx) =>
    asPayload(
      input.clientMutationId,
      async () => {
        const { decoded, ref } = inputId(input.leadId, 'Lead', 'leadId', ctx);
        requireCapability(ref, 'SET_LEAD_STATUS');
        if (!decoded.conversationUpstreamId) throw new UserError('NOT_FOUND', 'no Lead with this id', ['input', 'leadId']);
        let leadOf = null;
        const { conversation } = await conversationActionOn(ctx, ref, decoded.conversationUpstreamId, async (c) => {
          const lead = await ctx.sources.connector(ref.key).lead?.(c);
          if (!lead || lead.upstreamId !== decoded.upstreamId) throw new UserError('NOT_FOUND', 'no Lead with this id', ['input', 'leadId']);
          await runPlatformAction(ctx, ref, 'SET_LEAD_STATUS', c, lead, input.status, input.notes ?? null);
        });
        if (conversation) leadOf = (await ctx.sources.connector(ref.key).lead?.(conversation)) ?? null;
        return { lead: leadOf, conversation };
      },
      { lead: null, conversation: null },
    ),
};

/** A conversation action reached through a child id (lead, suggestion): the capability is already checked. */
async function conversationActionOn(
  ctx: GatewayContext,
  ref: Parameters<typeof loadForAction>[0],
  conversationUpstreamId: string,
  act: (conversation: Awaited<ReturnType<typeof loadForAction>>) => Promise<void>,
) {
  const conversation = await loadForAction(ref, conversationUpstreamId, ctx);
  try {
    await act(conversation);
  } finally {
    ctx.sources.afterWrite(ref.key, conversation.upstreamId);
  }
  const fresh = await ctx.sources.connector(ref.key).conversation(conversationUpstreamId);
  await announce(ctx, ref.key, fresh);
  return { conversation: fresh };
}

async function suggestionAction(ctx: GatewayContext, suggestionId: string, verb: 'send' | 'dismiss') {
  const { decoded, ref } = inputId(suggestionId, 'Suggestion', 'suggestionId', ctx);
  requireCapability(ref, verb === 'send' ? 'SEND_SUGGESTION' : 'DISMISS_SUGGESTION');
  if (!decoded.conversationUpstreamId) throw new UserError('NOT_FOUND', 'no Suggestion with this id', ['input', 'suggestionId']);
  let suggestion: SuggestionModel | null = null;
  let message = null;
  const { conversation } = await conversationActionOn(ctx, ref, decoded.conversationUpstreamId, async (c) => {
    const pending = (await ctx.sources.connector(ref.key).suggestions?.(c)) ?? [];
    const draft = pending.find((s) => s.upstreamId === decoded.upstreamId) ?? null;
    // A draft no longer pending is still sent to the platform: it answers the conflict itself.
    if (verb === 'send') message = await runPlatformAction(ctx, ref, 'SEND_SUGGESTION', c, decoded.upstreamId);
    else await runPlatformAction(ctx, ref, 'DISMISS_SUGGESTION', c, decoded.upstreamId);
    if (draft) suggestion = { ...draft, status: verb === 'send' ? 'SENT' : 'DISMISSED' };
  });
  return { suggestion, message, conversation };
}

function normalizeLabels(labels: readonly string[], field: string): string[] {
  const cleaned = [...new Set(labels.map((l) => l.trim()))];
  if (cleaned.some((l) => l === '' || l.length > 100)) throw new UserError('INVALID_INPUT', 'labels must be 1 to 100 characters', ['input', field]);
  return cleaned;
}
