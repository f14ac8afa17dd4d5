import { describe, expect, it } from 'vitest';
import { createVoxysSimulator } from '../simulators/voxys/index.js';
import type { VoxysDb } from '../simulators/voxys/db.js';
import { serveSimulator, whileServing } from './support/platform-harness.js';
import { SimulatorAdmin } from './support/simulator-admin.js';

/** The Voxys simulator against UPSTREAMS.md (voxys) and the Chatwoot research notes, over real HTTP. */

const NOW = new Date('2025-06-02T12:00:00Z');
const NOW_S = NOW.getTime() / 1000;
const TOKEN = 'contract-token';
const ACCOUNT = 31;

type Json = Record<string, unknown>;
// Response bodies are checked field by field below, so they are typed loosely here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = any;

const sim = serveSimulator(createVoxysSimulator({ seed: 'contract', size: 60, now: NOW, apiAccessToken: TOKEN, accountId: ACCOUNT }));
const admin = new SimulatorAdmin(sim.server);

async function call(
  path: string,
  init: { method?: string; token?: string | null; account?: number; body?: unknown; base?: string } = {},
): Promise<{ status: number; body: Body; text: string; type: string }> {
  const headers: Record<string, string> = {};
  const token = init.token === undefined ? TOKEN : init.token;
  if (token !== null) headers.api_access_token = token;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${init.base ?? sim.server.url}/api/v1/accounts/${init.account ?? ACCOUNT}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  let body: Body;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: response.status, body, text, type: response.headers.get('content-type') ?? '' };
}

async function walk(query: string): Promise<{ ids: number[]; pages: number; rows: Body[] }> {
  const rows: Body[] = [];
  let pages = 0;
  for (let page = 1; ; page++) {
    const { status, body } = await call(`/conversations?${query}${query ? '&' : ''}page=${page}`);
    expect(status).toBe(200);
    pages++;
    rows.push(...body.data.payload);
    if (body.data.payload.length < 25) break;
  }
  return { ids: rows.map((r) => r.id as number), pages, rows };
}

const isUnix = (value: unknown): boolean => Number.isInteger(value) && (value as number) > NOW_S - 90 * 86400 && (value as number) <= NOW_S;
const isIso = (value: unknown): boolean => typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value);

function db(): VoxysDb {
  return sim.db;
}
function conversations() {
  return [...db().conversations.values()];
}

describe('voxys simulator: identity and auth', () => {
  it('exposes the source config and the staff ids it was created with', () => {
    expect(sim.sourceConfig).toEqual({ apiAccessToken: TOKEN, accountId: String(ACCOUNT) });
    expect(sim.identities).toEqual({ alice: '11', bob: '12', carol: '13', dana: '14' });
  });

  it('answers 401 like devise without a token, 401 Invalid Access Token for a wrong one', async () => {
    const missing = await call('/conversations', { token: null });
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({ errors: ['You need to sign in or sign up before continuing.'] });
    const wrong = await call('/conversations', { token: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ error: 'Invalid Access Token' });
  });

  it('answers 401 for an account the user is not in and 404 for an unknown account', async () => {
    const foreign = await call('/conversations', { account: ACCOUNT + 1 });
    expect(foreign.status).toBe(401);
    expect(foreign.body).toEqual({ error: 'You are not authorized to access this account' });
    const unknown = await call('/conversations', { account: 999_999 });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: 'Resource could not be found' });
  });
});

describe('voxys simulator: seeded data', () => {
  it('covers every status, priority and assignment, with shared labels and unread/read threads', () => {
    const all = conversations();
    expect(all).toHaveLength(60);
    expect(new Set(all.map((c) => c.status))).toEqual(new Set(['open', 'pending', 'snoozed', 'resolved']));
    expect(new Set(all.map((c) => c.priority))).toEqual(new Set([null, 'low', 'medium', 'high', 'urgent']));
    expect(new Set(all.map((c) => c.assignee_id))).toEqual(new Set([11, 12, 13, 14, null, 1]));
    const labelUse = new Map<string, number>();
    for (const c of all) for (const l of c.labels) labelUse.set(l, (labelUse.get(l) ?? 0) + 1);
    expect([...labelUse.values()].some((n) => n >= 3)).toBe(true);
    expect(all.some((c) => db().unreadCount(c) > 0)).toBe(true);
    expect(all.some((c) => db().unreadCount(c) === 0)).toBe(true);
    const sizes = all.map((c) => db().thread(c.display_id).length);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(45);
    expect(sizes.filter((n) => n > 20).length).toBeGreaterThanOrEqual(5);
    const messages = all.flatMap((c) => db().thread(c.display_id));
    expect(messages.some((m) => m.private)).toBe(true);
    expect(messages.some((m) => m.message_type === 2)).toBe(true);
    expect(new Set(messages.map((m) => m.sender?.type ?? null))).toEqual(new Set(['contact', 'user', 'agent_bot', null]));
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const again = createVoxysSimulator({ seed: 'contract', now: NOW });
    const other = createVoxysSimulator({ seed: 'other', now: NOW });
    expect(again.db.dump().conversations).toEqual(db().dump().conversations);
    expect(other.db.dump().conversations).not.toEqual(db().dump().conversations);
  });
});

describe('voxys simulator: GET /conversations', () => {
  it('wraps 25 conversations and the four counts in data, with Chatwoot field names and unix times', async () => {
    const { status, body } = await call('/conversations?status=all');
    expect(status).toBe(200);
    expect(Object.keys(body.data.meta).sort()).toEqual(['all_count', 'assigned_count', 'mine_count', 'unassigned_count']);
    expect(body.data.meta.all_count).toBe(60);
    expect(body.data.payload).toHaveLength(25);
    for (const c of body.data.payload) {
      const row = db().conversations.get(c.id)!;
      expect(c.account_id).toBe(ACCOUNT);
      expect(typeof c.uuid).toBe('string');
      expect(['open', 'pending', 'snoozed', 'resolved']).toContain(c.status);
      expect([null, 'low', 'medium', 'high', 'urgent']).toContain(c.priority);
      expect(Array.isArray(c.labels)).toBe(true);
      expect(typeof c.muted).toBe('boolean');
      expect(isUnix(c.created_at) && isUnix(c.last_activity_at)).toBe(true);
      expect(c.timestamp).toBe(c.last_activity_at);
      expect(typeof c.updated_at).toBe('number');
      for (const key of ['waiting_since', 'first_reply_created_at', 'agent_last_seen_at', 'contact_last_seen_at']) expect(Number.isInteger(c[key])).toBe(true);
      expect(c.snoozed_until === null || isIso(c.snoozed_until)).toBe(true);
      expect(c.unread_count).toBe(db().unreadCount(row));
      expect(c.unread_count).toBeLessThanOrEqual(10);
      expect(c.meta.channel).toMatch(/^Channel::/);
      expect(c.meta.sender.id).toBe(row.contact_id);
      // A user or (newer Chatwoot) an agent bot holds it, and `assignee_type` says which.
      expect('assignee' in c.meta).toBe(row.assignee_id !== null || row.assignee_agent_bot_id !== null);
      if (row.assignee_id !== null) expect(c.meta).toMatchObject({ assignee: { id: row.assignee_id, email: expect.any(String), name: expect.any(String) }, assignee_type: 'User' });
      if (row.assignee_agent_bot_id !== null)
        expect(c.meta).toMatchObject({ assignee: { id: row.assignee_agent_bot_id, name: expect.any(String), assignee_type: 'AgentBot' }, assignee_type: 'AgentBot' });
      expect(c.messages).toHaveLength(1);
      expect(c.messages[0].id).toBe(db().lastMessage(c.id)!.id);
      expect(Number.isInteger(c.messages[0].message_type)).toBe(true);
      expect(c.last_non_activity_message?.id ?? null).toBe(db().lastNonActivityMessage(c.id)?.id ?? null);
      if (row.applied_sla) expect(c.applied_sla).toMatchObject({ created_at: row.applied_sla.created_at, sla_first_response_time_threshold: expect.any(Number) });
      // The SLA feature is on: a conversation without an SLA carries `{}` (Chatwoot's empty jbuilder block).
      else expect(c.applied_sla).toEqual({});
    }
  });

  it('sorts by last activity (newest first) and pages by 25 with no next flag: every conversation once', async () => {
    const { ids, pages, rows } = await walk('status=all');
    expect(pages).toBe(3);
    expect(ids).toHaveLength(60);
    expect(new Set(ids).size).toBe(60);
    const expected = conversations()
      .sort((a, b) => b.last_activity_at - a.last_activity_at || b.display_id - a.display_id)
      .map((c) => c.display_id);
    expect(ids).toEqual(expected);
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1].last_activity_at).toBeGreaterThanOrEqual(rows[i].last_activity_at);
  });

  it('needs one more call, answering an empty page, when the last page is full', async () => {
    const fifty = createVoxysSimulator({ seed: 'fifty', size: 50, now: NOW });
    await whileServing(fifty, async (url) => {
      const sizes: number[] = [];
      for (let page = 1; page <= 3; page++) {
        const response = await fetch(`${url}/api/v1/accounts/7/conversations?status=all&page=${page}`, { headers: { api_access_token: 'voxys-demo-token' } });
        sizes.push(((await response.json()) as Body).data.payload.length);
      }
      expect(sizes).toEqual([25, 25, 0]);
    });
  });

  it('defaults to status open, filters each status, and counts before the assignee filter', async () => {
    const open = await walk('');
    expect(new Set(open.rows.map((r) => r.status))).toEqual(new Set(['open']));
    expect(open.ids.length).toBe(conversations().filter((c) => c.status === 'open').length);
    for (const status of ['open', 'pending', 'snoozed', 'resolved']) {
      const matching = conversations().filter((c) => c.status === status);
      const { body } = await call(`/conversations?status=${status}&assignee_type=unassigned`);
      expect(body.data.meta).toEqual({
        mine_count: matching.filter((c) => c.assignee_id === 1).length,
        assigned_count: matching.filter((c) => c.assignee_id !== null).length,
        unassigned_count: matching.filter((c) => c.assignee_id === null).length,
        all_count: matching.length,
      });
      expect(body.data.payload.map((r: Body) => r.id).sort()).toEqual(
        matching
          .filter((c) => c.assignee_id === null)
          .map((c) => c.display_id)
          .sort(),
      );
    }
  });

  it('filters assignee_type me (the token owner), unassigned and assigned', async () => {
    const me = await walk('status=all&assignee_type=me');
    expect(me.ids.sort()).toEqual(
      conversations()
        .filter((c) => c.assignee_id === db().apiOwnerUserId)
        .map((c) => c.display_id)
        .sort(),
    );
    const unassigned = await walk('status=all&assignee_type=unassigned');
    expect(unassigned.ids.length).toBe(conversations().filter((c) => c.assignee_id === null).length);
    const assigned = await walk('status=all&assignee_type=assigned');
    expect(assigned.ids.length).toBe(conversations().filter((c) => c.assignee_id !== null).length);
    expect(assigned.rows.every((r) => r.meta.assignee)).toBe(true);
  });

  it('matches ANY of labels[] and searches message bodies with q, ignoring status when q is set', async () => {
    const [first, second] = ['vip', 'billing'];
    const any = await walk(`status=all&labels[]=${first}&labels[]=${second}`);
    expect(any.ids.sort()).toEqual(
      conversations()
        .filter((c) => c.labels.includes(first!) || c.labels.includes(second!))
        .map((c) => c.display_id)
        .sort(),
    );

    const q = 'invoice';
    const expected = conversations()
      .filter((c) =>
        db()
          .thread(c.display_id)
          .some((m) => m.message_type < 2 && (m.content ?? '').toLowerCase().includes(q)),
      )
      .map((c) => c.display_id)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    const searched = await walk(`status=resolved&q=INVOICE`);
    expect(searched.ids.sort()).toEqual(expected);
  });

  it('GET /conversations/meta answers the same counts without the data wrapper', async () => {
    const list = await call('/conversations?status=open&labels[]=vip');
    const meta = await call('/conversations/meta?status=open&labels[]=vip');
    expect(meta.status).toBe(200);
    expect(meta.body).toEqual({ meta: list.body.data.meta });
  });
});

describe('voxys simulator: POST /conversations/filter', () => {
  const filter = (payload: unknown, page = 1) => call(`/conversations/filter?page=${page}`, { method: 'POST', body: { payload } });

  it('applies AND-ed conditions exactly (status IN, assignee_id, every label) with 3 counts and no data wrapper', async () => {
    const payload = [
      { attribute_key: 'status', filter_operator: 'equal_to', values: ['open', 'pending'], query_operator: 'AND' },
      { attribute_key: 'assignee_id', filter_operator: 'equal_to', values: [11], query_operator: null },
    ];
    const { status, body } = await filter(payload);
    expect(status).toBe(200);
    const expected = conversations().filter((c) => ['open', 'pending'].includes(c.status) && c.assignee_id === 11);
    expect(Object.keys(body.meta).sort()).toEqual(['all_count', 'mine_count', 'unassigned_count']);
    expect(body.meta.all_count).toBe(expected.length);
    expect(body.payload.map((r: Body) => r.id).sort()).toEqual(expected.map((c) => c.display_id).sort());
  });

  it('treats two label conditions as both labels, NULL assignees as matching neither equal_to nor not_equal_to, OR looser than AND', async () => {
    const both = await filter([
      { attribute_key: 'labels', filter_operator: 'equal_to', values: ['vip'], query_operator: 'AND' },
      { attribute_key: 'labels', filter_operator: 'equal_to', values: ['sales'], query_operator: null },
    ]);
    expect(both.body.meta.all_count).toBe(conversations().filter((c) => c.labels.includes('vip') && c.labels.includes('sales')).length);
    const notAlice = await filter([{ attribute_key: 'assignee_id', filter_operator: 'not_equal_to', values: [11], query_operator: null }]);
    expect(notAlice.body.meta.all_count).toBe(conversations().filter((c) => c.assignee_id !== null && c.assignee_id !== 11).length);
    const unassigned = await filter([{ attribute_key: 'assignee_id', filter_operator: 'is_not_present', values: [], query_operator: null }]);
    expect(unassigned.body.meta.unassigned_count).toBe(unassigned.body.meta.all_count);
    const mixed = await filter([
      { attribute_key: 'status', filter_operator: 'equal_to', values: ['pending'], query_operator: 'OR' },
      { attribute_key: 'status', filter_operator: 'equal_to', values: ['snoozed'], query_operator: 'AND' },
      { attribute_key: 'assignee_id', filter_operator: 'is_present', values: [], query_operator: null },
    ]);
    expect(mixed.body.meta.all_count).toBe(conversations().filter((c) => c.status === 'pending' || (c.status === 'snoozed' && c.assignee_id !== null)).length);
  });

  it('pages by 25 in last-activity order', async () => {
    const payload = [{ attribute_key: 'status', filter_operator: 'equal_to', values: ['all'], query_operator: null }];
    const pages = [await filter(payload, 1), await filter(payload, 2), await filter(payload, 3)];
    expect(pages.map((p) => p.body.payload.length)).toEqual([25, 25, 10]);
    const ids = pages.flatMap((p) => p.body.payload.map((r: Body) => r.id));
    expect(new Set(ids).size).toBe(60);
  });

  it('answers 422 {error} for an unknown key, a wrong operator or missing values', async () => {
    for (const payload of [
      [{ attribute_key: 'nope', filter_operator: 'equal_to', values: ['x'], query_operator: null }],
      [{ attribute_key: 'status', filter_operator: 'is_present', values: [], query_operator: null }],
      [{ attribute_key: 'status', filter_operator: 'equal_to', values: [], query_operator: null }],
    ]) {
      const { status, body } = await filter(payload);
      expect(status).toBe(422);
      expect(typeof body.error).toBe('string');
    }
  });
});

describe('voxys simulator: one conversation, messages, labels', () => {
  it('GET /conversations/{id} answers the bare conversation with only its last message; 404 otherwise', async () => {
    const { status, body } = await call('/conversations/3');
    expect(status).toBe(200);
    expect(body.id).toBe(3);
    expect(body.messages.map((m: Body) => m.id)).toEqual([db().lastMessage(3)!.id]);
    for (const path of ['/conversations/99999', '/conversations/abc', '/conversations/99999/messages', '/conversations/99999/crm', '/nothing/here']) {
      const missing = await call(path);
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ error: 'Resource could not be found' });
    }
  });

  it('pages messages ascending: latest 20, 20 before an id, up to 100 after an id; the whole thread exactly once', async () => {
    const big = conversations().find((c) => db().thread(c.display_id).length >= 41)!;
    const thread = db()
      .thread(big.display_id)
      .map((m) => m.id);
    const latest = await call(`/conversations/${big.display_id}/messages`);
    expect(latest.status).toBe(200);
    expect(latest.body.meta.contact.id).toBe(big.contact_id);
    expect(latest.body.payload.map((m: Body) => m.id)).toEqual(thread.slice(-20));
    const seen: number[] = latest.body.payload.map((m: Body) => m.id);
    for (;;) {
      const older = await call(`/conversations/${big.display_id}/messages?before=${seen[0]}`);
      const ids = older.body.payload.map((m: Body) => m.id);
      seen.unshift(...ids);
      if (ids.length < 20) break;
    }
    expect(seen).toEqual(thread);
    const after = await call(`/conversations/${big.display_id}/messages?after=${thread[4]}`);
    expect(after.body.payload.map((m: Body) => m.id)).toEqual(thread.slice(5, 105));
    const between = await call(`/conversations/${big.display_id}/messages?after=${thread[2]}&before=${thread[6]}`);
    expect(between.body.payload.map((m: Body) => m.id)).toEqual(thread.slice(2, 6));
  });

  it('renders messages with integer message_type, unix created_at, senders typed contact|user|agent_bot', async () => {
    const types = new Set<string>();
    for (const c of conversations().slice(0, 30)) {
      const { body } = await call(`/conversations/${c.display_id}/messages?after=0`);
      for (const m of body.payload) {
        expect([0, 1, 2, 3]).toContain(m.message_type);
        expect(isUnix(m.created_at)).toBe(true);
        expect(typeof m.private).toBe('boolean');
        expect(m.conversation_id).toBe(c.display_id);
        if (m.message_type === 2) expect(m.sender).toBeUndefined();
        else types.add(m.sender.type);
      }
    }
    expect(types).toEqual(new Set(['contact', 'user', 'agent_bot']));
  });

  it('GET /conversations/{id}/labels answers {payload}', async () => {
    const row = conversations().find((c) => c.labels.length > 0)!;
    const { body } = await call(`/conversations/${row.display_id}/labels`);
    expect(body).toEqual({ payload: row.labels });
  });
});

describe('voxys simulator: CRM add-on', () => {
  it('GET /conversations/{id}/crm answers the seed-000 sidebar with ISO-8601 times', async () => {
    const lead = [...db().leads.values()].find((l) => l.conversation_id !== null && db().cardOfLead(l.id) && db().followUpTasks(l.conversation_id).length > 0)!;
    const { status, body } = await call(`/conversations/${lead.conversation_id}/crm`);
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['conversation_id', 'follow_up_tasks', 'linked_funnel_card', 'linked_lead']);
    expect(body.conversation_id).toBe(lead.conversation_id);
    expect(Object.keys(body.linked_lead).sort()).toEqual(
      [
        'assigned_agent',
        'company',
        'conversation_id',
        'created_at',
        'custom_attributes',
        'custom_name',
        'id',
        'lead_currency',
        'lead_value',
        'notes',
        'position',
        'status',
        'updated_at',
      ].sort(),
    );
    expect(body.linked_lead).toMatchObject({ id: lead.id, custom_name: lead.custom_name, status: lead.status, lead_value: lead.lead_value, conversation_id: lead.conversation_id });
    expect(isIso(body.linked_lead.created_at) && isIso(body.linked_lead.updated_at)).toBe(true);
    expect(body.linked_funnel_card).toMatchObject({ funnel_id: expect.any(Number), funnel_stage_id: expect.any(Number), lead: { id: lead.id } });
    for (const task of body.follow_up_tasks) {
      expect(['pending', 'completed', 'cancelled']).toContain(task.status);
      expect(task.due_at === null || isIso(task.due_at)).toBe(true);
      expect(task.completed_at === null || isIso(task.completed_at)).toBe(true);
      expect(['Lead', 'Conversation']).toContain(task.taskable_type);
    }
  });

  it('has conversations without a lead, and tasks overdue, due later, completed and cancelled', async () => {
    const noLead = conversations().find((c) => db().leadOfConversation(c.display_id) === null)!;
    const { body } = await call(`/conversations/${noLead.display_id}/crm`);
    expect(body.linked_lead).toBeNull();
    expect(body.linked_funnel_card).toBeNull();
    const tasks = [...db().tasks.values()];
    expect(tasks.some((t) => t.status === 'pending' && t.due_at !== null && t.due_at < NOW_S)).toBe(true);
    expect(tasks.some((t) => t.status === 'pending' && t.due_at !== null && t.due_at > NOW_S)).toBe(true);
    expect(tasks.some((t) => t.status === 'completed')).toBe(true);
    expect(tasks.some((t) => t.status === 'cancelled')).toBe(true);
    expect(new Set([...db().leads.values()].map((l) => l.status))).toEqual(new Set(['open', 'won', 'lost', 'snoozed']));
  });

  it('GET /leads pages with {data, meta{current_page,total_pages,total_count}} and filters by status', async () => {
    const total = db().leads.size;
    const first = await call('/leads?per_page=10');
    expect(first.body.meta).toEqual({ current_page: 1, total_pages: Math.ceil(total / 10), total_count: total });
    const all: number[] = [];
    for (let page = 1; page <= first.body.meta.total_pages; page++) {
      const { body } = await call(`/leads?per_page=10&page=${page}`);
      all.push(...body.data.map((l: Body) => l.id));
    }
    expect(all.sort((a, b) => a - b)).toEqual([...db().leads.keys()].sort((a, b) => a - b));
    const defaults = await call('/leads');
    expect(defaults.body.data).toHaveLength(Math.min(25, total));
    const won = await call('/leads?status=won&per_page=100');
    expect(won.body.data.map((l: Body) => l.id).sort()).toEqual(
      [...db().leads.values()]
        .filter((l) => l.status === 'won')
        .map((l) => l.id)
        .sort(),
    );
    expect((await call('/leads?status=bogus')).status).toBe(422);
  });
});

describe('voxys simulator: openapi and admin API', () => {
  it('lists its routes in GET /openapi.json', async () => {
    const doc = (await (await fetch(`${sim.server.url}/openapi.json`)).json()) as Body;
    const paths = Object.keys(doc.paths);
    for (const path of [
      '/conversations',
      '/conversations/meta',
      '/conversations/filter',
      '/conversations/{conversation_id}',
      '/conversations/{conversation_id}/messages',
      '/conversations/{conversation_id}/crm',
      '/leads',
    ]) {
      expect(paths).toContain(`/api/v1/accounts/{account_id}${path}`);
    }
    expect(doc.paths['/api/v1/accounts/{account_id}/conversations/filter'].post).toBeDefined();
  });

  it('counts requests per route and resets them', async () => {
    await admin.resetRequestCounts();
    await call('/conversations/1');
    await call('/conversations/2');
    await call('/conversations/1/messages');
    const counts = await admin.requestCounts();
    expect(counts.byRoute).toEqual({
      'GET /api/v1/accounts/:account_id/conversations/:conversation_id': 2,
      'GET /api/v1/accounts/:account_id/conversations/:conversation_id/messages': 1,
    });
    expect(counts.total).toBe(3);
  });

  it('applies knobs: latency, a 429 burst in plain text, outage 503, errorRate 500; then resets', async () => {
    const set = async (knobs: Json) => (await admin.setKnobs(knobs)).body;
    expect((await set({ latencyMs: 5 })).latencyMs).toBe(5);
    expect((await call('/conversations/1')).status).toBe(200);

    await set({ latencyMs: 0, rateLimitBurst: 2 });
    const limited = [await call('/conversations/1'), await call('/conversations/1'), await call('/conversations/1')];
    expect(limited.map((r) => r.status)).toEqual([429, 429, 200]);
    expect(limited[0]!.text).toBe('Retry later\n');
    expect(limited[0]!.type).toMatch(/^text\/plain/);

    await set({ outage: true });
    const down = await call('/conversations');
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ status: 503, error: 'Service Unavailable' });

    await set({ outage: false, errorRate: 1 });
    const failing = await call('/conversations');
    expect(failing.status).toBe(500);
    expect(failing.body).toEqual({ status: 500, error: 'Internal Server Error' });

    const reset = (await admin.resetKnobs()).body;
    expect(reset).toMatchObject({ latencyMs: 0, errorRate: 0, rateLimitBurst: 0, outage: false });
    expect((await call('/conversations')).status).toBe(200);
  });

  it('dumps its data at /__admin/data', async () => {
    const { body: data } = await admin.call<Body>('GET', '/data');
    expect(data.conversations).toHaveLength(60);
    expect(data.accountId).toBe(ACCOUNT);
  });
});

describe('voxys simulator: write endpoints', () => {
  // A second account of the same seed: writes here leave the read tests' account untouched.
  const writable = serveSimulator(createVoxysSimulator({ seed: 'contract', size: 60, now: NOW, apiAccessToken: TOKEN, accountId: ACCOUNT }));
  const w = (path: string, init: { method?: string; body?: unknown; token?: string | null } = {}) => call(path, { ...init, base: writable.server.url });
  const post = (path: string, body?: unknown) => w(path, { method: 'POST', body });
  const wdb = (): VoxysDb => writable.db;
  const rows = () => [...wdb().conversations.values()];
  const channelOf = (row: { inbox_id: number }) => wdb().inboxes.get(row.inbox_id)!.channel_type;

  it('POST messages creates an outgoing message by the token user, echoes echo_id, moves last activity and tops the list', async () => {
    const row = rows().find((c) => c.first_reply_created_at === null && c.status !== 'resolved' && c.waiting_since !== null)!;
    expect(row).toBeDefined();
    const before = row.last_activity_at;
    const { status, body } = await post(`/conversations/${row.display_id}/messages`, {
      content: 'Hello from the API',
      message_type: 'outgoing',
      private: false,
      echo_id: 'echo-1',
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      content: 'Hello from the API',
      conversation_id: row.display_id,
      inbox_id: row.inbox_id,
      message_type: 1,
      private: false,
      status: 'sent',
      echo_id: 'echo-1',
    });
    expect(body.sender).toMatchObject({ id: 1, type: 'user', name: 'Voxys Integration' });
    expect(Number.isInteger(body.created_at) && body.created_at >= NOW_S).toBe(true);
    expect(body.id).toBeGreaterThan(
      Math.max(
        ...rows()
          .flatMap((c) => wdb().thread(c.display_id))
          .filter((m) => m.id !== body.id)
          .map((m) => m.id),
      ),
    );

    const detail = (await w(`/conversations/${row.display_id}`)).body;
    expect(detail.last_activity_at).toBe(body.created_at);
    expect(detail.last_activity_at).toBeGreaterThan(before);
    expect(detail.timestamp).toBe(detail.last_activity_at);
    expect(detail.messages.map((m: Body) => m.id)).toEqual([body.id]);
    expect(detail.last_non_activity_message.content).toBe('Hello from the API');
    expect(detail.first_reply_created_at).toBe(body.created_at);
    expect(detail.waiting_since).toBe(0);
    const messages = (await w(`/conversations/${row.display_id}/messages`)).body.payload;
    expect(messages.at(-1)).toMatchObject({ id: body.id, content: 'Hello from the API' });
    expect(messages.at(-1).echo_id).toBeUndefined(); // echoed in the answer only, not stored
    const list = (await w('/conversations?status=all')).body.data.payload;
    expect(list[0].id).toBe(row.display_id);
  });

  it('POST messages with private: true is a note: message_type 1, private, no first reply; never de-duplicates on echo_id', async () => {
    const row = rows().find((c) => c.first_reply_created_at === null && c.status !== 'resolved' && c.waiting_since !== null)!;
    const waiting = row.waiting_since;
    const length = wdb().thread(row.display_id).length;
    for (let i = 0; i < 2; i++) {
      const { status, body } = await post(`/conversations/${row.display_id}/messages`, { content: 'Internal note', private: true, echo_id: 'same' });
      expect(status).toBe(200);
      expect(body).toMatchObject({ message_type: 1, private: true, content: 'Internal note', echo_id: 'same' });
    }
    expect(wdb().thread(row.display_id)).toHaveLength(length + 2);
    expect(wdb().conversations.get(row.display_id)!.waiting_since).toBe(waiting);
    expect(wdb().conversations.get(row.display_id)!.first_reply_created_at).toBeNull();
  });

  it('POST messages answers 422 {error} for empty or over-long content, a bad message_type, and incoming outside an API inbox; 404 for an unknown conversation', async () => {
    const web = rows().find((c) => channelOf(c) === 'Channel::WebWidget')!;
    const length = wdb().thread(web.display_id).length;
    for (const body of [
      {},
      { content: '' },
      { content: '  ' },
      { content: 'x'.repeat(150_001) },
      { content: 'hi', message_type: 'bogus' },
      { content: 'hi', message_type: 'incoming' },
    ]) {
      const answer = await post(`/conversations/${web.display_id}/messages`, body);
      expect(answer.status).toBe(422);
      expect(Object.keys(answer.body)).toEqual(['error']);
      expect(typeof answer.body.error).toBe('string');
    }
    expect((await post(`/conversations/${web.display_id}/messages`, { content: 'hi', message_type: 'incoming' })).body).toEqual({
      error: 'Incoming messages are only allowed in Api inboxes',
    });
    expect(wdb().thread(web.display_id)).toHaveLength(length);
    const missing = await post('/conversations/99999/messages', { content: 'hi' });
    expect(missing).toMatchObject({ status: 404, body: { error: 'Resource could not be found' } });
  });

  it('an incoming message (API inbox) counts as unread, sets waiting_since and re-opens a snoozed conversation', async () => {
    const api = rows().find((c) => channelOf(c) === 'Channel::Api' && !c.muted)!;
    await post(`/conversations/${api.display_id}/toggle_status`, { status: 'snoozed' });
    await post(`/conversations/${api.display_id}/update_last_seen`);
    const { status, body } = await post(`/conversations/${api.display_id}/messages`, { content: 'Any news?', message_type: 'incoming' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ message_type: 0, sender: { type: 'contact', id: api.contact_id } });
    const detail = (await w(`/conversations/${api.display_id}`)).body;
    expect(detail.status).toBe('open');
    expect(detail.unread_count).toBe(1);
    expect(detail.waiting_since).toBeGreaterThan(0);
  });

  it('POST toggle_status sets each status ({meta, payload}), snoozes with or without snoozed_until, toggles without a status, 422 for a bad one', async () => {
    const row = rows().find((c) => c.status === 'open')!;
    const path = `/conversations/${row.display_id}/toggle_status`;
    for (const status of ['pending', 'resolved', 'open']) {
      const answer = await post(path, { status });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ meta: {}, payload: { success: true, conversation_id: row.display_id, current_status: status, snoozed_until: null } });
      expect((await w(`/conversations/${row.display_id}`)).body.status).toBe(status);
    }
    const until = NOW_S + 86_400;
    expect((await post(path, { status: 'snoozed', snoozed_until: until })).body.payload).toMatchObject({
      current_status: 'snoozed',
      snoozed_until: new Date(until * 1000).toISOString(),
    });
    expect((await w(`/conversations/${row.display_id}`)).body.snoozed_until).toBe(new Date(until * 1000).toISOString());
    expect((await post(path, { status: 'snoozed' })).body.payload.snoozed_until).toBeNull();
    expect((await post(path, {})).body.payload.current_status).toBe('open');
    expect((await post(path, {})).body.payload.current_status).toBe('resolved');
    expect(wdb().conversations.get(row.display_id)!.waiting_since).toBeNull();
    expect(wdb().lastMessage(row.display_id)).toMatchObject({ message_type: 2, content: 'Conversation was marked resolved by Voxys Integration' });
    expect(await post(path, { status: 'bogus' })).toMatchObject({ status: 422, body: { error: "'bogus' is not a valid status" } });
    expect((await post(path, { status: 'snoozed', snoozed_until: 'tomorrow' })).status).toBe(422);
    expect((await post('/conversations/99999/toggle_status', { status: 'open' })).status).toBe(404);
  });

  it('POST toggle_priority answers 200 with an empty body; null clears; 422 for an unknown priority', async () => {
    const row = rows()[4]!;
    const path = `/conversations/${row.display_id}/toggle_priority`;
    for (const priority of ['urgent', 'low', null]) {
      const answer = await post(path, { priority });
      expect(answer.status).toBe(200);
      expect(answer.text).toBe('');
      expect((await w(`/conversations/${row.display_id}`)).body.priority).toBe(priority);
    }
    expect(await post(path, { priority: 'critical' })).toMatchObject({ status: 422, body: { error: "'critical' is not a valid priority" } });
    expect((await post('/conversations/99999/toggle_priority', { priority: 'low' })).status).toBe(404);
  });

  it('POST assignments answers the Agent, or null when unassigning, and (as Chatwoot does) an unknown id unassigns', async () => {
    const row = rows().find((c) => c.assignee_id === null)!;
    const path = `/conversations/${row.display_id}/assignments`;
    const assigned = await post(path, { assignee_id: 12 });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ id: 12, account_id: ACCOUNT, email: 'bob@demo.example', name: 'Bob Okafor', role: expect.any(String) });
    expect((await w(`/conversations/${row.display_id}`)).body.meta.assignee.id).toBe(12);
    expect(wdb().lastMessage(row.display_id)!.content).toBe('Assigned to Bob Okafor by Voxys Integration');
    const unknown = await post(path, { assignee_id: row.contact_id });
    expect(unknown.status).toBe(200);
    expect(unknown.text).toBe('null');
    expect((await w(`/conversations/${row.display_id}`)).body.meta.assignee).toBeUndefined();
    await post(path, { assignee_id: '13' });
    expect((await post(path, { assignee_id: null })).text).toBe('null');
    expect(wdb().conversations.get(row.display_id)!.assignee_id).toBeNull();
  });

  it('GET /agents lists every user of the account', async () => {
    const { status, body } = await w('/agents');
    expect(status).toBe(200);
    expect(body.map((a: Body) => a.id)).toEqual([1, 11, 12, 13, 14]);
    expect(body[1]).toMatchObject({ id: 11, name: 'Alice Martin', email: 'alice@demo.example', account_id: ACCOUNT });
  });

  it('POST update_last_seen and unread answer the conversation with unread_count 0 and then 1', async () => {
    const row = rows().find((c) => wdb().unreadCount(c) > 1)!;
    const read = await post(`/conversations/${row.display_id}/update_last_seen`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: row.display_id, unread_count: 0 });
    expect(read.body.agent_last_seen_at).toBeGreaterThanOrEqual(NOW_S);
    const unread = await post(`/conversations/${row.display_id}/unread`);
    expect(unread.body).toMatchObject({ id: row.display_id, unread_count: 1 });
    const lastIncoming = wdb()
      .thread(row.display_id)
      .findLast((m) => m.message_type === 0)!;
    expect(unread.body.agent_last_seen_at).toBe(Math.floor(lastIncoming.created_at - 1));
    expect(
      (await w('/conversations?status=all')).body.data.payload
        .concat((await w('/conversations?status=all&page=2')).body.data.payload, (await w('/conversations?status=all&page=3')).body.data.payload)
        .find((c: Body) => c.id === row.display_id).unread_count,
    ).toBe(1);
    expect((await post('/conversations/99999/update_last_seen')).status).toBe(404);
    expect((await post('/conversations/99999/unread')).status).toBe(404);
  });

  it('POST labels replaces the whole list ({payload}); GET and the list show it; 422 without a list', async () => {
    const row = rows().find((c) => c.labels.length >= 2)!;
    const path = `/conversations/${row.display_id}/labels`;
    const replaced = await post(path, { labels: ['only-this'] });
    expect(replaced).toMatchObject({ status: 200, body: { payload: ['only-this'] } });
    expect((await w(path)).body).toEqual({ payload: ['only-this'] });
    expect((await w(`/conversations/${row.display_id}`)).body.labels).toEqual(['only-this']);
    expect((await w('/conversations?status=all&labels[]=only-this')).body.data.payload.map((c: Body) => c.id)).toEqual([row.display_id]);
    expect((await post(path, { labels: [] })).body).toEqual({ payload: [] });
    for (const body of [{}, { labels: 'vip' }, { labels: [1] }]) expect((await post(path, body)).status).toBe(422);
    expect((await post('/conversations/99999/labels', { labels: ['x'] })).status).toBe(404);
  });

  it('PATCH /leads/{id}/status answers the Lead; the CRM sidebar and /leads show it; 422 for a bad status, 404 for an unknown lead', async () => {
    const lead = [...wdb().leads.values()].find((l) => l.conversation_id !== null && l.status !== 'lost')!;
    const answer = await w(`/leads/${lead.id}/status`, { method: 'PATCH', body: { status: 'lost', notes: 'Chose a competitor' } });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: lead.id, status: 'lost', notes: 'Chose a competitor', conversation_id: lead.conversation_id });
    expect(isIso(answer.body.updated_at)).toBe(true);
    expect((await w(`/conversations/${lead.conversation_id}/crm`)).body.linked_lead).toMatchObject({ id: lead.id, status: 'lost' });
    expect((await w('/leads?status=lost&per_page=100')).body.data.map((l: Body) => l.id)).toContain(lead.id);
    const kept = await w(`/leads/${lead.id}/status`, { method: 'PATCH', body: { status: 'open' } });
    expect(kept.body).toMatchObject({ status: 'open', notes: 'Chose a competitor' });
    expect(await w(`/leads/${lead.id}/status`, { method: 'PATCH', body: { status: 'closed' } })).toMatchObject({
      status: 422,
      body: { error: 'Invalid status: closed. Allowed: open, won, lost, snoozed' },
    });
    expect((await w(`/leads/${lead.id}/status`, { method: 'PATCH', body: {} })).status).toBe(422);
    expect(await w('/leads/99999/status', { method: 'PATCH', body: { status: 'won' } })).toMatchObject({ status: 404, body: { error: 'Resource could not be found' } });
  });

  it('write routes are authenticated like the reads and listed in openapi.json', async () => {
    expect((await w('/conversations/1/messages', { method: 'POST', body: { content: 'x' }, token: 'nope' })).status).toBe(401);
    expect((await w('/leads/1/status', { method: 'PATCH', body: { status: 'won' }, token: null })).status).toBe(401);
    const doc = (await (await fetch(`${writable.server.url}/openapi.json`)).json()) as Body;
    const at = (path: string) => doc.paths[`/api/v1/accounts/{account_id}${path}`];
    for (const suffix of ['messages', 'toggle_status', 'toggle_priority', 'assignments', 'update_last_seen', 'unread', 'labels'])
      expect(at(`/conversations/{conversation_id}/${suffix}`).post).toBeDefined();
    expect(at('/leads/{lead_id}/status').patch).toBeDefined();
    expect(at('/agents').get).toBeDefined();
  });
});
