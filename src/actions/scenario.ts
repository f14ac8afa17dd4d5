import type { GatewayContext } from '../context.js';
import { UserError } from '../errors.js';
import type { ConversationModel } from '../model/index.js';
import { conversationAction } from './conversation-action.js';
import { inputId } from './input.js';
import { runPlatformAction } from './run.js';

/** moveConversationToScenarioStep: the step's id names its scenario, on the conversation's platform. */
export function moveToScenarioStep(ctx: GatewayContext, conversationId: string, stepId: string): Promise<{ conversation: ConversationModel | null }> {
  return conversationAction(ctx, conversationId, 'MOVE_TO_SCENARIO_STEP', (c, ref) => {
    const step = inputId(stepId, 'ScenarioStep', 'stepId', ctx);
    if (step.ref.key !== ref.key || !step.decoded.conversationUpstreamId) {
      throw new UserError('INVALID_INPUT', 'the step belongs to another platform', ['input', 'stepId']);
    }
    return runPlatformAction(ctx, ref, 'MOVE_TO_SCENARIO_STEP', c, step.decoded.conversationUpstreamId, step.decoded.upstreamId);
  });
}
