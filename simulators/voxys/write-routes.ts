import type { SimRequest, SimResponse, SimRoute } from '../common/server.js';
import type { VoxysDb } from './db.js';
import {
  CONVERSATION_PRIORITIES,
  CONVERSATION_STATUSES,
  LEAD_STATUSES,
  type ConversationPriority,
  type ConversationRow,
  type ConversationStatus,
  type LeadStatus,
} from './records.js';
import { agentPartial, conversationJson, messageJson, railsTime } from './render.js';
import { leadJson } from './render-crm.js';
import { BASE, findConversation, notFound, unprocessable } from './route-helpers.js';
import { isMultipart } from '../common/multipart.js';
import { multipartMessage, voxysBlobRoutes } from './uploads.js';
import { createMessage, markSeen, markUnseen, replaceLabels, setAssignee, setLeadStatus, setPriority, setStatus, type NewMessage } from './writes.js';

/**
 * The write endpoints of UPSTREAMS.md (voxys), with Chatwoot's own validation and answers:
 * refusals are 422 `{"error": "…"}`, unknown records 404 `{"error":"Resource could not be found"}`.
 * Where Chatwoot quietly accepts odd input we do too (an unknown `assignee_id` unassigns, a missing
 * `priority` clears it, a missing `status` toggles); where it would crash or the Voxys docs call a
 * field required, we answer 422 (marked ASSUMED in MAPPING.md).
 */

/** `Message` validates content length (150,000 characters). */
const MAX_CONTENT = 150_000;

type Params = Record<string, unknown>;

function bodyOf(req: SimRequest): Params {
  return typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) ? (req.body as Params) : {};
}

/** Rails' boolean cast (`ActiveModel::Type::Boolean`): these are false, nil is the default, anything else true. */
function railsBoolean(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  return ![false, 0, '0', 'f', 'F', 'false', 'FALSE', 'off', 'OFF'].includes(value as string | number | boolean);
}

const blank = (value: unknown): boolean => value === undefined || value === null || value === '';

/** The messages builder's checks, in its order; a string is the 422 error. */
function parseNewMessage(db: VoxysDb, conversation: ConversationRow, body: Params, attachments: NewMessage['attachments'] = []): NewMessage | string {
  const type = blank(body.message_type) ? 'outgoing' : body.message_type;
  if (!['outgoing', 'incoming', 0, 1].includes(type as string | number)) return `'${String(type)}' is not a valid message_type`;
  const incoming = type === 'incoming' || type === 0;
  if (incoming && db.inboxes.get(conversation.inbox_id)?.channel_type !== 'Channel::Api') return 'Incoming messages are only allowed in Api inboxes';
  const content = typeof body.content === 'number' ? String(body.content) : body.content;
  // ASSUMED: the Voxys docs make `content` required; with no attachments there is nothing to send
  // (Chatwoot's message validation allows blank content when files are attached).
  const files = attachments.length > 0;
  if (!files && (typeof content !== 'string' || content.trim() === '')) return "Validation failed: Content can't be blank";
  const text = typeof content === 'string' ? content : '';
  if (text.length > MAX_CONTENT) return `Validation failed: Content is too long (maximum is ${MAX_CONTENT} characters)`;
  return { content: text, incoming, private: railsBoolean(body.private), attachments };
}

/** `DateTime.strptime(value, '%s')`: whole unix seconds. */
function parseSnoozedUntil(value: unknown): number | null | string {
  if (blank(value)) return null;
  const text = String(value);
  return /^\d+$/.test(text) ? Number(text) : 'invalid date';
}

function toggleStatus(db: VoxysDb, conversation: ConversationRow, body: Params): SimResponse {
  let status: ConversationStatus;
  if (blank(body.status)) status = conversation.status === 'open' ? 'resolved' : 'open';
  else if ((CONVERSATION_STATUSES as readonly unknown[]).includes(body.status)) status = body.status as ConversationStatus;
  else return unprocessable(`'${String(body.status)}' is not a valid status`);
  const snoozedUntil = parseSnoozedUntil(body.snoozed_until);
  if (typeof snoozedUntil === 'string') return unprocessable(snoozedUntil);
  setStatus(db, conversation, status, snoozedUntil);
  return {
    status: 200,
    body: {
      meta: {},
      payload: {
        success: true,
        conversation_id: conversation.display_id,
        current_status: conversation.status,
        snoozed_until: conversation.snoozed_until === null ? null : railsTime(conversation.snoozed_until),
      },
    },
  };
}

/** `find_by(id:)`: an id that is no user of the account finds nobody (and so unassigns). */
function findUser(db: VoxysDb, raw: unknown): number | null {
  const text = raw === null || raw === undefined ? '' : String(raw);
  if (!/^\d+$/.test(text)) return null;
  return db.users.has(Number(text)) ? Number(text) : null;
}

function assign(db: VoxysDb, conversation: ConversationRow, body: Params): SimResponse {
  if ('assignee_id' in body) {
    const userId = findUser(db, body.assignee_id);
    setAssignee(db, conversation, userId);
    return { status: 200, body: userId === null ? null : agentPartial(db, db.users.get(userId)!) };
  }
  // This account has no teams: any team_id finds none and clears the team.
  if ('team_id' in body) conversation.team_id = null;
  return { status: 200, body: null };
}

function replaceLabelList(db: VoxysDb, conversation: ConversationRow, body: Params): SimResponse {
  const labels = body.labels;
  // ASSUMED: Chatwoot would clear the list on a missing `labels`; Voxys answers 422 instead.
  if (!Array.isArray(labels) || labels.some((l) => typeof l !== 'string')) return unprocessable('param is missing or the value is empty: labels');
  const unique = [...new Set((labels as string[]).map((l) => l.trim()).filter(Boolean))];
  replaceLabels(db, conversation, unique);
  return { status: 200, body: { payload: conversation.labels } };
}

function changeLeadStatus(db: VoxysDb, req: SimRequest): SimResponse {
  const raw = req.params.lead_id ?? '';
  const lead = /^\d+$/.test(raw) ? db.leads.get(Number(raw)) : undefined;
  if (!lead) return notFound();
  const body = bodyOf(req);
  if (!(LEAD_STATUSES as readonly unknown[]).includes(body.status)) {
    return unprocessable(`Invalid status: ${String(body.status ?? '')}. Allowed: ${LEAD_STATUSES.join(', ')}`);
  }
  if (body.notes !== undefined && body.notes !== null && typeof body.notes !== 'string') return unprocessable('notes must be a string');
  setLeadStatus(db, lead, body.status as LeadStatus, body.notes as string | null | undefined);
  return { status: 200, body: leadJson(db, lead) };
}

/** A route on one conversation: 404 unless it exists. */
function onConversation(db: VoxysDb, method: 'POST', suffix: string, summary: string, act: (conversation: ConversationRow, body: Params) => SimResponse): SimRoute {
  return {
    method,
    path: `${BASE}/conversations/:conversation_id/${suffix}`,
    summary,
    handler: (req) => {
      const conversation = findConversation(db, req);
      return conversation ? act(conversation, bodyOf(req)) : notFound();
    },
  };
}

export function voxysWriteRoutes(db: VoxysDb): SimRoute[] {
  return [
    {
      method: 'POST',
      path: `${BASE}/conversations/:conversation_id/messages`,
      summary: 'Send a message or private note (`echo_id` is echoed back); JSON, or multipart/form-data with files as `attachments[]`',
      handler: async (req) => {
        const conversation = findConversation(db, req);
        if (!conversation) return notFound();
        let body = bodyOf(req);
        let attachments: NewMessage['attachments'] = [];
        if (isMultipart(req)) {
          const multipart = await multipartMessage(db.blobs, req);
          if ('error' in multipart) return unprocessable(multipart.error);
          body = multipart.fields;
          attachments = multipart.attachments;
        }
        const parsed = parseNewMessage(db, conversation, body, attachments);
        if (typeof parsed === 'string') return unprocessable(parsed);
        const json = messageJson(db, createMessage(db, conversation, parsed));
        if (!blank(body.echo_id)) json.echo_id = body.echo_id;
        return { status: 200, body: json };
      },
    },
    ...voxysBlobRoutes(db.blobs),
    onConversation(db, 'POST', 'toggle_status', 'Set the status (`snoozed_until` in unix seconds; no status toggles)', (conversation, body) =>
      toggleStatus(db, conversation, body),
    ),
    onConversation(db, 'POST', 'toggle_priority', 'Set or clear the priority (200, empty body)', (conversation, body) => {
      const priority = body.priority;
      if (!blank(priority) && !(CONVERSATION_PRIORITIES as readonly unknown[]).includes(priority)) return unprocessable(`'${String(priority)}' is not a valid priority`);
      setPriority(db, conversation, blank(priority) ? null : (priority as ConversationPriority));
      return { status: 200 };
    }),
    onConversation(db, 'POST', 'assignments', 'Assign to an agent (the Agent) or unassign (null)', (conversation, body) => assign(db, conversation, body)),
    onConversation(db, 'POST', 'update_last_seen', 'Mark read: the agent has seen everything', (conversation) => {
      markSeen(db, conversation);
      return { status: 200, body: conversationJson(db, conversation) };
    }),
    onConversation(db, 'POST', 'unread', 'Mark unread: last seen just before the last incoming message', (conversation) => {
      markUnseen(db, conversation);
      return { status: 200, body: conversationJson(db, conversation) };
    }),
    onConversation(db, 'POST', 'labels', 'Replace the whole label list', (conversation, body) => replaceLabelList(db, conversation, body)),
    {
      method: 'PATCH',
      path: `${BASE}/leads/:lead_id/status`,
      summary: "Change a lead's status (open, won, lost, snoozed), with optional notes",
      handler: (req) => changeLeadStatus(db, req),
    },
  ];
}
