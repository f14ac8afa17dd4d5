import type { SparseShape, SparseShapes } from '../common/sparse.js';

/**
 * Chatvolt's answers for the `sparse` knob (simulators/common/sparse.ts): the keys it always sends
 * with a value are the non-null columns of Chaindesk's Prisma schema and the keys whose null means
 * something (a message's `userId`: null is the visitor, set is a team member). Everything else may
 * be left out or null, as the published description (specs/conversations.yaml, no `required` list)
 * allows.
 */

const contact: SparseShape = { name: 'contact', required: ['id', 'organizationId', 'createdAt', 'updatedAt'] };

const assignee: SparseShape = {
  name: 'assignee',
  required: ['id'],
  nested: { user: { name: 'assignee-user', required: ['id'] } },
};

const scenarioLink: SparseShape = {
  name: 'scenario-link',
  required: ['available', 'scenario'],
  nested: { scenario: { name: 'link-scenario', required: ['id'] }, step: { name: 'link-step', required: ['id'] } },
};

const conversation: SparseShape = {
  name: 'conversation',
  required: ['id', 'status', 'organizationId', 'createdAt', 'updatedAt'],
  nested: {
    participantsContacts: contact,
    assignees: assignee,
    tags: { name: 'tag', required: ['tag'] },
    crmScenarioConversations: scenarioLink,
  },
  keep: ['metadata'],
};

const message: SparseShape = {
  name: 'message',
  required: ['id', 'text', 'from', 'conversationId', 'userId', 'createdAt', 'updatedAt'],
  nested: { attachments: { name: 'attachment', required: ['id', 'url'] } },
  keep: ['metadata', 'usage', 'sources'],
};

const messages: SparseShape = { name: 'messages', required: ['messages'], nested: { messages: message } };

export const CHATVOLT_SHAPES: SparseShapes = {
  'GET /conversation': conversation,
  'GET /conversation/:conversationId': conversation,
  'GET /conversation/:conversationId/messages': messages,
  'GET /conversation/:conversationId/messages/:count': messages,
  'GET /crm/scenario': { name: 'scenario', required: ['id', 'name', 'organizationId'] },
  'GET /crm/step': { name: 'step', required: ['id', 'name', 'index', 'scenarioId'] },
};
