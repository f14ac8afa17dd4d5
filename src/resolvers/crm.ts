import type { CompanyResolvers, FunnelCardResolvers, LeadResolvers, ScenarioResolvers, ScenarioStepResolvers, SuggestionResolvers, TaskResolvers } from '../generated/graphql.js';
import { encodeId, sourceEnum } from '../graph/global-ids.js';

export const Lead: LeadResolvers = {
  id: (lead) => encodeId('Lead', lead.ref, lead.upstreamId, lead.conversationUpstreamId),
  source: (lead) => sourceEnum(lead.ref.type),
};

export const Company: CompanyResolvers = {
  // A name-only company (VoiceGlow) has no platform id, so it has none here either.
  id: (company) => (company.upstreamId === null ? null : encodeId('Company', company.ref, company.upstreamId)),
};

export const FunnelCard: FunnelCardResolvers = {
  id: (card) => encodeId('FunnelCard', card.ref, card.upstreamId, card.conversationUpstreamId),
  source: (card) => sourceEnum(card.ref.type),
  funnel: (card) => ({ id: encodeId('Funnel', card.ref, card.funnelId), name: card.funnelName }),
  stage: (card) => ({ id: encodeId('FunnelStage', card.ref, card.stageId), name: card.stageName }),
};

export const Task: TaskResolvers = {
  id: (task) => encodeId('Task', task.ref, task.upstreamId, task.conversationUpstreamId),
  source: (task) => sourceEnum(task.ref.type),
  overdue: (task, _args, ctx) => {
    if (task.status !== 'PENDING' || task.dueAt === null) return false;
    ctx.sources.dependencies.judgedAgainstClock(task.dueAt.getTime() + 1);
    return task.dueAt.getTime() < Date.now();
  },
};

export const Scenario: ScenarioResolvers = {
  id: (s) => encodeId('Scenario', s.ref, s.upstreamId, s.conversationUpstreamId),
  source: (s) => sourceEnum(s.ref.type),
  steps: async (s, _args, ctx) => (await ctx.sources.connector(s.ref.key).scenarioSteps?.(s.upstreamId)) ?? [],
};

export const ScenarioStep: ScenarioStepResolvers = {
  // A step's id names its scenario, so `node` and `moveConversationToScenarioStep` need nothing else.
  id: (step) => encodeId('ScenarioStep', step.ref, step.upstreamId, step.scenarioUpstreamId),
  source: (step) => sourceEnum(step.ref.type),
};

export const Suggestion: SuggestionResolvers = {
  id: (s) => encodeId('Suggestion', s.ref, s.upstreamId, s.conversationUpstreamId),
  source: (s) => sourceEnum(s.ref.type),
  conversation: (s, _args, ctx) => ctx.sources.connector(s.ref.key).conversation(s.conversationUpstreamId),
};
