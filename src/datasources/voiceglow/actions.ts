import { UpstreamError, UserError } from '../../errors.js';
import type { ConversationModel, ConversationStatus } from '../../model/index.js';
import type { ActionTable } from '../actions.js';
import type { VgAssignBody, VgConvoPatch } from './api.js';
import type { VoiceglowConnector } from './connector.js';
import { aiEnabledOf } from './mapping.js';
import type { VgConvoDocument, VgState } from './schemas.js';

/**
 * VoiceGlow's write side: ASSIGN, SET_STATUS, SET_AI_ENABLED, SET_LABELS (the keys of
 * `voiceglowActions` are its capabilities). There is no REST call that sends a reply as a human,
 * so no SEND_MESSAGE. See MAPPING.md, Actions and Errors.
 */

/** Which kind of call failed: a 400 means a different thing on each. */
type CallKind = 'read' | 'update' | 'assign';

/** The statuses that name one state; OPEN depends on the AI switch, PENDING and SNOOZED have none. */
const STATE_OF_STATUS: Partial<Record<ConversationStatus, VgState>> = {
  HUMAN_REQUESTED: 'requested_chat',
  RESOLVED: 'ended_chat',
};

/**
 * The platform's refusals as stable codes, with our own safe messages (never its body). The
 * platform answers 400 for input it rejects: on `/assign` the only input we send that it can
 * reject is the assignee (a user who is not a workspace member); on the PATCH it is a value.
 * Anything else (401/403/429/5xx, an unexpected shape) stays an UpstreamError.
 */
function refusal(error: unknown, kind: CallKind, field: string | undefined): Error {
  if (error instanceof UpstreamError) {
    if (error.status === 404) return new UserError('NOT_FOUND', 'VoiceGlow has no such conversation');
    if (error.status === 400 && kind === 'assign') {
      return new UserError('NOT_A_MEMBER', 'The assignee is not a member of this VoiceGlow workspace', 'assigneeId');
    }
    if (error.status === 400 && kind === 'update') return new UserError('INVALID_INPUT', 'VoiceGlow rejected this value', field);
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** The add and remove lists, checked before any call: a blank label or one in both lists is refused. */
function checkLabels(change: { add: string[]; remove: string[] }): { add: string[]; remove: Set<string> } {
  const blankAdd = change.add.some((label) => label.trim() === '');
  const blankRemove = change.remove.some((label) => label.trim() === '');
  if (blankAdd || blankRemove) throw new UserError('INVALID_INPUT', 'A label must not be blank', blankAdd ? 'add' : 'remove');
  const remove = new Set(change.remove);
  if (change.add.some((label) => remove.has(label))) throw new UserError('INVALID_INPUT', 'A label cannot be both added and removed', 'add');
  return { add: [...new Set(change.add)], remove };
}

/** The current tags minus the removed ones, then the added ones not already there (order kept). */
function nextTags(current: readonly string[], add: readonly string[], remove: ReadonlySet<string>): string[] {
  const next = current.filter((label) => !remove.has(label));
  for (const label of add) if (!next.includes(label)) next.push(label);
  return next;
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((item, i) => item === b[i]);

/** The document as it is now: never from a cache, since a write is computed from it. */
async function readFresh(connector: VoiceglowConnector, convoId: string): Promise<VgConvoDocument> {
  try {
    return await connector.api.convo(convoId, { fresh: true });
  } catch (error) {
    throw refusal(error, 'read', undefined);
  }
}

/**
 * One write, its failure mapped to a refusal; afterwards (also after a failure) the connector
 * forgets what it loaded of that convo during this request.
 */
async function write(connector: VoiceglowConnector, convoId: string, kind: Exclude<CallKind, 'read'>, field: string | undefined, send: () => Promise<void>): Promise<void> {
  try {
    await send();
  } catch (error) {
    throw refusal(error, kind, field);
  } finally {
    connector.forget(convoId);
  }
}

/** `PATCH …/convos/{convoId} {conversation: {…partial}}`; a 400 is INVALID_INPUT on `field`. */
function update(connector: VoiceglowConnector, convoId: string, patch: VgConvoPatch, field: string): Promise<void> {
  return write(connector, convoId, 'update', field, () => connector.api.updateConvo(convoId, patch));
}

/**
 * `POST …/assign {assignToUserId, delegatedBy?}`; `delegatedBy` is the signed-in user when they
 * assign someone else. VoiceGlow has no unassign call: null clears the assignee with a PATCH of
 * `assignedTo` and the legacy `chatAssignedTo` (the state is left as it is).
 */
async function assign(connector: VoiceglowConnector, conversation: ConversationModel, assigneeUpstreamId: string | null): Promise<void> {
  const convoId = conversation.upstreamId;
  if (assigneeUpstreamId === null) return update(connector, convoId, { assignedTo: null, chatAssignedTo: null }, 'assigneeId');
  if (assigneeUpstreamId.trim() === '') throw new UserError('INVALID_INPUT', 'The assignee id must not be blank', 'assigneeId');
  const body: VgAssignBody = { assignToUserId: assigneeUpstreamId };
  if (connector.me && connector.me !== assigneeUpstreamId) body.delegatedBy = connector.me;
  return write(connector, convoId, 'assign', 'assigneeId', () => connector.api.assign(convoId, body));
}

/**
 * HUMAN_REQUESTED → `requested_chat`, RESOLVED → `ended_chat`. OPEN keeps the AI switch: the
 * fresh state decides, `ai-chatting` and `human-chatting` stay (no call), `requested_chat` and
 * `ended_chat` (AI off) become `human-chatting`, no state at all becomes `ai-chatting`. PENDING
 * and SNOOZED do not exist here.
 */
async function setStatus(connector: VoiceglowConnector, conversation: ConversationModel, status: ConversationStatus): Promise<void> {
  const convoId = conversation.upstreamId;
  if (status === 'OPEN') {
    const current = (await readFresh(connector, convoId)).state;
    // A convo without a state is written `ai-chatting`, the state every convo starts in.
    const state: VgState = aiEnabledOf(current) === false ? 'human-chatting' : 'ai-chatting';
    if (state === current) return;
    return update(connector, convoId, { state }, 'status');
  }
  const state = STATE_OF_STATUS[status];
  if (!state) throw new UserError('INVALID_INPUT', `VoiceGlow conversations cannot be ${status}`, 'status');
  return update(connector, convoId, { state }, 'status');
}

/**
 * The PATCH replaces `tags` as a whole, so the tags are read fresh and the whole new list is
 * written. No call when nothing is asked, and no PATCH when nothing would change.
 */
async function setLabels(connector: VoiceglowConnector, conversation: ConversationModel, change: { add: string[]; remove: string[] }): Promise<void> {
  const { add, remove } = checkLabels(change);
  if (add.length === 0 && remove.size === 0) return;
  const convoId = conversation.upstreamId;
  const current = (await readFresh(connector, convoId)).tags ?? [];
  const tags = nextTags(current, add, remove);
  if (sameList(tags, current)) return;
  return update(connector, convoId, { tags }, add.length > 0 ? 'add' : 'remove');
}

/** The actions VoiceGlow's API offers (its capabilities), each with the endpoint it maps to. */
export const voiceglowActions: ActionTable<VoiceglowConnector> = {
  ASSIGN: {
    endpoint: 'POST /agents/:agentId/convos/:convoId/assign',
    run: assign,
  },
  SET_STATUS: {
    endpoint: 'PATCH /agents/:agentId/convos/:convoId {conversation: {state}}',
    run: setStatus,
  },
  SET_AI_ENABLED: {
    endpoint: 'PATCH /agents/:agentId/convos/:convoId {conversation: {state}} (human takeover)',
    /** Human takeover: false → `human-chatting`, true → `ai-chatting` (both also reopen an ended chat). */
    run: (connector, conversation, enabled) => update(connector, conversation.upstreamId, { state: enabled ? 'ai-chatting' : 'human-chatting' }, 'enabled'),
  },
  SET_LABELS: {
    endpoint: 'PATCH /agents/:agentId/convos/:convoId {conversation: {tags}}',
    run: setLabels,
  },
};
