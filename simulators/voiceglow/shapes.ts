import type { SparseShape, SparseShapes } from '../common/sparse.js';

/**
 * VoiceGlow's answers for the `sparse` knob (simulators/common/sparse.ts). The platform's
 * published convo schema (seed 003) requires nothing, and its list rows "may omit
 * title/lastMessage" (research): every field may go but the ids and the times the list is ordered
 * by, the paging keys, and who wrote a transcript turn (`from`, `isAIGenerated`). `state` may go (the published schema does
 * not list it).
 */

const assignedTo: SparseShape = { name: 'assigned-to', required: ['userId'] };

/** The ID and the times the list is ordered by (and its keyset cursor reads). */
const CONVO_KEYS = ['ID', 'ts', 'lastMessageTS', 'lastModified'];

const row: SparseShape = { name: 'convo', required: CONVO_KEYS, nested: { assignedTo } };

const document: SparseShape = {
  name: 'convo',
  required: CONVO_KEYS,
  nested: {
    assignedTo,
    crmActivities: { name: 'crm-activity', required: ['id'] },
    crmAlerts: { name: 'crm-alerts', required: [] },
  },
};

/** `isAIGenerated: false` is what tells a teammate's turn from the AI's: it stays. */
const turn: SparseShape = {
  name: 'turn',
  required: ['from', 'ts', 'messages', 'isAIGenerated'],
  nested: { messages: { name: 'turn-message', required: ['type', 'item', 'ts'] } },
};

export const VOICEGLOW_SHAPES: SparseShapes = {
  'GET /v3/agents/:agentId/convos': { name: 'list', required: ['success', 'data', 'hasMore', 'nextCursor'], nested: { data: row } },
  'GET /v3/agents/:agentId/convos/:convoId': { name: 'document', required: ['success', 'data'], nested: { data: document } },
  'GET /v3/agents/:agentId/convos/:convoId/export': {
    name: 'export',
    required: ['success', 'data'],
    nested: { data: { name: 'transcript', required: ['turns'], nested: { turns: turn } } },
  },
};
