import { describe, expect, it } from 'vitest';
import { capabilitiesOf } from '../src/capabilities.js';
import type { ActionArguments, ActionResult } from '../src/datasources/actions.js';
import type { InboxConnector } from '../src/datasources/connector.js';
import { IronConnector } from '../src/datasources/iron/connector.js';
import { ironPlatform } from '../src/datasources/iron/index.js';
import type { RestClient } from '../src/datasources/rest-client.js';
import { UpstreamError, UserError, type UserErrorCode } from '../src/errors.js';
import type { InboxAction } from '../src/generated/graphql.js';
import { EMPTY_FILTER } from '../src/inbox/filter.js';
import type { ConversationModel } from '../src/model/index.js';
import { STAFF } from '../simulators/common/people.js';
import { createIronSimulator } from '../simulators/iron/index.js';
import type { IronConversation } from '../simulators/iron/records.js';
import { requestState, serveSource } from './support/platform-harness.js';

/**
 * Iron's actions (the platform's action table, run on its connector) against a running Iron simulator: every action on every
 * conversation, each effect seen by a later read of a fresh connector, every mapped error produced
 * by the simulator's own data, and the cache tags that make the gateway's invalidation exact.
 */

const NOW = new Date('2025-03-14T12:00:00.000Z');
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

const sim = createIronSimulator({ seed: 'actions', now: NOW });
const db = sim.db;
const source = serveSource('iron', sim, { now: NOW, settings: { cacheTtlMs: 0 } });

/** The connector the Iron platform builds (its actions take it, with its API). */
function iron(connector: InboxConnector): IronConnector {
  if (!(connector instanceof IronConnector)) throw new Error('not an Iron connector');
  return connector;
}

/** A connector as one gateway request builds it (fresh request memo, no cross-request cache). */
const fresh = (): IronConnector => iron(source.connector(sim.identities.alice));

/** Runs one of Iron's actions as the gateway's action runner does, on a fresh connector (fails the test when the table lacks it). */
function act<A extends InboxAction>(action: A, conversation: ConversationModel, ...args: ActionArguments[A]): Promise<ActionResult<A>> {
  const spec = ironPlatform.actions[action];
  if (!spec) throw new Error(`Iron has no ${action}`);
  return spec.run(fresh(), conversation, ...args);
}
const conversations = (): IronConversation[] => [...db.conversations.values()];

async function read(id: string): Promise<ConversationModel> {
  const conversation = await fresh().conversation(id);
  if (!conversation) throw new Error(`conversation ${id} not found`);
  return conversation;
}

const calls = (action: () => Promise<unknown>): Promise<Record<string, number>> => source.routeCountsDuring(action);

/**
 * The UserError an action throws (fails the test when it resolves or fails otherwise), with its
 * code, its input field (when given) and a safe message.
 */
async function refusal(action: () => Promise<unknown>, code: UserErrorCode, field?: string): Promise<UserError> {
  const outcome = await action().then(
    () => ({ refused: false as const }),
    (error: unknown) => ({ refused: true as const, error }),
  );
  if (!outcome.refused) throw new Error('expected the action to be refused');
  expect(outcome.error).toBeInstanceOf(UserError);
  const refused = outcome.error as UserError;
  expect(refused.code).toBe(code);
  if (field !== undefined) expect(refused.field).toEqual(['input', field]);
  // Our own words: no upstream URL, token, org id or raw body.
  const { baseUrl, token, orgId } = source.config;
  for (const secret of [baseUrl, token, orgId, '/api/v1', 'detail', '{']) expect(refused.message).not.toContain(secret);
  return refused;
}

/** Everything a read shows that an action may change, for "nothing else changed" checks. */
const stateOf = (c: ConversationModel) => ({
  unreadCount: c.unreadCount,
  starred: c.starred,
  archived: c.archived,
  status: c.status,
  assignee: c.assignee?.upstreamId ?? null,
  lastActivityAt: c.lastActivityAt,
  lastMessagePreview: c.lastMessagePreview,
});

const POST = (path: string): string => `POST /api/v1/conversations/:conversation_id${path}`;

describe('the action set', () => {
  it("is exactly the capability matrix for iron, derived from the platform's action table", () => {
    expect([...capabilitiesOf('iron')].sort()).toEqual(Object.keys(ironPlatform.actions).sort());
    expect(capabilitiesOf('iron')).toEqual(['SEND_MESSAGE', 'SEND_ATTACHMENTS', 'MARK_READ', 'MARK_UNREAD', 'STAR', 'ARCHIVE', 'ASSIGN', 'SEND_SUGGESTION', 'DISMISS_SUGGESTION']);
  });

  it('names the endpoint of each action', () => {
    const endpoints = Object.fromEntries(Object.entries(ironPlatform.actions).map(([action, spec]) => [action, spec.endpoint]));
    expect(endpoints).toEqual({
      SEND_MESSAGE: 'POST /conversations/:id/messages',
      SEND_ATTACHMENTS: 'POST /conversations/media (multipart, per file), then POST /conversations/:id/messages {media_ids}',
      MARK_READ: 'POST /conversations/:id/read',
      MARK_UNREAD: 'POST /conversations/:id/unread',
      STAR: 'POST|DELETE /conversations/:id/star',
      ARCHIVE: 'POST /conversations/:id/archive',
      ASSIGN: 'POST /conversations/:id/assign',
      SEND_SUGGESTION: 'POST /conversations/:id/suggestions/:activityId/send',
      DISMISS_SUGGESTION: 'POST /conversations/:id/suggestions/:activityId/dismiss',
    });
  });
});

describe('every action on every conversation, seen by a later read', () => {
  it('has a varied data set: every channel, drafts pending, sent and dismissed', () => {
    expect(conversations()).toHaveLength(60);
    for (const channel of ['sms', 'email', 'call']) expect(conversations().some((c) => c.channel === channel)).toBe(true);
    for (const status of ['pending', 'sent', 'dismissed'])
      expect(conversations().some((c) => db.thread(c.id).some((a) => a.kind === 'suggestion' && a.status === status))).toBe(true);
  });

  it('MARK_UNREAD gives at least 1 unread (keeping a count), MARK_READ gives 0', async () => {
    for (const c of conversations()) {
      const before = await read(c.id);
      await act('MARK_UNREAD', before);
      const unread = await read(c.id);
      expect(unread.unreadCount, c.id).toBe(Math.max(1, before.unreadCount ?? 0));
      await act('MARK_READ', unread);
      const done = await read(c.id);
      expect(done.unreadCount, c.id).toBe(0);
      expect({ ...stateOf(done), unreadCount: before.unreadCount }).toEqual(stateOf(before));
    }
  });

  it('STAR stars and unstars', async () => {
    for (const c of conversations()) {
      const before = await read(c.id);
      // Iron always says whether a thread is starred and archived (never null).
      for (const starred of [!before.starred, before.starred === true]) {
        await act('STAR', before, starred);
        const after = await read(c.id);
        expect(after.starred, c.id).toBe(starred);
        expect({ ...stateOf(after), starred: before.starred }).toEqual(stateOf(before));
      }
    }
  });

  it('ARCHIVE archives and restores: archived, status and the archived list follow', async () => {
    for (const c of conversations()) {
      const before = await read(c.id);
      await act('ARCHIVE', before, !before.archived);
      const flipped = await read(c.id);
      expect(flipped).toMatchObject({ archived: !before.archived, status: before.archived ? 'OPEN' : 'RESOLVED' });
      const page = await fresh().listConversations({ filter: { ...EMPTY_FILTER, archived: !before.archived }, position: null, limitHint: 100 });
      expect(
        page.items.map((x) => x.upstreamId),
        c.id,
      ).toContain(c.id);
      await act('ARCHIVE', flipped, before.archived === true);
      expect(stateOf(await read(c.id))).toEqual(stateOf(before));
    }
  });

  it('ASSIGN sets each member (with name), null unassigns, and the original comes back', async () => {
    const members = STAFF.map((s) => ({ id: sim.identities[s.key], name: s.name }));
    for (const [i, c] of conversations().entries()) {
      const before = await read(c.id);
      const target = members.filter((m) => m.id !== before.assignee?.upstreamId)[i % 3]!;
      await act('ASSIGN', before, target.id);
      expect((await read(c.id)).assignee, c.id).toMatchObject({ kind: 'Agent', upstreamId: target.id, name: target.name });
      await act('ASSIGN', before, null);
      expect((await read(c.id)).assignee, c.id).toBeNull();
      await act('ASSIGN', before, before.assignee?.upstreamId ?? null);
      expect(stateOf(await read(c.id))).toEqual(stateOf(before));
    }
  });

  it('SEND_MESSAGE: the returned message is the new last message, lastActivityAt moves, the thread heads the list; call threads refuse', async () => {
    let sent = 0;
    let refused = 0;
    for (const c of conversations()) {
      const before = await read(c.id);
      const length = db.thread(c.id).length;
      const content = `Reply ${sent + refused} to ${c.id.slice(0, 8)}`;
      if (c.channel === 'call') {
        const counted = await calls(() => refusal(() => act('SEND_MESSAGE', before, { content, private: false, idempotencyKey: 'k' }), 'INVALID_INPUT', 'conversationId'));
        // Iron itself said no (one call), and nothing was written.
        expect(counted).toEqual({ [POST('/messages')]: 1 });
        expect(db.thread(c.id)).toHaveLength(length);
        expect(stateOf(await read(c.id))).toEqual(stateOf(before));
        refused++;
        continue;
      }
      const counted = await calls(async () => {
        const message = await act('SEND_MESSAGE', before, { content, private: false, idempotencyKey: `key-${c.id}` });
        expect(message).toMatchObject({
          ref: source.ref,
          conversationUpstreamId: c.id,
          content,
          direction: 'OUTBOUND',
          kind: c.channel === 'sms' ? 'SMS' : 'EMAIL',
          private: false,
          sender: null,
        });
        expect(message.cursor).toBe(message.upstreamId);
        const connector = fresh();
        const after = (await connector.conversation(c.id))!;
        expect(await connector.lastMessage(after)).toEqual(message);
        expect((await connector.messages(after, { last: 1 })).items).toEqual([message]);
        expect(after.lastActivityAt.getTime()).toBeGreaterThan(before.lastActivityAt.getTime());
        expect(after.lastActivityAt).toEqual(message.createdAt);
        expect(after).toMatchObject({ lastMessagePreview: content, unreadCount: 0, sla: { dueAt: null, overdue: false } });
        const head = await connector.listConversations({ filter: EMPTY_FILTER, position: null, limitHint: 1 });
        expect(head.items[0]!.upstreamId).toBe(c.id);
      });
      // Exactly one send, whatever the idempotency key (Iron has no such field).
      expect(counted[POST('/messages')]).toBe(1);
      expect(db.thread(c.id)).toHaveLength(length + 1);
      sent++;
    }
    expect(sent).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(5);
  });

  it('SEND_SUGGESTION / DISMISS_SUGGESTION on every conversation: pending drafts are sent or dismissed, handled ones are a CONFLICT', async () => {
    let sentDrafts = 0;
    let dismissedDrafts = 0;
    for (const [i, c] of conversations().entries()) {
      const connector = fresh();
      const before = (await connector.conversation(c.id))!;
      const pending = await connector.suggestions(before);
      for (const [k, draft] of pending.entries()) {
        const beforeDraft = (await read(c.id)).lastActivityAt;
        if ((i + k) % 2 === 0) {
          const message = await act('SEND_SUGGESTION', before, draft.upstreamId);
          expect(message).toMatchObject({ ref: source.ref, conversationUpstreamId: c.id, content: draft.content, direction: 'OUTBOUND', private: false });
          expect(['SMS', 'EMAIL']).toContain(message!.kind);
          const reader = fresh();
          const after = (await reader.conversation(c.id))!;
          expect(await reader.lastMessage(after)).toEqual(message);
          expect(after.lastActivityAt.getTime()).toBeGreaterThan(beforeDraft.getTime());
          expect(after.lastMessagePreview).toBe(draft.content);
          sentDrafts++;
        } else {
          const lastBefore = await fresh().lastMessage(before);
          await act('DISMISS_SUGGESTION', before, draft.upstreamId);
          const reader = fresh();
          const after = (await reader.conversation(c.id))!;
          expect(await reader.lastMessage(after)).toEqual(lastBefore);
          dismissedDrafts++;
        }
        expect((await fresh().suggestions(before)).map((s) => s.upstreamId)).not.toContain(draft.upstreamId);
        await refusal(() => act('SEND_SUGGESTION', before, draft.upstreamId), 'CONFLICT', 'suggestionId');
        await refusal(() => act('DISMISS_SUGGESTION', before, draft.upstreamId), 'CONFLICT', 'suggestionId');
      }
      expect(await fresh().suggestions(before)).toEqual([]);
      // Threads without a pending draft: a handled one conflicts, an unknown one is not found.
      const handled = db.thread(c.id).find((a) => a.kind === 'suggestion');
      if (handled) await refusal(() => act('SEND_SUGGESTION', before, handled.id), 'CONFLICT');
      await refusal(() => act('DISMISS_SUGGESTION', before, UNKNOWN), 'NOT_FOUND', 'suggestionId');
    }
    expect(sentDrafts).toBeGreaterThanOrEqual(3);
    expect(dismissedDrafts).toBeGreaterThanOrEqual(3);
  });
});

describe('errors: each code from a case in the simulated data', () => {
  it('NOT_FOUND: a conversation Iron does not have, for every action', async () => {
    const sms = await read(conversations().find((c) => c.channel === 'sms')!.id);
    const gone: ConversationModel = { ...sms, upstreamId: UNKNOWN };
    await refusal(() => act('SEND_MESSAGE', gone, { content: 'hi', private: false, idempotencyKey: null }), 'NOT_FOUND', 'conversationId');
    await refusal(() => act('MARK_READ', gone), 'NOT_FOUND');
    await refusal(() => act('MARK_UNREAD', gone), 'NOT_FOUND');
    await refusal(() => act('STAR', gone, true), 'NOT_FOUND');
    await refusal(() => act('STAR', gone, false), 'NOT_FOUND');
    await refusal(() => act('ARCHIVE', gone, true), 'NOT_FOUND');
    await refusal(() => act('ASSIGN', gone, null), 'NOT_FOUND');
    await refusal(() => act('SEND_SUGGESTION', gone, UNKNOWN), 'NOT_FOUND');
    await refusal(() => act('DISMISS_SUGGESTION', gone, UNKNOWN), 'NOT_FOUND');
  });

  it('NOT_FOUND: a draft of another thread or a touchpoint id; a non-uuid id costs no call', async () => {
    const withDraft = conversations().find((c) => db.thread(c.id).some((a) => a.kind === 'suggestion'))!;
    const other = conversations().find((c) => c.id !== withDraft.id && db.thread(c.id).some((a) => a.kind === 'suggestion'))!;
    const conversation = await read(withDraft.id);
    const foreignDraft = db.thread(other.id).find((a) => a.kind === 'suggestion')!;
    const touchpoint = db.thread(withDraft.id).find((a) => a.kind !== 'suggestion')!;
    for (const id of [foreignDraft.id, touchpoint.id]) await refusal(() => act('SEND_SUGGESTION', conversation, id), 'NOT_FOUND', 'suggestionId');
    expect(await calls(() => refusal(() => act('DISMISS_SUGGESTION', conversation, 'draft-1'), 'NOT_FOUND'))).toEqual({});
  });

  it('NOT_A_MEMBER: assigning someone who left the org (Iron 422); the assignee stays', async () => {
    const former = db.formerMembers[0]!.userId;
    const c = conversations().find((x) => x.assignedTo !== null)!;
    const before = await read(c.id);
    const counted = await calls(() => refusal(() => act('ASSIGN', before, former), 'NOT_A_MEMBER', 'assigneeId'));
    expect(counted).toEqual({ [POST('/assign')]: 1 });
    expect((await read(c.id)).assignee?.upstreamId).toBe(c.assignedTo);
  });

  it('INVALID_INPUT: a text in a call thread and empty or oversized content (Iron 422); a non-uuid assignee costs no call', async () => {
    const voice = await read(conversations().find((c) => c.channel === 'call')!.id);
    await refusal(() => act('SEND_MESSAGE', voice, { content: 'hi', private: false, idempotencyKey: null }), 'INVALID_INPUT', 'conversationId');
    const email = await read(conversations().find((c) => c.channel === 'email')!.id);
    for (const content of ['', '   ', 'x'.repeat(5001)]) {
      const counted = await calls(() => refusal(() => act('SEND_MESSAGE', email, { content, private: false, idempotencyKey: null }), 'INVALID_INPUT', 'content'));
      expect(counted).toEqual({ [POST('/messages')]: 1 });
    }
    expect(await calls(() => refusal(() => act('ASSIGN', email, 'bob'), 'INVALID_INPUT', 'assigneeId'))).toEqual({});
  });

  it('UNSUPPORTED_BY_SOURCE: a private note (Iron writes none) costs no call', async () => {
    const sms = await read(conversations().find((c) => c.channel === 'sms')!.id);
    expect(await calls(() => refusal(() => act('SEND_MESSAGE', sms, { content: 'note', private: true, idempotencyKey: null }), 'UNSUPPORTED_BY_SOURCE', 'private'))).toEqual({});
  });

  it('CONFLICT: the seeded drafts that were already sent or dismissed', async () => {
    for (const status of ['sent', 'dismissed'] as const) {
      const c = conversations().find((x) => db.thread(x.id).some((a) => a.kind === 'suggestion' && a.status === status))!;
      const draft = db.thread(c.id).find((a) => a.kind === 'suggestion' && a.status === status)!;
      const conversation = await read(c.id);
      await refusal(() => act('SEND_SUGGESTION', conversation, draft.id), 'CONFLICT', 'suggestionId');
      await refusal(() => act('DISMISS_SUGGESTION', conversation, draft.id), 'CONFLICT', 'suggestionId');
      expect(draft.status).toBe(status);
    }
  });

  it('other failures stay UpstreamErrors, and a failed send is never retried (no double send)', async () => {
    const c = conversations().find((x) => x.channel === 'sms')!;
    const conversation = await read(c.id);
    const length = db.thread(c.id).length;
    for (const knobs of [{ outage: true }, { rateLimitBurst: 1 }, { errorRate: 1 }]) {
      sim.server.setKnobs(knobs);
      try {
        const counted = await calls(async () => {
          const error = await act('SEND_MESSAGE', conversation, { content: 'once', private: false, idempotencyKey: 'same' }).catch((e: unknown) => e);
          expect(error).toBeInstanceOf(UpstreamError);
          expect(error).not.toBeInstanceOf(UserError);
        });
        expect(counted).toEqual({ [POST('/messages')]: 1 });
      } finally {
        sim.server.knobs = { ...sim.server.knobs, outage: false, rateLimitBurst: 0, errorRate: 0 };
      }
    }
    expect(db.thread(c.id)).toHaveLength(length);
  });
});

describe('cache tags: the gateway invalidation is exact', () => {
  it('conversation:<id> drops that thread and detail, list drops the list, and nothing else', async () => {
    const cached = { cacheTtlMs: 60_000 };
    const shared = requestState(NOW);
    const connector = (client: RestClient) => source.connector(null, { config: cached, shared, client });
    const client = (): RestClient => source.client(shared, cached);
    // Not the list head already, so the list's answer visibly changes with the send.
    const [target, other] = conversations().filter((c) => c.channel === 'email' && c.id !== db.inListOrder()[0]!.id);
    const readAll = async (reader: InboxConnector) => {
      const list = await reader.listConversations({ filter: EMPTY_FILTER, position: null, limitHint: 100 });
      const conversation = (await reader.conversation(target!.id))!;
      const last = await reader.lastMessage(conversation);
      const neighbour = (await reader.conversation(other!.id))!;
      await reader.lastMessage(neighbour);
      return { head: list.items[0]!.upstreamId, conversation, last };
    };
    await readAll(connector(client()));
    const conversation = (await connector(client()).conversation(target!.id))!;
    const message = await ironPlatform.actions.SEND_MESSAGE!.run(iron(connector(client())), conversation, { content: 'cache check', private: false, idempotencyKey: null });

    // Still the cached reads: no call at all.
    let seen!: Awaited<ReturnType<typeof readAll>>;
    expect(await calls(async () => (seen = await readAll(connector(client()))))).toEqual({});
    expect(seen.last).not.toEqual(message);

    // The gateway's invalidation after a write on this conversation.
    const writer = client();
    writer.invalidate([`conversation:${target!.id}`]);
    const afterConversation = await calls(async () => (seen = await readAll(connector(client()))));
    expect(afterConversation).toEqual({ 'GET /api/v1/conversations/:conversation_id': 1, 'GET /api/v1/conversations/:conversation_id/messages': 1 });
    expect(seen.last).toEqual(message);
    expect(seen.conversation.lastMessagePreview).toBe('cache check');
    expect(seen.head).not.toBe(target!.id);

    writer.invalidate(['list']);
    expect(await calls(async () => (seen = await readAll(connector(client()))))).toEqual({ 'GET /api/v1/conversations': 1 });
    expect(seen.head).toBe(target!.id);
  });
});
