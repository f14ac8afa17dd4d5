import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF } from '../simulators/common/people.js';
import { createIronSimulator, type IronDb } from '../simulators/iron/index.js';
import type { Simulator } from '../simulators/common/simulator.js';

/** The Iron simulator against UPSTREAMS.md (iron): paths, envelopes, formats, paging, filters, errors, admin API. */

const NOW = new Date('2025-03-14T12:00:00.000Z');
const BASE = '/api/v1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Pydantic's rendering of a UTC timestamptz: microseconds and `Z`. */
const ISO_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

type Json = Record<string, unknown>;

let sim: Simulator<IronDb>;
let url: string;
let auth: Record<string, string>;

beforeAll(async () => {
  sim = createIronSimulator({ seed: 'contract', now: NOW });
  url = await sim.server.listen(0);
  auth = { authorization: `Bearer ${sim.sourceConfig.token}`, 'x-org-id': sim.sourceConfig.orgId! };
});

afterAll(async () => {
  await sim.server.close();
});

async function get(path: string, headers: Record<string, string> = auth): Promise<{ status: number; body: Json; headers: Headers }> {
  const response = await fetch(`${url}${path}`, { headers });
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
      expect(conversations.some((c) => (c.unreadCount > 0) === flag)).toBe(true);
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
      expect(Object.keys(activity).sort()).toEqual(
        ['ai_summary', 'body', 'conversation_id', 'created_at', 'direction', 'id', 'kind', 'provider_message_id', 'status'].sort(),
      );
      expect(activity.conversation_id).toBe(conversation.id);
      expect(activity.created_at).toMatch(ISO_MICROS);
      expect(['sms', 'email', 'call', 'note', 'suggestion']).toContain(activity.kind);
      expect(['inbound', 'outbound']).toContain(activity.direction);
      if (activity.kind === 'suggestion') expect(['pending', 'sent', 'dismissed']).toContain(activity.status);
      else expect(activity.status).toBeNull();
    }
    expect(items[0]).toMatchObject({ kind: 'suggestion', status: 'pending', provider_message_id: null });

    // Calls within the newest 50 activities of their thread, answered and missed.
    const calls = [...sim.db.conversations.values()]
      .flatMap((c) => [...sim.db.thread(c.id)].reverse().slice(0, 50))
      .filter((a) => a.kind === 'call');
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
        '/api/v1/org/members',
      ].sort(),
    );
  });

  it('counts requests per route and resets them', async () => {
    await fetch(`${url}/__admin/requests/reset`, { method: 'POST' });
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
    await fetch(`${url}/__admin/requests/reset`, { method: 'POST' });
    expect((await get('/__admin/requests', {})).body).toEqual({ total: 0, byRoute: {} });
  });

  it('turns knobs into Iron errors: 429 bursts, 503 outage, 500 error rate, latency; reset restores', async () => {
    const knobs = async (body: Json) =>
      fetch(`${url}/__admin/knobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

    expect((await knobs({ rateLimitBurst: 2, rateLimitRetryAfter: 3 })).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const limited = await get(`${BASE}/conversations?limit=1`);
      expect(limited.status).toBe(429);
      expect(limited.body).toEqual({ detail: 'Too Many Requests' });
      expect(limited.headers.get('retry-after')).toBe('3');
    }
    expect((await get(`${BASE}/conversations?limit=1`)).status).toBe(200);

    await knobs({ outage: true });
    const down = await get(`${BASE}/conversations?limit=1`);
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ detail: 'Service Unavailable' });

    await knobs({ outage: false, errorRate: 1 });
    const failing = await get(`${BASE}/conversations?limit=1`);
    expect(failing.status).toBe(500);
    expect(failing.body).toEqual({ detail: 'Internal Server Error' });

    await knobs({ errorRate: 0, latencyMs: 5 });
    expect((await get('/__admin/knobs', {})).body).toMatchObject({ latencyMs: 5, errorRate: 0, outage: false });
    expect((await get(`${BASE}/conversations?limit=1`)).status).toBe(200);

    expect((await knobs({ latencyMs: -1 })).status).toBe(400);
    await fetch(`${url}/__admin/knobs/reset`, { method: 'POST' });
    expect((await get('/__admin/knobs', {})).body).toEqual({
      latencyMs: 0,
      jitterMs: 0,
      errorRate: 0,
      rateLimitBurst: 0,
      rateLimitRetryAfter: null,
      outage: false,
    });
  });

  it('dumps the live data under /__admin/data', async () => {
    const { body } = await get('/__admin/data', {});
    expect(body.orgId).toBe(sim.sourceConfig.orgId);
    expect((body.conversations as Json[]).length).toBe(60);
  });
});
