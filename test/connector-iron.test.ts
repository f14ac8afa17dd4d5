import { describe, expect, it } from 'vitest';
import type { IronSourceConfig } from '../src/config/schema.js';
import type { InboxConnector } from '../src/datasources/connector.js';
import { IronConnector } from '../src/datasources/iron/connector.js';
import { UpstreamError } from '../src/errors.js';
import { EMPTY_FILTER } from '../src/inbox/filter.js';
import type { ConversationFilter, ConversationModel, MessageModel } from '../src/model/index.js';
import { STAFF, type StaffKey } from '../simulators/common/people.js';
import { createIronSimulator } from '../simulators/iron/index.js';
import type { IronActivity, IronConversation } from '../simulators/iron/records.js';
import { walkInbox, readConversationScreen } from './support/gateway-reads.js';
import { serveSource, withSource } from './support/platform-harness.js';

/** The Iron connector against a running Iron simulator: lists, counts, mapping, threads, call counts. */

const NOW = new Date('2025-03-14T12:00:00.000Z');
const LIST = 'GET /api/v1/conversations';
const DETAIL = 'GET /api/v1/conversations/:conversation_id';
const THREAD = 'GET /api/v1/conversations/:conversation_id/messages';
const MEMBERS = 'GET /api/v1/org/members';

const sim = createIronSimulator({ seed: 'connector', now: NOW });
const db = sim.db;
const source = serveSource('iron', sim, { now: NOW, settings: { cacheTtlMs: 0 } });

/** A connector as one gateway request builds it (fresh request memo; no cross-request cache): the Iron platform's own. */
function connectorFor(me: string | null, config: Partial<IronSourceConfig> = {}): IronConnector {
  const connector = source.connector(me, { config });
  if (!(connector instanceof IronConnector)) throw new Error('not an Iron connector');
  return connector;
}
const idOf = (key: StaffKey): string => sim.identities[key];
const countsSince = (action: () => Promise<unknown>): Promise<Record<string, number>> => source.routeCountsDuring(action);

/** Walks the connector's list with `next`, applying what Iron did not, as the gateway does (Iron defers nothing). */
async function walk(connector: InboxConnector, filter: ConversationFilter, me: string | null, limitHint = 13): Promise<ConversationModel[]> {
  return (await walkInbox(connector, filter, me, limitHint)).items;
}

/** Ground truth straight from the db records (not from Iron's JSON). */
function truth(filter: ConversationFilter, me: string | null): IronConversation[] {
  return [...db.conversations.values()].filter((c) => {
    const contact = db.contactOf(c);
    const status = c.archived ? 'RESOLVED' : 'OPEN';
    if (filter.status && !filter.status.includes(status)) return false;
    if (filter.assignee === 'MINE' && (me === null || c.assignedTo !== me)) return false;
    if (filter.assignee === 'UNASSIGNED' && c.assignedTo !== null) return false;
    if (filter.assignee === 'ASSIGNED' && c.assignedTo === null) return false;
    if (filter.search) {
      const needle = filter.search.toLowerCase();
      const texts = [contact.name, contact.email, contact.phone, db.lastMessagePreview(c)];
      if (!texts.some((t) => t?.toLowerCase().includes(needle))) return false;
    }
    if (filter.archived !== null && c.archived !== filter.archived) return false;
    if (filter.starred !== null && c.starred !== filter.starred) return false;
    if (filter.overdue !== null && c.sla.overdue !== filter.overdue) return false;
    // Iron conversations carry no labels.
    if (filter.labels && filter.labels.length > 0) return false;
    return true;
  });
}

function expectedConversation(c: IronConversation): ConversationModel {
  const contact = db.contactOf(c);
  const member = db.members.find((m) => m.userId === c.assignedTo);
  return {
    ref: source.ref,
    upstreamId: c.id,
    title: null,
    status: c.archived ? 'RESOLVED' : 'OPEN',
    priority: null,
    channel: ({ sms: 'SMS', email: 'EMAIL', call: 'VOICE' } as const)[c.channel],
    aiEnabled: null,
    contact: { kind: 'Contact', ref: source.ref, upstreamId: contact.id, name: contact.name, email: contact.email, phone: contact.phone, company: null, avatarUrl: null },
    assignee: member ? { kind: 'Agent', ref: source.ref, upstreamId: member.userId, name: member.name, email: member.email, avatarUrl: null } : null,
    unreadCount: c.unreadCount,
    starred: c.starred,
    archived: c.archived,
    labels: [],
    lastMessagePreview: db.lastMessagePreview(c),
    lastActivityAt: new Date(db.lastActivityAt(c)),
    createdAt: null,
    sla: { dueAt: c.sla.dueAt === null ? null : new Date(c.sla.dueAt), overdue: c.sla.overdue, source: source.ref },
    // Iron has none of these: null / [] for every thread.
    summary: null,
    handoffs: [],
    customAttributes: null,
    frustration: null,
  };
}

function expectSameConversation(model: ConversationModel | null, c: IronConversation): void {
  expect(model).not.toBeNull();
  const expected = expectedConversation(c);
  for (const key of Object.keys(expected) as (keyof ConversationModel)[]) expect(model![key], `${c.id} ${key}`).toEqual(expected[key]);
}

/** The thread's messages (drafts are not messages), oldest first. */
function messagesOf(c: IronConversation): IronActivity[] {
  return db.thread(c.id).filter((a) => a.kind !== 'suggestion');
}

function expectSameMessage(message: MessageModel, activity: IronActivity, conversation: ConversationModel): void {
  expect(message).toEqual({
    ref: source.ref,
    conversationUpstreamId: activity.conversationId,
    upstreamId: activity.id,
    cursor: activity.id,
    content: activity.body,
    direction: activity.direction === 'inbound' ? 'INBOUND' : 'OUTBOUND',
    kind: ({ sms: 'SMS', email: 'EMAIL', call: 'CALL', note: 'NOTE' } as Record<string, string>)[activity.kind],
    private: activity.kind === 'note',
    sender: activity.direction === 'inbound' ? conversation.contact : null,
    createdAt: new Date(activity.createdAt),
    attachments: [],
    callSummary: activity.kind === 'call' ? activity.aiSummary : null,
  });
}

const conversations = (): IronConversation[] => [...db.conversations.values()];
const longThreads = (): IronConversation[] => conversations().filter((c) => db.thread(c.id).length > 50);

describe('listConversations', () => {
  it('walks every conversation exactly once, newest activity first, with no filter', async () => {
    const connector = connectorFor(idOf('alice'));
    const items = await walk(connector, EMPTY_FILTER, idOf('alice'));
    expect(items).toHaveLength(60);
    expect(items.map((c) => c.upstreamId)).toEqual(db.inListOrder().map((c) => c.id));
    // A row listed before the member directory arrived defers its assignee's name to `hydrate`.
    for (const item of items) expectSameConversation(await connector.hydrate(item), db.conversations.get(item.upstreamId)!);
  });

  const me = (): string => idOf('bob');
  // A last name, upper-cased: search is case-insensitive over contact name, email, phone and preview.
  const searchName = (): string =>
    db
      .contactOf(conversations().find((c) => db.contactOf(c).name !== null)!)
      .name!.split(' ')[1]!
      .toUpperCase();
  const filters: [string, () => Partial<ConversationFilter>][] = [
    ['status OPEN', () => ({ status: ['OPEN'] })],
    ['status RESOLVED', () => ({ status: ['RESOLVED'] })],
    ['status OPEN or PENDING', () => ({ status: ['OPEN', 'PENDING'] })],
    ['status OPEN + archived', () => ({ status: ['OPEN'], archived: true })],
    ['assignee MINE', () => ({ assignee: 'MINE' })],
    ['assignee UNASSIGNED', () => ({ assignee: 'UNASSIGNED' })],
    ['assignee ASSIGNED', () => ({ assignee: 'ASSIGNED' })],
    ['search', () => ({ search: searchName() })],
    ['search in preview', () => ({ search: 'invoice' })],
    ['archived true', () => ({ archived: true })],
    ['archived false', () => ({ archived: false })],
    ['starred true', () => ({ starred: true })],
    ['starred false', () => ({ starred: false })],
    ['overdue true', () => ({ overdue: true })],
    ['overdue false', () => ({ overdue: false })],
    ['labels', () => ({ labels: ['vip'] })],
    ['combined', () => ({ assignee: 'MINE', archived: false, overdue: true, starred: false })],
  ];
  for (const [name, partial] of filters) {
    it(`walks exactly the matching conversations: ${name}`, async () => {
      const filter = { ...EMPTY_FILTER, ...partial() };
      const items = await walk(connectorFor(me()), filter, me(), 7);
      const expected = truth(filter, me()).map((c) => c.id);
      // Only these two can match nothing on Iron.
      if (!['labels', 'status OPEN + archived'].includes(name)) expect(expected.length).toBeGreaterThan(0);
      expect(new Set(items.map((c) => c.upstreamId))).toEqual(new Set(expected));
      expect(items).toHaveLength(expected.length);
    });
  }

  it('pushes archived, status and overdue=true down, never assignee, search, starred or overdue=false', async () => {
    const connector = connectorFor(idOf('alice'));
    const applied = async (partial: Partial<ConversationFilter>) =>
      [...(await connector.listConversations({ filter: { ...EMPTY_FILTER, ...partial }, position: null, limitHint: 5 })).applied].sort();
    expect(await applied({ overdue: true, assignee: 'MINE', starred: true, search: 'x' })).toEqual(['archived', 'overdue', 'status']);
    expect(await applied({ overdue: false })).toEqual(['archived', 'status']);
    // `scope=mine` would be the token's owner (dana): the connector always lists the team.
    const page = await connector.listConversations({ filter: { ...EMPTY_FILTER, assignee: 'MINE' }, position: null, limitHint: 100 });
    expect(page.items.some((c) => c.assignee?.upstreamId !== idOf('alice'))).toBe(true);
  });

  it('answers filters no Iron conversation can match without calling Iron', async () => {
    const connector = connectorFor(idOf('alice'));
    for (const partial of [{ status: ['PENDING', 'SNOOZED'] }, { status: ['RESOLVED'], archived: false }, { labels: ['vip'] }] as Partial<ConversationFilter>[]) {
      const calls = await countsSince(async () => {
        const page = await connector.listConversations({ filter: { ...EMPTY_FILTER, ...partial }, position: null, limitHint: 20 });
        expect(page).toMatchObject({ items: [], next: null });
      });
      expect(calls).toEqual({});
    }
  });

  it('propagates Iron refusing the org (403) as an UpstreamError', async () => {
    const foreign = connectorFor(null, { orgId: '11111111-2222-4333-8444-555555555555' });
    const error = await foreign.listConversations({ filter: EMPTY_FILTER, position: null, limitHint: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).status).toBe(403);
  });
});

describe('countConversations', () => {
  const bucketsOf = (filter: ConversationFilter, me: string | null) => {
    const all = truth({ ...filter, assignee: 'ALL' }, me);
    return {
      mine: all.filter((c) => me !== null && c.assignedTo === me).length,
      unassigned: all.filter((c) => c.assignedTo === null).length,
      assigned: all.filter((c) => c.assignedTo !== null).length,
      all: all.length,
    };
  };

  it('equals the ground truth per bucket, for several users and filters, ignoring the assignee key', async () => {
    const filters: Partial<ConversationFilter>[] = [
      {},
      { assignee: 'UNASSIGNED' },
      { archived: false },
      { status: ['RESOLVED'] },
      { overdue: true },
      { starred: true, archived: false },
      { search: 'invoice' },
      { labels: ['vip'] },
    ];
    for (const me of [idOf('alice'), idOf('dana'), null]) {
      for (const partial of filters) {
        const filter = { ...EMPTY_FILTER, ...partial };
        const counts = await connectorFor(me).countConversations(filter);
        expect(counts, JSON.stringify({ me, partial })).toEqual(bucketsOf(filter, me));
      }
    }
    const all = await connectorFor(idOf('carol')).countConversations(EMPTY_FILTER);
    expect(all.all).toBe(60);
    expect(all.mine).toBe(12);
  });

  it('walks the list at 100 per page: ceil(matching / 100) calls, no members call', async () => {
    const connector = connectorFor(idOf('alice'));
    expect(await countsSince(() => connector.countConversations(EMPTY_FILTER))).toEqual({ [LIST]: 1 });
    const big = createIronSimulator({ seed: 'big', size: 230, now: NOW });
    await withSource('iron', big, { now: NOW, settings: { cacheTtlMs: 0 } }, async (bigSource) => {
      const counts = await bigSource.connector(null).countConversations(EMPTY_FILTER);
      expect(counts.all).toBe(230);
      expect((await bigSource.admin.requestCounts()).byRoute).toEqual({ [LIST]: 3 });
    });
  });
});

describe('conversation', () => {
  it('maps every field, for each assignee, unassigned, archived and not, overdue and not', async () => {
    const picks = new Set<IronConversation>();
    for (const key of [...STAFF.map((s) => s.key), null]) {
      for (const archived of [false, true]) {
        const found = conversations().find((c) => c.archived === archived && c.assignedTo === (key === null ? null : idOf(key)));
        if (found) picks.add(found);
      }
    }
    picks.add(conversations().find((c) => c.sla.overdue)!);
    picks.add(conversations().find((c) => c.sla.dueAt !== null && !c.sla.overdue)!);
    picks.add(conversations().find((c) => db.contactOf(c).name === null)!);
    expect(picks.size).toBeGreaterThanOrEqual(10);
    const connector = connectorFor(idOf('alice'));
    for (const c of picks) expectSameConversation(await connector.conversation(c.id), c);
  });

  it('returns null for an unknown id (Iron 404) and for a non-uuid id without calling', async () => {
    const connector = connectorFor(null);
    expect(await connector.conversation('00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(await countsSince(async () => expect(await connector.conversation('42')).toBeNull())).toEqual({});
  });

  it('reads each conversation once per request, whichever fields ask', async () => {
    const connector = connectorFor(null);
    const id = conversations()[0]!.id;
    const calls = await countsSince(() => Promise.all([connector.conversation(id), connector.conversation(id), connector.conversation(id.toUpperCase())]));
    expect(calls[DETAIL]).toBe(1);
  });

  it('has no lead, funnel card, tasks or scenario on Iron: the connector lacks those reads, and the screen calls nothing for them', async () => {
    const connector: InboxConnector = connectorFor(null);
    expect(connector.lead).toBeUndefined();
    expect(connector.funnelCard).toBeUndefined();
    expect(connector.tasks).toBeUndefined();
    expect(connector.scenario).toBeUndefined();
    expect(connector.scenarioSteps).toBeUndefined();
    expect(connector.suggestions).toBeTypeOf('function');
    const conversation = (await connector.conversation(conversations()[0]!.id))!;
    // What the graph answers for them (src/resolvers): null / [] without any call.
    const calls = await countsSince(async () => {
      expect((await connector.lead?.(conversation)) ?? null).toBeNull();
      expect((await connector.funnelCard?.(conversation)) ?? null).toBeNull();
      expect((await connector.tasks?.(conversation)) ?? []).toEqual([]);
      expect((await connector.scenario?.(conversation)) ?? null).toBeNull();
      expect((await connector.scenarioSteps?.('any')) ?? []).toEqual([]);
    });
    expect(calls).toEqual({});
  });
});

describe('messages', () => {
  it('walks whole threads backwards with last 30 / before, exactly once, in order', async () => {
    const picks = [...longThreads(), conversations().find((c) => db.thread(c.id).length === 1)!];
    for (const c of picks) {
      const connector = connectorFor(null);
      const conversation = (await connector.conversation(c.id))!;
      const expected = messagesOf(c);
      const seen: MessageModel[] = [];
      let page = await connector.messages(conversation, { last: 30 });
      expect(page.hasNewer).toBe(false);
      for (;;) {
        seen.unshift(...page.items);
        if (!page.hasOlder) break;
        expect(page.items).toHaveLength(30);
        page = await connector.messages(conversation, { last: 30, before: page.items[0]!.cursor });
        expect(page.hasNewer).toBe(true);
      }
      expect(seen.map((m) => m.upstreamId)).toEqual(expected.map((a) => a.id));
      seen.forEach((message, i) => expectSameMessage(message, expected[i]!, conversation));
    }
  });

  it('walks whole threads forwards with first / after, exactly once, in order', async () => {
    for (const c of longThreads().slice(0, 3)) {
      const connector = connectorFor(null);
      const conversation = (await connector.conversation(c.id))!;
      const expected = messagesOf(c).map((a) => a.id);
      const seen: string[] = [];
      let page = await connector.messages(conversation, { first: 17 });
      expect(page.hasOlder).toBe(false);
      for (;;) {
        seen.push(...page.items.map((m) => m.upstreamId));
        if (!page.hasNewer) break;
        expect(page.items).toHaveLength(17);
        page = await connector.messages(conversation, { first: 17, after: page.items[page.items.length - 1]!.cursor });
        expect(page.hasOlder).toBe(true);
      }
      expect(seen).toEqual(expected);
    }
  });

  it('defaults to the newest 20 messages and leaves AI drafts out', async () => {
    const c = conversations().find((x) => messagesOf(x).length > 20 && db.thread(x.id).some((a) => a.kind === 'suggestion'))!;
    const connector = connectorFor(null);
    const conversation = (await connector.conversation(c.id))!;
    const page = await connector.messages(conversation, {});
    expect(page.items.map((m) => m.upstreamId)).toEqual(
      messagesOf(c)
        .slice(-20)
        .map((a) => a.id),
    );
    expect(page).toMatchObject({ hasOlder: true, hasNewer: false });
    const window = await connector.messages(conversation, { first: 5, after: page.items[2]!.cursor, before: page.items[10]!.cursor });
    expect(window.items.map((m) => m.upstreamId)).toEqual(page.items.slice(3, 8).map((m) => m.upstreamId));
    expect(window).toMatchObject({ hasOlder: true, hasNewer: true });
  });

  it('maps calls with their AI summary, notes as private, inbound senders as the contact', async () => {
    const connector = connectorFor(null);
    let checked = 0;
    for (const c of conversations().slice(0, 20)) {
      const conversation = (await connector.conversation(c.id))!;
      const page = await connector.messages(conversation, { last: 100 });
      const expected = messagesOf(c);
      expect(page.items).toHaveLength(Math.min(100, expected.length));
      page.items.forEach((m, i) => expectSameMessage(m, expected[expected.length - page.items.length + i]!, conversation));
      checked += page.items.length;
    }
    expect(checked).toBeGreaterThan(100);
    const all = conversations().flatMap((c) => messagesOf(c));
    expect(all.some((a) => a.kind === 'call' && a.aiSummary !== null)).toBe(true);
    expect(all.some((a) => a.kind === 'note')).toBe(true);
  });

  it('turns a cursor Iron does not know into BAD_USER_INPUT', async () => {
    const connector = connectorFor(null);
    const [a, b] = conversations();
    const conversation = (await connector.conversation(a!.id))!;
    const foreign = messagesOf(b!)[0]!.id;
    for (const args of [
      { last: 5, before: foreign },
      { first: 5, after: foreign },
      { last: 5, before: 'nope' },
    ]) {
      const error = (await connector.messages(conversation, args).catch((e: unknown) => e)) as { extensions?: { code?: string } };
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('lastMessage and suggestions', () => {
  it('gives the newest message that is not a draft', async () => {
    const connector = connectorFor(null);
    for (const c of conversations().slice(0, 15)) {
      const conversation = (await connector.conversation(c.id))!;
      const last = await connector.lastMessage(conversation);
      expectSameMessage(last!, messagesOf(c).at(-1)!, conversation);
    }
  });

  it('lists the pending drafts of each conversation, oldest first; sent and dismissed ones are not pending', async () => {
    const connector = connectorFor(null);
    let withDrafts = 0;
    for (const c of conversations()) {
      const conversation = (await connector.conversation(c.id))!;
      const suggestions = await connector.suggestions(conversation);
      const pending = db.thread(c.id).filter((a) => a.kind === 'suggestion' && a.status === 'pending');
      expect(suggestions).toEqual(
        pending.map((a) => ({
          ref: source.ref,
          conversationUpstreamId: c.id,
          upstreamId: a.id,
          content: a.body,
          status: 'PENDING',
          createdAt: new Date(a.createdAt),
        })),
      );
      if (pending.length > 0) withDrafts++;
    }
    expect(withDrafts).toBeGreaterThanOrEqual(5);
  });

  it('shows a sent draft only as the outbound message it became', async () => {
    const c = conversations().find((x) => db.thread(x.id).some((a) => a.kind === 'suggestion' && a.status === 'sent'))!;
    const draft = db.thread(c.id).find((a) => a.kind === 'suggestion' && a.status === 'sent')!;
    const connector = connectorFor(null);
    const conversation = (await connector.conversation(c.id))!;
    const page = await connector.messages(conversation, { last: 100 });
    expect(page.items.some((m) => m.upstreamId === draft.id)).toBe(false);
    const sent = page.items.find((m) => m.createdAt.getTime() > draft.createdAt && m.direction === 'OUTBOUND')!;
    expect(sent.content).toBe(draft.body);
    expect((await connector.suggestions(conversation)).some((s) => s.upstreamId === draft.id)).toBe(false);
  });
});

describe('ids without side channels', () => {
  it("every child model (message, last message, suggestion) carries its conversation's upstream id", async () => {
    let messages = 0;
    let suggestions = 0;
    for (const c of conversations()) {
      const connector = connectorFor(null);
      const conversation = (await connector.conversation(c.id))!;
      expect(conversation.upstreamId).toBe(c.id);
      const page = await connector.messages(conversation, { last: 1000 });
      const last = await connector.lastMessage(conversation);
      const pending = await connector.suggestions(conversation);
      for (const child of [...page.items, ...(last ? [last] : []), ...pending]) expect(child.conversationUpstreamId, c.id).toBe(c.id);
      messages += page.items.length;
      suggestions += pending.length;
    }
    expect(messages).toBeGreaterThan(500);
    expect(suggestions).toBeGreaterThanOrEqual(5);
  });
});

describe('upstream calls (MAPPING.md formulas)', () => {
  it('inbox page: 1 list call + 1 members call + N thread calls (last message); lead costs nothing', async () => {
    const connector: InboxConnector = connectorFor(idOf('alice'));
    let n = 0;
    const calls = await countsSince(async () => {
      const page = await connector.listConversations({ filter: EMPTY_FILTER, position: null, limitHint: 25 });
      n = page.items.length;
      await Promise.all(
        page.items.map(async (c) => {
          await connector.lastMessage(c);
          // As the graph asks for it: Iron has no lead read.
          expect((await connector.lead?.(c)) ?? null).toBeNull();
          // Deferred fields (an assignee's name) are completed as the graph's resolvers complete them.
          const row = await connector.hydrate(c);
          void [row.contact, row.assignee, row.unreadCount, row.status, row.sla];
        }),
      );
    });
    expect(n).toBe(25);
    expect(calls).toEqual({ [LIST]: 1, [MEMBERS]: 1, [THREAD]: n });
  });

  it('conversation screen: 1 detail + 1 members if assigned + ceil(activities / 50) thread pages', async () => {
    const assignedLong = longThreads().find((c) => c.assignedTo !== null && db.thread(c.id).some((a) => a.kind === 'suggestion'));
    const unassignedShort = conversations().find((c) => c.assignedTo === null && db.thread(c.id).length <= 50);
    const withDraftsShort = conversations().find((c) => c.assignedTo !== null && db.thread(c.id).length <= 50 && db.thread(c.id).some((a) => a.status === 'pending'));
    for (const c of [assignedLong ?? longThreads()[0]!, unassignedShort!, withDraftsShort!]) {
      const connector = connectorFor(idOf('alice'));
      const calls = await countsSince(async () => {
        await readConversationScreen(connector, (await connector.conversation(c.id))!);
      });
      const expected: Record<string, number> = { [DETAIL]: 1, [THREAD]: Math.ceil(db.thread(c.id).length / 50) };
      if (c.assignedTo !== null) expected[MEMBERS] = 1;
      expect(calls, c.id).toEqual(expected);
    }
  });
});
