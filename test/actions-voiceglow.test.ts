import { describe, expect, it } from 'vitest';
import { ResponseCache } from '../src/cache.js';
import { capabilitiesOf } from '../src/capabilities.js';
import type { ActionArguments, ActionResult } from '../src/datasources/actions.js';
import type { InboxConnector } from '../src/datasources/connector.js';
import type { RestClient } from '../src/datasources/rest-client.js';
import { VoiceglowConnector } from '../src/datasources/voiceglow/connector.js';
import { voiceglowPlatform } from '../src/datasources/voiceglow/index.js';
import { UpstreamError, type UserError, type UserErrorCode } from '../src/errors.js';
import type { InboxAction } from '../src/generated/graphql.js';
import { EMPTY_FILTER as EMPTY } from '../src/inbox/filter.js';
import type { ConversationModel } from '../src/model/index.js';
import { createVoiceglowSimulator } from '../simulators/voiceglow/index.js';
import type { VgConvoDoc, VgState } from '../simulators/voiceglow/types.js';
import { expectRefusal } from './support/action-refusals.js';
import { requestState, serveSource } from './support/platform-harness.js';

/**
 * Every VoiceGlow action (the platform's action table, run on its connector) on every simulated
 * conversation over real HTTP,
 * each effect checked in a following read with a fresh connector (document and list row), plus
 * every mapped error produced by a simulator case. See MAPPING.md, Actions and Errors.
 */

const NOW = new Date('2025-06-01T12:00:00.000Z');
const sim = createVoiceglowSimulator({ seed: 'actions', now: NOW });
const alice = sim.identities.alice;
const { workspaceSecret } = sim.sourceConfig as { workspaceSecret: string };
const source = serveSource('voiceglow', sim, { now: NOW, settings: { cacheTtlMs: 0 } });

const ROUTE_LIST = 'GET /v3/agents/:agentId/convos';
const ROUTE_DOC = 'GET /v3/agents/:agentId/convos/:convoId';
const ROUTE_PATCH = 'PATCH /v3/agents/:agentId/convos/:convoId';
const ROUTE_ASSIGN = 'POST /v3/agents/:agentId/convos/:convoId/assign';

/** The platform's own connector class (what its actions run on), checked rather than cast. */
function asVoiceglow(connector: InboxConnector): VoiceglowConnector {
  if (!(connector instanceof VoiceglowConnector)) throw new Error('the voiceglow source did not build a VoiceglowConnector');
  return connector;
}

/** One connector per simulated gateway request (cross-request cache off unless a client is given). */
function connector(me: string | null = alice, client?: RestClient, cache?: ResponseCache): VoiceglowConnector {
  return asVoiceglow(source.connector(me, { shared: requestState(NOW, { cache }), client }));
}

/** Runs one of VoiceGlow's actions on `c`, as the gateway's action runner does (src/actions/run.ts). */
function run<A extends InboxAction>(action: A, c: VoiceglowConnector, conversation: ConversationModel, ...args: ActionArguments[A]): Promise<ActionResult<A>> {
  const spec = voiceglowPlatform.actions[action];
  if (!spec) throw new Error(`VoiceGlow has no ${action}`);
  return spec.run(c, conversation, ...args);
}

const resetCounts = (): Promise<void> => source.admin.resetRequestCounts();
const counts = async (): Promise<Record<string, number>> => (await source.admin.requestCounts()).byRoute;

/** Every conversation of the simulated data, the empty (unlisted) ones included. */
const allIds = (): string[] => [...sim.db.convos.keys()];
const docOf = (id: string): VgConvoDoc => sim.db.get(id)!.doc;
const memberIds = (): string[] => sim.db.users.map((user) => user.userId);

/** The conversation as the gateway loads it before acting (a fresh document read). */
async function load(id: string): Promise<ConversationModel> {
  return (await connector().conversation(id))!;
}

/** The whole list with a fresh connector, by id, in list order. */
async function listRows(c: InboxConnector = connector()): Promise<Map<string, ConversationModel>> {
  const rows = new Map<string, ConversationModel>();
  let position = null;
  do {
    const page = await c.listConversations({ filter: EMPTY, position, limitHint: 20 });
    for (const item of page.items) rows.set(item.upstreamId, item);
    position = page.next;
  } while (position !== null);
  return rows;
}

/** Runs `act` expecting a UserError (with `field`, when given, as `['input', field]`); returns it. */
function refused(act: () => Promise<unknown>, code: UserErrorCode, field?: string): Promise<UserError> {
  // Safe: none of the URL, the secret or the platform's own wording.
  const secrets = [source.url, '127.0.0.1', workspaceSecret, '/v3/', 'Input validation failed', 'Conversation not found', 'not a member of this workspace'];
  return expectRefusal(act(), code, { field, secrets });
}

/** Before any write: a seeded record was delegated by someone who has since left the workspace. */
const SEEDED_FORMER_DELEGATOR = [...sim.db.convos.values()].some((record) => record.doc.delegatedBy === sim.db.formerUsers[0]!.userId);

describe('the action set', () => {
  it('has exactly the actions of the capability matrix, with their endpoints (no SEND_MESSAGE on VoiceGlow)', () => {
    const actions = voiceglowPlatform.actions;
    expect(new Set(capabilitiesOf('voiceglow'))).toEqual(new Set(Object.keys(actions)));
    expect(capabilitiesOf('voiceglow')).toEqual(['ASSIGN', 'SET_STATUS', 'SET_AI_ENABLED', 'SET_LABELS']);
    expect(Object.fromEntries(Object.entries(actions).map(([action, spec]) => [action, spec.endpoint]))).toEqual({
      ASSIGN: 'POST /agents/:agentId/convos/:convoId/assign',
      SET_STATUS: 'PATCH /agents/:agentId/convos/:convoId {conversation: {state}}',
      SET_AI_ENABLED: 'PATCH /agents/:agentId/convos/:convoId {conversation: {state}} (human takeover)',
      SET_LABELS: 'PATCH /agents/:agentId/convos/:convoId {conversation: {tags}}',
    });
    for (const spec of Object.values(actions)) expect(typeof spec.run).toBe('function');
    expect(actions.SEND_MESSAGE).toBeUndefined();
    expect(actions.SEND_PRIVATE_NOTE).toBeUndefined();
  });

  it('covers listed and empty conversations alike', () => {
    expect(allIds().length).toBeGreaterThan(sim.db.listed().length);
    const states = new Set(allIds().map((id) => docOf(id).state));
    expect(states).toEqual(new Set(['ai-chatting', 'requested_chat', 'human-chatting', 'ended_chat']));
  });
});

describe('SET_STATUS', () => {
  it('OPEN keeps an open conversation as it is (no write) and reopens the others as human-chatting', async () => {
    const before = new Map(allIds().map((id) => [id, docOf(id).state]));
    const toReopen = [...before.values()].filter((state) => state === 'requested_chat' || state === 'ended_chat').length;
    expect(toReopen).toBeGreaterThan(0);
    await resetCounts();
    for (const id of allIds()) await run('SET_STATUS', connector(), await load(id), 'OPEN');
    const n = allIds().length;
    // One read for the load, one fresh read by the action, and a PATCH only where the state changes.
    expect(await counts()).toEqual({ [ROUTE_DOC]: 2 * n, [ROUTE_PATCH]: toReopen });
    const rows = await listRows();
    for (const id of allIds()) {
      const old = before.get(id)!;
      const expected: VgState = old === 'ai-chatting' ? 'ai-chatting' : 'human-chatting';
      expect(docOf(id).state).toBe(expected);
      const conversation = await load(id);
      expect(conversation.status).toBe('OPEN');
      expect(conversation.aiEnabled).toBe(old === 'ai-chatting');
      if (rows.has(id)) expect(rows.get(id)).toMatchObject({ status: 'OPEN', aiEnabled: old === 'ai-chatting' });
    }
  });

  it('RESOLVED → ended_chat, HUMAN_REQUESTED → requested_chat, OPEN again → human-chatting, on every conversation', async () => {
    for (const [status, state, aiEnabled] of [
      ['RESOLVED', 'ended_chat', false],
      ['HUMAN_REQUESTED', 'requested_chat', false],
      ['OPEN', 'human-chatting', false],
    ] as const) {
      await resetCounts();
      for (const id of allIds()) {
        const conversation = await load(id);
        await run('SET_STATUS', connector(), conversation, status);
      }
      const n = allIds().length;
      // Each: the load, then one PATCH (OPEN adds its fresh read).
      expect(await counts()).toEqual({ [ROUTE_DOC]: status === 'OPEN' ? 2 * n : n, [ROUTE_PATCH]: n });
      const rows = await listRows();
      for (const id of allIds()) {
        expect(docOf(id).state).toBe(state);
        expect(await load(id)).toMatchObject({ status, aiEnabled });
        if (rows.has(id)) expect(rows.get(id)).toMatchObject({ status, aiEnabled });
      }
      expect(rows.size).toBe(sim.db.listed().length);
    }
  });

  it('PENDING and SNOOZED do not exist on VoiceGlow: INVALID_INPUT without any call', async () => {
    const conversation = await load(allIds()[0]!);
    await resetCounts();
    await refused(() => run('SET_STATUS', connector(), conversation, 'PENDING'), 'INVALID_INPUT', 'status');
    await refused(() => run('SET_STATUS', connector(), conversation, 'SNOOZED'), 'INVALID_INPUT', 'status');
    expect(await counts()).toEqual({});
  });
});

describe('SET_AI_ENABLED', () => {
  it('false is a human takeover (human-chatting), true hands back to the AI (ai-chatting), on every conversation', async () => {
    for (const enabled of [true, false, true]) {
      await resetCounts();
      for (const id of allIds()) await run('SET_AI_ENABLED', connector(), await load(id), enabled);
      const n = allIds().length;
      expect(await counts()).toEqual({ [ROUTE_DOC]: n, [ROUTE_PATCH]: n });
      const rows = await listRows();
      for (const id of allIds()) {
        expect(docOf(id).state).toBe(enabled ? 'ai-chatting' : 'human-chatting');
        expect(await load(id)).toMatchObject({ status: 'OPEN', aiEnabled: enabled });
        if (rows.has(id)) expect(rows.get(id)).toMatchObject({ status: 'OPEN', aiEnabled: enabled });
      }
    }
  });

  it('OPEN on an AI-run conversation keeps the AI on (a read, no write)', async () => {
    const id = sim.db.listed()[0]!.doc.ID;
    expect(docOf(id).state).toBe('ai-chatting');
    const conversation = await load(id);
    await resetCounts();
    await run('SET_STATUS', connector(), conversation, 'OPEN');
    expect(await counts()).toEqual({ [ROUTE_DOC]: 1 });
    expect(docOf(id).state).toBe('ai-chatting');
  });
});

describe('ASSIGN', () => {
  it('assigns every conversation to a member other than its current assignee, delegated by the signed-in user', async () => {
    const members = memberIds();
    const target = new Map<string, string>();
    allIds().forEach((id, i) => {
      const current = docOf(id).assignedTo?.userId ?? null;
      const others = members.filter((member) => member !== current && member !== alice);
      target.set(id, others[i % others.length]!);
    });
    const orderBefore = [...(await listRows()).keys()];
    const transcriptBefore = new Map(allIds().map((id) => [id, { lastMessageTS: docOf(id).lastMessageTS, turns: sim.db.get(id)!.turns.length }]));
    await resetCounts();
    for (const id of allIds()) await run('ASSIGN', connector(), await load(id), target.get(id)!);
    const n = allIds().length;
    expect(await counts()).toEqual({ [ROUTE_DOC]: n, [ROUTE_ASSIGN]: n });

    const rows = await listRows();
    // Assigning moves no message: the list order is unchanged.
    expect([...rows.keys()]).toEqual(orderBefore);
    for (const id of allIds()) {
      const user = sim.db.userById(target.get(id)!)!;
      const expected = { upstreamId: user.userId, name: user.name, email: user.email, avatarUrl: user.photoUrl };
      expect((await load(id)).assignee).toMatchObject(expected);
      if (rows.has(id)) expect(rows.get(id)!.assignee).toMatchObject(expected);
      expect(docOf(id).delegatedBy).toBe(alice);
      if (docOf(id).chatAssignedTo !== undefined) expect(docOf(id).chatAssignedTo).toBe(user.userId);
      // The lead's owner is the assignee too; the record was modified, its transcript was not.
      const c = connector();
      const lead = await c.lead((await c.conversation(id))!);
      if (lead) expect(lead.owner?.upstreamId).toBe(user.userId);
      expect(docOf(id).lastModified).toBeGreaterThanOrEqual(Math.floor(NOW.getTime() / 1000));
      expect({ lastMessageTS: docOf(id).lastMessageTS, turns: sim.db.get(id)!.turns.length }).toEqual(transcriptBefore.get(id));
    }
  });

  it('assign to me: the signed-in user, no delegator; "mine" follows', async () => {
    await resetCounts();
    for (const id of allIds()) await run('ASSIGN', connector(), await load(id), alice);
    expect((await counts())[ROUTE_ASSIGN]).toBe(allIds().length);
    const rows = await listRows();
    for (const id of allIds()) {
      expect((await load(id)).assignee?.upstreamId).toBe(alice);
      if (rows.has(id)) expect(rows.get(id)!.assignee?.upstreamId).toBe(alice);
      expect(docOf(id).delegatedBy).toBeUndefined();
    }
    expect((await connector().countConversations(EMPTY)).mine).toBe(sim.db.listed().length);
  });

  it('null unassigns every conversation (PATCH assignedTo and chatAssignedTo null)', async () => {
    await resetCounts();
    for (const id of allIds()) await run('ASSIGN', connector(), await load(id), null);
    const n = allIds().length;
    expect(await counts()).toEqual({ [ROUTE_DOC]: n, [ROUTE_PATCH]: n });
    const rows = await listRows();
    for (const id of allIds()) {
      expect((await load(id)).assignee).toBeNull();
      if (rows.has(id)) expect(rows.get(id)!.assignee).toBeNull();
      expect(docOf(id).assignedTo).toBeUndefined();
      expect(docOf(id).chatAssignedTo).toBeUndefined();
    }
    expect(await connector().countConversations(EMPTY)).toMatchObject({ mine: 0, assigned: 0, unassigned: sim.db.listed().length });
  });
});

describe('SET_LABELS', () => {
  it('adds one label and removes another on every conversation, keeping every other label', async () => {
    const expected = new Map<string, string[]>();
    await resetCounts();
    let patches = 0;
    for (const id of allIds()) {
      const current = [...docOf(id).tags];
      const remove = current.slice(0, 1);
      expected.set(id, [...current.slice(1), 'follow-up']);
      await run('SET_LABELS', connector(), await load(id), { add: ['follow-up'], remove });
      patches++;
    }
    const n = allIds().length;
    // The load, the action's fresh read (the PATCH replaces the list), the PATCH.
    expect(await counts()).toEqual({ [ROUTE_DOC]: 2 * n, [ROUTE_PATCH]: patches });
    const rows = await listRows();
    for (const id of allIds()) {
      expect((await load(id)).labels).toEqual(expected.get(id));
      if (rows.has(id)) expect(rows.get(id)!.labels).toEqual(expected.get(id));
    }
  });

  it('reads the tags fresh: a tag added meanwhile elsewhere survives', async () => {
    const id = sim.db.listed()[1]!.doc.ID;
    const conversation = await load(id);
    docOf(id).tags.push('added-in-dashboard');
    await run('SET_LABELS', connector(), conversation, { add: ['vip'], remove: [] });
    expect((await load(id)).labels).toEqual(expect.arrayContaining(['follow-up', 'added-in-dashboard', 'vip']));
  });

  it('writes nothing when nothing changes, and calls nothing for an empty change', async () => {
    const id = sim.db.listed()[2]!.doc.ID;
    const conversation = await load(id);
    const before = [...docOf(id).tags];
    await resetCounts();
    await run('SET_LABELS', connector(), conversation, { add: ['follow-up'], remove: ['not-there'] });
    expect(await counts()).toEqual({ [ROUTE_DOC]: 1 });
    await resetCounts();
    await run('SET_LABELS', connector(), conversation, { add: [], remove: [] });
    expect(await counts()).toEqual({});
    expect(docOf(id).tags).toEqual(before);
  });
});

describe('errors', () => {
  const missing = async (): Promise<ConversationModel> => ({ ...(await load(allIds()[0]!)), upstreamId: 'no-such-convo' });

  it('NOT_FOUND: every action on a conversation the platform does not have (404)', async () => {
    const conversation = await missing();
    const c = connector();
    await refused(() => run('ASSIGN', c, conversation, memberIds()[1]!), 'NOT_FOUND');
    await refused(() => run('ASSIGN', c, conversation, null), 'NOT_FOUND');
    await refused(() => run('SET_STATUS', c, conversation, 'RESOLVED'), 'NOT_FOUND');
    await refused(() => run('SET_STATUS', c, conversation, 'OPEN'), 'NOT_FOUND');
    await refused(() => run('SET_AI_ENABLED', c, conversation, false), 'NOT_FOUND');
    await refused(() => run('SET_LABELS', c, conversation, { add: ['vip'], remove: [] }), 'NOT_FOUND');
  });

  it('NOT_FOUND: a conversation deleted after the gateway loaded it', async () => {
    const id = sim.db.listed()[3]!.doc.ID;
    const conversation = await load(id);
    const record = sim.db.get(id)!;
    sim.db.convos.delete(id);
    try {
      await refused(() => run('SET_AI_ENABLED', connector(), conversation, true), 'NOT_FOUND');
    } finally {
      sim.db.convos.set(id, record);
    }
  });

  it('NOT_A_MEMBER: the delegator of a seeded record who has since left the workspace, or any unknown user (400)', async () => {
    const former = sim.db.formerUsers[0]!.userId;
    expect(SEEDED_FORMER_DELEGATOR, 'the seeded data names a former member').toBe(true);
    const id = allIds()[4]!;
    const conversation = await load(id);
    const before = structuredClone(docOf(id));
    await resetCounts();
    await refused(() => run('ASSIGN', connector(), conversation, former), 'NOT_A_MEMBER', 'assigneeId');
    await refused(() => run('ASSIGN', connector(), conversation, 'no-such-user'), 'NOT_A_MEMBER', 'assigneeId');
    expect(await counts()).toEqual({ [ROUTE_ASSIGN]: 2 });
    expect(docOf(id)).toEqual(before);
  });

  it('INVALID_INPUT from the platform: a tag longer than it accepts (400), nothing written', async () => {
    const id = allIds()[5]!;
    const conversation = await load(id);
    const before = structuredClone(docOf(id));
    await resetCounts();
    await refused(() => run('SET_LABELS', connector(), conversation, { add: ['x'.repeat(51)], remove: [] }), 'INVALID_INPUT', 'add');
    expect(await counts()).toEqual({ [ROUTE_DOC]: 1, [ROUTE_PATCH]: 1 });
    expect(docOf(id)).toEqual(before);
  });

  it('INVALID_INPUT without any call: blank labels, a label both added and removed, a blank assignee', async () => {
    const conversation = await load(allIds()[6]!);
    await resetCounts();
    await refused(() => run('SET_LABELS', connector(), conversation, { add: ['  '], remove: [] }), 'INVALID_INPUT', 'add');
    await refused(() => run('SET_LABELS', connector(), conversation, { add: [], remove: [''] }), 'INVALID_INPUT', 'remove');
    await refused(() => run('SET_LABELS', connector(), conversation, { add: ['vip'], remove: ['vip'] }), 'INVALID_INPUT', 'add');
    await refused(() => run('ASSIGN', connector(), conversation, ' '), 'INVALID_INPUT', 'assigneeId');
    expect(await counts()).toEqual({});
  });

  it('anything else stays an UpstreamError (outage, bad credentials), never a user error', async () => {
    const conversation = await load(allIds()[7]!);
    sim.server.knobs.outage = true;
    try {
      const error = await run('SET_AI_ENABLED', connector(), conversation, false).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(UpstreamError);
      expect((error as UpstreamError).code).toBe('UPSTREAM_UNAVAILABLE');
    } finally {
      sim.server.knobs.outage = false;
    }
    const wrong = asVoiceglow(source.connector(alice, { config: { workspaceSecret: 'wrong-secret' } }));
    const error = await run('ASSIGN', wrong, conversation, alice).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).code).toBe('UPSTREAM_REJECTED');
  });
});

describe('cache tags (the gateway invalidates `conversation:<id>` and `list` after a write)', () => {
  it('every cached read of a conversation carries its tag and every list read carries `list`, exactly', async () => {
    const cache = new ResponseCache();
    const cached = { cacheTtlMs: 60_000 };
    /** One request over the long-lived cache, through `client` (the one the gateway invalidates after a write). */
    const request = (client: RestClient = source.client(requestState(NOW, { cache }), cached)): VoiceglowConnector =>
      asVoiceglow(source.connector(alice, { config: cached, shared: requestState(NOW, { cache }), client }));
    const [target, other] = sim.db.listed().map((record) => record.doc.ID);
    const warm = request();
    await listRows(warm);
    for (const id of [target!, other!]) {
      const conversation = (await warm.conversation(id))!;
      await warm.messages(conversation, { last: 5 });
    }
    await resetCounts();
    await listRows(request());
    await request().conversation(target!);
    expect(await counts()).toEqual({});

    // The write, then the gateway's invalidation of that conversation only.
    const client = source.client(requestState(NOW, { cache }), cached);
    const writer = request(client);
    const before = (await writer.conversation(target!))!;
    const enabled = !before.aiEnabled;
    await run('SET_AI_ENABLED', writer, before, enabled);
    client.invalidate([`conversation:${target!}`]);

    await resetCounts();
    const after = request();
    expect((await after.conversation(target!))!.aiEnabled).toBe(enabled);
    await after.messages((await after.conversation(target!))!, { last: 5 });
    await after.conversation(other!);
    expect((await listRows(after)).get(target!)!.aiEnabled).toBe(before.aiEnabled);
    // Only the invalidated conversation was read again: its document and transcript.
    expect(await counts()).toEqual({ [ROUTE_DOC]: 1, 'GET /v3/agents/:agentId/convos/:convoId/export': 1 });
    // The writing request's own connector, too, dropped what it had loaded of that conversation.
    expect((await writer.conversation(target!))!.aiEnabled).toBe(enabled);

    client.invalidate(['list']);
    await resetCounts();
    expect((await listRows(request())).get(target!)!.aiEnabled).toBe(enabled);
    expect((await counts())[ROUTE_LIST]).toBeGreaterThan(0);
    expect(Object.keys(await counts())).toEqual([ROUTE_LIST]);
  });
});
