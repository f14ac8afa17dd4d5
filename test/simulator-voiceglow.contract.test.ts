import { describe, expect, it } from 'vitest';
import { STAFF } from '../simulators/common/people.js';
import { FUNNEL_STEPS } from '../simulators/voiceglow/db.js';
import { createVoiceglowSimulator } from '../simulators/voiceglow/index.js';
import type { VgConvoDoc, VgTurn } from '../simulators/voiceglow/types.js';
import { serveSimulator, whileServing } from './support/platform-harness.js';
import { SimulatorAdmin } from './support/simulator-admin.js';

/** The simulator against UPSTREAMS.md § voiceglow and seed 003, over real HTTP. */

const NOW = new Date('2025-06-01T12:00:00.000Z');
const sim = serveSimulator(createVoiceglowSimulator({ seed: 42, now: NOW }));
const { agentId, workspaceSecret } = sim.sourceConfig as { agentId: string; workspaceSecret: string };
const admin = new SimulatorAdmin(sim.server);

const AUTH = { authorization: `Bearer ${workspaceSecret}` };
const STATES = ['ai-chatting', 'requested_chat', 'human-chatting', 'ended_chat'];
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH_S = 31 * 24 * 3600;

async function call(path: string, headers: Record<string, string> = AUTH): Promise<{ status: number; body: Record<string, unknown>; headers: Headers; text: string }> {
  const response = await fetch(`${sim.server.url}${path}`, { headers });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // CSV and other text answers: the test reads `text`.
  }
  return { status: response.status, body, headers: response.headers, text };
}

const convos = (query = ''): string => `/v3/agents/${agentId}/convos${query}`;

/** Asserts a unix-seconds value within the simulated month before NOW. */
function expectSeconds(value: unknown): void {
  expect(Number.isInteger(value)).toBe(true);
  const s = value as number;
  expect(s).toBeLessThanOrEqual(Math.floor(NOW.getTime() / 1000));
  expect(s).toBeGreaterThan(Math.floor(NOW.getTime() / 1000) - MONTH_S);
}

function expectMillis(value: unknown): void {
  expect(Number.isInteger(value)).toBe(true);
  const ms = value as number;
  expect(ms).toBeGreaterThan(NOW.getTime() - MONTH_S * 1000);
  expect(ms).toBeLessThanOrEqual(NOW.getTime() + 3600_000);
}

function expectError(response: { status: number; body: Record<string, unknown> }, status: number, code: string): void {
  expect(response.status).toBe(status);
  expect(response.body.success).toBe(false);
  expect(typeof response.body.message).toBe('string');
  expect((response.body.message as string).length).toBeGreaterThan(0);
  expect(response.body.code).toBe(code);
}

describe('auth and errors', () => {
  it('answers 401 UNAUTHORIZED in the envelope for a missing, wrong or non-bearer credential', async () => {
    expectError(await call(convos(), {}), 401, 'UNAUTHORIZED');
    expectError(await call(convos(), { authorization: 'Bearer nope' }), 401, 'UNAUTHORIZED');
    expectError(await call(convos(), { authorization: workspaceSecret }), 401, 'UNAUTHORIZED');
  });

  it('answers 403 FORBIDDEN for an agent the workspace does not own', async () => {
    expectError(await call('/v3/agents/someone-elses-agent/convos'), 403, 'FORBIDDEN');
  });

  it('answers 404 NOT_FOUND with the envelope for an unknown convo and an unknown path', async () => {
    const missing = await call(convos('/no-such-convo'));
    expectError(missing, 404, 'NOT_FOUND');
    expect(missing.body.message).toBe('Conversation not found');
    expectError(await call(convos('/no-such-convo/export?format=json')), 404, 'NOT_FOUND');
    expectError(await call('/v3/nothing-here'), 404, 'NOT_FOUND');
  });
});

describe('GET /v3/agents/{agentId}/convos', () => {
  it('serves the envelope with data, hasMore and nextCursor, 20 rows by default', async () => {
    const { status, body } = await call(convos());
    expect(status).toBe(200);
    expect(body.success).toBe(true);
    expect(typeof body.message).toBe('string');
    expect(Array.isArray(body.data)).toBe(true);
    expect((body.data as unknown[]).length).toBe(20);
    expect(body.hasMore).toBe(true);
    expect(typeof body.nextCursor).toBe('string');
  });

  it('caps limit at 20 and honours smaller limits', async () => {
    expect(((await call(convos('?limit=100'))).body.data as unknown[]).length).toBe(20);
    expect(((await call(convos('?limit=5'))).body.data as unknown[]).length).toBe(5);
    expect(((await call(convos('?limit=5&page=1'))).body.data as unknown[]).length).toBe(5);
  });

  it('rejects a bad limit, page>1 without a cursor and a forged cursor with 400 BAD_REQUEST', async () => {
    expectError(await call(convos('?limit=0')), 400, 'BAD_REQUEST');
    expectError(await call(convos('?limit=abc')), 400, 'BAD_REQUEST');
    expectError(await call(convos('?page=2')), 400, 'BAD_REQUEST');
    expectError(await call(convos('?cursor=not-a-cursor')), 400, 'BAD_REQUEST');
  });

  it('walks every non-empty conversation exactly once, newest activity first', async () => {
    const seen: Array<{ ID: string; lastMessageTS: number }> = [];
    let cursor: string | null = null;
    let calls = 0;
    do {
      const { body }: { body: Record<string, unknown> } = await call(convos(`?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
      calls++;
      seen.push(...(body.data as Array<{ ID: string; lastMessageTS: number }>));
      cursor = body.hasMore ? (body.nextCursor as string) : null;
      if (!body.hasMore) expect(body.nextCursor).toBeNull();
    } while (cursor !== null);

    const nonEmpty = [...sim.db.convos.values()].filter((record) => record.doc.messagesNum > 0).map((record) => record.doc.ID);
    expect(seen.length).toBe(nonEmpty.length);
    expect(new Set(seen.map((row) => row.ID)).size).toBe(seen.length);
    expect(new Set(seen.map((row) => row.ID))).toEqual(new Set(nonEmpty));
    expect(calls).toBe(Math.ceil(nonEmpty.length / 7));
    for (let i = 1; i < seen.length; i++) {
      const [a, b] = [seen[i - 1]!, seen[i]!];
      expect(a.lastMessageTS > b.lastMessageTS || (a.lastMessageTS === b.lastMessageTS && a.ID < b.ID)).toBe(true);
    }
    // Empty convos (no message yet) exist but are never listed.
    const empty = [...sim.db.convos.values()].filter((record) => record.doc.messagesNum === 0);
    expect(empty.length).toBeGreaterThan(0);
    for (const record of empty) expect(seen.some((row) => row.ID === record.doc.ID)).toBe(false);
  });

  it('lists light rows: ids, contact, origin, state, tags, assignee and second timestamps, no CRM fields', async () => {
    const rows = (await call(convos())).body.data as Array<Record<string, unknown>>;
    // A convo never tagged has no `tags` at all (the document carries only the fields set).
    expect(rows.some((row) => !('tags' in row))).toBe(true);
    for (const row of rows) {
      expect(typeof row.ID).toBe('string');
      expect(row.userID).toBe(row.ID);
      expectSeconds(row.ts);
      expectSeconds(row.lastMessageTS);
      expectSeconds(row.lastModified);
      expect(row.messagesNum as number).toBeGreaterThan(0);
      expect(typeof row.origin).toBe('string');
      expect(STATES).toContain(row.state);
      const tags = sim.db.get(row.ID as string)!.doc.tags;
      if (tags.length > 0) expect(row.tags).toEqual(tags);
      else expect(row).not.toHaveProperty('tags');
      for (const key of ['title', 'lastMessage', 'value', 'currency', 'crmActivities', 'crmAlerts', 'leadScore', 'lastViewed', 'funnelStepsMatched']) {
        expect(row).not.toHaveProperty(key);
      }
      if (row.assignedTo) {
        const assignedTo = row.assignedTo as Record<string, unknown>;
        expect(Object.values(sim.identities)).toContain(assignedTo.userId);
        expect(assignedTo.assignedAt).toMatch(ISO);
      }
    }
  });
});

describe('GET /v3/agents/{agentId}/convos/{convoId}', () => {
  it('serves the full lead/convo document with its mixed timestamp formats', async () => {
    for (const record of sim.db.listed().slice(0, 25)) {
      const { status, body } = await call(convos(`/${record.doc.ID}`));
      expect(status).toBe(200);
      expect(body.success).toBe(true);
      const doc = body.data as VgConvoDoc;
      // The stored document, but a list field never written (empty) is absent.
      const written = Object.fromEntries(Object.entries(record.doc).filter(([, value]) => !(Array.isArray(value) && value.length === 0)));
      expect(doc).toEqual(written);
      doc.handoffHistory ??= [];
      doc.crmActivities ??= [];
      doc.funnelStepsMatched ??= [];
      expectSeconds(doc.ts);
      expectSeconds(doc.firstMessageTS);
      expectSeconds(doc.lastMessageTS);
      expect(STATES).toContain(doc.state);
      if (doc.lastViewed !== undefined) expectMillis(doc.lastViewed);
      if (doc.humanClaimedAt !== undefined) expectMillis(doc.humanClaimedAt);
      if (doc.funnelLastEvaluated !== undefined) expectMillis(doc.funnelLastEvaluated);
      for (const handoff of doc.handoffHistory) expectMillis(handoff.requestedAt);
      if (doc.expectedCloseDate !== undefined) expect(doc.expectedCloseDate).toMatch(ISO_DATE);
      if (doc.lastActivityDate !== undefined) expect(doc.lastActivityDate).toMatch(ISO);
      if (doc.assignedTo) expect(doc.assignedTo.assignedAt).toMatch(ISO);
      if (doc.value !== undefined) expect(typeof doc.currency).toBe('string');
      for (const activity of doc.crmActivities) {
        expect(activity.date).toMatch(ISO);
        expect(activity.dueDate).toMatch(ISO);
        expect(typeof activity.completed).toBe('boolean');
      }
      expect(doc.leadScore).toBe(doc.funnelStepsMatched.reduce((sum, step) => sum + (FUNNEL_STEPS[step] ?? 0), 0));
    }
  });

  it('keeps crmAlerts.overdueActivity true exactly when an open activity is past due', () => {
    for (const { doc } of sim.db.convos.values()) {
      if (!doc.crmAlerts) continue;
      const overdue = doc.crmActivities.some((a) => !a.completed && Date.parse(a.dueDate!) < NOW.getTime());
      expect(doc.crmAlerts.overdueActivity).toBe(overdue);
    }
  });
});

describe('GET /v3/agents/{agentId}/convos/{convoId}/export', () => {
  it('exports the transcript as turns whose readable messages match the document', async () => {
    for (const record of sim.db.listed().slice(0, 20)) {
      const { status, body } = await call(convos(`/${record.doc.ID}/export?format=json`));
      expect(status).toBe(200);
      expect(body.success).toBe(true);
      const turns = (body.data as { turns: VgTurn[] }).turns;
      expect(turns).toEqual(record.turns);
      for (const turn of turns) {
        expect(['human', 'bot', 'system']).toContain(turn.from);
        expectMillis(turn.ts);
        for (const message of turn.messages) {
          expect(typeof message.type).toBe('string');
          expect(typeof message.item.payload).toBe('object');
          expectMillis(message.ts);
        }
      }
      const readable = turns.flatMap((turn) => turn.messages).filter((message) => message.type !== 'launch');
      expect(readable.length).toBe(record.doc.messagesNum);
      const times = readable.map((message) => message.ts);
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      expect(Math.floor(times[times.length - 1]! / 1000)).toBe(record.doc.lastMessageTS);
    }
  });

  it('serves CSV on format=csv and rejects other formats', async () => {
    const id = sim.db.listed()[0]!.doc.ID;
    const csv = await call(convos(`/${id}/export?format=csv`));
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text.split('\n')[0]).toBe('ts,from,type,message');
    expectError(await call(convos(`/${id}/export?format=xml`)), 400, 'BAD_REQUEST');
  });
});

describe('seeded data', () => {
  const docs = [...sim.db.convos.values()].filter((record) => record.doc.messagesNum > 0).map((record) => record.doc);

  it('covers every state crossed with every assignment (each staff member and nobody)', () => {
    const ids = Object.values(sim.identities);
    expect(ids.length).toBe(STAFF.length);
    for (const state of STATES) {
      const ofState = docs.filter((doc) => doc.state === state);
      expect(ofState.length).toBeGreaterThan(0);
      for (const id of ids) expect(ofState.some((doc) => doc.assignedTo?.userId === id)).toBe(true);
      if (state !== 'human-chatting') expect(ofState.some((doc) => !doc.assignedTo)).toBe(true);
    }
    // A teammate chatting as a human has always claimed the chat.
    for (const doc of docs.filter((d) => d.state === 'human-chatting')) expect(doc.chatAssignedTo).toBe(doc.assignedTo?.userId);
  });

  it('has shared tags, read and unread conversations, short and long threads, overdue, lost and anonymous leads', () => {
    const tagUse = new Map<string, number>();
    for (const doc of docs) for (const tag of doc.tags) tagUse.set(tag, (tagUse.get(tag) ?? 0) + 1);
    expect([...tagUse.values()].filter((n) => n >= 2).length).toBeGreaterThanOrEqual(3);
    const unread = docs.filter((doc) => doc.lastViewed === undefined || doc.lastViewed < doc.lastMessageTS! * 1000);
    expect(unread.length).toBeGreaterThan(5);
    expect(docs.length - unread.length).toBeGreaterThan(5);
    expect(docs.filter((doc) => doc.messagesNum > 30).length).toBeGreaterThanOrEqual(5);
    expect(docs.some((doc) => doc.messagesNum === 1)).toBe(true);
    expect(Math.max(...docs.map((doc) => doc.messagesNum))).toBeLessThanOrEqual(45);
    expect(docs.filter((doc) => doc.crmAlerts?.overdueActivity).length).toBeGreaterThan(2);
    expect(docs.some((doc) => doc.lostReason)).toBe(true);
    expect(docs.some((doc) => !doc.userName && !doc.userEmail)).toBe(true);
    expect(docs.some((doc) => doc.currency === 'usd')).toBe(true);
    expect(docs.length).toBe(60);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const again = createVoiceglowSimulator({ seed: 42, now: NOW });
    const other = createVoiceglowSimulator({ seed: 43, now: NOW });
    expect(again.db.dump()).toEqual(sim.db.dump());
    expect(other.db.dump()).not.toEqual(sim.db.dump());
    expect(other.identities).toEqual(sim.identities);
  });
});

describe('openapi and admin API', () => {
  it('lists the read routes in GET /openapi.json', async () => {
    const { status, body } = await call('/openapi.json', {});
    expect(status).toBe(200);
    const paths = Object.keys(body.paths as Record<string, unknown>);
    expect(paths).toEqual(expect.arrayContaining(['/v3/agents/{agentId}/convos', '/v3/agents/{agentId}/convos/{convoId}', '/v3/agents/{agentId}/convos/{convoId}/export']));
  });

  it('counts requests per route and resets them', async () => {
    await admin.resetRequestCounts();
    const id = sim.db.listed()[0]!.doc.ID;
    await call(convos());
    await call(convos('?limit=3'));
    await call(convos(`/${id}`));
    await call(convos(`/${id}/export?format=json`));
    await call(convos(), {});
    const counts = (await call('/__admin/requests', {})).body as { total: number; byRoute: Record<string, number> };
    expect(counts.byRoute).toEqual({
      'GET /v3/agents/:agentId/convos': 3,
      'GET /v3/agents/:agentId/convos/:convoId': 1,
      'GET /v3/agents/:agentId/convos/:convoId/export': 1,
    });
    expect(counts.total).toBe(5);
    await admin.resetRequestCounts();
    expect(((await call('/__admin/requests', {})).body as { total: number }).total).toBe(0);
  });

  const setKnobs = async (knobs: Record<string, unknown>): Promise<number> => (await admin.setKnobs(knobs)).status;

  it('applies the knobs: 429 burst with Retry-After, outage 503, errorRate 500, latency, reset', async () => {
    expect(await setKnobs({ rateLimitBurst: 2, rateLimitRetryAfter: 7 })).toBe(200);
    for (let i = 0; i < 2; i++) {
      const limited = await call(convos());
      expectError(limited, 429, 'TOO_MANY_REQUESTS');
      expect(limited.headers.get('retry-after')).toBe('7');
    }
    expect((await call(convos())).status).toBe(200);

    expect(await setKnobs({ outage: true })).toBe(200);
    expectError(await call(convos()), 503, 'SERVICE_UNAVAILABLE');
    expect(await setKnobs({ outage: false, errorRate: 1 })).toBe(200);
    expectError(await call(convos()), 500, 'INTERNAL_SERVER_ERROR');

    expect(await setKnobs({ errorRate: 0, latencyMs: 25 })).toBe(200);
    expect(((await call('/__admin/knobs', {})).body as { latencyMs: number }).latencyMs).toBe(25);
    expect((await call(convos())).status).toBe(200);

    expect(await setKnobs({ nonsense: 1 })).toBe(400);
    const reset = await admin.resetKnobs();
    expect(reset.body).toMatchObject({ latencyMs: 0, errorRate: 0, rateLimitBurst: 0, outage: false });
  });

  it('runs a second instance with its own seed and credentials side by side', async () => {
    const second = createVoiceglowSimulator({ seed: 'other', size: 12, now: NOW, workspaceSecret: 'second-secret', agentId: 'secondAgent' });
    await whileServing(second, async (url) => {
      const own = await fetch(`${url}/v3/agents/secondAgent/convos`, { headers: { authorization: 'Bearer second-secret' } });
      expect(own.status).toBe(200);
      expect(((await own.json()) as { data: unknown[] }).data.length).toBe(12);
      const foreign = await fetch(`${url}/v3/agents/secondAgent/convos`, { headers: AUTH });
      expect(foreign.status).toBe(401);
      expect((await call(`/v3/agents/secondAgent/convos`)).status).toBe(403);
      expect(second.sourceConfig).toEqual({ workspaceSecret: 'second-secret', agentId: 'secondAgent' });
    });
  });
});

/**
 * The write endpoints, on an instance of their own (so the read contract above sees the seeded
 * data untouched): request validation, statuses, error bodies and the state later reads show.
 */
describe('write endpoints', () => {
  const w = serveSimulator(createVoiceglowSimulator({ seed: 42, now: NOW }));
  const wAdmin = new SimulatorAdmin(w.server);
  const path = (suffix = ''): string => `/v3/agents/${agentId}/convos${suffix}`;

  async function send(method: 'PATCH' | 'POST', suffix: string, body: unknown, headers: Record<string, string> = AUTH): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${w.server.url}${path(suffix)}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function read(suffix: string): Promise<Record<string, unknown>> {
    const response = await fetch(`${w.server.url}${path(suffix)}`, { headers: AUTH });
    return (await response.json()) as Record<string, unknown>;
  }

  async function listRow(id: string): Promise<Record<string, unknown> | undefined> {
    let cursor: string | null = null;
    do {
      const page = await read(`?limit=20${cursor ? `&cursor=${cursor}` : ''}`);
      const row = (page.data as Record<string, unknown>[]).find((item) => item.ID === id);
      if (row) return row;
      cursor = page.hasMore ? (page.nextCursor as string) : null;
    } while (cursor);
    return undefined;
  }

  function expectInvalid(response: { status: number; body: Record<string, unknown> }, path: (string | number)[]): void {
    expectError(response, 400, 'BAD_REQUEST');
    expect(response.body.message).toBe('Input validation failed');
    const issues = response.body.issues as { path: (string | number)[]; message: string }[];
    expect(issues.some((issue) => JSON.stringify(issue.path) === JSON.stringify(path))).toBe(true);
  }

  it('PATCH {conversation:{state, tags, lead fields}} answers {success, message} and later reads show it', async () => {
    const record = w.db.listed().find((r) => r.doc.tags.length >= 2 && r.doc.notes !== undefined)!;
    const id = record.doc.ID;
    const before = structuredClone(record.doc);
    const turns = structuredClone(record.turns);
    const response = await send('PATCH', `/${id}`, { conversation: { state: 'ended_chat', tags: ['renewal'], notes: null, value: 1200, currency: 'EUR' } });
    expect(response).toEqual({ status: 200, body: { success: true, message: 'Conversation updated successfully' } });

    const doc = (await read(`/${id}`)).data as VgConvoDoc;
    // Arrays replace (the old tags are gone), null removes, the rest is untouched.
    expect(doc).toMatchObject({ state: 'ended_chat', tags: ['renewal'], value: 1200, currency: 'EUR', userName: before.userName });
    expect(doc.notes).toBeUndefined();
    expect(doc.lastModified).toBeGreaterThanOrEqual(Math.floor(NOW.getTime() / 1000));
    expect(doc.lastModified).toBeGreaterThanOrEqual(before.lastModified);
    // No transcript turn: the message fields and the export stay as they were.
    expect({ lastMessageTS: doc.lastMessageTS, messagesNum: doc.messagesNum, lastMessage: doc.lastMessage }).toEqual({
      lastMessageTS: before.lastMessageTS,
      messagesNum: before.messagesNum,
      lastMessage: before.lastMessage,
    });
    expect(((await read(`/${id}/export?format=json`)).data as { turns: VgTurn[] }).turns).toEqual(turns);
    if (doc.crmAlerts) expect(doc.crmAlerts).toMatchObject({ responded: false, newHandoffAssigned: false });
    expect(await listRow(id)).toMatchObject({ state: 'ended_chat', tags: ['renewal'], lastMessageTS: before.lastMessageTS });
  });

  it('PATCH {assignedTo: null, chatAssignedTo: null} clears the assignee in the document and the list row', async () => {
    const record = w.db.listed().find((r) => r.doc.chatAssignedTo !== undefined && r.doc.state === 'human-chatting')!;
    const id = record.doc.ID;
    expect((await send('PATCH', `/${id}`, { conversation: { assignedTo: null, chatAssignedTo: null } })).status).toBe(200);
    const doc = (await read(`/${id}`)).data as VgConvoDoc;
    expect(doc.assignedTo).toBeUndefined();
    expect(doc.chatAssignedTo).toBeUndefined();
    expect(doc.state).toBe('human-chatting');
    const row = (await listRow(id))!;
    expect(row.assignedTo).toBeUndefined();
    expect(row.chatAssignedTo).toBeUndefined();
  });

  it('PATCH rejects invalid input with 400 BAD_REQUEST and its issues, before looking the convo up, changing nothing', async () => {
    const id = w.db.listed()[0]!.doc.ID;
    const before = structuredClone(w.db.get(id)!.doc);
    expectInvalid(await send('PATCH', `/${id}`, { conversation: { state: 'closed' } }), ['conversation', 'state']);
    expectInvalid(await send('PATCH', `/${id}`, { conversation: { tags: 'vip' } }), ['conversation', 'tags']);
    expectInvalid(await send('PATCH', `/${id}`, { conversation: { tags: ['ok', '  '] } }), ['conversation', 'tags', 1]);
    expectInvalid(await send('PATCH', `/${id}`, { conversation: { tags: ['x'.repeat(51)] } }), ['conversation', 'tags', 0]);
    expectInvalid(await send('PATCH', `/${id}`, { conversation: { assignedTo: { userId: 'someone' } } }), ['conversation', 'assignedTo']);
    expectInvalid(await send('PATCH', `/${id}`, { conversation: { ID: 'other' } }), ['conversation']);
    expectInvalid(await send('PATCH', `/${id}`, { state: 'ended_chat' }), ['conversation']);
    expectInvalid(await send('PATCH', `/${id}`, 'not json'), []);
    expectInvalid(await send('PATCH', '/no-such-convo', { conversation: { state: 'closed' } }), ['conversation', 'state']);
    expect(w.db.get(id)!.doc).toEqual(before);
  });

  it('PATCH answers 404 NOT_FOUND for an unknown convo, 403 for a foreign agent, 401 without the secret', async () => {
    const missing = await send('PATCH', '/no-such-convo', { conversation: { state: 'ended_chat' } });
    expectError(missing, 404, 'NOT_FOUND');
    expect(missing.body.message).toBe('Conversation not found');
    const id = w.db.listed()[0]!.doc.ID;
    const foreign = await fetch(`${w.server.url}/v3/agents/someone-elses-agent/convos/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...AUTH },
      body: JSON.stringify({ conversation: { state: 'ended_chat' } }),
    });
    expect(foreign.status).toBe(403);
    expectError(await send('PATCH', `/${id}`, { conversation: { state: 'ended_chat' } }, {}), 401, 'UNAUTHORIZED');
    expect(w.db.get(id)!.doc.state).not.toBe('ended_chat');
  });

  it('POST /assign {assignToUserId, delegatedBy} answers the assigned user and later reads show the assignee', async () => {
    const record = w.db.listed().find((r) => r.doc.state === 'human-chatting' && r.doc.chatAssignedTo !== undefined)!;
    const id = record.doc.ID;
    const dana = w.db.userById(w.identities.dana)!;
    const alice = w.identities.alice;
    const response = await send('POST', `/${id}/assign`, { assignToUserId: dana.userId, delegatedBy: alice });
    expect(response).toEqual({
      status: 200,
      body: { success: true, message: 'Conversation assigned successfully', assignedUser: { id: dana.userId, name: dana.name, email: dana.email } },
    });
    const doc = (await read(`/${id}`)).data as VgConvoDoc;
    expect(doc.assignedTo).toEqual({ userId: dana.userId, name: dana.name, email: dana.email, assignedAt: expect.stringMatching(ISO) });
    expect(Date.parse(doc.assignedTo!.assignedAt)).toBeGreaterThanOrEqual(NOW.getTime());
    // The claimed live chat is delegated with it.
    expect(doc.chatAssignedTo).toBe(dana.userId);
    expect(doc.delegatedBy).toBe(alice);
    expectMillis(doc.delegatedAt);
    expect((await listRow(id))!.assignedTo).toMatchObject({ userId: dana.userId, name: dana.name });

    // Without delegatedBy: a plain assignment, the old delegation is gone; an unclaimed chat stays unclaimed.
    const unclaimed = w.db.listed().find((r) => r.doc.chatAssignedTo === undefined)!;
    const bob = w.db.userById(w.identities.bob)!;
    expect((await send('POST', `/${unclaimed.doc.ID}/assign`, { assignToUserId: bob.userId })).status).toBe(200);
    const plain = (await read(`/${unclaimed.doc.ID}`)).data as VgConvoDoc;
    expect(plain.assignedTo).toMatchObject({ userId: bob.userId, photoUrl: bob.photoUrl });
    expect(plain.chatAssignedTo).toBeUndefined();
    expect(plain.delegatedBy).toBeUndefined();
  });

  it('POST /assign: 400 for invalid input, 400 "not a member" for a former or unknown user, 404 for an unknown convo', async () => {
    const id = w.db.listed()[2]!.doc.ID;
    const before = structuredClone(w.db.get(id)!.doc);
    expectInvalid(await send('POST', `/${id}/assign`, {}), ['assignToUserId']);
    expectInvalid(await send('POST', `/${id}/assign`, { assignToUserId: '' }), ['assignToUserId']);
    expectInvalid(await send('POST', `/${id}/assign`, { assignToUserId: 42 }), ['assignToUserId']);
    expectInvalid(await send('POST', `/${id}/assign`, { assignToUserId: w.identities.bob, note: 'x' }), []);

    // A seeded record names someone who has left the workspace: assigning to them is refused.
    const former = w.db.formerUsers[0]!.userId;
    expect([...w.db.convos.values()].some((r) => r.doc.delegatedBy === former)).toBe(true);
    for (const userId of [former, 'no-such-user']) {
      const refused = await send('POST', `/${id}/assign`, { assignToUserId: userId });
      expectError(refused, 400, 'BAD_REQUEST');
      expect(refused.body.message).toBe('User is not a member of this workspace');
    }
    expectError(await send('POST', '/no-such-convo/assign', { assignToUserId: w.identities.bob }), 404, 'NOT_FOUND');
    expect(w.db.get(id)!.doc).toEqual(before);
  });

  it('lists the write routes in GET /openapi.json and counts them per route', async () => {
    const openapi = (await (await fetch(`${w.server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(openapi.paths['/v3/agents/{agentId}/convos/{convoId}']!)).toEqual(expect.arrayContaining(['get', 'patch']));
    expect(Object.keys(openapi.paths['/v3/agents/{agentId}/convos/{convoId}/assign']!)).toEqual(['post']);
    await wAdmin.resetRequestCounts();
    const id = w.db.listed()[0]!.doc.ID;
    await send('PATCH', `/${id}`, { conversation: { tags: ['vip'] } });
    await send('POST', `/${id}/assign`, { assignToUserId: w.identities.carol });
    const counts = await wAdmin.requestCounts();
    expect(counts.byRoute).toEqual({ 'PATCH /v3/agents/:agentId/convos/:convoId': 1, 'POST /v3/agents/:agentId/convos/:convoId/assign': 1 });
  });
});
