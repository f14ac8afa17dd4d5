import type { SparseShape, SparseShapes } from '../common/sparse.js';
import { IRON_BASE } from './routes.js';

/**
 * Iron's answers for the `sparse` knob (simulators/common/sparse.ts). Iron's JSON is ASSUMED
 * (UPSTREAMS.md); the keys it always sends with a value are the ids, the times lists are ordered
 * by, the paging key, and the fields whose null means something: `assigned_to` (null is
 * unassigned), `archived` (the status), an activity's kind, direction and draft status.
 */

const conversation: SparseShape = {
  name: 'conversation',
  required: ['id', 'last_activity_at', 'archived', 'assigned_to'],
  nested: { contact: { name: 'contact', required: ['id'] }, sla: { name: 'sla', required: [] } },
};

const activity: SparseShape = { name: 'activity', required: ['id', 'kind', 'direction', 'status', 'created_at'] };

export const IRON_SHAPES: SparseShapes = {
  [`GET ${IRON_BASE}/conversations`]: { name: 'conversations', required: ['items', 'next_cursor'], nested: { items: conversation } },
  [`GET ${IRON_BASE}/conversations/:conversation_id`]: conversation,
  [`GET ${IRON_BASE}/conversations/:conversation_id/messages`]: { name: 'activities', required: ['items', 'next_cursor'], nested: { items: activity } },
  [`GET ${IRON_BASE}/org/members`]: { name: 'members', required: ['items'], nested: { items: { name: 'member', required: ['user_id'] } } },
};
