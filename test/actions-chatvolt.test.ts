import { afterEach, describe, expect, it } from 'vitest';
import { capabilitiesOf } from '../src/capabilities.js';
import type { ActionArguments, ActionResult } from '../src/datasources/actions.js';
import type { SharedUpstreamState } from '../src/datasources/build.js';
import type { ChatvoltSourceConfig } from '../src/datasources/chatvolt/config.js';
import { ChatvoltConnector } from '../src/datasources/chatvolt/connector.js';
import { chatvoltPlatform } from '../src/datasources/chatvolt/index.js';
import { UpstreamError, UserError } from '../src/errors.js';
import type { InboxAction } from '../src/generated/graphql.js';
import { EMPTY_FILTER } from '../src/inbox/filter.js';
import type { ConversationModel, ConversationPriority, ConversationStatus } from '../src/model/index.js';
import { STAFF } from '../simulators/common/people.js';
import { createChatvoltSimulator } from '../simulators/chatvolt/index.js';
import type { ConversationRecord } from '../simulators/chatvolt/records.js';
import { requestState, serveSource } from './support/platform-harness.js';

/**
 * Every Chatvolt action (the platform's action table, run on its connector) against the running simulator: each works on every
 * seeded conversation and a fresh connector's read shows its effect; each platform refusal maps to
 * its code with a safe message; values Chatvolt cannot hold cost no call.
 */

const NOW = new Date('2025-03-14T12:00:00.000Z');
const DAY = 86_400_000;
const META = new Set(['whatsapp', 'instagram', 'instagramDm']);
/** Chatvolt's capabilities, in the README table's order, and the endpoint each maps to. */
const CHATVOLT_ENDPOINTS: Partial<Record<InboxAction, string>> = {
  SEND_MESSAGE: 'POST /conversation/message/conversationId/:id',
  ASSIGN: 'POST /conversations/:id/assign',
  SET_STATUS: 'POST /conversations/:id/set-status',
  SET_PRIORITY: 'POST /conversations/:id/set-priority',
  SET_AI_ENABLED: 'POST /conversations/:id/set-ai-enabled',
  MOVE_TO_SCENARIO_STEP: 'POST /crm/step/move',
};
const MISSING_ID = 'cdoesnotexist000000000000';

const sim = createChatvoltSimulator({ seed: 'actions', now: NOW });
const db = sim.db;
const source = serveSource('chatvolt', sim, { now: NOW, settings: { cacheTtlMs: 0 } });
/** Every refusal the tests saw, to check no message leaks a platform detail. */
const refusals: UserError[] = [];

afterEach(() => {
  sim.server.knobs = { ...sim.server.knobs, outage: false };
});

/** A connector as one gateway request builds it (fresh memo, no cross-request cache): the platform's own class. */
function connectorFor(config: Partial<ChatvoltSourceConfig> = {}, shared?: SharedUpstreamState): ChatvoltConnector {
  const connector = source.connector(sim.identities.alice, { config, shared });
  if (!(connector instanceof ChatvoltConnector)) throw new Error('the chatvolt source did not build a ChatvoltConnector');
  return connector;
}

/** Runs one of Chatvolt's actions on `connector`, as the gateway's action runner does (src/actions/run.ts). */
function run<A extends InboxAction>(action: A, connector: ChatvoltConnector, conversation: ConversationModel, ...args: ActionArguments[A]): Promise<ActionResult<A>> {
  const spec = chatvoltPlatform.actions[action];
  if (!spec) throw new Error(`Chatvolt has no ${action}`);
  return spec.run(connector, conversation, ...args);
}

/** The conversation as a new request sees it. */
async function fresh(id: string): Promise<ConversationModel> {
  const conversation = await connectorFor().conversation(id);
  expect(conversation).not.toBeNull();
  return conversation!;
}

/** A connector that has read the conversation, as the gateway's mutations do before acting. */
async function loaded(id: string): Promise<{ connector: ChatvoltConnector; conversation: ConversationModel }> {
  const connector = connectorFor();
  const conversation = await connector.conversation(id);
  return { connector, conversation: conversation! };
}

/** The UserError `action` is refused with (the test fails when it succeeds or fails otherwise), kept in `refusals`. */
async function refusalOf(action: Promise<unknown>): Promise<UserError> {
  const outcome = await action.then(
    () => ({ refused: false as const }),
    (error: unknown) => ({ refused: true as const, error }),
  );
  if (!outcome.refused) throw new Error('expected the action to be refused');
  expect(outcome.error).toBeInstanceOf(UserError);
  const refusal = outcome.error as UserError;
  refusals.push(refusal);
  return refusal;
}

const callsDuring = (action: () => Promise<unknown>): Promise<number> => source.callCountDuring(action);

/** Meta's 24-hour rule, from the records: a WhatsApp/Instagram customer silent for over 24 hours. */
function windowClosed(record: ConversationRecord): boolean {
  if (!META.has(record.channel)) return false;
  const inbound = db
    .messagesOf(record.id)
    .filter((m) => m.from === 'human' && m.userId === null)
    .at(-1);
  return !inbound || db.time() - Date.parse(inbound.createdAt) > DAY;
}

const other = <T>(values: readonly T[], current: T, i: number): T => values.filter((v) => v !== current)[i % (values.length - 1)]!;

describe('the action table', () => {
  it('is the capability matrix (SEND_MESSAGE, ASSIGN, SET_STATUS, SET_PRIORITY, SET_AI_ENABLED, MOVE_TO_SCENARIO_STEP), each with its endpoint', () => {
    const actions = chatvoltPlatform.actions;
    expect(capabilitiesOf('chatvolt')).toEqual(Object.keys(CHATVOLT_ENDPOINTS));
    expect(Object.keys(actions).sort()).toEqual([...capabilitiesOf('chatvolt')].sort());
    for (const [action, endpoint] of Object.entries(CHATVOLT_ENDPOINTS)) {
      expect(actions[action as InboxAction]).toMatchObject({ endpoint, run: expect.any(Function) });
    }
  });
});

describe('every action on every conversation', () => {
  it('changes the conversation as a fresh read then shows it (status, priority, AI, assignee, scenario step, new last message)', async () => {
    const records = [...db.conversations.values()];
    expect(records).toHaveLength(60);
    const scenarios = [...db.scenarios.values()];
    const members = STAFF.map((s) => ({ id: sim.identities[s.key], name: s.name }));
    let sent = 0;
    let closed = 0;

    for (const [i, record] of records.entries()) {
      const id = record.id;

      // SET_STATUS: OPEN → UNRESOLVED; the update moves updatedAt, so the conversation tops the inbox.
      let before = await fresh(id);
      const status = other<ConversationStatus>(['OPEN', 'HUMAN_REQUESTED', 'RESOLVED'], before.status!, i);
      await run('SET_STATUS', (await loaded(id)).connector, before, status);
      let after = await fresh(id);
      expect(after.status).toBe(status);
      expect(record.status).toBe({ OPEN: 'UNRESOLVED', HUMAN_REQUESTED: 'HUMAN_REQUESTED', RESOLVED: 'RESOLVED' }[status as string]);
      expect(after.lastActivityAt!.getTime()).toBeGreaterThan(before.lastActivityAt!.getTime());
      const top = await connectorFor().listConversations({ filter: EMPTY_FILTER, position: null, limitHint: 1 });
      expect(top.items[0]!.upstreamId).toBe(id);

      // SET_PRIORITY
      before = after;
      const priority = other<ConversationPriority | null>(['LOW', 'MEDIUM', 'HIGH'], before.priority, i);
      await run('SET_PRIORITY', connectorFor(), before, priority);
      after = await fresh(id);
      expect(after.priority).toBe(priority);

      // SET_AI_ENABLED (human takeover and back)
      await run('SET_AI_ENABLED', connectorFor(), after, !after.aiEnabled);
      expect((await fresh(id)).aiEnabled).toBe(!after.aiEnabled);

      // ASSIGN: to another member, by membership id; the assignment is replaced.
      before = await fresh(id);
      const member = members.filter((m) => m.id !== before.assignee?.upstreamId)[i % 3]!;
      await run('ASSIGN', connectorFor(), before, member.id);
      after = await fresh(id);
      expect(after.assignee).toMatchObject({ kind: 'Agent', upstreamId: member.id, name: member.name });
      expect(record.assigneeIds).toEqual([member.id]);

      // MOVE_TO_SCENARIO_STEP: the next step of its active scenario; else (none, or left) a step of some scenario.
      const reader = connectorFor();
      const placement = await reader.scenario(after);
      const scenarioId = placement?.available ? placement.scenario.upstreamId : (placement?.scenario.upstreamId ?? scenarios[i % scenarios.length]!.id);
      const steps = await reader.scenarioSteps(scenarioId);
      const current = placement?.available ? steps.findIndex((s) => s.upstreamId === placement.step?.upstreamId) : 0;
      const target = steps[(current + 1) % steps.length]!;
      await run('MOVE_TO_SCENARIO_STEP', connectorFor(), after, scenarioId, target.upstreamId);
      const moved = await fresh(id);
      const now = await connectorFor().scenario(moved);
      expect(now).toMatchObject({ available: true, scenario: { upstreamId: scenarioId }, step: { upstreamId: target.upstreamId, index: target.index } });
      expect(record.scenarioLinks.filter((l) => l.available)).toHaveLength(1);
      // Entering a step applies its defaults (here: some steps raise the priority).
      const defaults = db.steps.get(target.upstreamId)!;
      expect(moved.priority).toBe(defaults.defaultPriority ?? priority);

      // SEND_MESSAGE: a team reply at the end of the thread; or MESSAGING_WINDOW_CLOSED and nothing stored.
      const { connector, conversation } = await loaded(id);
      const length = db.messagesOf(id).length;
      const content = `Reply ${i}: we are on it.`;
      if (windowClosed(record)) {
        closed++;
        const refused = await refusalOf(run('SEND_MESSAGE', connector, conversation, { content, private: false, idempotencyKey: null }));
        expect(refused.code).toBe('MESSAGING_WINDOW_CLOSED');
        expect(db.messagesOf(id)).toHaveLength(length);
        continue;
      }
      const message = await run('SEND_MESSAGE', connector, conversation, { content, private: false, idempotencyKey: `key-${i}` });
      sent++;
      expect(message).toMatchObject({ content, direction: 'OUTBOUND', private: false, conversationUpstreamId: id, sender: { kind: 'Agent' } });
      expect(db.messagesOf(id)).toHaveLength(length + 1);
      expect(db.messagesOf(id).at(-1)).toMatchObject({ id: message.upstreamId, from: 'human', userId: db.keyOwner.user.id, text: content });

      const reread = connectorFor();
      const afterSend = await reread.conversation(id);
      // Same mapping and cursor as a read of the thread's newest message.
      const newest = await reread.messages(afterSend!, { last: 1 });
      expect(newest.items).toEqual([message]);
      expect(await reread.lastMessage(afterSend!)).toEqual(message);
      expect(afterSend).toMatchObject({ unreadCount: 0, lastMessagePreview: content });
      expect(afterSend!.lastActivityAt!.getTime()).toBe(message.createdAt.getTime());
      expect(message.createdAt.getTime()).toBeGreaterThan(moved.lastActivityAt!.getTime());
      const list = await connectorFor().listConversations({ filter: EMPTY_FILTER, position: null, limitHint: 1 });
      const row = await connectorFor().hydrate(list.items[0]!);
      expect(row).toMatchObject({ upstreamId: id, unreadCount: 0, lastMessagePreview: content });
    }
    expect(sent).toBeGreaterThan(40);
    expect(closed).toBeGreaterThanOrEqual(3);
  });
});

describe('refusals', () => {
  const byChannel = (channels: string[], closed: boolean): ConversationRecord[] =>
    [...db.conversations.values()].filter((c) => channels.includes(c.channel) && windowClosed(c) === closed);

  it('MESSAGING_WINDOW_CLOSED on WhatsApp and Instagram after 24 h of customer silence (Chatvolt 406); Z-API has no window', async () => {
    for (const channels of [['whatsapp'], ['instagram', 'instagramDm']]) {
      const [old] = byChannel(channels, true);
      const [recent] = byChannel(channels, false);
      expect(old && recent).toBeTruthy();
      const stale = await loaded(old!.id);
      const refused = await refusalOf(run('SEND_MESSAGE', stale.connector, stale.conversation, { content: 'Hello?', private: false, idempotencyKey: null }));
      expect(refused).toMatchObject({ code: 'MESSAGING_WINDOW_CLOSED' });
      const open = await loaded(recent!.id);
      await expect(run('SEND_MESSAGE', open.connector, open.conversation, { content: 'Hello!', private: false, idempotencyKey: null })).resolves.toMatchObject({
        content: 'Hello!',
      });
    }
    const zapi = [...db.conversations.values()].find((c) => c.channel === 'zapi' && db.time() - Date.parse(db.lastInbound(c.id)!.createdAt) > DAY)!;
    const { connector, conversation } = await loaded(zapi.id);
    await expect(run('SEND_MESSAGE', connector, conversation, { content: 'Via Z-API', private: false, idempotencyKey: null })).resolves.toMatchObject({ content: 'Via Z-API' });
  });

  it('NOT_A_MEMBER when the assignee is no membership of the organization (Chatvolt 403 UNAUTHORIZED); nothing changes', async () => {
    const record = [...db.conversations.values()].find((c) => c.assigneeIds.length === 1)!;
    const { connector, conversation } = await loaded(record.id);
    for (const stranger of ['cnotamember00000000000000', db.outsiders[0]!.id]) {
      const refused = await refusalOf(run('ASSIGN', connector, conversation, stranger));
      expect(refused).toMatchObject({ code: 'NOT_A_MEMBER', field: ['input', 'assigneeId'] });
    }
    expect((await fresh(record.id)).assignee?.upstreamId).toBe(conversation.assignee?.upstreamId);
  });

  it('NOT_FOUND for a conversation, scenario or step Chatvolt does not have (404)', async () => {
    const real = await fresh([...db.conversations.keys()][0]!);
    const gone: ConversationModel = { ...real, upstreamId: MISSING_ID };
    const connector = connectorFor();
    const scenario = [...db.scenarios.values()][0]!;
    const step = db.stepsOf(scenario.id)[1]!;
    const attempts: Promise<unknown>[] = [
      run('SEND_MESSAGE', connector, gone, { content: 'Hi', private: false, idempotencyKey: null }),
      run('ASSIGN', connector, gone, sim.identities.bob),
      run('SET_STATUS', connector, gone, 'RESOLVED'),
      run('SET_PRIORITY', connector, gone, 'HIGH'),
      run('SET_AI_ENABLED', connector, gone, false),
      run('MOVE_TO_SCENARIO_STEP', connector, gone, scenario.id, step.id),
      run('MOVE_TO_SCENARIO_STEP', connector, real, scenario.id, MISSING_ID),
      run('MOVE_TO_SCENARIO_STEP', connector, real, MISSING_ID, step.id),
    ];
    for (const attempt of attempts) expect(await refusalOf(attempt)).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('INVALID_INPUT when the step belongs to another scenario (Chatvolt 400); the placement stays', async () => {
    const record = [...db.conversations.values()].find((c) => c.scenarioLinks.some((l) => l.available))!;
    const { connector, conversation } = await loaded(record.id);
    const placement = await connector.scenario(conversation);
    const foreign = [...db.steps.values()].find((s) => s.scenarioId !== placement!.scenario.upstreamId)!;
    const refused = await refusalOf(run('MOVE_TO_SCENARIO_STEP', connector, conversation, placement!.scenario.upstreamId, foreign.id));
    expect(refused).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'stepId'] });
    expect(await connectorFor().scenario(await fresh(record.id))).toEqual(placement);
  });

  it('refuses what Chatvolt cannot hold without calling it: PENDING, SNOOZED, URGENT, no priority, unassign, private notes, empty content', async () => {
    const { connector, conversation } = await loaded([...db.conversations.keys()][5]!);
    const cases: [() => Promise<unknown>, string, string][] = [
      [() => run('SET_STATUS', connector, conversation, 'PENDING'), 'INVALID_INPUT', 'status'],
      [() => run('SET_STATUS', connector, conversation, 'SNOOZED'), 'INVALID_INPUT', 'status'],
      [() => run('SET_PRIORITY', connector, conversation, 'URGENT'), 'INVALID_INPUT', 'priority'],
      [() => run('SET_PRIORITY', connector, conversation, null), 'INVALID_INPUT', 'priority'],
      [() => run('ASSIGN', connector, conversation, null), 'INVALID_INPUT', 'assigneeId'],
      [() => run('SEND_MESSAGE', connector, conversation, { content: 'note', private: true, idempotencyKey: null }), 'UNSUPPORTED_BY_SOURCE', 'private'],
      [() => run('SEND_MESSAGE', connector, conversation, { content: '   ', private: false, idempotencyKey: null }), 'INVALID_INPUT', 'content'],
    ];
    for (const [attempt, code, field] of cases) {
      let refused: UserError | undefined;
      expect(await callsDuring(async () => (refused = await refusalOf(attempt())))).toBe(0);
      expect(refused).toMatchObject({ code, field: ['input', field] });
    }
  });

  it('leaves auth failures and outages as upstream errors, never as business refusals, and stores nothing', async () => {
    const record = [...db.conversations.values()].find((c) => !windowClosed(c))!;
    const conversation = await fresh(record.id);
    const wrongKey = connectorFor({ apiKey: 'not-the-key' });
    await expect(run('ASSIGN', wrongKey, conversation, 'cnotamember00000000000000')).rejects.toMatchObject({ constructor: UpstreamError, code: 'UPSTREAM_REJECTED', status: 403 });
    await expect(run('SEND_MESSAGE', wrongKey, conversation, { content: 'x', private: false, idempotencyKey: null })).rejects.toBeInstanceOf(UpstreamError);

    const length = db.messagesOf(record.id).length;
    sim.server.knobs = { ...sim.server.knobs, outage: true };
    await expect(run('SEND_MESSAGE', connectorFor(), conversation, { content: 'x', private: false, idempotencyKey: null })).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
    });
    expect(db.messagesOf(record.id)).toHaveLength(length);
  });

  it('says nothing of the platform in refusal messages (no URL, key, body or error type)', () => {
    expect(refusals.length).toBeGreaterThan(15);
    for (const refusal of refusals) {
      for (const leak of [source.config.baseUrl, '127.0.0.1', 'http', source.config.apiKey, '{', 'ERR_META', 'UNAUTHORIZED', 'INVALID_REQUEST', 'NOT_FOUND']) {
        expect(refusal.message).not.toContain(leak);
      }
    }
  });
});

describe('cache tags', () => {
  it('every cached read of a conversation carries conversation:<id> and every list read carries list, so invalidation is exact', async () => {
    const shared = requestState(NOW);
    const cached = { cacheTtlMs: 60_000 };
    const connector = (): ChatvoltConnector => connectorFor(cached, shared);
    const [target, bystander] = [...db.conversations.values()].filter((c) => !windowClosed(c));
    const readAll = async (): Promise<void> => {
      const c = connector();
      await c.listConversations({ filter: EMPTY_FILTER, position: null, limitHint: 60 });
      await c.countConversations(EMPTY_FILTER);
      for (const record of [target!, bystander!]) {
        const model = (await c.conversation(record.id))!;
        await c.messages(model, { last: 30 });
        await c.scenario(model);
      }
    };
    await readAll();
    expect(await callsDuring(readAll)).toBe(0);

    const writer = connector();
    const model = (await writer.conversation(target!.id))!;
    const message = await run('SEND_MESSAGE', writer, model, { content: 'Cached?', private: false, idempotencyKey: null });
    // What the gateway does after a write.
    source.client(shared, cached).invalidate([`conversation:${target!.id}`, 'list']);

    sim.server.resetCounts();
    const c = connector();
    const after = (await c.conversation(target!.id))!;
    expect(after).toMatchObject({ unreadCount: 0, lastMessagePreview: 'Cached?' });
    expect(await c.lastMessage(after)).toEqual(message);
    const list = await c.listConversations({ filter: EMPTY_FILTER, position: null, limitHint: 1 });
    expect(list.items[0]!.upstreamId).toBe(target!.id);
    await c.conversation(bystander!.id);
    await c.scenario(after);
    // Only the target's detail and tail and the list were read again; the bystander and the CRM catalogue came from the cache.
    expect(sim.server.requestCounts().byRoute).toEqual({
      'GET /conversation': 1,
      'GET /conversation/:conversationId': 1,
      'GET /conversation/:conversationId/messages/:count': 1,
    });
  });
});
