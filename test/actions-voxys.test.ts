import { beforeEach, describe, expect, it } from 'vitest';
import { capabilitiesOf } from '../src/capabilities.js';
import type { ActionArguments, ActionResult } from '../src/datasources/actions.js';
import type { SharedUpstreamState } from '../src/datasources/build.js';
import type { InboxConnector } from '../src/datasources/connector.js';
import type { VoxysSourceConfig } from '../src/datasources/voxys/config.js';
import { VoxysConnector } from '../src/datasources/voxys/connector.js';
import { voxysPlatform } from '../src/datasources/voxys/index.js';
import { UpstreamError, UserError } from '../src/errors.js';
import type { InboxAction } from '../src/generated/graphql.js';
import { EMPTY_FILTER as EMPTY } from '../src/inbox/filter.js';
import { Metrics } from '../src/metrics.js';
import type { ConversationModel, LeadModel } from '../src/model/index.js';
import type { VoxysDb } from '../simulators/voxys/db.js';
import { createVoxysSimulator } from '../simulators/voxys/index.js';
import { expectRefusal } from './support/action-refusals.js';
import { requestState, serveSource } from './support/platform-harness.js';

/**
 * Every Voxys action (the platform's action table, run on its connector as the gateway's action
 * runner does), on every conversation of the simulated account, against the simulator over HTTP; each effect is read back with a fresh connector (no cache). Then every
 * error code the actions map, each produced by a simulator case, and the refusals that cost no call.
 */

const NOW = new Date('2025-06-02T12:00:00Z');
const TOKEN = 'actions-token';
const ALICE = '11';

const sim = createVoxysSimulator({ seed: 'actions', size: 60, now: NOW, apiAccessToken: TOKEN, accountId: 21 });
const metrics = new Metrics();
const source = serveSource('voxys', sim, { now: NOW, metrics, settings: { cacheTtlMs: 0 } });

/** The connector the Voxys platform builds (its actions take it, with its API). */
function voxys(c: InboxConnector): VoxysConnector {
  if (!(c instanceof VoxysConnector)) throw new Error('not a Voxys connector');
  return c;
}

/** A fresh connector (one request) with no cross-request cache unless `shared` and `config` say so: every read reaches the simulator. */
function connector(config: Partial<VoxysSourceConfig> = {}, me: string | null = ALICE, shared?: SharedUpstreamState): VoxysConnector {
  return voxys(source.connector(me, { config, shared }));
}

/** Runs one of Voxys' actions on connector `c`, as the gateway's action runner does (fails the test when the table lacks it). */
function actOn<A extends InboxAction>(c: VoxysConnector, action: A, conversation: ConversationModel, ...args: ActionArguments[A]): Promise<ActionResult<A>> {
  const spec = voxysPlatform.actions[action];
  if (!spec) throw new Error(`Voxys has no ${action}`);
  return spec.run(c, conversation, ...args);
}

/** Runs one of Voxys' actions on a fresh connector. */
const act = <A extends InboxAction>(action: A, conversation: ConversationModel, ...args: ActionArguments[A]): Promise<ActionResult<A>> =>
  actOn(connector(), action, conversation, ...args);

async function read(id: string): Promise<ConversationModel> {
  const conversation = await connector().conversation(id);
  expect(conversation).not.toBeNull();
  return conversation!;
}

async function calls(): Promise<Record<string, number>> {
  const prefix = /\/api\/v1\/accounts\/:account_id/;
  return Object.fromEntries(Object.entries((await source.admin.requestCounts()).byRoute).map(([route, n]) => [route.replace(prefix, ''), n]));
}
const resetCalls = (): Promise<void> => source.admin.resetRequestCounts();

/** Runs `action`, expects a UserError with `code`, and returns it. */
const refused = (action: Promise<unknown>, code: UserError['code']): Promise<UserError> => expectRefusal(action, code);

beforeEach(async () => {
  await source.admin.resetKnobs();
});

describe('voxys actions: the capability matrix', () => {
  it("is exactly the actions of the platform's action table, each with a run", () => {
    expect(capabilitiesOf('voxys')).toEqual(Object.keys(voxysPlatform.actions));
    expect(capabilitiesOf('voxys')).toEqual([
      'SEND_MESSAGE',
      'SEND_PRIVATE_NOTE',
      'SEND_ATTACHMENTS',
      'MARK_READ',
      'MARK_UNREAD',
      'ASSIGN',
      'SET_STATUS',
      'SET_PRIORITY',
      'SET_LABELS',
      'SET_LEAD_STATUS',
    ]);
    for (const spec of Object.values(voxysPlatform.actions)) expect(typeof spec.run).toBe('function');
  });

  it('names the endpoint of each action', () => {
    const endpoints = Object.fromEntries(Object.entries(voxysPlatform.actions).map(([action, spec]) => [action, spec.endpoint]));
    expect(endpoints).toEqual({
      SEND_MESSAGE: 'POST /conversations/:id/messages',
      SEND_PRIVATE_NOTE: 'POST /conversations/:id/messages {private: true}',
      SEND_ATTACHMENTS: 'POST /conversations/:id/messages (multipart, attachments[])',
      MARK_READ: 'POST /conversations/:id/update_last_seen',
      MARK_UNREAD: 'POST /conversations/:id/unread',
      ASSIGN: 'POST /conversations/:id/assignments',
      SET_STATUS: 'POST /conversations/:id/toggle_status',
      SET_PRIORITY: 'POST /conversations/:id/toggle_priority',
      SET_LABELS: 'GET then POST /conversations/:id/labels (the POST replaces the list)',
      SET_LEAD_STATUS: 'PATCH /leads/:id/status',
    });
  });
});

describe('voxys actions: every action on every conversation, read back fresh', () => {
  const ids = (): string[] => [...sim.db.conversations.keys()].map(String);

  it('the simulated account has 60 conversations, each with an incoming message, some with a lead', () => {
    expect(ids()).toHaveLength(60);
    for (const id of ids()) expect(sim.db.thread(Number(id)).some((m) => m.message_type === 0)).toBe(true);
    expect(ids().filter((id) => sim.db.leadOfConversation(Number(id)) !== null).length).toBeGreaterThan(10);
  });

  it.each(Array.from({ length: 60 }, (_, i) => String(i + 1)))('conversation %s', async (id) => {
    const row = sim.db.conversations.get(Number(id))!;
    let conversation = await read(id);
    const threadBefore = sim.db.thread(row.display_id).length;

    // SEND_MESSAGE: the created message, last in the thread, moves last activity and tops the list.
    const before = conversation.lastActivityAt.getTime();
    await resetCalls();
    const sent = await act('SEND_MESSAGE', conversation, { content: `Reply to #${id}`, private: false, idempotencyKey: `key-${id}` });
    expect(await calls()).toEqual({ 'POST /conversations/:conversation_id/messages': 1 });
    expect(sim.db.thread(row.display_id)).toHaveLength(threadBefore + 1);
    expect(sent).toMatchObject({ content: `Reply to #${id}`, direction: 'OUTBOUND', private: false, conversationUpstreamId: id, sender: { kind: 'Agent', upstreamId: '1' } });
    expect(sent.kind).not.toBe('NOTE');
    conversation = await read(id);
    expect(conversation.lastActivityAt.getTime()).toBeGreaterThan(before);
    expect(conversation.lastMessagePreview).toBe(`Reply to #${id}`);
    expect(await connector().lastMessage(conversation)).toEqual(sent);
    expect((await connector().messages(conversation, { last: 1 })).items).toEqual([sent]);
    expect((await connector().listConversations({ filter: EMPTY, position: null, limitHint: 25 })).items[0]?.upstreamId).toBe(id);

    // SEND_PRIVATE_NOTE: a NOTE, private, also last.
    const note = await act('SEND_PRIVATE_NOTE', conversation, { content: `Note on #${id}`, private: true, idempotencyKey: null });
    expect(note).toMatchObject({ kind: 'NOTE', private: true, direction: 'OUTBOUND', content: `Note on #${id}` });
    conversation = await read(id);
    expect(await connector().lastMessage(conversation)).toEqual(note);
    expect((await connector().messages(conversation, { last: 2 })).items).toEqual([sent, note]);

    // MARK_UNREAD then MARK_READ.
    await act('MARK_UNREAD', conversation);
    expect((await read(id)).unreadCount).toBe(1);
    await act('MARK_READ', conversation);
    expect((await read(id)).unreadCount).toBe(0);

    // ASSIGN to someone, to someone else, then nobody.
    for (const assignee of ['11', '14', null]) {
      await act('ASSIGN', conversation, assignee);
      expect((await read(id)).assignee?.upstreamId ?? null).toBe(assignee);
    }

    // SET_STATUS: every status Voxys has; a snooze lasts until the contact's next reply.
    for (const status of ['PENDING', 'SNOOZED', 'RESOLVED', 'OPEN'] as const) {
      await act('SET_STATUS', conversation, status);
      expect((await read(id)).status).toBe(status);
      if (status === 'SNOOZED') expect(sim.db.conversations.get(Number(id))!.snoozed_until).toBeNull();
    }

    // SET_PRIORITY: each priority, then none.
    for (const priority of ['LOW', 'MEDIUM', 'HIGH', 'URGENT', null] as const) {
      await act('SET_PRIORITY', conversation, priority);
      expect((await read(id)).priority).toBe(priority);
    }

    // SET_LABELS: adding keeps the others; removing drops only what was named.
    const original = [...conversation.labels];
    await act('SET_LABELS', conversation, { add: ['actions-test', 'followup'], remove: [] });
    const added = [...original, ...['actions-test', 'followup'].filter((l) => !original.includes(l))];
    expect((await read(id)).labels).toEqual(added);
    await act('SET_LABELS', conversation, { add: [], remove: ['actions-test', ...original.slice(0, 1)] });
    expect((await read(id)).labels).toEqual(added.filter((l) => l !== 'actions-test' && l !== original[0]));

    // SET_LEAD_STATUS, where the conversation has a lead.
    const lead = await connector().lead(conversation);
    expect(lead?.upstreamId ?? null).toBe(sim.db.leadOfConversation(row.display_id)?.id.toString() ?? null);
    if (lead) {
      for (const status of ['WON', 'LOST', 'SNOOZED', 'OPEN'] as const) {
        await act('SET_LEAD_STATUS', conversation, lead, status, status === 'LOST' ? `Lost #${id}: budget` : null);
        const fresh = await connector().lead(conversation);
        expect(fresh?.status).toBe(status);
        if (status === 'LOST') expect(fresh?.notes).toBe(`Lost #${id}: budget`);
      }
    }
  });

  it('changes show in the other reads too: counts, the /leads index and the list order', async () => {
    const c = connector();
    const counts = await c.countConversations(EMPTY);
    const target = [...sim.db.conversations.values()].find((r) => r.assignee_id !== Number(ALICE))!;
    await act('ASSIGN', await read(String(target.display_id)), ALICE);
    const after = await connector().countConversations(EMPTY);
    expect(after.mine).toBe(counts.mine + 1);
    expect(after.unassigned + after.assigned).toBe(after.all);

    // Two conversations' leads at once are read from the /leads index.
    const withLeads = [...sim.db.leads.values()].filter((l) => l.conversation_id !== null).slice(0, 2);
    const models = await Promise.all(withLeads.map((l) => read(String(l.conversation_id))));
    const first = (await connector().lead(models[0]!))!;
    await act('SET_LEAD_STATUS', models[0]!, first, 'WON', null);
    await resetCalls();
    const reader = connector();
    const leads = await Promise.all(models.map((m) => reader.lead(m)));
    expect(Object.keys(await calls())).toEqual(['GET /leads']);
    expect(leads[0]?.status).toBe('WON');

    // The least recent conversation moves to the top of the list when it gets a message.
    const oldest = [...sim.db.conversations.values()].sort((a, b) => a.last_activity_at - b.last_activity_at)[0]!;
    await act('SEND_MESSAGE', await read(String(oldest.display_id)), { content: 'Back on top', private: false, idempotencyKey: null });
    const page = await connector().listConversations({ filter: EMPTY, position: null, limitHint: 25 });
    expect(page.items[0]?.upstreamId).toBe(String(oldest.display_id));
    expect(page.items[0]?.lastMessagePreview).toBe('Back on top');
  });
});

describe('voxys actions: errors', () => {
  const conversationOf = async (predicate: (row: ReturnType<VoxysDb['conversations']['get']> & object) => boolean): Promise<ConversationModel> => {
    const row = [...sim.db.conversations.values()].find(predicate)!;
    return read(String(row.display_id));
  };

  it('422 → INVALID_INPUT: an empty or over-long message (one call, nothing created)', async () => {
    const conversation = await conversationOf(() => true);
    const length = sim.db.thread(Number(conversation.upstreamId)).length;
    for (const content of ['', '   ', 'x'.repeat(150_001)]) {
      await resetCalls();
      const error = await refused(act('SEND_MESSAGE', conversation, { content, private: false, idempotencyKey: null }), 'INVALID_INPUT');
      expect(error.field).toEqual(['input', 'content']);
      expect(await calls()).toEqual({ 'POST /conversations/:conversation_id/messages': 1 });
    }
    expect(sim.db.thread(Number(conversation.upstreamId))).toHaveLength(length);
  });

  it('404 → NOT_FOUND: every action on a conversation Voxys does not have, and an unknown lead', async () => {
    const real = await conversationOf(() => true);
    const gone: ConversationModel = { ...real, upstreamId: '99999' };
    const c = connector();
    const attempts: (() => Promise<unknown>)[] = [
      () => actOn(c, 'SEND_MESSAGE', gone, { content: 'hello', private: false, idempotencyKey: null }),
      () => actOn(c, 'SEND_PRIVATE_NOTE', gone, { content: 'note', private: true, idempotencyKey: null }),
      () => actOn(c, 'MARK_READ', gone),
      () => actOn(c, 'MARK_UNREAD', gone),
      () => actOn(c, 'ASSIGN', gone, ALICE),
      () => actOn(c, 'ASSIGN', gone, null),
      () => actOn(c, 'SET_STATUS', gone, 'RESOLVED'),
      () => actOn(c, 'SET_PRIORITY', gone, 'HIGH'),
      () => actOn(c, 'SET_LABELS', gone, { add: ['x'], remove: [] }),
    ];
    for (const attempt of attempts) await refused(attempt(), 'NOT_FOUND');
    const lead: LeadModel = {
      ref: real.ref,
      conversationUpstreamId: real.upstreamId,
      upstreamId: '99999',
      name: null,
      status: 'OPEN',
      value: null,
      company: null,
      notes: null,
      score: null,
      hotScore: null,
      customAttributes: null,
      alerts: null,
      expectedCloseAt: null,
      lostReason: null,
      owner: null,
      createdAt: null,
      updatedAt: null,
    };
    await refused(actOn(c, 'SET_LEAD_STATUS', real, lead, 'WON', null), 'NOT_FOUND');
  });

  it('NOT_A_MEMBER: assigning someone who is no agent of the account (a contact id) changes nothing and posts nothing', async () => {
    const conversation = await conversationOf((r) => r.assignee_id !== null);
    const row = sim.db.conversations.get(Number(conversation.upstreamId))!;
    const assignee = row.assignee_id;
    await resetCalls();
    const error = await refused(act('ASSIGN', conversation, String(row.contact_id)), 'NOT_A_MEMBER');
    expect(error.field).toEqual(['input', 'assigneeId']);
    expect(await calls()).toEqual({ 'GET /agents': 1 });
    expect(sim.db.conversations.get(row.display_id)!.assignee_id).toBe(assignee);
  });

  it('values Voxys cannot represent → INVALID_INPUT with 0 calls', async () => {
    const conversation = await conversationOf(() => true);
    const lead: LeadModel = {
      ref: conversation.ref,
      conversationUpstreamId: conversation.upstreamId,
      upstreamId: 'lead-x',
      name: null,
      status: null,
      value: null,
      company: null,
      notes: null,
      score: null,
      hotScore: null,
      customAttributes: null,
      alerts: null,
      expectedCloseAt: null,
      lostReason: null,
      owner: null,
      createdAt: null,
      updatedAt: null,
    };
    await resetCalls();
    const c = connector();
    await refused(actOn(c, 'SET_STATUS', conversation, 'HUMAN_REQUESTED'), 'INVALID_INPUT');
    await refused(actOn(c, 'ASSIGN', conversation, 'not-a-number'), 'INVALID_INPUT');
    await refused(actOn(c, 'SET_LABELS', conversation, { add: ['a,b'], remove: [] }), 'INVALID_INPUT');
    await refused(actOn(c, 'SET_LABELS', conversation, { add: [' '], remove: [] }), 'INVALID_INPUT');
    await refused(actOn(c, 'SET_LABELS', conversation, { add: ['vip'], remove: ['vip'] }), 'INVALID_INPUT');
    await refused(actOn(c, 'MARK_READ', { ...conversation, upstreamId: 'abc' }), 'NOT_FOUND');
    await refused(actOn(c, 'SET_LEAD_STATUS', conversation, lead, 'WON', null), 'NOT_FOUND');
    await actOn(c, 'SET_LABELS', conversation, { add: [], remove: [] });
    expect((await source.admin.requestCounts()).total).toBe(0);
  });

  it('labels: no POST when nothing would change; the list is read fresh even when reads are cached', async () => {
    const conversation = await conversationOf((r) => r.labels.length > 0);
    const id = Number(conversation.upstreamId);
    await resetCalls();
    await act('SET_LABELS', conversation, { add: [conversation.labels[0]!], remove: ['never-there'] });
    expect(await calls()).toEqual({ 'GET /conversations/:conversation_id/labels': 1 });

    // A long-lived cache holds the labels; someone else adds one; our add must keep theirs.
    const shared = requestState(NOW, { metrics });
    const cached = { cacheTtlMs: 60_000 };
    const first = connector(cached, ALICE, shared);
    const seen = (await first.conversation(String(id)))!;
    sim.db.conversations.get(id)!.labels = [...sim.db.conversations.get(id)!.labels, 'added-elsewhere'];
    await actOn(connector(cached, ALICE, shared), 'SET_LABELS', seen, { add: ['ours'], remove: [] });
    expect(sim.db.conversations.get(id)!.labels).toEqual([...seen.labels, 'added-elsewhere', 'ours']);
  });

  it('401 stays an UpstreamError (UPSTREAM_REJECTED), never a UserError', async () => {
    const conversation = await conversationOf(() => true);
    const error = await actOn(connector({ apiAccessToken: 'wrong-token' }), 'MARK_READ', conversation).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).not.toBeInstanceOf(UserError);
    expect((error as UpstreamError).code).toBe('UPSTREAM_REJECTED');
  });

  it('never double-sends: one POST per send, none repeated after a 429 or a 500, and nothing created by a refused one', async () => {
    const conversation = await conversationOf(() => true);
    const id = Number(conversation.upstreamId);
    for (const knobs of [{ rateLimitBurst: 1 }, { errorRate: 1 }]) {
      await source.admin.setKnobs(knobs);
      const length = sim.db.thread(id).length;
      await resetCalls();
      const error = await act('SEND_MESSAGE', conversation, { content: 'once', private: false, idempotencyKey: 'k-once' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamError);
      expect(await calls()).toEqual({ 'POST /conversations/:conversation_id/messages': 1 });
      expect(sim.db.thread(id)).toHaveLength(length);
      await source.admin.resetKnobs();
    }
  });

  it('messages are safe: no upstream URL, token or raw body in any UserError', async () => {
    const conversation = await conversationOf(() => true);
    const gone = { ...conversation, upstreamId: '424242' };
    const errors = [
      await refused(act('SEND_MESSAGE', conversation, { content: '', private: false, idempotencyKey: null }), 'INVALID_INPUT'),
      await refused(act('SET_STATUS', gone, 'OPEN'), 'NOT_FOUND'),
      await refused(act('ASSIGN', conversation, '100000'), 'NOT_A_MEMBER'),
    ];
    for (const error of errors) {
      for (const secret of [source.url, '127.0.0.1', TOKEN, '/api/v1', 'Resource could not be found', 'Validation failed', '{']) expect(error.message).not.toContain(secret);
    }
  });

  it('writes leave invalidation to the gateway: after dropping conversation:<id> and list, every read is fresh; other conversations stay cached', async () => {
    const shared = requestState(NOW, { metrics });
    const cached = { cacheTtlMs: 60_000 };
    /** One request over the long-lived cache. */
    const request = (): VoxysConnector => connector(cached, ALICE, shared);
    const target = String([...sim.db.leads.values()].find((l) => l.conversation_id !== null)!.conversation_id);
    // Not on the list's first page, so only its own detail call (cached) can give it.
    const other = String([...sim.db.conversations.values()].sort((a, b) => a.last_activity_at - b.last_activity_at)[0]!.display_id);
    const readAll = async (): Promise<{ list: string[]; counts: unknown; conversation: ConversationModel; last: unknown; lead: LeadModel | null; other: ConversationModel }> => {
      const c = request();
      const list = (await c.listConversations({ filter: EMPTY, position: null, limitHint: 25 })).items.map((i) => i.upstreamId);
      const conversation = (await c.conversation(target))!;
      return {
        list,
        counts: await c.countConversations(EMPTY),
        conversation,
        last: await c.lastMessage(conversation),
        lead: await c.lead(conversation),
        other: (await c.conversation(other))!,
      };
    };
    const before = await readAll();
    const sent = await actOn(request(), 'SEND_MESSAGE', before.conversation, { content: 'cached?', private: false, idempotencyKey: null });
    await actOn(request(), 'SET_LEAD_STATUS', before.conversation, before.lead!, 'LOST', null);
    await actOn(request(), 'ASSIGN', before.conversation, before.conversation.assignee?.upstreamId === ALICE ? '12' : ALICE);

    expect((await readAll()).last).toEqual(before.last); // stale without invalidation: the cache is really in use
    source.client(shared, cached).invalidate([`conversation:${target}`, 'list']);
    await resetCalls();
    const after = await readAll();
    expect(after.last).toEqual(sent);
    expect(after.conversation.lastMessagePreview).toBe('cached?');
    expect(after.list[0]).toBe(target);
    expect(after.lead?.status).toBe('LOST');
    expect(after.counts).not.toEqual(before.counts);
    expect(after.other).toEqual(before.other);
    expect((await calls())['GET /conversations/:conversation_id']).toBeUndefined(); // the other conversation came from the cache
  });
});
