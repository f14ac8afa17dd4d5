import type { ChatvoltDb } from './db.js';
import type { ConversationRecord, MessageRecord, ScenarioRecord, StepRecord } from './records.js';

/**
 * Records → the JSON Chatvolt answers. `ConversationDetailed` is what both `GET /conversation`
 * (each array item) and `GET /conversation/{id}` return (specs/conversations.yaml); only the
 * single read carries `crmScenarioConversations` (documented on the get-by-id page only, and only
 * for a conversation linked to a scenario).
 */
export function conversationJson(db: ChatvoltDb, record: ConversationRecord, options: { withCrm: boolean }): Record<string, unknown> {
  const { contactIds: _contactIds, assigneeIds: _assigneeIds, scenarioLinks, tags, conversationVariables, ...own } = record;
  const json: Record<string, unknown> = {
    ...own,
    participantsContacts: db.contactsOf(record),
    conversationVariables: conversationVariables.map((v) => ({ conversationId: record.id, ...v })),
    assignees: db.assigneesOf(record).map((m) => ({ id: m.id, user: { ...m.user } })),
    tags: tags.map((tag) => ({ tag })),
  };
  // "present when the conversation is linked to CRM scenarios" (seed 002): no links, no key.
  if (options.withCrm && scenarioLinks.length > 0) {
    json.crmScenarioConversations = scenarioLinks.map((link) => ({
      available: link.available,
      scenario: { id: link.scenarioId, name: db.scenarios.get(link.scenarioId)?.name ?? null },
      step: { id: link.stepId, name: db.steps.get(link.stepId)?.name ?? null },
      createdAt: link.createdAt,
      updatedAt: link.updatedAt,
    }));
  }
  return json;
}

export function messageJson(message: MessageRecord): Record<string, unknown> {
  return { ...message, attachments: message.attachments.map((a) => ({ ...a, conversationId: message.conversationId, messageId: message.id })) };
}

export function scenarioJson(scenario: ScenarioRecord): Record<string, unknown> {
  return { ...scenario };
}

export function stepJson(step: StepRecord): Record<string, unknown> {
  return { ...step, requestContact: null, webhookUrl: null, webhookHeader: null };
}
