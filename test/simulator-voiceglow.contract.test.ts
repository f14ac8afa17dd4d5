import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF } from '../simulators/common/people.js';
import { FUNNEL_STEPS } from '../simulators/voiceglow/db.js';
import { createVoiceglowSimulator } from '../simulators/voiceglow/index.js';
import type { VgConvoDoc, VgTurn } from '../simulators/voiceglow/types.js';

/** The simulator against UPSTREAMS.md § voiceglow and seed 003, over real HTTP. */

const NOW = new Date('2025-06-01T12:00:00.000Z');
const sim = createVoiceglowSimulator({ seed: 42, now: NOW });
const { agentId, workspaceSecret } = sim.sourceConfig as { agentId: string; workspaceSecret: string };
let base = '';

const AUTH = { authorization: `Bearer ${workspaceSecret}` };
const STATES = ['ai-chatting', 'requested_chat', 'human-chatting', 'ended_chat'];
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH_S = 31 * 24 * 3600;

async function call(path: string, headers: Record<string, string> = AUTH): Promise<{ status: number; body: Record<string, unknown>; headers: Headers; text: string }> {
  const response = await fetch(`${base}${path}`, { headers });
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

beforeAll(async () => {
  base = await sim.server.listen(0);
});

afterAll(async () => {
  await sim.server.close();
});

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
    for (const row of rows) {
      expect(typeof row.ID).toBe('string');
      expect(row.userID).toBe(row.ID);
      expectSeconds(row.ts);
      expectSeconds(row.lastMessageTS);
      expectSeconds(row.lastModified);
      expect(row.messagesNum as number).toBeGreaterThan(0);
      expect(typeof row.origin).toBe('string');
      expect(STATES).toContain(row.state);
      expect(Array.isArray(row.tags)).toBe(true);
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
      expect(doc).toEqual(record.doc);
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
    expect(paths).toEqual(
      expect.arrayContaining(['/v3/agents/{agentId}/convos', '/v3/agents/{agentId}/convos/{convoId}', '/v3/agents/{agentId}/convos/{convoId}/export']),
    );
  });

  it('counts requests per route and resets them', async () => {
    await fetch(`${base}/__admin/requests/reset`, { method: 'POST' });
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
    await fetch(`${base}/__admin/requests/reset`, { method: 'POST' });
    expect(((await call('/__admin/requests', {})).body as { total: number }).total).toBe(0);
  });

  async function setKnobs(knobs: Record<string, unknown>): Promise<number> {
    const response = await fetch(`${base}/__admin/knobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(knobs) });
    return response.status;
  }

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
    const reset = await fetch(`${base}/__admin/knobs/reset`, { method: 'POST' });
    expect(await reset.json()).toMatchObject({ latencyMs: 0, errorRate: 0, rateLimitBurst: 0, outage: false });
  });

  it('runs a second instance with its own seed and credentials side by side', async () => {
    const second = createVoiceglowSimulator({ seed: 'other', size: 12, now: NOW, workspaceSecret: 'second-secret', agentId: 'secondAgent' });
    const url = await second.server.listen(0);
    try {
      const own = await fetch(`${url}/v3/agents/secondAgent/convos`, { headers: { authorization: 'Bearer second-secret' } });
      expect(own.status).toBe(200);
      expect(((await own.json()) as { data: unknown[] }).data.length).toBe(12);
      const foreign = await fetch(`${url}/v3/agents/secondAgent/convos`, { headers: AUTH });
      expect(foreign.status).toBe(401);
      expect((await call(`/v3/agents/secondAgent/convos`)).status).toBe(403);
      expect(second.sourceConfig).toEqual({ workspaceSecret: 'second-secret', agentId: 'secondAgent' });
    } finally {
      await second.server.close();
    }
  });
});
