import type { SparseShape, SparseShapes } from '../common/sparse.js';
import { BASE } from './constants.js';

/**
 * Voxys' answers for the `sparse` knob (simulators/common/sparse.ts): which keys Chatwoot always
 * sends with a value (its jbuilder views render them unconditionally, MAPPING.md), so the knob
 * takes away only what a real installation may leave out or null. Kept whole: the counts (an
 * envelope), an applied SLA (one partial: all of it or `{}`) and attachments (one shape per file
 * type, their keys set by `Attachment#push_event_data`).
 */

const contact: SparseShape = { name: 'contact', required: ['id'] };
const sender: SparseShape = { name: 'sender', required: ['id', 'type'] };
/** `_agent.json.jbuilder` or `_agent_bot_slim` (same ids never meet: the shape name differs by `assignee_type`). */
const assignee: SparseShape = { name: 'assignee', required: ['id', 'assignee_type'] };

/** `_message.json.jbuilder` and `Message#push_event_data`: id, type, privacy and time always; the rest may be null. */
const message: SparseShape = {
  name: 'message',
  required: ['id', 'message_type', 'private', 'created_at', 'conversation_id'],
  nested: { sender },
  keep: ['attachments'],
};

/**
 * The conversation partial renders every key; these always carry a value (ints as `.to_i`, 0 when
 * unset; `status`; the messages array and the meta block).
 */
const conversation: SparseShape = {
  name: 'conversation',
  required: ['id', 'status', 'last_activity_at', 'timestamp', 'first_reply_created_at', 'waiting_since', 'messages', 'meta'],
  nested: {
    messages: message,
    last_non_activity_message: message,
    meta: { name: 'conversation-meta', required: ['sender', 'assignee_type'], nested: { sender: contact, assignee } },
  },
  keep: ['applied_sla'],
};

const counts: SparseShape = { name: 'counts', required: [], keep: ['mine_count', 'assigned_count', 'unassigned_count', 'all_count'] };

const crmAgent: SparseShape = { name: 'crm-agent', required: ['id'] };
const lead: SparseShape = { name: 'lead', required: ['id'], nested: { assigned_agent: crmAgent, company: { name: 'company', required: ['id'] } } };
/** A task's due date decides whether it is overdue: a task sends one or null, never drops it (ASSUMED). */
const task: SparseShape = { name: 'task', required: ['id', 'title', 'status', 'due_at'], nested: { assigned_to: crmAgent } };

export const VOXYS_SHAPES: SparseShapes = {
  [`GET ${BASE}/conversations`]: {
    name: 'list',
    required: ['data'],
    nested: { data: { name: 'list-data', required: ['meta', 'payload'], nested: { meta: counts, payload: conversation } } },
  },
  [`GET ${BASE}/conversations/meta`]: { name: 'meta', required: ['meta'], nested: { meta: counts } },
  [`POST ${BASE}/conversations/filter`]: { name: 'filter', required: ['meta', 'payload'], nested: { meta: counts, payload: conversation } },
  [`GET ${BASE}/conversations/:conversation_id`]: conversation,
  [`GET ${BASE}/conversations/:conversation_id/messages`]: { name: 'messages', required: ['payload'], nested: { payload: message } },
  [`GET ${BASE}/conversations/:conversation_id/crm`]: {
    name: 'crm',
    required: ['conversation_id', 'follow_up_tasks'],
    nested: { linked_lead: lead, linked_funnel_card: { name: 'card', required: ['id', 'funnel_id', 'funnel_stage_id'], nested: { lead } }, follow_up_tasks: task },
  },
  [`GET ${BASE}/leads`]: { name: 'leads', required: ['data', 'meta'], nested: { data: lead }, keep: ['meta'] },
};
