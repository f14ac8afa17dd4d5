import type { SimRequest, SimResponse } from '../common/server.js';
import type { ChatvoltDb } from './db.js';
import { windowClosed } from './messaging-window.js';
import { apiError } from './platform.js';
import { messageDraft, type ConversationRecord, type StepRecord } from './records.js';
import { objectBody, optionalString } from './request-body.js';

const invalid = (): SimResponse => apiError(400, 'INVALID_REQUEST');

/**
 * `POST /crm/step/move {conversationId, scenarioId?, destStepId?, destStepIndex?, shouldSendInitialMessage}`
 * → `{success, message, newStepId, messageSent, messageError, sentMessageId, blockedBy24hRule}`.
 * - 400 INVALID_REQUEST: a malformed body, no destination, or `destStepId` of another scenario than `scenarioId`;
 * - 404 NOT_FOUND: unknown conversation, scenario or step (or no step at `destStepIndex`).
 * The conversation is active in one scenario at a time: moving it to a step of a scenario it is not
 * active in (ASSUMED: the move enters it, as the CRM board's drag does) makes that link the active
 * one and its other active link `available: false`. Entering a step applies the step's defaults
 * (status, priority, AI control, tags, assignee logic) to the conversation.
 */
export function moveStep(db: ChatvoltDb, req: SimRequest): SimResponse {
  const body = objectBody(req);
  if (!body) return invalid();
  const conversationId = optionalString(body, 'conversationId');
  const scenarioId = optionalString(body, 'scenarioId');
  const destStepId = optionalString(body, 'destStepId');
  const index = body.destStepIndex;
  const validIndex = index === undefined || index === null || (typeof index === 'number' && Number.isInteger(index) && index >= 0);
  if (!conversationId || scenarioId === null || destStepId === null || !validIndex || typeof body.shouldSendInitialMessage !== 'boolean') return invalid();
  if (!destStepId && (index === undefined || index === null)) return invalid();

  const conversation = db.conversation(conversationId);
  if (!conversation) return apiError(404, 'NOT_FOUND');
  if (scenarioId && !db.scenarios.has(scenarioId)) return apiError(404, 'NOT_FOUND');

  let step: StepRecord | undefined;
  if (destStepId) {
    step = db.steps.get(destStepId);
    if (!step) return apiError(404, 'NOT_FOUND');
    if (scenarioId && step.scenarioId !== scenarioId) return invalid();
  } else {
    const scenario = scenarioId ?? conversation.scenarioLinks.find((l) => l.available)?.scenarioId;
    if (!scenario) return invalid();
    step = db.stepsOf(scenario)[index as number];
    if (!step) return apiError(404, 'NOT_FOUND');
  }

  enterStep(db, conversation, step);
  const initial = body.shouldSendInitialMessage
    ? sendInitialMessage(db, conversation, step)
    : { messageSent: false, messageError: null, sentMessageId: null, blockedBy24hRule: false };
  return { status: 200, body: { success: true, message: 'Conversation moved.', newStepId: step.id, ...initial } };
}

function enterStep(db: ChatvoltDb, conversation: ConversationRecord, step: StepRecord): void {
  const at = new Date(db.tick()).toISOString();
  for (const link of conversation.scenarioLinks) {
    if (link.available && link.scenarioId !== step.scenarioId) Object.assign(link, { available: false, updatedAt: at });
  }
  const link = conversation.scenarioLinks.find((l) => l.scenarioId === step.scenarioId);
  if (link) Object.assign(link, { stepId: step.id, available: true, updatedAt: at });
  else conversation.scenarioLinks.push({ id: db.newId(), scenarioId: step.scenarioId, stepId: step.id, available: true, createdAt: at, updatedAt: at });
  if (applyDefaults(db, conversation, step)) db.touch(conversation, Date.parse(at));
  db.emit({ kind: 'step', conversation, step });
}

/** The step's defaults; true when the conversation row was updated. */
function applyDefaults(db: ChatvoltDb, conversation: ConversationRecord, step: StepRecord): boolean {
  if (step.defaultStatus !== null) conversation.status = step.defaultStatus;
  if (step.defaultPriority !== null) conversation.priority = step.defaultPriority;
  if (step.defaultAiControl !== null) conversation.isAiEnabled = step.defaultAiControl;
  if (step.defaultTags.length > 0 || step.defaultTagsToRemove.length > 0) {
    conversation.tags = [...new Set([...conversation.tags, ...step.defaultTags])].filter((t) => !step.defaultTagsToRemove.includes(t));
  }
  const selected = step.selectedMembershipIdsForAssignee.filter((id) => db.memberships.has(id));
  if (step.assigneeLogicType === 'clear') conversation.assigneeIds = [];
  else if (step.assigneeLogicType && step.assigneeLogicType !== 'none' && selected.length > 0) {
    // Deterministic stand-in for the random and fair choices: the selected member with the fewest conversations.
    conversation.assigneeIds = [leastBusy(db, selected, step.assigneeLogicType === 'single_user')];
  }
  // A step with defaults updates the row (and so its updatedAt) even when a value was already set.
  return hasDefaults(step);
}

function hasDefaults(step: StepRecord): boolean {
  return (
    step.defaultStatus !== null ||
    step.defaultPriority !== null ||
    step.defaultAiControl !== null ||
    step.defaultTags.length > 0 ||
    step.defaultTagsToRemove.length > 0 ||
    (step.assigneeLogicType !== null && step.assigneeLogicType !== 'none')
  );
}

function leastBusy(db: ChatvoltDb, ids: string[], first: boolean): string {
  if (first) return ids[0]!;
  const load = (id: string): number => [...db.conversations.values()].filter((c) => c.assigneeIds.includes(id)).length;
  return [...ids].sort((a, b) => load(a) - load(b))[0]!;
}

/** The step's initial message, from its AI agent; Meta's 24-hour window blocks it as it blocks any send. */
function sendInitialMessage(db: ChatvoltDb, conversation: ConversationRecord, step: StepRecord) {
  if (!step.initialMessage) return { messageSent: false, messageError: null, sentMessageId: null, blockedBy24hRule: false };
  if (windowClosed(db, conversation)) return { messageSent: false, messageError: 'ERR_META_SESSION_EXPIRED_24H', sentMessageId: null, blockedBy24hRule: true };
  const message = db.appendMessage(conversation, messageDraft({ text: step.initialMessage, from: 'agent', agentId: step.agentId ?? conversation.agentId }));
  return { messageSent: true, messageError: null, sentMessageId: message.id, blockedBy24hRule: false };
}
