import type { SimRequest, SimResponse, SimRoute } from '../common/server.js';
import type { VoxysDb } from './db.js';
import { filterConversations } from './filter-service.js';
import { findConversations, pageNumber, pageOf, type FinderParams } from './finder.js';
import { LEAD_STATUSES, type LeadRow, type MessageRow } from './records.js';
import { agentPartial, conversationJson, messageJson, messagesMetaJson } from './render.js';
import { crmSidebarJson, leadJson } from './render-crm.js';
import { BASE, findConversation, notFound, railsInt } from './route-helpers.js';
import { voxysContactRoutes } from './contact-routes.js';
import { voxysMessageEditRoutes } from './message-edit-routes.js';
import { voxysStartRoutes } from './start-routes.js';
import { voxysWriteRoutes } from './write-routes.js';

/** MessageFinder: latest 20, 20 before an id, up to 100 after one, up to 1000 between two. */
const MESSAGES_BEFORE = 20;
const MESSAGES_AFTER = 100;
const MESSAGES_BETWEEN = 1000;

/** Voxys CRM `/leads`: `per_page` defaults to 25; the cap is ASSUMED (the docs name none). */
const LEADS_PER_PAGE = 25;
const LEADS_MAX_PER_PAGE = 100;

function finderParams(req: SimRequest): FinderParams {
  const labels = [...req.query.getAll('labels[]'), ...req.query.getAll('labels').flatMap((l) => l.split(','))].map((l) => l.trim()).filter(Boolean);
  return {
    assigneeType: req.query.get('assignee_type'),
    status: req.query.get('status') || null,
    q: req.query.get('q') || null,
    labels,
  };
}

function messagesPage(thread: MessageRow[], query: URLSearchParams): MessageRow[] {
  const before = query.get('before') ? railsInt(query.get('before')) : null;
  const after = query.get('after') ? railsInt(query.get('after')) : null;
  if (after !== null && before !== null) return thread.filter((m) => m.id >= after && m.id < before).slice(0, MESSAGES_BETWEEN);
  if (before !== null) return thread.filter((m) => m.id < before).slice(-MESSAGES_BEFORE);
  if (after !== null) return thread.filter((m) => m.id > after).slice(0, MESSAGES_AFTER);
  return thread.slice(-MESSAGES_BEFORE);
}

const LEAD_SORTS: Record<string, (lead: LeadRow) => number | string | null> = {
  created_at: (l) => l.created_at,
  updated_at: (l) => l.updated_at,
  lead_value: (l) => l.lead_value,
  position: (l) => l.position,
  custom_name: (l) => l.custom_name,
};

/** Postgres order: NULLs sort as the largest value. */
function compareNullable(a: number | string | null, b: number | string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

function listLeads(db: VoxysDb, query: URLSearchParams): SimResponse {
  const status = query.get('status');
  if (status && !(LEAD_STATUSES as readonly string[]).includes(status)) {
    return { status: 422, body: { error: `Invalid status: ${status}. Allowed: ${LEAD_STATUSES.join(', ')}` } };
  }
  const agent = query.get('assigned_agent_id');
  const inbox = query.get('source_inbox_id');
  const sortKey = LEAD_SORTS[query.get('sort_by') ?? ''] ? query.get('sort_by')! : 'created_at';
  const direction = query.get('sort_order') === 'asc' ? 1 : -1;
  const perPage = Math.min(LEADS_MAX_PER_PAGE, Math.max(1, railsInt(query.get('per_page')) || LEADS_PER_PAGE));
  const page = pageNumber(query.get('page'));
  const key = LEAD_SORTS[sortKey]!;
  const leads = [...db.leads.values()]
    .filter((l) => (!status || l.status === status) && (!agent || String(l.assigned_agent_id) === agent) && (!inbox || String(l.source_inbox_id) === inbox))
    .sort((a, b) => direction * (compareNullable(key(a), key(b)) || a.id - b.id));
  return {
    status: 200,
    body: {
      data: leads.slice((page - 1) * perPage, page * perPage).map((lead) => leadJson(db, lead)),
      meta: { current_page: page, total_pages: Math.ceil(leads.length / perPage), total_count: leads.length },
    },
  };
}

/** The endpoints of UPSTREAMS.md (voxys): reads, the filter endpoint the gateway uses for "mine", and the writes (write-routes.ts). */
export function voxysRoutes(db: VoxysDb): SimRoute[] {
  return [
    {
      method: 'GET',
      path: `${BASE}/conversations`,
      summary: 'List conversations (the installation page size, 25 by default; last activity first) with the four tab counts',
      handler: (req) => {
        const { rows, counts } = findConversations(db, finderParams(req));
        const payload = pageOf(rows, pageNumber(req.query.get('page')), db.settings.pageSize).map((c) => conversationJson(db, c));
        return { status: 200, body: { data: { meta: counts, payload } } };
      },
    },
    {
      method: 'GET',
      path: `${BASE}/conversations/meta`,
      summary: 'The four tab counts for the same filters (no data wrapper)',
      handler: (req) => ({ status: 200, body: { meta: findConversations(db, finderParams(req)).counts } }),
    },
    {
      method: 'POST',
      path: `${BASE}/conversations/filter`,
      summary:
        "Filter conversations by attribute conditions (Chatwoot's filter keys and operators; paged like the list; the meta counts the whole filtered set, so a page past the end has no rows and the same meta)",
      handler: (req) => {
        const outcome = filterConversations(db, req.body);
        if (!outcome.ok) return { status: outcome.status, body: { error: outcome.error } };
        const payload = pageOf(outcome.rows, pageNumber(req.query.get('page')), db.settings.pageSize).map((c) => conversationJson(db, c));
        return { status: 200, body: { meta: outcome.counts, payload } };
      },
    },
    {
      method: 'GET',
      path: `${BASE}/conversations/:conversation_id`,
      summary: 'One conversation (its messages hold only the last message)',
      handler: (req) => {
        const conversation = findConversation(db, req);
        return conversation ? { status: 200, body: conversationJson(db, conversation) } : notFound();
      },
    },
    {
      method: 'GET',
      path: `${BASE}/conversations/:conversation_id/messages`,
      summary: 'Messages, ascending: latest 20, 20 `before` an id, up to 100 `after` an id',
      handler: (req) => {
        const conversation = findConversation(db, req);
        if (!conversation) return notFound();
        const payload = messagesPage(db.thread(conversation.display_id), req.query).map((m) => messageJson(db, m));
        return { status: 200, body: { meta: messagesMetaJson(db, conversation), payload } };
      },
    },
    {
      method: 'GET',
      path: `${BASE}/conversations/:conversation_id/labels`,
      summary: "The conversation's labels",
      handler: (req) => {
        const conversation = findConversation(db, req);
        return conversation ? { status: 200, body: { payload: conversation.labels } } : notFound();
      },
    },
    {
      method: 'GET',
      path: `${BASE}/conversations/:conversation_id/crm`,
      summary: 'CRM sidebar: linked lead, funnel card and follow-up tasks (ISO-8601 times)',
      handler: (req) => {
        const conversation = findConversation(db, req);
        return conversation ? { status: 200, body: crmSidebarJson(db, conversation) } : notFound();
      },
    },
    {
      method: 'GET',
      path: `${BASE}/leads`,
      summary: 'Leads, paged (`page`, `per_page`), filterable by status, assigned agent and source inbox',
      handler: (req) => listLeads(db, req.query),
    },
    {
      method: 'GET',
      path: `${BASE}/agents`,
      summary: "The account's agents (every user, the token's own included)",
      handler: () => ({ status: 200, body: [...db.users.values()].sort((a, b) => a.id - b.id).map((user) => agentPartial(db, user)) }),
    },
    ...voxysWriteRoutes(db),
    ...voxysStartRoutes(db),
    ...voxysMessageEditRoutes(db),
    ...voxysContactRoutes(db),
  ];
}
