import { describe, expect, it, onTestFinished } from 'vitest';
import { fixtures } from '../simulators/common/people.js';
import type { Simulator } from '../simulators/common/simulator.js';
import { createIronSimulator, IronLiveError, type IronDb } from '../simulators/iron/index.js';
import type { IronChannel, IronConversation } from '../simulators/iron/records.js';
import { CALL_SUMMARIES } from '../simulators/iron/seed.js';
import { SimulatorAdmin } from './support/simulator-admin.js';
import { WebhookReceiver } from './support/webhook-receiver.js';

/**
 * The Iron simulator's live traffic: injected inbound messages and AI drafts, in process and over
 * the admin API, seen in Iron's own reads (thread, list order, unread, pending drafts) the way a
 * poller reading the first list page newest first sees them. Iron sends no webhooks.
 */

const NOW = new Date('2025-03-14T12:00:00.000Z');
const BASE = '/api/v1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

type Json = Record<string, unknown>;

interface Running {
  sim: Simulator<IronDb>;
  url: string;
  /** An Iron read (authenticated). */
  read(path: string): Promise<Json>;
  /** An admin call: status and JSON body. */
  admin(path: string, body?: unknown): Promise<{ status: number; body: Json }>;
  /** Iron's first list page, newest first. */
  firstPage(limit?: number): Promise<Json[]>;
  /** A thread's newest activities, newest first. */
  thread(id: string, limit?: number): Promise<Json[]>;
}

/** An Iron simulator listening for the current test only. */
async function start(seed = 'live'): Promise<Running> {
  const sim = createIronSimulator({ seed, now: NOW });
  const url = await sim.server.listen(0);
  onTestFinished(() => sim.server.close());
  const auth = { authorization: `Bearer ${sim.sourceConfig.token}`, 'x-org-id': sim.sourceConfig.orgId! };
  const read = async (path: string): Promise<Json> => {
    const response = await fetch(`${url}${BASE}${path}`, { headers: auth });
    expect(response.status).toBe(200);
    return (await response.json()) as Json;
  };
  const admin = new SimulatorAdmin(sim.server);
  return {
    sim,
    url,
    read,
    admin: (path, body) => admin.post<Json>(path, body),
    firstPage: async (limit = 25) => (await read(`/conversations?limit=${limit}`)).items as Json[],
    thread: async (id, limit = 25) => (await read(`/conversations/${id}/messages?limit=${limit}`)).items as Json[],
  };
}

const at = (iso: unknown): number => Date.parse(iso as string);

/** An open thread of a channel that is not already the list head. */
function openThread(sim: Simulator<IronDb>, channel: IronChannel, where: (c: IronConversation) => boolean = () => true): IronConversation {
  const head = sim.db.inListOrder()[0]!;
  const c = [...sim.db.conversations.values()].find((x) => x.channel === channel && !x.archived && x.id !== head.id && where(x));
  if (!c) throw new Error(`no open ${channel} thread`);
  return c;
}

function pendingDraftIds(thread: Json[]): string[] {
  return thread.filter((a) => a.kind === 'suggestion' && a.status === 'pending').map((a) => a.id as string);
}

/** What a poller sees: the first page's threads whose last activity is newer than its watermark, newest first. */
async function changedSince(r: Running, watermark: number): Promise<string[]> {
  return (await r.firstPage()).filter((c) => at(c.last_activity_at) > watermark).map((c) => c.id as string);
}

async function watermarkOf(r: Running): Promise<number> {
  return Math.max(...(await r.firstPage()).map((c) => at(c.last_activity_at)));
}

describe('live.injectInboundMessage (in process)', () => {
  it('adds an inbound sms / email / call touchpoint in the thread channel: newest activity, preview, last_activity_at, unread +1, list head', async () => {
    const r = await start();
    for (const channel of ['sms', 'email', 'call'] as const) {
      const c = openThread(r.sim, channel);
      const before = await r.read(`/conversations/${c.id}`);
      const watermark = await watermarkOf(r);
      const text = `Hello again by ${channel}`;

      const change = await r.sim.live.injectInboundMessage(c.id, text);
      expect(change).toEqual({ conversationId: c.id, id: expect.stringMatching(UUID) as unknown });

      const [newest] = await r.thread(c.id, 1);
      expect(newest).toMatchObject({ id: change.id, conversation_id: c.id, kind: channel, direction: 'inbound' });
      // A draft status comes only with drafts.
      expect(newest).not.toHaveProperty('status');
      if (channel === 'call') {
        expect(newest).toMatchObject({ body: expect.stringMatching(/^Inbound call, \d+m \d{2}s$/) as unknown, ai_summary: text });
        expect(newest!.provider_message_id).toMatch(/^CA[0-9a-f]{32}$/);
      } else {
        expect(newest).toMatchObject({ body: text });
        // A call summary comes only with calls.
        expect(newest).not.toHaveProperty('ai_summary');
        expect(newest!.provider_message_id).toMatch(channel === 'sms' ? /^SM[0-9a-f]{32}$/ : /^<[0-9a-f]{16}@mail\.iron\.example>$/);
      }

      const after = await r.read(`/conversations/${c.id}`);
      expect(after).toMatchObject({ last_activity_at: newest!.created_at, last_message_preview: text, unread_count: (before.unread_count as number) + 1 });
      expect(at(after.last_activity_at)).toBeGreaterThan(at(before.last_activity_at));
      expect(at(after.last_activity_at)).toBeGreaterThan(watermark);
      expect((await r.firstPage(1))[0]).toEqual(after);
      expect(await changedSince(r, watermark)).toEqual([c.id]);
    }
  });

  it('starts the first-response SLA of a thread that waited on nothing, keeps a running one, and leaves archived threads archived', async () => {
    const r = await start();
    const idle = openThread(r.sim, 'sms', (c) => c.sla.dueAt === null);
    const change = await r.sim.live.injectInboundMessage(idle.id, 'Anyone there?');
    const [newest] = await r.thread(idle.id, 1);
    expect(newest!.id).toBe(change.id);
    const due = at(newest!.created_at) + r.sim.db.slaConfig.firstResponseMinutes * 60_000;
    expect((await r.read(`/conversations/${idle.id}`)).sla).toEqual({ due_at: new Date(due).toISOString().replace('Z', '000Z'), overdue: false });

    const waiting = [...r.sim.db.conversations.values()].find((c) => !c.archived && c.sla.dueAt !== null)!;
    const sla = (await r.read(`/conversations/${waiting.id}`)).sla;
    await r.sim.live.injectInboundMessage(waiting.id, 'Still waiting');
    expect((await r.read(`/conversations/${waiting.id}`)).sla).toEqual(sla);

    const archived = [...r.sim.db.conversations.values()].find((c) => c.archived)!;
    const before = await r.read(`/conversations/${archived.id}`);
    await r.sim.live.injectInboundMessage(archived.id, 'Are you still in business?');
    const after = await r.read(`/conversations/${archived.id}`);
    expect(after).toMatchObject({ archived: true, sla: before.sla, unread_count: (before.unread_count as number) + 1, last_message_preview: 'Are you still in business?' });
    expect(((await r.read('/conversations?archived=true&limit=1')).items as Json[])[0]!.id).toBe(archived.id);
  });

  it('picks an open thread and a fixtures text with the seeded RNG when none is given: same seed, same change', async () => {
    const a = await start('same');
    const b = await start('same');
    const first = await a.sim.live.injectInboundMessage();
    expect(await b.sim.live.injectInboundMessage()).toEqual(first);
    const c = a.sim.db.conversations.get(first.conversationId)!;
    expect(c.archived).toBe(false);
    const [newest] = await a.thread(c.id, 1);
    expect(newest!.id).toBe(first.id);
    if (c.channel === 'call') expect(CALL_SUMMARIES).toContain(newest!.ai_summary);
    else expect(fixtures.INBOUND).toContain(newest!.body);
    expect((await a.firstPage(1))[0]!.id).toBe(c.id);
  });

  it('refuses an unknown conversation and empty content, changing nothing', async () => {
    const r = await start();
    const head = await r.firstPage(1);
    await expect(r.sim.live.injectInboundMessage(UNKNOWN, 'Hi')).rejects.toMatchObject({ status: 404 });
    await expect(r.sim.live.injectInboundMessage('not-a-uuid')).rejects.toBeInstanceOf(IronLiveError);
    const c = openThread(r.sim, 'sms');
    await expect(r.sim.live.injectInboundMessage(c.id, '   ')).rejects.toMatchObject({ status: 400 });
    expect(await r.firstPage(1)).toEqual(head);
  });
});

describe('live.injectSuggestion (in process)', () => {
  it('adds a pending suggestion: newest activity and list head, preview and unread unchanged, sendable like any draft', async () => {
    const r = await start();
    const c = openThread(r.sim, 'email');
    const before = await r.read(`/conversations/${c.id}`);
    const pendingBefore = pendingDraftIds(await r.thread(c.id, 50));
    const watermark = await watermarkOf(r);

    const change = await r.sim.live.injectSuggestion!(c.id);
    expect(change).toEqual({ conversationId: c.id, id: expect.stringMatching(UUID) as unknown });

    const thread = await r.thread(c.id, 50);
    expect(thread[0]).toMatchObject({
      id: change.id,
      conversation_id: c.id,
      kind: 'suggestion',
      direction: 'outbound',
      status: 'pending',
      provider_message_id: null,
    });
    expect(thread[0]).not.toHaveProperty('ai_summary');
    expect(fixtures.SUGGESTIONS).toContain(thread[0]!.body);
    expect(pendingDraftIds(thread)).toEqual([change.id, ...pendingBefore]);

    const after = await r.read(`/conversations/${c.id}`);
    expect(after).toMatchObject({ last_activity_at: thread[0]!.created_at, last_message_preview: before.last_message_preview, unread_count: before.unread_count, sla: before.sla });
    expect(at(after.last_activity_at)).toBeGreaterThan(watermark);
    expect((await r.firstPage(1))[0]).toEqual(after);
    expect(await changedSince(r, watermark)).toEqual([c.id]);

    // A real draft: sending it creates the outbound touchpoint with its text.
    const auth = { authorization: `Bearer ${r.sim.sourceConfig.token}`, 'x-org-id': r.sim.sourceConfig.orgId! };
    const sent = await fetch(`${r.url}${BASE}/conversations/${c.id}/suggestions/${change.id}/send`, { method: 'POST', headers: auth });
    expect(sent.status).toBe(200);
    expect(await sent.json()).toMatchObject({ kind: 'email', direction: 'outbound', body: thread[0]!.body });
    expect(pendingDraftIds(await r.thread(c.id, 50))).toEqual(pendingBefore);
  });

  it('takes the given text, and picks a thread awaiting an answer when none is given', async () => {
    const r = await start();
    const c = openThread(r.sim, 'call');
    const change = await r.sim.live.injectSuggestion!(c.id, 'Shall we book the demo for Thursday?');
    expect((await r.thread(c.id, 1))[0]).toMatchObject({ id: change.id, kind: 'suggestion', status: 'pending', body: 'Shall we book the demo for Thursday?' });

    const random = await r.sim.live.injectSuggestion!();
    const picked = r.sim.db.conversations.get(random.conversationId)!;
    expect(picked.archived).toBe(false);
    expect(r.sim.db.lastTouchpoint(picked.id)!.direction).toBe('inbound');
    expect((await r.firstPage(1))[0]!.id).toBe(picked.id);
  });
});

describe('admin API', () => {
  it('POST /__admin/inject/message: a seeded-random or the given thread and text, answered as the InjectedChange', async () => {
    const r = await start('same');
    const twin = await start('same');
    const watermark = await watermarkOf(r);
    const random = await r.admin('/inject/message');
    expect(random).toEqual({ status: 200, body: await twin.sim.live.injectInboundMessage() });
    const id = random.body.conversationId as string;
    expect((await r.thread(id, 1))[0]!.id).toBe(random.body.id);
    expect((await r.firstPage(1))[0]!.id).toBe(id);

    const c = openThread(r.sim, 'sms');
    const unread = c.unreadCount;
    const given = await r.admin('/inject/message', { conversationId: c.id.toUpperCase(), content: 'Order #1234 never arrived' });
    expect(given.status).toBe(200);
    expect(given.body).toEqual({ conversationId: c.id, id: expect.stringMatching(UUID) as unknown });
    expect((await r.thread(c.id, 1))[0]).toMatchObject({ id: given.body.id, kind: 'sms', direction: 'inbound', body: 'Order #1234 never arrived' });
    expect(await r.read(`/conversations/${c.id}`)).toMatchObject({ last_message_preview: 'Order #1234 never arrived', unread_count: unread + 1 });
    expect(await changedSince(r, watermark)).toEqual([c.id, id]);
  });

  it('POST /__admin/inject/suggestion: a pending draft visible in the thread and at the list head', async () => {
    const r = await start();
    const random = await r.admin('/inject/suggestion', {});
    expect(random.status).toBe(200);
    const id = random.body.conversationId as string;
    expect((await r.thread(id, 1))[0]).toMatchObject({ id: random.body.id, kind: 'suggestion', status: 'pending' });
    expect((await r.firstPage(1))[0]!.id).toBe(id);

    const c = openThread(r.sim, 'sms');
    const given = await r.admin('/inject/suggestion', { conversationId: c.id, content: 'Happy to help!' });
    expect(given).toEqual({ status: 200, body: { conversationId: c.id, id: expect.stringMatching(UUID) as unknown } });
    expect(pendingDraftIds(await r.thread(c.id, 50))).toContain(given.body.id);
    expect((await r.firstPage(1))[0]!.id).toBe(c.id);
  });

  it('answers 404 for an unknown thread and 400 for a bad body, changing nothing', async () => {
    const r = await start();
    const head = await r.firstPage(3);
    for (const path of ['/inject/message', '/inject/suggestion']) {
      expect(await r.admin(path, { conversationId: UNKNOWN })).toMatchObject({ status: 404, body: { error: expect.any(String) as unknown } });
      expect((await r.admin(path, { conversationId: 'nope' })).status).toBe(404);
      expect((await r.admin(path, { content: '' })).status).toBe(400);
      expect((await r.admin(path, { content: 5 })).status).toBe(400);
      expect((await r.admin(path, { conversationId: 7 })).status).toBe(400);
      expect((await r.admin(path, [])).status).toBe(400);
      expect((await r.admin(path, 'not json')).status).toBe(400);
    }
    expect(await r.firstPage(3)).toEqual(head);
  });
});

describe('no webhooks', () => {
  it('accepts a webhook target (in process and over POST /__admin/webhook) and never delivers anything', async () => {
    const receiver = new WebhookReceiver(204);
    await receiver.start();
    onTestFinished(() => receiver.stop());
    const target = `${receiver.url}/webhooks/t1/iron`;

    const r = await start();
    r.sim.live.setWebhookTarget({ url: target, secret: 's3cret' });
    expect(await r.admin('/webhook', { url: target, secret: 's3cret' })).toMatchObject({ status: 200, body: { delivers: false } });
    await r.sim.live.injectInboundMessage();
    await r.admin('/inject/suggestion', {});
    const c = openThread(r.sim, 'sms');
    const auth = { authorization: `Bearer ${r.sim.sourceConfig.token}`, 'x-org-id': r.sim.sourceConfig.orgId!, 'content-type': 'application/json' };
    const write = await fetch(`${r.url}${BASE}/conversations/${c.id}/messages`, { method: 'POST', headers: auth, body: JSON.stringify({ body: 'Hi', channel: 'sms' }) });
    expect(write.status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(receiver.requests).toEqual([]);
    expect(r.sim.live.deliveries).toEqual([]);
    expect(await r.admin('/webhook', { url: null })).toMatchObject({ status: 200, body: { target: null } });
    expect((await r.admin('/webhook', { url: 5 })).status).toBe(400);
    r.sim.live.setWebhookTarget(null);
  });
});
