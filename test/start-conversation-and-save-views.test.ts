import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../src/graph/ids.js';
import type { IronDb } from '../simulators/iron/db.js';
import type { VoxysDb } from '../simulators/voxys/db.js';
import { startStack, type Stack } from './support/stack.js';
import { settle, WsTestClient } from './support/ws.js';

/**
 * startConversation on the platforms that can (Iron, Voxys): one conversation per idempotency key,
 * visible in the merged inbox's next read (within the cache TTL) and announced to a subscriber;
 * refused with no platform call where the platform cannot (Chatvolt, VoiceGlow) and for another
 * tenant's contact. saveInboxViews on Iron: a round trip through Iron's own views, and leaving out
 * a view Iron keeps is a 4xx before any call.
 */

let stack: Stack;
const clients: WsTestClient[] = [];

beforeAll(async () => {
  stack = await startStack({
    tenants: [
      { id: 't1', seed: 'start-1', size: 12 },
      { id: 't2', seed: 'start-2', size: 6 },
    ],
  });
}, 60_000);
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await stack?.close();
});

const START = `mutation($input: StartConversationInput!) { startConversation(input: $input) {
  conversation { id source status channel contact { id } lastMessage { content direction } }
  userErrors { code message field } } }`;

interface Started {
  startConversation: {
    conversation: {
      id: string;
      source: string;
      status: string;
      channel: string | null;
      contact: { id: string } | null;
      lastMessage: { content: string; direction: string } | null;
    } | null;
    userErrors: { code: string; field: string[] | null }[];
  };
}

/** A contact of that source, from its newest conversation. */
async function contactOf(source: string, tenant = 't1'): Promise<string> {
  const answer = await stack.gql<{ conversations: { edges: { node: { contact: { id: string } | null } }[] } }>(
    `{ conversations(first: 10, filter: { sources: [${source}] }) { edges { node { contact { id } } } } }`,
    {},
    { tenant },
  );
  const contact = answer.data!.conversations.edges.map((e) => e.node.contact).find((c) => c !== null);
  if (!contact) throw new Error(`no ${source} contact`);
  return contact.id;
}

async function inboxTopIds(): Promise<string[]> {
  const answer = await stack.gql<{ conversations: { edges: { node: { id: string } }[] } }>(`{ conversations(first: 5) { edges { node { id } } } }`);
  return answer.data!.conversations.edges.map((e) => e.node.id);
}

const platformConversations = (source: 'iron' | 'voxys'): number =>
  source === 'iron' ? (stack.sims.t1!.iron.db as IronDb).conversations.size : (stack.sims.t1!.voxys.db as VoxysDb).conversations.size;

describe('startConversation', () => {
  it.each([
    ['IRON', 'iron', 'SMS'],
    ['VOXYS', 'voxys', 'API'],
  ] as const)('%s: starts one conversation per key, shown by the next read and announced live', async (source, type, channel) => {
    const ws = new WsTestClient(stack.url, await stack.token('t1'));
    clients.push(ws);
    const sub = ws.subscribe<{ conversationUpdated: { conversation: { id: string } } }>(`subscription { conversationUpdated(sources: [${source}]) { conversation { id } } }`);
    await settle(150);
    await inboxTopIds(); // warm the cache: the next read must still show the new conversation
    const contactId = await contactOf(source);
    const before = platformConversations(type);
    const input = { contactId, channel, content: `Hello from the gateway ${randomUUID()}`, idempotencyKey: randomUUID() };

    // Three attempts with one key, two of them at once: one conversation.
    const answers = await Promise.all([stack.gql<Started>(START, { input }), stack.gql<Started>(START, { input })]);
    answers.push(await stack.gql<Started>(START, { input }));
    for (const answer of answers) {
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.startConversation.userErrors).toEqual([]);
    }
    const ids = new Set(answers.map((a) => a.data!.startConversation.conversation!.id));
    expect(ids.size).toBe(1);
    expect(platformConversations(type)).toBe(before + 1);
    const started = answers[0]!.data!.startConversation.conversation!;
    expect(started).toMatchObject({ source, status: 'OPEN', channel, contact: { id: contactId }, lastMessage: { content: input.content, direction: 'OUTBOUND' } });
    expect(decodeId(started.id)!.sourceKey).toBe(type);

    // The merged inbox's next read (within the cache TTL) has it among the newest (Voxys keeps whole
    // seconds, so a conversation started a moment earlier elsewhere may tie or lead).
    expect(await inboxTopIds()).toContain(started.id);
    await expect.poll(() => sub.events.some((e) => e.data?.conversationUpdated.conversation.id === started.id)).toBe(true);

    // The same key with another content is a conflict, and starts nothing.
    const reused = await stack.gql<Started>(START, { input: { ...input, content: 'something else' } });
    expect(reused.data!.startConversation.userErrors.map((e) => e.code)).toEqual(['CONFLICT']);
    expect(platformConversations(type)).toBe(before + 1);
  });

  it('a retry after an attempt whose answer was lost finds the conversation it started instead of starting another', async () => {
    const contactId = await contactOf('IRON');
    const before = platformConversations('iron');
    const input = { contactId, channel: 'SMS', content: `Lost answer ${randomUUID()}`, idempotencyKey: randomUUID() };
    // Iron handles the next call (the thread is opened), then the connection is reset: nobody knows.
    stack.sims.t1!.iron.server.setKnobs({ resetAfterHandling: 1 });
    const lost = await stack.gql<Started>(START, { input });
    expect(lost.errors?.[0]?.extensions).toMatchObject({ reason: 'OUTCOME_UNKNOWN', retryable: true });
    expect(platformConversations('iron')).toBe(before + 1);
    const retry = await stack.gql<Started>(START, { input });
    expect(retry.errors).toBeUndefined();
    const found = retry.data!.startConversation.conversation!;
    expect(found.lastMessage).toEqual({ content: input.content, direction: 'OUTBOUND' });
    expect(platformConversations('iron')).toBe(before + 1);
    const db = stack.sims.t1!.iron.db as IronDb;
    expect(db.conversations.has(decodeId(found.id)!.upstreamId)).toBe(true);
  });

  it.each(['CHATVOLT', 'VOICEGLOW'])('%s: UNSUPPORTED_BY_SOURCE without any platform call', async (source) => {
    const contactId = await contactOf(source);
    stack.resetCounts();
    const answer = await stack.gql<Started>(START, { input: { contactId, content: 'Hi' } });
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.startConversation).toMatchObject({ conversation: null, userErrors: [{ code: 'UNSUPPORTED_BY_SOURCE' }] });
    expect(Object.values(stack.upstreamCalls('t1')).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it("another tenant's contact is NOT_FOUND, blank content INVALID_INPUT, a malformed id BAD_USER_INPUT: no call", async () => {
    const theirs = await contactOf('IRON', 't2');
    const mine = await contactOf('IRON');
    stack.resetCounts();
    const foreign = await stack.gql<Started>(START, { input: { contactId: theirs, content: 'Hi' } });
    expect(foreign.data!.startConversation.userErrors).toMatchObject([{ code: 'NOT_FOUND', field: ['input', 'contactId'] }]);
    const blank = await stack.gql<Started>(START, { input: { contactId: mine, content: '  ' } });
    expect(blank.data!.startConversation.userErrors).toMatchObject([{ code: 'INVALID_INPUT', field: ['input', 'content'] }]);
    const voice = await stack.gql<Started>(START, { input: { contactId: mine, content: 'Hi', channel: 'VOICE' } });
    expect(voice.data!.startConversation.userErrors).toMatchObject([{ code: 'INVALID_INPUT', field: ['input', 'channel'] }]);
    const malformed = await stack.gql<Started>(START, { input: { contactId: 'nope', content: 'Hi' } });
    expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'contactId'] });
    expect(Object.values(stack.upstreamCalls('t1')).reduce((a, b) => a + b, 0)).toBe(0);
    expect(Object.values(stack.upstreamCalls('t2')).reduce((a, b) => a + b, 0)).toBe(0);
  });
});

interface SavedView {
  id: string;
  name: string;
  deletable: boolean;
  counts: { total: number; unread: number } | null;
  filter: { unread: boolean | null; starred: boolean | null; archived: boolean | null; activeWithinDays: number | null };
}
const SAVE = `mutation($input: SaveInboxViewsInput!) { saveInboxViews(input: $input) {
  views { id name deletable counts { total unread } filter { unread starred archived activeWithinDays } } userErrors { code message field } } }`;

async function ironViews(): Promise<SavedView[]> {
  const answer = await stack.gql<{ inboxViews: (SavedView & { sourceKey: string | null })[] }>(
    `{ inboxViews { id name sourceKey deletable counts { total unread } filter { unread starred archived activeWithinDays } } }`,
  );
  expect(answer.errors).toBeUndefined();
  return answer.data!.inboxViews.filter((v) => v.sourceKey === 'iron');
}

describe('saveInboxViews', () => {
  it('round trip on Iron: a new view, a rename and a deletion are saved, counted and opened', async () => {
    const db = stack.sims.t1!.iron.db as IronDb;
    const current = await ironViews();
    const keep = current.filter((v) => v.name !== 'Archived').map((v) => ({ id: v.id, name: v.name === 'Overdue' ? 'Late' : v.name, ...v.filter }));
    const views = [...keep, { name: 'Starred and unread', starred: true, unread: true }];
    const saved = await stack.gql<{ saveInboxViews: { views: SavedView[]; userErrors: unknown[] } }>(SAVE, { input: { sourceKey: 'iron', views } });
    expect(saved.errors).toBeUndefined();
    expect(saved.data!.saveInboxViews.userErrors).toEqual([]);
    expect(saved.data!.saveInboxViews.views.map((v) => v.name)).toEqual(['Unread', 'Recents', 'Starred', 'All', 'Late', 'Starred and unread']);
    expect(db.views.map((v) => v.name)).toEqual(['Unread', 'Recents', 'Starred', 'All', 'Late', 'Starred and unread']);

    // The next read shows them (the cached views were dropped), with Iron's counts of the new one.
    const after = await ironViews();
    expect(after.map((v) => v.name)).toEqual(['Unread', 'Recents', 'Starred', 'All', 'Late', 'Starred and unread']);
    const added = after.find((v) => v.name === 'Starred and unread')!;
    const expected = [...db.conversations.values()].filter((c) => !c.archived && c.starred && c.unreadCount > 0);
    expect(added).toMatchObject({ deletable: true, counts: { total: expected.length, unread: expected.length } });
    const opened = await stack.gql<{ conversations: { edges: { node: { id: string } }[] } }>(
      `query($view: ID) { conversations(first: 100, filter: { view: $view }) { edges { node { id } } } }`,
      {
        view: added.id,
      },
    );
    expect(opened.data!.conversations.edges.map((e) => decodeId(e.node.id)!.upstreamId).sort()).toEqual(expected.map((c) => c.id).sort());
  });

  it("leaving out one of Iron's four fixed views is BAD_USER_INPUT before any call", async () => {
    const current = await ironViews();
    const without = current.filter((v) => v.name !== 'Recents').map((v) => ({ id: v.id, name: v.name }));
    stack.resetCounts();
    const refused = await stack.gql(SAVE, { input: { sourceKey: 'iron', views: without } });
    expect(refused.data).toBeNull();
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'views'] });
    expect(refused.errors?.[0]?.message).toContain('Recents');
    expect(stack.upstreamCalls('t1').iron).toBe(0);
  });

  it('more than 50 views is BAD_USER_INPUT on input.views (not on one view), before any call', async () => {
    const current = await ironViews();
    const views = [...current.map((v) => ({ id: v.id, name: v.name })), ...Array.from({ length: 51 - current.length }, (_, i) => ({ name: `Extra ${i}` }))];
    expect(views).toHaveLength(51);
    stack.resetCounts();
    const refused = await stack.gql(SAVE, { input: { sourceKey: 'iron', views } });
    expect(refused.data).toBeNull();
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ['input', 'views'] });
    expect(refused.errors?.[0]?.message).toBe('views: at most 50, got 51');
    expect(stack.upstreamCalls('t1').iron).toBe(0);
  });

  it("a platform without saved views is UNSUPPORTED_BY_SOURCE; another tenant's view id NOT_FOUND; both without a call", async () => {
    stack.resetCounts();
    const voxys = await stack.gql<{ saveInboxViews: { userErrors: { code: string }[] } }>(SAVE, { input: { sourceKey: 'voxys', views: [{ name: 'Mine' }] } });
    expect(voxys.data!.saveInboxViews.userErrors.map((e) => e.code)).toEqual(['UNSUPPORTED_BY_SOURCE']);
    const theirs = (await stack.gql<{ inboxViews: { id: string; sourceKey: string | null }[] }>(`{ inboxViews { id sourceKey } }`, {}, { tenant: 't2' })).data!.inboxViews.find(
      (v) => v.sourceKey === 'iron',
    )!;
    stack.resetCounts();
    const foreign = await stack.gql<{ saveInboxViews: { userErrors: { code: string }[] } }>(SAVE, {
      input: { sourceKey: 'iron', views: ['Unread', 'Recents', 'Starred', 'All'].map((name) => ({ name })).concat([{ id: theirs.id, name: 'Theirs' } as never]) },
    });
    expect(foreign.data!.saveInboxViews.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
    expect(Object.values(stack.upstreamCalls('t1')).reduce((a, b) => a + b, 0)).toBe(0);
  });
});
