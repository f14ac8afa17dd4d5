import type { SimRequest, SimResponse } from '../common/server.js';
import type { ChatvoltDb } from './db.js';
import { apiError } from './platform.js';
import { CONVERSATION_PRIORITIES, CONVERSATION_STATUSES, type ConversationRecord, type MembershipRecord } from './records.js';
import { objectBody, optionalString } from './request-body.js';

const invalid = (): SimResponse => apiError(400, 'INVALID_REQUEST');
const ok = (message: string): SimResponse => ({ status: 200, body: { success: true, message } });

/**
 * One `POST /conversations/{id}/set-*` endpoint: the body is validated first (400
 * INVALID_REQUEST), then the conversation looked up (404 NOT_FOUND), then changed. Any update
 * of the row moves its `updatedAt` (Prisma's `@updatedAt`). Answers `{success, message}`.
 */
function setter<T>(db: ChatvoltDb, req: SimRequest, read: (body: Record<string, unknown>) => T | undefined, apply: (c: ConversationRecord, value: T) => string): SimResponse {
  const body = objectBody(req);
  const value = body ? read(body) : undefined;
  if (value === undefined) return invalid();
  const conversation = db.conversation(req.params.conversationId ?? '');
  if (!conversation) return apiError(404, 'NOT_FOUND');
  const message = apply(conversation, value);
  db.touch(conversation);
  db.emit({ kind: 'conversation', conversation });
  return ok(message);
}

const oneOf =
  <T extends string>(key: string, values: readonly T[]) =>
  (body: Record<string, unknown>): T | undefined =>
    values.find((v) => v === body[key]);

export function setStatus(db: ChatvoltDb, req: SimRequest): SimResponse {
  return setter(db, req, oneOf('status', CONVERSATION_STATUSES), (c, status) => {
    c.status = status;
    return 'Conversation Status changed.';
  });
}

export function setPriority(db: ChatvoltDb, req: SimRequest): SimResponse {
  return setter(db, req, oneOf('priority', CONVERSATION_PRIORITIES), (c, priority) => {
    c.priority = priority;
    return 'Conversation Priority changed.';
  });
}

/** Human takeover: `enabled: false` stops the AI agent answering this conversation. */
export function setAiEnabled(db: ChatvoltDb, req: SimRequest): SimResponse {
  const read = (body: Record<string, unknown>): boolean | undefined => (typeof body.enabled === 'boolean' ? body.enabled : undefined);
  return setter(db, req, read, (c, enabled) => {
    c.isAiEnabled = enabled;
    return enabled ? 'AI is On.' : 'AI is Off.';
  });
}

/**
 * `POST /conversations/{id}/assign {membershipId | id | email}`: replaces the assignment (there is
 * no unassign in Chatvolt's API; a missing or empty identifier is 400). The person must be a member
 * of the key's organization: a membership or user id that is not one, or the email of a user of
 * another organization, is 403 `UNAUTHORIZED` (documented: "the user does not belong to the
 * conversation's organization"); an email no Chatvolt user has is 404 (documented).
 */
export function assign(db: ChatvoltDb, req: SimRequest): SimResponse {
  const body = objectBody(req);
  if (!body) return invalid();
  const fields = ['membershipId', 'id', 'email'].map((key) => optionalString(body, key));
  if (fields.includes(null)) return invalid();
  const [membershipId, userId, email] = fields as (string | undefined)[];
  if (!membershipId && !userId && !email) return invalid();
  const conversation = db.conversation(req.params.conversationId ?? '');
  if (!conversation) return apiError(404, 'NOT_FOUND');

  const members = [...db.memberships.values()];
  let membership: MembershipRecord | undefined;
  if (membershipId) membership = db.memberships.get(membershipId);
  else if (userId) membership = members.find((m) => m.user.id === userId);
  else {
    const wanted = email!.toLowerCase();
    membership = members.find((m) => m.user.email.toLowerCase() === wanted);
    if (!membership && !db.outsiders.some((u) => u.email.toLowerCase() === wanted)) return apiError(404, 'NOT_FOUND');
  }
  if (!membership) return apiError(403, 'UNAUTHORIZED');

  conversation.assigneeIds = [membership.id];
  db.touch(conversation);
  db.emit({ kind: 'conversation', conversation });
  return ok('Conversation Assigned.');
}
