import { UpstreamError, UserError } from '../../errors.js';
import type { ConversationModel, ConversationPriority, LeadStatus, MessageModel } from '../../model/index.js';
import type { ActionTable, OutgoingFile, SendMessageInput } from '../actions.js';
import type { UpstreamLeadStatus, UpstreamPriority } from './api.js';
import type { VoxysConnector } from './connector.js';
import { toMessage } from './mapping.js';
import { STATUS_TO_UPSTREAM } from './query-plan.js';

/**
 * The Voxys write side: its keys are the Voxys capabilities (src/capabilities.ts derives the matrix
 * from them). Each action reaches Voxys through the connector's `api`. Refusals become UserErrors
 * with messages of our own (422 → INVALID_INPUT, 404 → NOT_FOUND); anything else (401, 429, 5xx,
 * timeouts) stays an UpstreamError. Values Voxys cannot represent are refused before any call.
 * MAPPING.md ("Actions", "Errors") documents the same.
 */

const PRIORITY_TO_UPSTREAM: Record<ConversationPriority, UpstreamPriority> = { LOW: 'low', MEDIUM: 'medium', HIGH: 'high', URGENT: 'urgent' };

const LEAD_STATUS_TO_UPSTREAM: Record<LeadStatus, UpstreamLeadStatus> = { OPEN: 'open', WON: 'won', LOST: 'lost', SNOOZED: 'snoozed' };

/** Voxys' `Message` content limit. */
const MAX_CONTENT = 150_000;

const GONE = 'This conversation no longer exists on Voxys';
const isNumericId = (id: string): boolean => /^\d+$/.test(id);

/** Maps Voxys' refusals of one call to UserErrors; everything else passes through. */
async function refusing<T>(call: Promise<T>, invalid: string, field: string | undefined, notFound = GONE): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof UpstreamError && error.status === 422) throw new UserError('INVALID_INPUT', invalid, field);
    if (error instanceof UpstreamError && error.status === 404) throw new UserError('NOT_FOUND', notFound);
    throw error;
  }
}

/** Display ids are positive integers: any other id cannot exist (and costs no call). */
function displayId(conversation: ConversationModel): string {
  if (!isNumericId(conversation.upstreamId)) throw new UserError('NOT_FOUND', GONE);
  return conversation.upstreamId;
}

/** Chatwoot's tag list splits on commas, so a label cannot hold one. */
function cleanLabels(labels: string[]): string[] {
  const cleaned = labels.map((label) => label.trim());
  if (cleaned.some((label) => label === '' || label.includes(','))) throw new UserError('INVALID_INPUT', 'A Voxys label cannot be empty or contain a comma', 'labels');
  return [...new Set(cleaned)];
}

/** A message or, with `private: true`, a private note: the same POST. */
async function sendMessage(connector: VoxysConnector, conversation: ConversationModel, input: SendMessageInput, files: OutgoingFile[] = []): Promise<MessageModel> {
  const id = displayId(conversation);
  const refusal =
    input.content.trim() === '' && files.length === 0
      ? 'Voxys does not send an empty message'
      : input.content.length > MAX_CONTENT
        ? `Voxys messages hold at most ${MAX_CONTENT} characters`
        : files.length > 0
          ? 'Voxys refused the message or its files (size or type)'
          : 'Voxys refused the message';
  // `echo_id` carries the idempotency key; Voxys echoes it but does not de-duplicate on it.
  const body = { content: input.content, private: input.private, message_type: 'outgoing' as const, ...(input.idempotencyKey ? { echo_id: input.idempotencyKey } : {}) };
  const json = await refusing(
    files.length > 0 ? connector.api.sendMessageWithFiles(id, body, files) : connector.api.sendMessage(id, body),
    refusal,
    files.length > 0 ? 'attachments' : 'content',
  );
  return toMessage(connector.ref, json, conversation);
}

export const voxysActions: ActionTable<VoxysConnector> = {
  SEND_MESSAGE: { endpoint: 'POST /conversations/:id/messages', run: (connector, conversation, input) => sendMessage(connector, conversation, input) },

  SEND_PRIVATE_NOTE: { endpoint: 'POST /conversations/:id/messages {private: true}', run: (connector, conversation, input) => sendMessage(connector, conversation, input) },

  SEND_ATTACHMENTS: { endpoint: 'POST /conversations/:id/messages (multipart, attachments[])', run: sendMessage },

  MARK_READ: {
    endpoint: 'POST /conversations/:id/update_last_seen',
    async run(connector, conversation) {
      await refusing(connector.api.updateLastSeen(displayId(conversation)), 'Voxys refused to mark the conversation read', undefined);
    },
  },

  MARK_UNREAD: {
    endpoint: 'POST /conversations/:id/unread',
    async run(connector, conversation) {
      await refusing(connector.api.markUnread(displayId(conversation)), 'Voxys refused to mark the conversation unread', undefined);
    },
  },

  /**
   * Voxys (Chatwoot) unassigns when `assignee_id` names nobody of the account, so membership is
   * checked first (`GET /agents`, cached) rather than losing the current assignee to a typo.
   */
  ASSIGN: {
    endpoint: 'POST /conversations/:id/assignments',
    async run({ api }, conversation, assigneeUpstreamId) {
      const id = displayId(conversation);
      if (assigneeUpstreamId === null) {
        await refusing(api.assign(id, null), 'Voxys refused to unassign the conversation', 'assigneeId');
        return;
      }
      if (!isNumericId(assigneeUpstreamId)) throw new UserError('INVALID_INPUT', 'Voxys agent ids are numbers', 'assigneeId');
      const notMember = new UserError('NOT_A_MEMBER', 'That person is not an agent of this Voxys account', 'assigneeId');
      if (!(await api.agents()).some((agent) => String(agent.id) === assigneeUpstreamId)) throw notMember;
      const agent = await refusing(api.assign(id, Number(assigneeUpstreamId)), 'Voxys refused the assignment', 'assigneeId');
      // The agent left the account between the check and the call: Voxys unassigned instead.
      if (agent === null || String(agent.id) !== assigneeUpstreamId) throw notMember;
    },
  },

  /** SNOOZED sends no `snoozed_until`: snoozed until the contact's next reply (Chatwoot's "until next reply"). */
  SET_STATUS: {
    endpoint: 'POST /conversations/:id/toggle_status',
    async run(connector, conversation, status) {
      const upstream = STATUS_TO_UPSTREAM[status];
      if (!upstream) throw new UserError('INVALID_INPUT', `Voxys conversations cannot be ${status}`, 'status');
      await refusing(connector.api.toggleStatus(displayId(conversation), upstream), 'Voxys refused the status', 'status');
    },
  },

  SET_PRIORITY: {
    endpoint: 'POST /conversations/:id/toggle_priority',
    async run(connector, conversation, priority) {
      const upstream = priority === null ? null : PRIORITY_TO_UPSTREAM[priority];
      await refusing(connector.api.togglePriority(displayId(conversation), upstream), 'Voxys refused the priority', 'priority');
    },
  },

  /**
   * The label POST replaces the whole list, so the current list is read fresh (never cached) and
   * the union/difference written back; no POST when nothing would change. A label both added
   * and removed is ambiguous and refused.
   */
  SET_LABELS: {
    endpoint: 'GET then POST /conversations/:id/labels (the POST replaces the list)',
    async run({ api }, conversation, change) {
      const add = cleanLabels(change.add);
      const remove = cleanLabels(change.remove);
      if (add.some((label) => remove.includes(label))) throw new UserError('INVALID_INPUT', 'A label cannot be added and removed at once', 'labels');
      const id = displayId(conversation);
      if (add.length === 0 && remove.length === 0) return;
      const current = await refusing(api.labels(id), 'Voxys refused the labels', 'labels');
      const next = [...current.filter((label) => !remove.includes(label)), ...add.filter((label) => !current.includes(label))];
      if (next.length === current.length && next.every((label, i) => label === current[i])) return;
      await refusing(api.replaceLabels(id, next), 'Voxys refused the labels', 'labels');
    },
  },

  SET_LEAD_STATUS: {
    endpoint: 'PATCH /leads/:id/status',
    async run(connector, _conversation, lead, status, notes) {
      const gone = 'This lead no longer exists on Voxys';
      if (!isNumericId(lead.upstreamId)) throw new UserError('NOT_FOUND', gone);
      await refusing(connector.api.setLeadStatus(lead.upstreamId, LEAD_STATUS_TO_UPSTREAM[status], notes), 'Voxys refused the lead status', 'status', gone);
    },
  },
};
