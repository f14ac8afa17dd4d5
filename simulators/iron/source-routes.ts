import type { SimRequest, SimResponse, SimRoute } from '../common/server.js';
import { BodyReader } from './body.js';
import type { IronDb } from './db.js';
import type { IronViewFilters, TextChannel } from './records.js';
import { IRON_BASE } from './routes.js';
import { detail, isUuid, uuidIssue, validationError, type ValidationIssue } from './validation.js';
import { MESSAGE_MAX_LENGTH } from './write-routes.js';
import { conversationJson, viewJson } from './wire.js';

/**
 * Iron's writes on the org's inbox itself (seed 004 names them; bodies and answers ASSUMED, FastAPI
 * style): saving the views (`PUT /conversations/views`, the whole list; the four built-in views may
 * not be left out) and opening a conversation for a contact (`POST /contacts/{contact_id}/conversations`).
 */
export function ironSourceRoutes(db: IronDb): SimRoute[] {
  return [
    {
      method: 'PUT',
      path: `${IRON_BASE}/conversations/views`,
      summary: 'Save inbox views {items: [{id?, name, filters}]} (Unread / Recents / Starred / All are non-deletable)',
      handler: (req) => saveViews(db, req),
    },
    {
      method: 'POST',
      path: `${IRON_BASE}/contacts/:contact_id/conversations`,
      summary: 'Open a conversation for a contact {body, channel?: sms|email} (a new thread with a first outbound message)',
      handler: (req) => openConversation(db, req),
    },
  ];
}

const NAME_MAX = 100;

function saveViews(db: IronDb, req: SimRequest): SimResponse {
  const body = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return validationError([{ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input: body ?? null }]);
  }
  const items = (body as Record<string, unknown>).items;
  if (!Array.isArray(items)) return validationError([{ type: 'list_type', loc: ['body', 'items'], msg: 'Input should be a valid list', input: items ?? null }]);
  const issues: ValidationIssue[] = [];
  const views = items.map((raw, i) => readView(raw, i, issues));
  if (issues.length > 0) return validationError(issues);
  const ids = new Set(views.map((view) => view.id));
  const unknown = views.find((view) => view.id !== null && !db.views.some((existing) => existing.id === view.id));
  if (unknown) return detail(404, 'View not found');
  const dropped = db.views.find((view) => view.builtin && !ids.has(view.id));
  if (dropped) return detail(422, `View '${dropped.name}' is built in and cannot be deleted`);
  db.replaceViews(views);
  return { status: 200, body: { items: db.views.map(viewJson) } };
}

function readView(raw: unknown, i: number, issues: ValidationIssue[]): { id: string | null; name: string; filters: IronViewFilters } {
  const loc = (...rest: string[]) => ['body', 'items', i, ...rest];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    issues.push({ type: 'model_attributes_type', loc: loc(), msg: 'Input should be a valid dictionary or object to extract fields from', input: raw });
    return { id: null, name: '', filters: {} };
  }
  const view = raw as Record<string, unknown>;
  let id: string | null = null;
  if (view.id !== undefined && view.id !== null) {
    if (typeof view.id === 'string' && isUuid(view.id)) id = view.id.toLowerCase();
    else issues.push(uuidIssue(loc('id'), String(view.id)));
  }
  const name = typeof view.name === 'string' ? view.name.trim() : '';
  if (typeof view.name !== 'string') issues.push({ type: 'string_type', loc: loc('name'), msg: 'Input should be a valid string', input: view.name ?? null });
  else if (name.length < 1 || name.length > NAME_MAX)
    issues.push({ type: 'string_too_long', loc: loc('name'), msg: `String should have 1 to ${NAME_MAX} characters`, input: view.name });
  const f = typeof view.filters === 'object' && view.filters !== null ? (view.filters as Record<string, unknown>) : {};
  const flag = (key: string): boolean | undefined => {
    const value = f[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    issues.push({ type: 'bool_type', loc: loc('filters', key), msg: 'Input should be a valid boolean', input: value });
    return undefined;
  };
  const filters: IronViewFilters = {};
  for (const key of ['unread', 'starred', 'archived', 'overdue'] as const) {
    const value = flag(key);
    if (value) filters[key] = true;
  }
  const days = f.recent_days;
  if (days !== undefined && days !== null) {
    if (typeof days === 'number' && Number.isInteger(days) && days >= 1) filters.recentDays = days;
    else issues.push({ type: 'greater_than_equal', loc: loc('filters', 'recent_days'), msg: 'Input should be an integer greater than or equal to 1', input: days });
  }
  return { id, name, filters };
}

/** The channel is the asked one, else SMS for a contact with a phone, else email; the contact must be reachable on it. */
function openConversation(db: IronDb, req: SimRequest): SimResponse {
  const contactId = req.params.contact_id ?? '';
  if (!isUuid(contactId)) return validationError([uuidIssue(['path', 'contact_id'], contactId)]);
  const contact = db.contacts.get(contactId.toLowerCase());
  if (!contact) return detail(404, 'Contact not found');
  const reader = new BodyReader(req);
  const text = reader.text('body', 1, MESSAGE_MAX_LENGTH);
  const asked = typeof req.body === 'object' && req.body !== null && 'channel' in req.body ? reader.oneOf('channel', ['sms', 'email'] as const) : null;
  const failure = reader.failure();
  if (failure) return failure;
  const channel: TextChannel = asked ?? (contact.phone !== null ? 'sms' : 'email');
  if (channel === 'sms' && contact.phone === null) return detail(422, 'The contact has no phone number');
  if (channel === 'email' && contact.email === null) return detail(422, 'The contact has no email address');
  const conversation = db.openConversation(contact, channel, text);
  return { status: 201, body: conversationJson(db, conversation) };
}
