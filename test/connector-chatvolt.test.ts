import { describe, expect, it } from 'vitest';
import { ChatvoltConnector } from '../src/datasources/chatvolt/connector.js';
import { SUMMARY_WINDOW } from '../src/datasources/chatvolt/summary.js';
import type { ChatvoltSourceConfig } from '../src/datasources/chatvolt/config.js';
import type { InboxConnector, JsonValue } from '../src/datasources/connector.js';
import { UpstreamError } from '../src/errors.js';
import { EMPTY_FILTER } from '../src/inbox/filter.js';
import type { ConversationFilter, ConversationModel, MessageModel } from '../src/model/index.js';
import { STAFF, type StaffKey } from '../simulators/common/people.js';
import { createChatvoltSimulator } from '../simulators/chatvolt/index.js';
import type { ConversationRecord, MessageRecord } from '../simulators/chatvolt/records.js';
import { walkInbox, readConversationScreen } from './support/gateway-reads.js';
import { serveSource } from './support/platform-harness.js';

/** The Chatvolt connector against a running Chatvolt simulator: lists, counts, mapping, threads, CRM, call counts. */

const NOW = new Date('2025-03-14T12:00:00.000Z');
const LIST = 'GET /conversation';
const DETAIL = 'GET /conversation/:conversationId';
const TAIL = 'GET /conversation/:conversationId/messages/:count';
const SCENARIOS = 'GET /crm/scenario';
const STEPS = 'GET /crm/step';
/** The connector's tail window (summary.ts): 30 messages + 1. */
const WINDOW = 31;

const sim = createChatvoltSimulator({ seed: 'connector', now: NOW });
const db = sim.db;
const source = serveSource('chatvolt', sim, { now: NOW, settings: { cacheTtlMs: 0 } });

/** A connector as one gateway request builds it (fresh request memo; no cross-request cache): the platform's own class. */
function connectorFor(me: string | null, config: Partial<ChatvoltSourceConfig> = {}): ChatvoltConnector {
  const connector = source.connector(me, { config });
  if (!(connector instanceof ChatvoltConnector)) throw new Error('the chatvolt source did not build a ChatvoltConnector');
  return connector;
}
const idOf = (key: StaffKey): string => sim.identities[key];
const countsSince = (action: () => Promise<unknown>): Promise<Record<string, number>> => source.routeCountsDuring(action);

/** The list row defers exactly these (read from the thread's tail by `hydrate`). */
const DEFERRED = ['lastMessagePreview', 'unreadCount'];

/**
 * Walks the connector's list with `next`, applying what Chatvolt did not, as the gateway does:
 * rows are hydrated first only when a key left to the gateway reads a field they deferred.
 */
async function walk(connector: InboxConnector, filter: ConversationFilter, me: string | null, limitHint = 13): Promise<ConversationModel[]> {
  return (await walkInbox(connector, filter, me, limitHint)).items;
}

// ---- ground truth, computed from the simulator's records only ----

const STATUS = { UNRESOLVED: 'OPEN', HUMAN_REQUESTED: 'HUMAN_REQUESTED', RESOLVED: 'RESOLVED' } as const;
const records = (): ConversationRecord[] => [...db.conversations.values()];
const isVisitorMessage = (m: MessageRecord): boolean => m.from === 'human' && m.userId === null;

function truthContact(record: ConversationRecord): { id: string; name: string | null; email: string | null; phone: string | null; company: string | null } | null {
  const contact = db.contactsOf(record)[0];
  if (!contact) return record.visitorId ? { id: record.visitorId, name: null, email: null, phone: null, company: null } : null;
  const company = contact.metadata?.company;
  return {
    id: contact.id,
    name: [contact.firstName, contact.lastName].filter(Boolean).join(' ') || null,
    email: contact.email,
    phone: contact.phoneNumber,
    company: typeof company === 'string' ? company : null,
  };
}

function truthMatches(record: ConversationRecord, filter: ConversationFilter, me: string | null, withAssignee = true): boolean {
  if (filter.status && !filter.status.includes(STATUS[record.status])) return false;
  const assignee = record.assigneeIds[0] ?? null;
  if (withAssignee) {
    if (filter.assignee === 'MINE' && (me === null || assignee !== me)) return false;
    if (filter.assignee === 'UNASSIGNED' && assignee !== null) return false;
    if (filter.assignee === 'ASSIGNED' && assignee === null) return false;
  }
  if (filter.archived === true || filter.starred === true || filter.overdue === true) return false;
  if (filter.labels && !filter.labels.every((l) => record.tags.includes(l))) return false;
  if (filter.search) {
    const needle = filter.search.toLowerCase();
    const contact = truthContact(record);
    const last = db.messagesOf(record.id).at(-1)?.text ?? null;
    const texts = [record.title, contact?.name, contact?.email, contact?.phone, contact?.company, last, ...record.tags];
    if (!texts.some((t) => t?.toLowerCase().includes(needle))) return false;
  }
  return true;
}

/** The connector's order: newest `updatedAt` first, then id. */
function truthList(filter: ConversationFilter, me: string | null): string[] {
  return records()
    .filter((r) => truthMatches(r, filter, me))
    .sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt) || (a.id < b.id ? -1 : 1))
    .map((r) => r.id);
}

/** Tail calls one conversation's unread count costs (summary.ts): 100, then doubled until a read visitor message shows. */
function summaryCalls(conversationId: string): number {
  const thread = db.messagesOf(conversationId);
  let asked = SUMMARY_WINDOW;
  let calls = 1;
  while (thread.length >= asked && !thread.slice(-asked).some((m) => isVisitorMessage(m) && m.read)) {
    asked *= 2;
    calls++;
  }
  return calls;
}

const filterOf = (partial: Partial<ConversationFilter>): ConversationFilter => ({ ...EMPTY_FILTER, ...partial });

describe('listConversations', () => {
  it('walks every conversation exactly once, newest activity first, whatever the page size', async () => {
    const all = truthList(EMPTY_FILTER, null);
    expect(all).toHaveLength(60);
    for (const hint of [1, 7, 25, 50, 500]) {
      const walked = await walk(connectorFor(null), EMPTY_FILTER, null, hint);
      expect(walked.map((c) => c.upstreamId)).toEqual(all);
    }
  });

  it('returns the same set with and without each filter as the ground truth', async () => {
    const search = db.messagesOf(records()[4]!.id).at(-1)!.text.slice(0, 12);
    const contactName = truthContact(records().find((r) => r.contactIds.length > 0)!)!.name!.split(' ')[0]!;
    const filters: Partial<ConversationFilter>[] = [
      { status: ['OPEN'] },
      { status: ['HUMAN_REQUESTED'] },
      { status: ['RESOLVED'] },
      { status: ['OPEN', 'RESOLVED'] },
      { status: ['OPEN', 'HUMAN_REQUESTED', 'RESOLVED'] },
      { status: ['PENDING', 'SNOOZED'] },
      { status: ['PENDING', 'HUMAN_REQUESTED'] },
      { assignee: 'MINE' },
      { assignee: 'UNASSIGNED' },
      { assignee: 'ASSIGNED' },
      { search: 'VIP' },
      { search },
      { search: contactName },
      { archived: false },
      { archived: true },
      { starred: true },
      { starred: false },
      { overdue: true },
      { overdue: false },
      { labels: ['vip'] },
      { labels: ['support', 'billing'] },
      { status: ['OPEN'], assignee: 'UNASSIGNED', labels: ['sales'] },
      { status: ['HUMAN_REQUESTED', 'RESOLVED'], assignee: 'MINE', search: 'e' },
    ];
    for (const me of [idOf('alice'), idOf('dana'), null]) {
      for (const partial of filters) {
        const filter = filterOf(partial);
        const walked = await walk(connectorFor(me), filter, me, 11);
        const ids = walked.map((c) => c.upstreamId);
        expect(ids, JSON.stringify({ me, partial })).toEqual(truthList(filter, me));
        expect(new Set(ids).size).toBe(ids.length);
      }
    }
    // The filters exercised select something.
    expect(truthList(filterOf({ assignee: 'MINE' }), idOf('alice')).length).toBeGreaterThan(0);
    expect(truthList(filterOf({ search }), null).length).toBeGreaterThan(0);
  });

  it('pushes down status, assignee (MINE as ctx.me) and the always-false keys, and says so in `applied`', async () => {
    const me = idOf('bob');
    const connector = connectorFor(me);
    const mine = await connector.listConversations({ filter: filterOf({ assignee: 'MINE', status: ['OPEN'] }), position: null, limitHint: 100 });
    expect([...mine.applied].sort()).toEqual(['archived', 'assignee', 'labels', 'overdue', 'search', 'starred', 'status']);
    expect(mine.items.every((c) => c.assignee?.upstreamId === me && c.status === 'OPEN')).toBe(true);

    const loose = await connector.listConversations({
      filter: filterOf({ assignee: 'ASSIGNED', status: ['OPEN', 'RESOLVED'], search: 'x', labels: ['vip'] }),
      position: null,
      limitHint: 5,
    });
    expect([...loose.applied].sort()).toEqual(['archived', 'overdue', 'starred']);

    // Nothing on Chatvolt can match: no call at all.
    for (const filter of [filterOf({ status: ['PENDING'] }), filterOf({ archived: true }), filterOf({ starred: true }), filterOf({ overdue: true })]) {
      const calls = await countsSince(() => connector.listConversations({ filter, position: null, limitHint: 20 }));
      expect(calls).toEqual({});
    }
    const nobody = await countsSince(async () => {
      const page = await connectorFor(null).listConversations({ filter: filterOf({ assignee: 'MINE' }), position: null, limitHint: 20 });
      expect(page).toMatchObject({ items: [], next: null });
    });
    expect(nobody).toEqual({});
  });

  it('narrows to the configured agentId', async () => {
    const agent = db.aiAgents[0]!.id;
    const walked = await walk(connectorFor(null, { agentId: agent }), EMPTY_FILTER, null, 20);
    expect(walked.map((c) => c.upstreamId).sort()).toEqual(
      records()
        .filter((r) => r.agentId === agent)
        .map((r) => r.id)
        .sort(),
    );
  });

  it('resumes after the last item even when a conversation moved to the top between pages', async () => {
    const connector = connectorFor(null);
    const first = await connector.listConversations({ filter: EMPTY_FILTER, position: null, limitHint: 10 });
    // A conversation further down gets a new message: it jumps to the top, before the position.
    const mover = db.conversation(truthList(EMPTY_FILTER, null)[30]!)!;
    const previous = mover.updatedAt;
    mover.updatedAt = new Date(NOW.getTime() - 1_000).toISOString();
    try {
      const rest = await walkFrom(connectorFor(null), first.next);
      const seen = [...first.items.map((c) => c.upstreamId), ...rest];
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toHaveLength(59);
      expect(seen).not.toContain(mover.id);
    } finally {
      mover.updatedAt = previous;
    }
  });
});

/** The connector's position after a row (its `next` format: the row's sort key). */
const encodePositionOf = (row: ConversationModel): JsonValue => ({ at: row.lastActivityAt.getTime(), id: row.upstreamId });

async function walkFrom(connector: InboxConnector, start: JsonValue | null): Promise<string[]> {
  const out: string[] = [];
  let position = start;
  while (position !== null) {
    const page = await connector.listConversations({ filter: EMPTY_FILTER, position, limitHint: 10 });
    out.push(...page.items.map((c) => c.upstreamId));
    position = page.next;
  }
  return out;
}

describe('countConversations', () => {
  it('equals the ground truth per bucket, for several filters and users', async () => {
    const filters: Partial<ConversationFilter>[] = [
      {},
      { status: ['OPEN'] },
      { status: ['HUMAN_REQUESTED', 'RESOLVED'] },
      { status: ['SNOOZED'] },
      { labels: ['vip'] },
      { search: 'invoice' },
      { archived: false, starred: false, overdue: false },
      { starred: true },
      { assignee: 'MINE', status: ['RESOLVED'] },
    ];
    for (const me of [idOf('alice'), idOf('carol'), null]) {
      for (const partial of filters) {
        const filter = filterOf(partial);
        const matching = records().filter((r) => truthMatches(r, filter, me, false));
        const expected = {
          mine: matching.filter((r) => me !== null && r.assigneeIds[0] === me).length,
          unassigned: matching.filter((r) => r.assigneeIds.length === 0).length,
          assigned: matching.filter((r) => r.assigneeIds.length > 0).length,
          all: matching.length,
        };
        expect(await connectorFor(me).countConversations(filter), JSON.stringify({ me, partial })).toEqual(expected);
      }
    }
  });
});

/** Every field of a complete model against the simulator's record. */
function expectConversation(model: ConversationModel, record: ConversationRecord): void {
  const contact = truthContact(record);
  const member = db.assigneesOf(record)[0];
  const thread = db.messagesOf(record.id);
  expect(model.deferred ?? new Set()).toEqual(new Set());
  expect(model.ref).toEqual(source.ref);
  expect(model.upstreamId).toBe(record.id);
  expect(model.title).toBe(record.title);
  expect(model.status).toBe(STATUS[record.status]);
  expect(model.priority).toBe(record.priority);
  expect(model.aiEnabled).toBe(record.isAiEnabled);
  expect(model.labels).toEqual(record.tags);
  expect(model.unreadCount).toBe(db.unreadCount(record.id));
  expect(model.lastMessagePreview).toBe(thread.at(-1)!.text);
  expect(model.lastActivityAt.toISOString()).toBe(record.updatedAt);
  expect(model.createdAt!.toISOString()).toBe(record.createdAt);
  expect(model.starred).toBeNull();
  expect(model.archived).toBeNull();
  expect(model.sla).toBeNull();
  expect(model.assignee).toEqual(member ? { kind: 'Agent', ref: source.ref, upstreamId: member.id, name: member.user.name, email: member.user.email, avatarUrl: null } : null);
  expect(
    model.contact === null
      ? null
      : { id: model.contact.upstreamId, name: model.contact.name, email: model.contact.email, phone: model.contact.phone, company: model.contact.company },
  ).toEqual(contact);
}

describe('conversation()', () => {
  it('maps every field of every conversation (all statuses, priorities incl. none, assignments)', async () => {
    const connector = connectorFor(idOf('alice'));
    const seen = { status: new Set<string>(), priority: new Set<string | null>(), assignee: new Set<string | null>() };
    for (const record of records()) {
      const model = (await connector.conversation(record.id))!;
      expectConversation(model, record);
      seen.status.add(model.status);
      seen.priority.add(model.priority);
      seen.assignee.add(model.assignee?.upstreamId ?? null);
    }
    expect([...seen.status].sort()).toEqual(['HUMAN_REQUESTED', 'OPEN', 'RESOLVED']);
    expect(seen.priority).toEqual(new Set(['LOW', 'MEDIUM', 'HIGH', null]));
    expect(seen.assignee).toEqual(new Set([...STAFF.map((s) => idOf(s.key)), null]));
  });

  it('maps channels to the graph enum', async () => {
    const expected: Record<string, string> = {
      website: 'WEB_CHAT',
      chatbox: 'WEB_CHAT',
      whatsapp: 'WHATSAPP',
      zapi: 'WHATSAPP',
      instagram: 'INSTAGRAM',
      instagramDm: 'INSTAGRAM',
      telegram: 'TELEGRAM',
      mail: 'EMAIL',
      api: 'API',
      dashboard: 'OTHER',
    };
    const walked = await walk(connectorFor(null), EMPTY_FILTER, null, 50);
    const byId = new Map(walked.map((c) => [c.upstreamId, c]));
    for (const record of records()) expect(byId.get(record.id)!.channel).toBe(expected[record.channel]);
    expect(new Set(records().map((r) => r.channel)).size).toBe(Object.keys(expected).length);
  });

  it('returns null for an unknown id, and lets other upstream errors through', async () => {
    expect(await connectorFor(null).conversation('cdoesnotexist000000000000')).toBeNull();
    sim.server.setKnobs({ outage: true });
    try {
      await expect(connectorFor(null).conversation(records()[0]!.id)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', status: 503 });
      await expect(connectorFor(null).listConversations({ filter: EMPTY_FILTER, position: null, limitHint: 5 })).rejects.toBeInstanceOf(UpstreamError);
    } finally {
      sim.server.setKnobs({ outage: false });
    }
  });
});

describe('hydrate()', () => {
  it('list rows defer exactly unreadCount and lastMessagePreview (null placeholders); every other field is the complete model’s', async () => {
    const connector = connectorFor(idOf('carol'));
    const rows = await walk(connector, EMPTY_FILTER, idOf('carol'), 50);
    expect(rows).toHaveLength(records().length);
    for (const row of rows) {
      expect([...row.deferred!].sort()).toEqual(DEFERRED);
      expect(row.unreadCount).toBeNull();
      expect(row.lastMessagePreview).toBeNull();
      const { deferred: _deferred, unreadCount: _unread, lastMessagePreview: _preview, ...listed } = row;
      const { unreadCount: _u, lastMessagePreview: _p, ...complete } = (await connectorFor(idOf('carol')).conversation(row.upstreamId))!;
      expect(listed, row.upstreamId).toEqual(complete);
    }
  });

  it('completes every list row field by field, equal to conversation(id)', async () => {
    const connector = connectorFor(idOf('alice'));
    const rows = await walk(connector, EMPTY_FILTER, idOf('alice'), 25);
    const hydrated = await Promise.all(rows.map((row) => connector.hydrate(row)));
    for (const [i, model] of hydrated.entries()) {
      const record = db.conversation(rows[i]!.upstreamId)!;
      expect('deferred' in model, record.id).toBe(false);
      expectConversation(model, record);
      expect(model).toEqual(await connectorFor(idOf('alice')).conversation(record.id));
    }
    // The walk's rows are untouched (hydrate returns a new model).
    expect(rows.every((row) => row.deferred?.size === 2 && row.unreadCount === null)).toBe(true);
  });

  it('returns a complete model itself, without any call', async () => {
    const connector = connectorFor(null);
    const model = (await connectorFor(null).conversation(records()[3]!.id))!;
    const calls = await countsSince(async () => {
      expect(await connector.hydrate(model)).toBe(model);
      expect(await connector.hydrate({ ...model, deferred: new Set() })).toMatchObject({ upstreamId: model.upstreamId });
    });
    expect(calls).toEqual({});
  });

  it('lets an upstream error through, keeps it for the rest of the request (no second call), and reads again in the next request', async () => {
    const connector = connectorFor(null);
    const page = await connector.listConversations({ filter: EMPTY_FILTER, position: null, limitHint: 2 });
    sim.server.setKnobs({ outage: true });
    try {
      await expect(connector.hydrate(page.items[0]!)).rejects.toBeInstanceOf(UpstreamError);
    } finally {
      sim.server.setKnobs({ outage: false });
    }
    // The same request sees the same answer: one read, one outcome (a read-ahead and its resolver share it).
    const again = await countsSince(() => expect(connector.hydrate(page.items[0]!)).rejects.toBeInstanceOf(UpstreamError));
    expect(again[TAIL] ?? 0).toBe(0);
    const next = connectorFor(null);
    expectConversation(await next.hydrate(page.items[0]!), db.conversation(page.items[0]!.upstreamId)!);
  });
});

describe('messages()', () => {
  const longThreads = (): ConversationRecord[] => records().filter((r) => db.messagesOf(r.id).length > WINDOW);

  async function modelOf(id: string, me: string | null = null): Promise<{ connector: InboxConnector; model: ConversationModel }> {
    const connector = connectorFor(me);
    return { connector, model: (await connector.conversation(id))! };
  }

  it('walks every thread older with last: 30 and newer with first: 20 exactly once, in order', async () => {
    expect(longThreads().length).toBeGreaterThanOrEqual(5);
    for (const record of records()) {
      const thread = db.messagesOf(record.id).map((m) => m.id);
      const { connector, model } = await modelOf(record.id);

      const older: string[] = [];
      let page = await connector.messages(model, { last: 30 });
      expect(page.hasNewer).toBe(false);
      for (;;) {
        older.unshift(...page.items.map((m) => m.upstreamId));
        if (!page.hasOlder) break;
        page = await connector.messages(model, { last: 30, before: page.items[0]!.cursor });
        expect(page.hasNewer).toBe(true);
      }
      expect(older).toEqual(thread);

      const newer: string[] = [];
      page = await connector.messages(model, { first: 20 });
      expect(page.hasOlder).toBe(false);
      for (;;) {
        newer.push(...page.items.map((m) => m.upstreamId));
        if (!page.hasNewer) break;
        page = await connector.messages(model, { first: 20, after: page.items.at(-1)!.cursor });
        expect(page.hasOlder).toBe(true);
      }
      expect(newer).toEqual(thread);
    }
  });

  it('gives the newest 20 by default, with exact hasOlder', async () => {
    for (const record of records().slice(0, 10)) {
      const thread = db.messagesOf(record.id);
      const { connector, model } = await modelOf(record.id);
      const page = await connector.messages(model, {});
      expect(page.items.map((m) => m.upstreamId)).toEqual(thread.slice(-20).map((m) => m.id));
      expect(page.hasOlder).toBe(thread.length > 20);
      expect(page.hasNewer).toBe(false);
    }
  });

  it('keeps paging without gap or duplicate when new messages arrive between pages', async () => {
    const record = longThreads()[0]!;
    const thread = db.messagesOf(record.id);
    const original = thread.length;
    const { connector, model } = await modelOf(record.id);
    const first = await connector.messages(model, { last: 10 });
    const template = thread.at(-1)!;
    for (let k = 0; k < 25; k++) {
      const at = new Date(NOW.getTime() - 1_000 + k).toISOString();
      thread.push({ ...template, id: `cnewmessage${String(k).padStart(14, '0')}`, createdAt: at, updatedAt: at });
    }
    try {
      const later = connectorFor(null);
      const older: string[] = first.items.map((m) => m.upstreamId);
      let page = first;
      while (page.hasOlder) {
        page = await later.messages(model, { last: 7, before: page.items[0]!.cursor });
        older.unshift(...page.items.map((m) => m.upstreamId));
      }
      expect(older).toEqual(thread.slice(0, original).map((m) => m.id));
      const after = await later.messages(model, { first: 100, after: first.items.at(-1)!.cursor });
      expect(after.items.map((m) => m.upstreamId)).toEqual(thread.slice(original).map((m) => m.id));
      expect(after.hasNewer).toBe(false);
    } finally {
      thread.splice(original);
    }
  });

  it('maps direction, kind, sender and attachments', async () => {
    const withTeam = records().find((r) => db.messagesOf(r.id).some((m) => m.userId !== null) && db.messagesOf(r.id).some((m) => m.from === 'agent'))!;
    const mail = records().find((r) => r.channel === 'mail')!;
    const withAttachment = records().find((r) => db.messagesOf(r.id).some((m) => m.attachments.length > 0))!;
    for (const record of [withTeam, mail, withAttachment]) {
      const thread = db.messagesOf(record.id);
      const { connector, model } = await modelOf(record.id);
      const page = await connector.messages(model, { last: thread.length });
      expect(page.items).toHaveLength(thread.length);
      for (const [i, message] of page.items.entries()) expectMessage(message, thread[i]!, record);
    }
  });

  it('answers lastMessage from the same tail as the unread count', async () => {
    for (const record of records().slice(0, 8)) {
      const { connector, model } = await modelOf(record.id);
      const calls = await countsSince(async () => {
        const last = (await connector.lastMessage(model))!;
        expectMessage(last, db.messagesOf(record.id).at(-1)!, record);
      });
      expect(calls).toEqual({});
    }
  });
});

function expectMessage(message: MessageModel, record: MessageRecord, conversation: ConversationRecord): void {
  expect(message.upstreamId).toBe(record.id);
  expect(message.conversationUpstreamId).toBe(conversation.id);
  expect(message.content).toBe(record.text);
  expect(message.createdAt.toISOString()).toBe(record.createdAt);
  expect(message.private).toBe(false);
  expect(message.kind).toBe(conversation.channel === 'mail' ? 'EMAIL' : 'TEXT');
  expect(message.callSummary).toBeNull();
  expect(message.attachments).toEqual(record.attachments.map((a) => ({ url: a.url, name: a.name, contentType: a.mimeType })));
  if (record.userId !== null) {
    const member = [...db.memberships.values()].find((m) => m.user.id === record.userId)!;
    expect(message.direction).toBe('OUTBOUND');
    expect(message.sender).toEqual({ kind: 'Agent', ref: source.ref, upstreamId: member.id, name: member.user.name, email: member.user.email, avatarUrl: null });
  } else if (record.from === 'agent') {
    expect(message.direction).toBe('OUTBOUND');
    expect(message.sender).toEqual({ kind: 'Bot', ref: source.ref, upstreamId: record.agentId, name: null });
  } else {
    expect(message.direction).toBe('INBOUND');
    expect(message.sender?.kind).toBe('Contact');
    expect(message.sender?.upstreamId).toBe(record.contactId ?? record.visitorId);
  }
}

describe('CRM', () => {
  it('maps the scenario placement (available link, else the one it left) with description and step index', async () => {
    const kinds = new Set<string>();
    for (const record of records()) {
      const connector = connectorFor(null);
      const model = (await connector.conversation(record.id))!;
      const placement = await connector.scenario(model);
      const active = record.scenarioLinks.find((l) => l.available);
      const link = active ?? [...record.scenarioLinks].sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt))[0];
      if (!link) {
        expect(placement).toBeNull();
        kinds.add('none');
        continue;
      }
      kinds.add(active ? 'active' : 'left');
      const scenario = db.scenarios.get(link.scenarioId)!;
      const step = db.steps.get(link.stepId)!;
      expect(placement).toEqual({
        scenario: { ref: source.ref, conversationUpstreamId: record.id, upstreamId: scenario.id, name: scenario.name, description: scenario.description },
        step: { ref: source.ref, upstreamId: step.id, scenarioUpstreamId: scenario.id, name: step.name, index: step.index },
        available: link.available,
        enteredAt: new Date(link.createdAt),
        updatedAt: new Date(link.updatedAt),
      });
    }
    expect(kinds).toEqual(new Set(['active', 'left', 'none']));
  });

  it('lists a scenario’s steps in order; an unknown scenario has none', async () => {
    const connector = connectorFor(null);
    for (const scenario of db.scenarios.values()) {
      const steps = await connector.scenarioSteps(scenario.id);
      expect(steps).toEqual(db.stepsOf(scenario.id).map((s) => ({ ref: source.ref, upstreamId: s.id, scenarioUpstreamId: scenario.id, name: s.name, index: s.index })));
    }
    expect(await connector.scenarioSteps('cunknown')).toEqual([]);
  });

  it('has no leads, funnel cards, tasks or suggestions: those optional reads are absent, and the gateway asks nothing for them', async () => {
    const connector: InboxConnector = connectorFor(null);
    expect(connector.lead).toBeUndefined();
    expect(connector.funnelCard).toBeUndefined();
    expect(connector.tasks).toBeUndefined();
    expect(connector.suggestions).toBeUndefined();
    expect(typeof connector.scenario).toBe('function');
    expect(typeof connector.scenarioSteps).toBe('function');
    const model = (await connector.conversation(records()[0]!.id))!;
    const calls = await countsSince(async () => {
      // As the graph's resolvers read them.
      expect((await connector.lead?.(model)) ?? null).toBeNull();
      expect((await connector.funnelCard?.(model)) ?? null).toBeNull();
      expect((await connector.tasks?.(model)) ?? []).toEqual([]);
      expect((await connector.suggestions?.(model)) ?? []).toEqual([]);
    });
    expect(calls).toEqual({});
  });
});

describe('parent ids', () => {
  it('every child model carries its parent: scenario and messages their conversation, steps their scenario', async () => {
    const inScenario = records().filter((r) => r.scenarioLinks.length > 0);
    expect(inScenario.length).toBeGreaterThan(0);
    for (const record of [...inScenario.slice(0, 8), ...records().slice(0, 4)]) {
      const connector = connectorFor(idOf('alice'));
      const model = (await connector.conversation(record.id))!;
      const page = await connector.messages(model, { last: 5 });
      expect(page.items.length).toBeGreaterThan(0);
      for (const message of page.items) expect(message.conversationUpstreamId).toBe(record.id);
      expect((await connector.lastMessage(model))!.conversationUpstreamId).toBe(record.id);
      const placement = await connector.scenario(model);
      if (record.scenarioLinks.length === 0) {
        expect(placement).toBeNull();
        continue;
      }
      expect(placement!.scenario.conversationUpstreamId).toBe(record.id);
      expect(placement!.step!.scenarioUpstreamId).toBe(placement!.scenario.upstreamId);
      for (const step of await connector.scenarioSteps(placement!.scenario.upstreamId)) expect(step.scenarioUpstreamId).toBe(placement!.scenario.upstreamId);
    }
    // A list row's hydrated messages too (the inbox's last message).
    const row = (await connectorFor(null).listConversations({ filter: EMPTY_FILTER, position: null, limitHint: 1 })).items[0]!;
    expect((await connectorFor(null).lastMessage(row))!.conversationUpstreamId).toBe(row.upstreamId);
  });
});

describe('upstream calls (MAPPING.md formulas)', () => {
  it('listing a page costs the list call only: no per-row message call, whatever the page size', async () => {
    for (const [filter, hint] of [
      [EMPTY_FILTER, 40],
      [filterOf({ status: ['OPEN'] }), 8],
      [filterOf({ labels: ['vip'] }), 25],
      [filterOf({ search: 'invoice' }), 40],
    ] as const) {
      const connector = connectorFor(idOf('alice'));
      let items: ConversationModel[] = [];
      const calls = await countsSince(async () => {
        items = (await connector.listConversations({ filter, position: null, limitHint: hint })).items;
        // Later pages of the same request reuse the list call.
        await connector.listConversations({ filter, position: encodePositionOf(items.at(-1)!), limitHint: hint });
      });
      expect(items.length, JSON.stringify(filter)).toBeGreaterThan(0);
      expect(calls).toEqual({ [LIST]: 1 });
      expect(items.every((c) => c.deferred?.size === 2)).toBe(true);
    }
  });

  it('hydrating k rows costs k tail calls (+ doublings), batched; hydrating again or their last messages costs nothing', async () => {
    const connector = connectorFor(idOf('alice'));
    const page = await connector.listConversations({ filter: EMPTY_FILTER, position: null, limitHint: 40 });
    for (const [from, k] of [
      [0, 1],
      [1, 3],
      [4, 36],
    ] as const) {
      const rows = page.items.slice(from, from + k);
      const calls = await countsSince(() => Promise.all(rows.map((c) => connector.hydrate(c))));
      expect(calls).toEqual({ [TAIL]: rows.reduce((sum, c) => sum + summaryCalls(c.upstreamId), 0) });
    }
    const again = await countsSince(() => Promise.all(page.items.map((c) => Promise.all([connector.hydrate(c), connector.lastMessage(c)]))));
    expect(again).toEqual({});
    // Seeded threads hold at most 61 messages: one call each, never a doubling (the last test appends a longer one).
    expect(page.items.every((c) => summaryCalls(c.upstreamId) === 1)).toBe(true);
  });

  it('hydrate and lastMessage of one row share one tail call (+ doublings), in either order', async () => {
    const page = { filter: EMPTY_FILTER, position: null, limitHint: 12 };
    const rows = (await connectorFor(null).listConversations(page)).items;
    const orders: ((c: InboxConnector, row: ConversationModel) => Promise<unknown>)[] = [
      (c, row) => Promise.all([c.hydrate(row), c.lastMessage(row)]),
      (c, row) => Promise.all([c.lastMessage(row), c.hydrate(row)]),
      async (c, row) => {
        await c.hydrate(row);
        await c.lastMessage(row);
      },
      async (c, row) => {
        await c.lastMessage(row);
        await c.hydrate(row);
      },
    ];
    for (const row of rows) {
      for (const [i, order] of orders.entries()) {
        // As in a request: the same connector listed the row (which also names the team members).
        const connector = connectorFor(null);
        await connector.listConversations(page);
        const calls = await countsSince(() => order(connector, row));
        expect(calls, `${row.upstreamId} order ${i}`).toEqual({ [TAIL]: summaryCalls(row.upstreamId) });
      }
    }
    expect(rows.some((c) => summaryCalls(c.upstreamId) === 1)).toBe(true);
  });

  it('inbox page: 1 list call + one tail call per SHOWN row (+ doublings), however many rows were listed; counts free', async () => {
    for (const [filter, listed, shown] of [
      [EMPTY_FILTER, 40, 3],
      [filterOf({ status: ['OPEN'] }), 8, 8],
      [filterOf({ labels: ['vip'] }), 25, 5],
      [EMPTY_FILTER, 20, 0],
    ] as const) {
      const connector: InboxConnector = connectorFor(idOf('alice'));
      let items: ConversationModel[] = [];
      const calls = await countsSince(async () => {
        items = (await connector.listConversations({ filter, position: null, limitHint: listed })).items;
        // The inbox asks these per shown row (unreadCount resolves through hydrate; lead and funnel card as the resolvers ask them).
        await Promise.all(
          items.slice(0, shown).map((c) => Promise.all([connector.hydrate(c), connector.lastMessage(c), connector.lead?.(c) ?? null, connector.funnelCard?.(c) ?? null])),
        );
        await connector.countConversations(filter);
      });
      expect(items).toHaveLength(listed);
      const n = items.slice(0, shown);
      const tails = n.reduce((sum, c) => sum + summaryCalls(c.upstreamId), 0);
      expect(calls, JSON.stringify({ filter, listed, shown })).toEqual(tails === 0 ? { [LIST]: 1 } : { [LIST]: 1, [TAIL]: tails });
      expect(tails).toBeGreaterThanOrEqual(shown);
    }
  });

  it('counts with a search hydrate only the rows whose list fields do not match it', async () => {
    const search = 'invoice';
    const matchesListFields = (record: ConversationRecord): boolean => {
      const contact = truthContact(record);
      return [record.title, contact?.name, contact?.email, contact?.phone, contact?.company, ...record.tags].some((t) => t?.toLowerCase().includes(search));
    };
    const unmatched = records().filter((r) => !matchesListFields(r));
    expect(unmatched.length).toBeLessThan(records().length);
    const connector = connectorFor(null);
    const calls = await countsSince(() => connector.countConversations(filterOf({ search })));
    expect(calls).toEqual({ [LIST]: 1, [TAIL]: unmatched.reduce((sum, r) => sum + summaryCalls(r.id), 0) });
  });

  it('counts with MINE or UNASSIGNED listed cost one more list call (the count ignores the assignee)', async () => {
    const connector = connectorFor(idOf('alice'));
    const calls = await countsSince(async () => {
      const page = await connector.listConversations({ filter: filterOf({ assignee: 'MINE' }), position: null, limitHint: 5 });
      await connector.countConversations(filterOf({ assignee: 'MINE' }));
      expect(page.items).toHaveLength(5);
    });
    expect(calls[LIST]).toBe(2);
  });

  it('conversation screen: detail + one tail (+ doublings), + scenario list + steps when in a scenario', async () => {
    const inScenario = records().filter((r) => r.scenarioLinks.length > 0);
    const outside = records().filter((r) => r.scenarioLinks.length === 0);
    for (const record of [...inScenario.slice(0, 6), ...outside.slice(0, 3)]) {
      const connector = connectorFor(idOf('bob'));
      const calls = await countsSince(async () => {
        const model = (await connector.conversation(record.id))!;
        const { messages, scenario: placement } = await readConversationScreen(connector, model);
        expect(messages.items.length).toBe(Math.min(30, db.messagesOf(record.id).length));
        if (placement) await connector.scenarioSteps(placement.scenario.upstreamId);
      });
      const expected: Record<string, number> = { [DETAIL]: 1, [TAIL]: summaryCalls(record.id) };
      if (record.scenarioLinks.length > 0) Object.assign(expected, { [SCENARIOS]: 1, [STEPS]: 1 });
      expect(calls, record.id).toEqual(expected);
    }
  });
});

// Last in the file: it makes one seeded thread longer than any other test expects.
describe('an unread run longer than the first read', () => {
  it('is read again, doubled (100, then 200), and counted right: the only case with a second tail call', async () => {
    const record = records().find((r) => db.messagesOf(r.id).some((m) => isVisitorMessage(m)))!;
    const visitor = db.messagesOf(record.id).find((m) => isVisitorMessage(m))!;
    const { id: _id, conversationId: _c, createdAt: _at, updatedAt: _up, ...draft } = visitor;
    for (let i = 0; i < SUMMARY_WINDOW + 20; i++) db.appendMessage(record, { ...draft, text: `unread ${i}`, read: false });
    expect(summaryCalls(record.id)).toBe(2);

    const connector = connectorFor(null);
    const page = await connector.listConversations({ filter: EMPTY_FILTER, position: null, limitHint: 100 });
    const row = page.items.find((c) => c.upstreamId === record.id)!;
    let hydrated: ConversationModel | undefined;
    const calls = await countsSince(async () => {
      hydrated = await connector.hydrate(row);
    });
    expect(calls).toEqual({ [TAIL]: 2 });
    expect(hydrated!.unreadCount).toBe(db.unreadCount(record.id));
    expect(hydrated!.unreadCount).toBeGreaterThanOrEqual(SUMMARY_WINDOW + 20);
  });
});
