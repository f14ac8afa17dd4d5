import type { SimRequest, SimResponse, SimRoute } from '../common/server.js';
import type { ChatvoltDb } from './db.js';
import { apiError } from './platform.js';
import { CONVERSATION_CHANNELS, CONVERSATION_PRIORITIES, CONVERSATION_STATUSES, type ConversationRecord } from './records.js';
import { conversationJson, messageJson, scenarioJson, stepJson } from './views.js';

/** `GET /conversation/{id}/messages/{count}` without a count answers the last 2 (the documented default). */
export const DEFAULT_MESSAGE_COUNT = 2;

const invalid = (): SimResponse => apiError(400, 'INVALID_REQUEST');

/** Chatvolt's READ endpoints. Reads use the singular `/conversation`. */
export function chatvoltRoutes(db: ChatvoltDb): SimRoute[] {
  return [
    {
      method: 'GET',
      path: '/conversation',
      summary: 'List conversations (agentId, channel, status, priority, assigneeId, unread, createdAt, endDate); a plain array, no pagination',
      handler: (req) => listConversations(db, req),
    },
    {
      method: 'GET',
      path: '/conversation/:conversationId',
      summary: 'Get a conversation (ConversationDetailed with crmScenarioConversations)',
      handler: (req) => {
        const conversation = db.conversation(req.params.conversationId ?? '');
        return conversation ? { status: 200, body: conversationJson(db, conversation, { withCrm: true }) } : apiError(404, 'NOT_FOUND');
      },
    },
    {
      method: 'GET',
      path: '/conversation/:conversationId/messages',
      summary: `The last ${DEFAULT_MESSAGE_COUNT} messages of a conversation`,
      handler: (req) => lastMessages(db, req.params.conversationId ?? '', String(DEFAULT_MESSAGE_COUNT)),
    },
    {
      method: 'GET',
      path: '/conversation/:conversationId/messages/:count',
      summary: 'The last {count} messages of a conversation, oldest first, with the conversation status',
      handler: (req) => lastMessages(db, req.params.conversationId ?? '', req.params.count ?? ''),
    },
    {
      method: 'GET',
      path: '/crm/scenario',
      summary: 'List CRM scenarios (optionally those whose steps use agentId)',
      handler: (req) => {
        const agentId = req.query.get('agentId');
        const scenarios = [...db.scenarios.values()].filter((s) => !agentId || db.stepsOf(s.id).some((step) => step.agentId === agentId));
        return { status: 200, body: scenarios.map(scenarioJson) };
      },
    },
    {
      method: 'GET',
      path: '/crm/step',
      summary: 'List the steps of a CRM scenario (scenarioId required, agentId optional)',
      handler: (req) => {
        const scenarioId = req.query.get('scenarioId');
        if (!scenarioId) return invalid();
        const agentId = req.query.get('agentId');
        const steps = db.stepsOf(scenarioId).filter((s) => !agentId || s.agentId === agentId);
        return { status: 200, body: steps.map(stepJson) };
      },
    },
  ];
}

function lastMessages(db: ChatvoltDb, conversationId: string, countParam: string): SimResponse {
  if (!/^\d+$/.test(countParam) || Number(countParam) < 1) return invalid();
  const conversation = db.conversation(conversationId);
  if (!conversation) return apiError(404, 'NOT_FOUND');
  const thread = db.messagesOf(conversation.id);
  return {
    status: 200,
    body: {
      status: conversation.status,
      isAiEnabled: conversation.isAiEnabled,
      userId: conversation.userId,
      organizationId: conversation.organizationId,
      messages: thread.slice(Math.max(0, thread.length - Number(countParam))).map(messageJson),
    },
  };
}

type ConversationPredicate = (conversation: ConversationRecord) => boolean;

/** Every filter of `GET /conversation`; a value Chatvolt would reject answers 400 INVALID_REQUEST. */
function listConversations(db: ChatvoltDb, req: SimRequest): SimResponse {
  const predicates: ConversationPredicate[] = [];
  const q = req.query;

  const agentId = q.get('agentId');
  if (agentId) predicates.push(agentId === 'null' ? (c) => c.agentId === null : (c) => c.agentId === agentId);

  const channel = q.get('channel');
  if (channel) {
    if (!(CONVERSATION_CHANNELS as readonly string[]).includes(channel)) return invalid();
    predicates.push((c) => c.channel === channel);
  }
  const status = q.get('status');
  if (status) {
    if (!(CONVERSATION_STATUSES as readonly string[]).includes(status)) return invalid();
    predicates.push((c) => c.status === status);
  }
  const priority = q.get('priority');
  if (priority) {
    if (!(CONVERSATION_PRIORITIES as readonly string[]).includes(priority)) return invalid();
    predicates.push((c) => c.priority === priority);
  }
  const assigneeId = q.get('assigneeId');
  if (assigneeId) predicates.push(assigneeId === 'unassigned' ? (c) => c.assigneeIds.length === 0 : (c) => c.assigneeIds.includes(assigneeId));

  const unread = q.get('unread');
  if (unread) {
    if (unread !== 'true' && unread !== 'false') return invalid();
    predicates.push((c) => db.unreadCount(c.id) > 0 === (unread === 'true'));
  }
  for (const [name, isEnd] of [
    ['createdAt', false],
    ['endDate', true],
  ] as const) {
    const value = q.get(name);
    if (!value) continue;
    const bound = parseDateParam(value, isEnd);
    if (bound === null) return invalid();
    predicates.push(isEnd ? (c) => Date.parse(c.createdAt) <= bound : (c) => Date.parse(c.createdAt) >= bound);
  }

  const rows = [...db.conversations.values()]
    .filter((c) => predicates.every((p) => p(c)))
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? -1 : 1));
  return { status: 200, body: rows.map((c) => conversationJson(db, c, { withCrm: false })) };
}

/**
 * 'YYYY-MM-DD HH:mm:ss', 'YYYY-MM-DD HH:mm', 'YYYY-MM-DD' (read as UTC) or full ISO 8601. A bare
 * date as `endDate` means the end of that day.
 */
function parseDateParam(value: string, isEnd: boolean): number | null {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const local = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(value);
  const text = dateOnly ? `${value}T${isEnd ? '23:59:59.999' : '00:00:00.000'}Z` : local ? `${value.replace(' ', 'T')}Z` : value;
  if (!dateOnly && !local && !/^\d{4}-\d{2}-\d{2}T/.test(value)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}
