import { describe, expect, it } from 'vitest';
import { STAFF } from '../simulators/common/people.js';
import { createIronSimulator } from '../simulators/iron/index.js';
import { serveSimulator } from './support/platform-harness.js';
import { PRISTINE_KNOBS, SimulatorAdmin } from './support/simulator-admin.js';

/** The Iron simulator against UPSTREAMS.md (iron): paths, envelopes, formats, paging, filters, errors, write endpoints, admin API. */

const NOW = new Date('2025-03-14T12:00:00.000Z');
const BASE = '/api/v1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Pydantic's rendering of a UTC timestamptz: microseconds and `Z`. */
const ISO_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

type Json = Record<string, unknown>;

const sim = serveSimulator(createIronSimulator({ seed: 'contract', now: NOW }));
const auth: Record<string, string> = { authorization: `Bearer ${sim.sourceConfig.token}`, 'x-org-id': sim.sourceConfig.orgId! };
const admin = new SimulatorAdmin(sim.server);

async function get(path: string, headers: Record<string, string> = auth): Promise<{ status: number; body: Json; headers: Headers }> {
  const response = await fetch(`${sim.server.url}${path}`, { headers });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Json) : {}, headers: response.headers };
}

/** Walks `GET /conversations` with the given query, returning every item in order. */
async function walkList(query: string, limit: number): Promise<{ items: Json[]; pages: number }> {
  const items: Json[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const qs = `${query}${query ? '&' : ''}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const { status, body } = await get(`${BASE}/conversations?${qs}`);
    expect(status).toBe(200);
    const page = body.items as Json[];
    expect(page.length).toBeLessThanOrEqual(limit);
    items.push(...page);
    cursor = body.next_cursor as string | null;
    pages++;
  } while (cursor !== null);
  return { items, pages };
}

function expectConversationShape(item: Json): void {
  expect(Object.keys(item).sort()).toEqual(
    ['archived', 'assigned_to', 'channel', 'contact', 'id', 'last_activity_at', 'last_message_preview', 'sla', 'starred', 'unread_count'].sort(),
  );
  expect(item.id).toMatch(UUID);
  const contact = item.contact as Json;
  expect(Object.keys(contact).sort()).toEqual(['email', 'id', 'name', 'phone']);
  expect(contact.id).toMatch(UUID);
  for (const key of ['name', 'email', 'phone']) expect(contact[key] === null || typeof contact[key] === 'string').toBe(true);
  expect(['sms', 'email', 'call']).toContain(item.channel);
  expect(item.last_activity_at).toMatch(ISO_MICROS);
  expect(typeof item.last_message_preview).toBe('string');
  expect(Number.isInteger(item.unread_count)).toBe(true);
  expect(typeof item.starred).toBe('boolean');
  expect(typeof item.archived).toBe('boolean');
  expect(item.assigned_to === null || UUID.test(item.assigned_to as string)).toBe(true);
  const sla = item.sla as Json;
  expect(Object.keys(sla).sort()).toEqual(['due_at', 'overdue']);
  expect(sla.due_at === null || ISO_MICROS.test(sla.due_at as string)).toBe(true);
  expect(typeof sla.overdue).toBe('boolean');
}

describe('seeded data', () => {
  it('covers every assignment, archive, star, unread, SLA and draft case the inbox can show', () => {
    const db = sim.db;
    const conversations = [...db.conversations.values()];
    expect(conversations).toHaveLength(60);
    for (const staff of STAFF) {
      const id = sim.identities[staff.key];
      expect(id).toMatch(UUID);
      expect(conversations.filter((c) => c.assignedTo === id).length).toBeGreaterThanOrEqual(5);
    }
    expect(conversations.filter((c) => c.assignedTo === null).length).toBeGreaterThanOrEqual(5);
    for (const flag of [true, false]) {
      expect(conversations.some((c) => c.archived === flag)).toBe(true);
      expect(conversations.some((c) => c.starred === flag)).toBe(true);
      expect(conversations.some((c) => c.sla.overdue === flag)).toBe(true);
      expect(conversations.some((c) => c.unreadCount > 0 === flag)).toBe(true);
    }
    expect(conversations.some((c) => c.sla.dueAt === null)).toBe(true);
    expect(conversations.some((c) => c.sla.dueAt !== null && !c.sla.overdue)).toBe(true);
    const withPending = conversations.filter((c) => db.thread(c.id).some((a) => a.kind === 'suggestion' && a.status === 'pending'));
    expect(withPending.length).toBeGreaterThanOrEqual(5);
    for (const status of ['sent', 'dismissed']) {
      expect(conversations.some((c) => db.thread(c.id).some((a) => a.kind === 'suggestion' && a.status === status))).toBe(true);
    }
    // Threads longer than one page of 50 activities, and single-message ones.
    expect(conversations.filter((c) => db.thread(c.id).length > 50).length).toBeGreaterThanOrEqual(3);
    expect(conversations.some((c) => db.thread(c.id).length === 1)).toBe(true);
    for (const kind of ['sms', 'email', 'call', 'note']) {
      expect(conversations.some((c) => db.thread(c.id).some((a) => a.kind === kind))).toBe(true);
    }
  });

  it('is deterministic per seed and differs between seeds and credentials', () => {
    const again = createIronSimulator({ seed: 'contract', now: NOW });
    const other = createIronSimulator({ seed: 'other', now: NOW, token: 'other-token', orgId: '0b7e9d2c-1111-4aaa-8bbb-2c3d4e5f6a7b' });
    expect([...again.db.conversations.keys()]).toEqual([...sim.db.conversations.keys()]);
    expect(again.identities).toEqual(sim.identities);
    expect([...other.db.conversations.keys()][0]).not.toBe([...sim.db.conversations.keys()][0]);
    expect(other.sourceConfig).toEqual({ token: 'other-token', orgId: '0b7e9d2c-1111-4aaa-8bbb-2c3d4e5f6a7b' });
  });
});

describe('GET /api/v1/conversations', () => {
  it('answers {items, next_cursor} with the documented conversation fields', async () => {
    const { status, body } = await get(`${BASE}/conversations?scope=team&limit=10`);
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['items', 'next_cursor']);
    expect(body.items).toHaveLength(10);
    expect(typeof body.next_cursor).toBe('string');
    for (const item of body.items as Json[]) expectConversationShape(item);
  });

  it('walks every conversation exactly once, newest activity first, with a default of 25 per page', async () => {
    const first = await get(`${BASE}/conversations`);
    expect((first.body.items as Json[]).length).toBe(25);
    const { items, pages } = await walkList('scope=team', 7);
    expect(pages).toBe(Math.ceil(60 / 7));
    const ids = items.map((i) => i.id as string);
    expect(new Set(ids).size).toBe(60);
    expect(new Set(ids)).toEqual(new Set(sim.db.conversations.keys()));
    const times = items.map((i) => Date.parse(i.last_activity_at as string));
    for (let k = 1; k < times.length; k++) expect(times[k]).toBeLessThanOrEqual(times[k - 1]!);
    expect(ids).toEqual(sim.db.inListOrder().map((c) => c.id));
  });

  it('filters by scope (the token owner), archived and overdue, as the db says', async () => {
    const conversations = [...sim.db.conversations.values()];
    const cases: [string, (c: (typeof conversations)[number]) => boolean][] = [
      ['scope=mine', (c) => c.assignedTo === sim.db.tokenOwnerId],
      ['scope=team', () => true],
      ['archived=true', (c) => c.archived],
      ['archived=false', (c) => !c.archived],
      ['overdue=true', (c) => c.sla.overdue],
      ['overdue=false', (c) => !c.sla.overdue],
      ['scope=mine&archived=false&overdue=true', (c) => c.assignedTo === sim.db.tokenOwnerId && !c.archived && c.sla.overdue],
    ];
    // The token belongs to dana by default: `mine` is hers, whoever calls.
    expect(sim.db.tokenOwnerId).toBe(sim.identities.dana);
    for (const [query, expected] of cases) {
      const { items } = await walkList(query, 9);
      const truth = conversations.filter(expected).map((c) => c.id);
      expect(truth.length, query).toBeGreaterThan(0);
      expect(new Set(items.map((i) => i.id)), query).toEqual(new Set(truth));
      expect(items.length, query).toBe(truth.length);
    }
  });

  it('rejects invalid parameters with FastAPI 422 bodies and a bad cursor with 400', async () => {
    for (const [query, field, type] of [
      ['limit=0', 'limit', 'greater_than_equal'],
      ['limit=101', 'limit', 'less_than_equal'],
      ['limit=ten', 'limit', 'int_parsing'],
      ['scope=everyone', 'scope', 'enum'],
      ['archived=maybe', 'archived', 'bool_parsing'],
      ['overdue=2', 'overdue', 'bool_parsing'],
    ] as const) {
      const { status, body } = await get(`${BASE}/conversations?${query}`);
      expect(status, query).toBe(422);
      const issues = body.detail as Json[];
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ type, loc: ['query', field] });
      expect(typeof issues[0]!.msg).toBe('string');
    }
    const bad = await get(`${BASE}/conversations?cursor=not-a-cursor`);
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ detail: 'Invalid cursor' });
  });
});

describe('authentication and org scoping', () => {
  it('answers 401 with WWW-Authenticate: Bearer for a missing or wrong token', async () => {
    const missing = await get(`${BASE}/conversations`, { 'x-org-id': sim.sourceConfig.orgId! });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect(missing.body).toEqual({ detail: 'Not authenticated' });
    const wrong = await get(`${BASE}/conversations`, { ...auth, authorization: 'Bearer not-the-token' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer');
    expect(wrong.body).toEqual({ detail: 'Invalid or expired token' });
    const scheme = await get(`${BASE}/conversations`, { ...auth, authorization: `Token ${sim.sourceConfig.token}` });
    expect(scheme.status).toBe(401);
  });

  it('answers 400 for a malformed X-Org-Id, 403 for an org the user is not in, and uses the own org when omitted', async () => {
    const malformed = await get(`${BASE}/conversations`, { ...auth, 'x-org-id': 'acme' });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({ detail: 'X-Org-Id must be a valid UUID' });
    const foreign = await get(`${BASE}/conversations`, { ...auth, 'x-org-id': '11111111-2222-4333-8444-555555555555' });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toEqual({ detail: 'Not a member of this organization' });
    const omitted = await get(`${BASE}/conversations?limit=3`, { authorization: auth.authorization! });
    expect(omitted.status).toBe(200);
    expect((omitted.body.items as Json[]).length).toBe(3);
  });
});

describe('GET /api/v1/conversations/{id}', () => {
  it('answers the same conversation object as the list', async () => {
    const { body: page } = await get(`${BASE}/conversations?limit=5`);
    for (const item of page.items as Json[]) {
      const { status, body } = await get(`${BASE}/conversations/${item.id as string}`);
      expect(status).toBe(200);
      expectConversationShape(body);
      expect(body).toEqual(item);
    }
  });

  it('answers 404 {"detail"} for an unknown id, 422 for a non-uuid, and FastAPI 404 for an unknown path', async () => {
    const unknown = await get(`${BASE}/conversations/00000000-0000-4000-8000-000000000000`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ detail: 'Conversation not found' });
    const malformed = await get(`${BASE}/conversations/42`);
    expect(malformed.status).toBe(422);
    expect((malformed.body.detail as Json[])[0]).toMatchObject({ type: 'uuid_parsing', loc: ['path', 'conversation_id'] });
    const path = await get(`${BASE}/nothing-here`);
    expect(path.status).toBe(404);
    expect(path.body).toEqual({ detail: 'Not Found' });
  });
});

describe('GET /api/v1/conversations/{id}/messages', () => {
  it('pages the whole thread newest first with before = next_cursor, every activity once', async () => {
    const long = [...sim.db.conversations.values()].filter((c) => sim.db.thread(c.id).length > 50);
    for (const conversation of long) {
      const expected = [...sim.db.thread(conversation.id)].reverse().map((a) => a.id);
      const seen: string[] = [];
      let before: string | null = null;
      let pages = 0;
      do {
        const { status, body } = await get(`${BASE}/conversations/${conversation.id}/messages?limit=20${before ? `&before=${before}` : ''}`);
        expect(status).toBe(200);
        expect(Object.keys(body).sort()).toEqual(['items', 'next_cursor']);
        const items = body.items as Json[];
        seen.push(...items.map((a) => a.id as string));
        before = body.next_cursor as string | null;
        if (before !== null) expect(before).toBe(items[items.length - 1]!.id);
        pages++;
      } while (before !== null);
      expect(seen).toEqual(expected);
      expect(pages).toBe(Math.ceil(expected.length / 20));
    }
  });

  it('serves activities with the documented fields: calls with ai_summary, drafts with a status', async () => {
    const conversation = [...sim.db.conversations.values()].find((c) => sim.db.thread(c.id).some((a) => a.kind === 'suggestion' && a.status === 'pending'))!;
    const { body } = await get(`${BASE}/conversations/${conversation.id}/messages`);
    const items = body.items as Json[];
    expect(items.length).toBe(Math.min(25, sim.db.thread(conversation.id).length));
    for (const activity of items) {
      // `ai_summary` only with calls, `status` only with drafts.
      const own = activity.kind === 'call' ? ['ai_summary'] : activity.kind === 'suggestion' ? ['status'] : [];
      expect(Object.keys(activity).sort()).toEqual(['body', 'conversation_id', 'created_at', 'direction', 'id', 'kind', 'provider_message_id', ...own].sort());
      expect(activity.conversation_id).toBe(conversation.id);
      expect(activity.created_at).toMatch(ISO_MICROS);
      expect(['sms', 'email', 'call', 'note', 'suggestion']).toContain(activity.kind);
      expect(['inbound', 'outbound']).toContain(activity.direction);
      if (activity.kind === 'suggestion') expect(['pending', 'sent', 'dismissed']).toContain(activity.status);
      else expect(activity.status).toBeUndefined();
    }
    expect(items[0]).toMatchObject({ kind: 'suggestion', status: 'pending', provider_message_id: null });

    // Calls within the newest 50 activities of their thread, answered and missed.
    const calls = [...sim.db.conversations.values()].flatMap((c) => [...sim.db.thread(c.id)].reverse().slice(0, 50)).filter((a) => a.kind === 'call');
    const answered = calls.find((a) => a.aiSummary !== null)!;
    const missed = calls.find((a) => a.aiSummary === null)!;
    for (const call of [answered, missed]) {
      const { body: page } = await get(`${BASE}/conversations/${call.conversationId}/messages?limit=50`);
      const found = (page.items as Json[]).find((a) => a.id === call.id);
      expect(found).toMatchObject({ kind: 'call', body: call.body, ai_summary: call.aiSummary });
      expect(found!.provider_message_id).toMatch(/^CA[0-9a-f]{32}$/);
    }
    expect(missed.body).toBe('Missed call');
  });

  it('validates limit (1-50) and before', async () => {
    const id = [...sim.db.conversations.keys()][0]!;
    const big = await get(`${BASE}/conversations/${id}/messages?limit=51`);
    expect(big.status).toBe(422);
    expect((big.body.detail as Json[])[0]).toMatchObject({ type: 'less_than_equal', loc: ['query', 'limit'] });
    const foreign = await get(`${BASE}/conversations/${id}/messages?before=00000000-0000-4000-8000-000000000000`);
    expect(foreign.status).toBe(400);
    expect(foreign.body).toEqual({ detail: 'before is not an activity of this conversation' });
    const missing = await get(`${BASE}/conversations/00000000-0000-4000-8000-000000000000/messages`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ detail: 'Conversation not found' });
  });
});

describe('views, counts, SLA and members', () => {
  it('lists the saved views with the four built-in ones', async () => {
    const { status, body } = await get(`${BASE}/conversations/views`);
    expect(status).toBe(200);
    const views = body.items as Json[];
    expect(views.filter((v) => v.builtin).map((v) => v.name)).toEqual(['Unread', 'Recents', 'Starred', 'All']);
    for (const view of views) expect(view.id).toMatch(UUID);
  });

  it('counts unread and total per view as the db says', async () => {
    const { body } = await get(`${BASE}/conversations/views/counts`);
    const counts = body.items as Json[];
    const conversations = [...sim.db.conversations.values()];
    expect(counts).toHaveLength(sim.db.views.length);
    for (const view of sim.db.views) {
      const inView = conversations.filter((c) => sim.db.inView(view, c));
      expect(counts.find((c) => c.view_id === view.id)).toEqual({
        view_id: view.id,
        name: view.name,
        unread: inView.filter((c) => c.unreadCount > 0).length,
        total: inView.length,
      });
    }
    const all = counts.find((c) => c.name === 'All')!;
    expect(all.total).toBe(conversations.filter((c) => !c.archived).length);
  });

  it('serves the SLA config and the overdue count', async () => {
    const sla = await get(`${BASE}/conversations/sla`);
    expect(sla.body).toEqual({ enabled: true, first_response_minutes: 60, business_hours_only: false });
    const overdue = await get(`${BASE}/conversations/overdue/count`);
    expect(overdue.body).toEqual({ count: [...sim.db.conversations.values()].filter((c) => !c.archived && c.sla.overdue).length });
    expect(overdue.body.count).toBeGreaterThan(0);
  });

  it('serves the org members (ASSUMED endpoint) with the staff ids', async () => {
    const { status, body } = await get(`${BASE}/org/members`);
    expect(status).toBe(200);
    const members = body.items as Json[];
    expect(members.map((m) => m.user_id)).toEqual(STAFF.map((s) => sim.identities[s.key]));
    expect(members.map((m) => m.name)).toEqual(STAFF.map((s) => s.name));
    for (const member of members) expect(member.joined_at).toMatch(ISO_MICROS);
  });
});

describe('openapi and admin API', () => {
  it('lists every route in /openapi.json', async () => {
    const { status, body } = await get('/openapi.json', {});
    expect(status).toBe(200);
    expect(Object.keys(body.paths as Json).sort()).toEqual(
      [
        '/api/v1/conversations',
        '/api/v1/conversations/views',
        '/api/v1/conversations/views/counts',
        '/api/v1/conversations/sla',
        '/api/v1/conversations/overdue/count',
        '/api/v1/conversations/{conversation_id}',
        '/api/v1/conversations/{conversation_id}/messages',
        '/api/v1/conversations/{conversation_id}/read',
        '/api/v1/conversations/{conversation_id}/unread',
        '/api/v1/conversations/{conversation_id}/star',
        '/api/v1/conversations/{conversation_id}/archive',
        '/api/v1/conversations/{conversation_id}/assign',
        '/api/v1/conversations/{conversation_id}/suggestions/{activity_id}/send',
        '/api/v1/conversations/{conversation_id}/suggestions/{activity_id}/dismiss',
        '/api/v1/org/members',
        '/api/v1/contacts/{contact_id}/conversations',
        '/api/v1/conversations/media',
        '/storage/v1/object/public/media/{media_id}/{filename}',
      ].sort(),
    );
    const paths = body.paths as Record<string, Json>;
    expect(Object.keys(paths['/api/v1/conversations/{conversation_id}/messages']!).sort()).toEqual(['get', 'post']);
    expect(Object.keys(paths['/api/v1/conversations/{conversation_id}/star']!).sort()).toEqual(['delete', 'post']);
    expect(Object.keys(paths['/api/v1/conversations/views']!).sort()).toEqual(['get', 'put']);
  });

  it('counts requests per route and resets them', async () => {
    await admin.resetRequestCounts();
    const id = [...sim.db.conversations.keys()][0]!;
    await get(`${BASE}/conversations?limit=2`);
    await get(`${BASE}/conversations?limit=3`);
    await get(`${BASE}/conversations/${id}`);
    await get(`${BASE}/conversations/${id}/messages`);
    const counts = (await get('/__admin/requests', {})).body;
    expect(counts).toEqual({
      total: 4,
      byRoute: {
        'GET /api/v1/conversations': 2,
        'GET /api/v1/conversations/:conversation_id': 1,
        'GET /api/v1/conversations/:conversation_id/messages': 1,
      },
    });
    await admin.resetRequestCounts();
    expect((await get('/__admin/requests', {})).body).toEqual({ total: 0, byRoute: {} });
  });

  it('turns knobs into Iron errors: 429 bursts, 503 outage, 500 error rate, latency; reset restores', async () => {
    expect((await admin.setKnobs({ rateLimitBurst: 2, rateLimitRetryAfter: 3 })).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const limited = await get(`${BASE}/conversations?limit=1`);
      expect(limited.status).toBe(429);
      expect(limited.body).toEqual({ detail: 'Too Many Requests' });
      expect(limited.headers.get('retry-after')).toBe('3');
    }
    expect((await get(`${BASE}/conversations?limit=1`)).status).toBe(200);

    await admin.setKnobs({ outage: true });
    const down = await get(`${BASE}/conversations?limit=1`);
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ detail: 'Service Unavailable' });

    await admin.setKnobs({ outage: false, errorRate: 1 });
    const failing = await get(`${BASE}/conversations?limit=1`);
    expect(failing.status).toBe(500);
    expect(failing.body).toEqual({ detail: 'Internal Server Error' });

    await admin.setKnobs({ errorRate: 0, latencyMs: 5 });
    expect((await get('/__admin/knobs', {})).body).toMatchObject({ latencyMs: 5, errorRate: 0, outage: false });
    expect((await get(`${BASE}/conversations?limit=1`)).status).toBe(200);

    expect((await admin.setKnobs({ latencyMs: -1 })).status).toBe(400);
    await admin.resetKnobs();
    expect((await get('/__admin/knobs', {})).body).toEqual(PRISTINE_KNOBS);
  });

  it('dumps the live data under /__admin/data', async () => {
    const { body } = await get('/__admin/data', {});
    expect(body.orgId).toBe(sim.sourceConfig.orgId);
    expect((body.conversations as Json[]).length).toBe(60);
  });
});

describe('write endpoints', () => {
  // A simulator of its own: these tests change its data.
  const w = serveSimulator(createIronSimulator({ seed: 'contract-writes', now: NOW }));

  async function call(method: string, path: string, body?: unknown, raw?: string): Promise<{ status: number; body: Json }> {
    const payload = raw ?? (body === undefined ? undefined : JSON.stringify(body));
    const response = await fetch(`${w.server.url}${BASE}${path}`, {
      method,
      headers: { ...auth, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
      body: payload,
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Json) : {} };
  }
  const read = async (path: string): Promise<Json> => {
    const response = await fetch(`${w.server.url}${BASE}${path}`, { headers: auth });
    return (await response.json()) as Json;
  };
  const conversations = () => [...w.db.conversations.values()];
  const byChannel = (channel: string) => conversations().find((c) => c.channel === channel && !c.archived)!;
  const pendingDrafts = () =>
    conversations().flatMap((c) =>
      w.db
        .thread(c.id)
        .filter((a) => a.kind === 'suggestion' && a.status === 'pending')
        .map((a) => ({ c, a })),
    );
  const UNKNOWN = '00000000-0000-4000-8000-000000000000';

  describe('POST /conversations/{id}/messages {body, channel}', () => {
    it('answers 201 with the new outbound activity, which becomes the newest, the preview and the list head', async () => {
      for (const channel of ['sms', 'email'] as const) {
        const c = [...conversations()].reverse().find((x) => x.channel === channel)!;
        const before = await read(`/conversations/${c.id}`);
        const { status, body } = await call('POST', `/conversations/${c.id}/messages`, { body: `Hello by ${channel}`, channel });
        expect(status).toBe(201);
        expect(body).toMatchObject({ conversation_id: c.id, kind: channel, direction: 'outbound', body: `Hello by ${channel}` });
        // Kind-specific fields come only with their kind: no call summary, no draft status.
        expect(body).not.toHaveProperty('ai_summary');
        expect(body).not.toHaveProperty('status');
        expect(body.id).toMatch(UUID);
        expect(body.created_at).toMatch(ISO_MICROS);
        expect(body.provider_message_id).toMatch(channel === 'sms' ? /^SM[0-9a-f]{32}$/ : /^<[0-9a-f]{16}@mail\.iron\.example>$/);
        const thread = await read(`/conversations/${c.id}/messages?limit=1`);
        expect((thread.items as Json[])[0]).toEqual(body);
        const after = await read(`/conversations/${c.id}`);
        expect(after).toMatchObject({ last_activity_at: body.created_at, last_message_preview: `Hello by ${channel}`, unread_count: 0, sla: { due_at: null, overdue: false } });
        expect(Date.parse(after.last_activity_at as string)).toBeGreaterThan(Date.parse(before.last_activity_at as string));
        const list = await read('/conversations?limit=1');
        expect((list.items as Json[])[0]).toEqual(after);
      }
    });

    it('validates the body like FastAPI (422 lists) and the channel against the thread (422 detail)', async () => {
      const sms = byChannel('sms');
      const length = w.db.thread(sms.id).length;
      const path = `/conversations/${sms.id}/messages`;
      const cases: [unknown, string | undefined, { type: string; loc: (string | number)[] }[]][] = [
        [undefined, undefined, [{ type: 'missing', loc: ['body'] }]],
        [undefined, '{not json', [{ type: 'json_invalid', loc: ['body', 0] }]],
        [['hi'], undefined, [{ type: 'model_attributes_type', loc: ['body'] }]],
        [
          {},
          undefined,
          [
            { type: 'missing', loc: ['body', 'body'] },
            { type: 'missing', loc: ['body', 'channel'] },
          ],
        ],
        [
          { body: '   ', channel: 'fax' },
          undefined,
          [
            { type: 'string_too_short', loc: ['body', 'body'] },
            { type: 'enum', loc: ['body', 'channel'] },
          ],
        ],
        [{ body: 42, channel: 'sms' }, undefined, [{ type: 'string_type', loc: ['body', 'body'] }]],
        [{ body: 'x'.repeat(5001), channel: 'sms' }, undefined, [{ type: 'string_too_long', loc: ['body', 'body'] }]],
      ];
      for (const [body, raw, issues] of cases) {
        const answer = await call('POST', path, body, raw);
        expect(answer.status, JSON.stringify(body ?? raw)).toBe(422);
        expect(answer.body.detail).toMatchObject(issues);
        for (const issue of answer.body.detail as Json[]) expect(typeof issue.msg).toBe('string');
      }
      const wrong = await call('POST', path, { body: 'hi', channel: 'email' });
      expect(wrong).toEqual({ status: 422, body: { detail: "channel must be the conversation's channel (sms)" } });
      const asCall = await call('POST', path, { body: 'hi', channel: 'call' });
      expect(asCall).toEqual({ status: 422, body: { detail: 'A call cannot be sent as a message' } });
      expect(w.db.thread(sms.id)).toHaveLength(length);
    });

    it('refuses a text in a call conversation (422), an unknown thread (404) and a non-uuid id (422)', async () => {
      const voice = byChannel('call');
      const length = w.db.thread(voice.id).length;
      for (const channel of ['sms', 'email', 'call']) {
        expect(await call('POST', `/conversations/${voice.id}/messages`, { body: 'hi', channel })).toEqual({
          status: 422,
          body: { detail: 'A call conversation cannot take a text message' },
        });
      }
      expect(w.db.thread(voice.id)).toHaveLength(length);
      expect(await call('POST', `/conversations/${UNKNOWN}/messages`, { body: 'hi', channel: 'sms' })).toEqual({ status: 404, body: { detail: 'Conversation not found' } });
      const malformed = await call('POST', '/conversations/42/messages', { body: 'hi', channel: 'sms' });
      expect(malformed.status).toBe(422);
      expect((malformed.body.detail as Json[])[0]).toMatchObject({ type: 'uuid_parsing', loc: ['path', 'conversation_id'] });
    });
  });

  describe('read, unread, star, archive, assign', () => {
    it('POST /read and /unread answer the conversation with unread_count 0 / at least 1 (a count is kept)', async () => {
      const waiting = conversations().find((c) => c.unreadCount > 1)!;
      expect(await call('POST', `/conversations/${waiting.id}/unread`)).toMatchObject({ status: 200, body: { id: waiting.id, unread_count: waiting.unreadCount } });
      const read1 = await call('POST', `/conversations/${waiting.id}/read`);
      expect(read1.status).toBe(200);
      expectConversationShape(read1.body);
      expect(read1.body.unread_count).toBe(0);
      expect(await call('POST', `/conversations/${waiting.id}/unread`)).toMatchObject({ status: 200, body: { unread_count: 1 } });
      expect((await read(`/conversations/${waiting.id}`)).unread_count).toBe(1);
      // The Unread view counts it.
      const counts = (await read('/conversations/views/counts')).items as Json[];
      const unreadView = w.db.views.find((v) => v.name === 'Unread')!;
      expect(counts.find((c) => c.view_id === unreadView.id)!.unread).toBe(conversations().filter((c) => w.db.inView(unreadView, c)).length);
      expect(await call('POST', `/conversations/${UNKNOWN}/read`)).toEqual({ status: 404, body: { detail: 'Conversation not found' } });
    });

    it('POST and DELETE /star set starred', async () => {
      const c = conversations().find((x) => !x.starred)!;
      expect(await call('POST', `/conversations/${c.id}/star`)).toMatchObject({ status: 200, body: { starred: true } });
      expect(await call('POST', `/conversations/${c.id}/star`)).toMatchObject({ status: 200, body: { starred: true } });
      expect((await read(`/conversations/${c.id}`)).starred).toBe(true);
      expect(await call('DELETE', `/conversations/${c.id}/star`)).toMatchObject({ status: 200, body: { starred: false } });
      expect((await read(`/conversations/${c.id}`)).starred).toBe(false);
      expect((await call('DELETE', `/conversations/${UNKNOWN}/star`)).status).toBe(404);
    });

    it('POST /archive {archived} moves the thread between the archived and active lists; validates the flag', async () => {
      const c = conversations().find((x) => !x.archived)!;
      expect(await call('POST', `/conversations/${c.id}/archive`, { archived: true })).toMatchObject({ status: 200, body: { archived: true } });
      const archivedIds = async (flag: boolean) => ((await read(`/conversations?archived=${flag}&limit=100`)).items as Json[]).map((i) => i.id);
      expect(await archivedIds(true)).toContain(c.id);
      expect(await archivedIds(false)).not.toContain(c.id);
      expect(await call('POST', `/conversations/${c.id}/archive`, { archived: 'false' })).toMatchObject({ status: 200, body: { archived: false } });
      expect(await archivedIds(false)).toContain(c.id);
      for (const [body, type] of [
        [{}, 'missing'],
        [{ archived: 'maybe' }, 'bool_parsing'],
        [{ archived: null }, 'bool_type'],
      ] as const) {
        const answer = await call('POST', `/conversations/${c.id}/archive`, body);
        expect(answer.status).toBe(422);
        expect((answer.body.detail as Json[])[0]).toMatchObject({ type, loc: ['body', 'archived'] });
      }
      expect(c.archived).toBe(false);
    });

    it('POST /assign {assigned_to} takes an org member or null; 422 detail for a non-member, 422 list for bad input', async () => {
      const c = conversations().find((x) => x.assignedTo === null)!;
      const dana = w.identities.dana;
      expect(await call('POST', `/conversations/${c.id}/assign`, { assigned_to: dana.toUpperCase() })).toMatchObject({ status: 200, body: { assigned_to: dana } });
      // scope=mine is the token's owner, dana.
      expect(((await read('/conversations?scope=mine&limit=100')).items as Json[]).map((i) => i.id)).toContain(c.id);
      const former = w.db.formerMembers[0]!.userId;
      expect(former).toMatch(UUID);
      expect(w.db.members.some((m) => m.userId === former)).toBe(false);
      expect(await call('POST', `/conversations/${c.id}/assign`, { assigned_to: former })).toEqual({
        status: 422,
        body: { detail: 'assigned_to is not a member of this organization' },
      });
      expect(c.assignedTo).toBe(dana);
      for (const [body, type] of [
        [{}, 'missing'],
        [{ assigned_to: 'bob' }, 'uuid_parsing'],
        [{ assigned_to: 7 }, 'uuid_type'],
      ] as const) {
        const answer = await call('POST', `/conversations/${c.id}/assign`, body);
        expect(answer.status).toBe(422);
        expect((answer.body.detail as Json[])[0]).toMatchObject({ type, loc: ['body', 'assigned_to'] });
      }
      expect(await call('POST', `/conversations/${c.id}/assign`, { assigned_to: null })).toMatchObject({ status: 200, body: { assigned_to: null } });
      expect((await read(`/conversations/${c.id}`)).assigned_to).toBeNull();
    });
  });

  describe('POST /conversations/{id}/suggestions/{activity_id}/send|dismiss', () => {
    it('send answers the outbound touchpoint the draft became and marks the draft sent; a second try is 409', async () => {
      const { c, a } = pendingDrafts().find((x) => x.c.channel !== 'call')!;
      const { status, body } = await call('POST', `/conversations/${c.id}/suggestions/${a.id}/send`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ conversation_id: c.id, kind: c.channel, direction: 'outbound', body: a.body });
      expect(body).not.toHaveProperty('status');
      expect(body.id).not.toBe(a.id);
      const thread = (await read(`/conversations/${c.id}/messages?limit=50`)).items as Json[];
      expect(thread[0]).toEqual(body);
      expect(thread.find((x) => x.id === a.id)).toMatchObject({ kind: 'suggestion', status: 'sent' });
      expect(await read(`/conversations/${c.id}`)).toMatchObject({ last_message_preview: a.body, last_activity_at: body.created_at, unread_count: 0 });
      expect(await call('POST', `/conversations/${c.id}/suggestions/${a.id}/send`)).toEqual({ status: 409, body: { detail: 'Suggestion is not pending (already sent)' } });
      expect(await call('POST', `/conversations/${c.id}/suggestions/${a.id}/dismiss`)).toEqual({ status: 409, body: { detail: 'Suggestion is not pending (already sent)' } });
    });

    it('a draft in a call thread goes out by SMS', async () => {
      const { c, a } = pendingDrafts().find((x) => x.c.channel === 'call')!;
      const { status, body } = await call('POST', `/conversations/${c.id}/suggestions/${a.id}/send`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ kind: 'sms', direction: 'outbound', body: a.body });
    });

    it('dismiss marks the draft dismissed and leaves the thread alone; 409 afterwards', async () => {
      const { c, a } = pendingDrafts()[0]!;
      const before = await read(`/conversations/${c.id}`);
      const length = w.db.thread(c.id).length;
      expect(await call('POST', `/conversations/${c.id}/suggestions/${a.id}/dismiss`)).toMatchObject({ status: 200, body: { id: a.id, kind: 'suggestion', status: 'dismissed' } });
      expect(w.db.thread(c.id)).toHaveLength(length);
      expect(await read(`/conversations/${c.id}`)).toEqual(before);
      expect(await call('POST', `/conversations/${c.id}/suggestions/${a.id}/send`)).toEqual({ status: 409, body: { detail: 'Suggestion is not pending (already dismissed)' } });
    });

    it('answers 404 for an unknown draft, a touchpoint, or a draft of another thread; 422 for a non-uuid', async () => {
      const [first, other] = pendingDrafts().filter((x, i, all) => all.findIndex((y) => y.c.id === x.c.id) === i);
      const { c, a } = first!;
      const touchpoint = w.db.thread(c.id).find((x) => x.kind !== 'suggestion')!;
      for (const id of [UNKNOWN, touchpoint.id, other!.a.id]) {
        expect(await call('POST', `/conversations/${c.id}/suggestions/${id}/send`)).toEqual({ status: 404, body: { detail: 'Suggestion not found' } });
        expect(await call('POST', `/conversations/${c.id}/suggestions/${id}/dismiss`)).toEqual({ status: 404, body: { detail: 'Suggestion not found' } });
      }
      expect(await call('POST', `/conversations/${UNKNOWN}/suggestions/${a.id}/send`)).toEqual({ status: 404, body: { detail: 'Conversation not found' } });
      const malformed = await call('POST', `/conversations/${c.id}/suggestions/draft-1/send`);
      expect(malformed.status).toBe(422);
      expect((malformed.body.detail as Json[])[0]).toMatchObject({ type: 'uuid_parsing', loc: ['path', 'activity_id'] });
      expect(a.status).toBe('pending');
    });

    it('the seeded data holds drafts already sent and dismissed (409 cases)', async () => {
      for (const status of ['sent', 'dismissed']) {
        const c = conversations().find((x) => w.db.thread(x.id).some((a) => a.kind === 'suggestion' && a.status === status))!;
        const draft = w.db.thread(c.id).find((a) => a.kind === 'suggestion' && a.status === status)!;
        expect(await call('POST', `/conversations/${c.id}/suggestions/${draft.id}/send`)).toEqual({
          status: 409,
          body: { detail: `Suggestion is not pending (already ${status})` },
        });
      }
    });
  });

  it('counts writes per route and applies the knobs to them (nothing changes on a 503)', async () => {
    w.server.resetCounts();
    const c = byChannel('email');
    const length = w.db.thread(c.id).length;
    w.server.setKnobs({ outage: true });
    try {
      const down = await call('POST', `/conversations/${c.id}/messages`, { body: 'hi', channel: 'email' });
      expect(down).toEqual({ status: 503, body: { detail: 'Service Unavailable' } });
    } finally {
      w.server.setKnobs({ outage: false });
    }
    expect(w.db.thread(c.id)).toHaveLength(length);
    await call('POST', `/conversations/${c.id}/read`);
    await call('DELETE', `/conversations/${c.id}/star`);
    expect(w.server.requestCounts().byRoute).toEqual({
      'POST /api/v1/conversations/:conversation_id/messages': 1,
      'POST /api/v1/conversations/:conversation_id/read': 1,
      'DELETE /api/v1/conversations/:conversation_id/star': 1,
    });
  });

  it('requires the same auth as the reads', async () => {
    const c = conversations()[0]!;
    const response = await fetch(`${w.server.url}${BASE}/conversations/${c.id}/read`, { method: 'POST', headers: { 'x-org-id': auth['x-org-id']! } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });
});
