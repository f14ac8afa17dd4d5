import { describe, expect, it } from 'vitest';
import type { InboxConnector } from '../src/datasources/connector.js';
import { VoiceglowConnector } from '../src/datasources/voiceglow/connector.js';
import { completeRow, toConversation, toListRow } from '../src/datasources/voiceglow/mapping.js';
import { vgConvoDocumentSchema, vgConvoListRowSchema } from '../src/datasources/voiceglow/schemas.js';
import { UpstreamError } from '../src/errors.js';
import { EMPTY_FILTER as EMPTY } from '../src/inbox/filter.js';
import type { ConversationFilter, ConversationModel, ConversationStatus, DeferredField } from '../src/model/index.js';
import { FUNNEL_STEPS } from '../simulators/voiceglow/db.js';
import { createVoiceglowSimulator } from '../simulators/voiceglow/index.js';
import type { VgConvoDoc, VgConvoRecord } from '../simulators/voiceglow/types.js';
import { readConversationScreen, walkInbox } from './support/gateway-reads.js';
import { serveSource } from './support/platform-harness.js';

/**
 * The VoiceGlow connector against the running simulator. Ground truth is computed here from the
 * simulator's raw records with the rules of MAPPING.md, independently of the connector's mapping.
 */

const NOW = new Date('2025-06-01T12:00:00.000Z');
const sim = createVoiceglowSimulator({ seed: 7, now: NOW });
const alice = sim.identities.alice;
const source = serveSource('voiceglow', sim, { now: NOW, settings: { cacheTtlMs: 0 } });

const ROUTE_LIST = 'GET /v3/agents/:agentId/convos';
const ROUTE_DOC = 'GET /v3/agents/:agentId/convos/:convoId';
const ROUTE_EXPORT = 'GET /v3/agents/:agentId/convos/:convoId/export';

/** One connector per simulated gateway request (cross-request cache off, so every call is counted): the platform's own class. */
function connector(me: string | null = alice): VoiceglowConnector {
  const c = source.connector(me);
  if (!(c instanceof VoiceglowConnector)) throw new Error('the voiceglow source did not build a VoiceglowConnector');
  return c;
}
const resetCounts = (): Promise<void> => source.admin.resetRequestCounts();
const counts = async (): Promise<Record<string, number>> => (await source.admin.requestCounts()).byRoute;

/**
 * Walks listConversations to the end, re-applying (as the merged inbox does) what the connector did
 * not apply, after completing the rows whose deferred fields that filter reads.
 */
async function walk(filter: ConversationFilter, limitHint = 20, me: string | null = alice, c: InboxConnector = connector(me)): Promise<ConversationModel[]> {
  const { items, pages } = await walkInbox(c, filter, me, limitHint);
  expect(pages).toBeLessThan(50);
  return items;
}

/** The document-only fields a VoiceGlow list row defers (MAPPING.md); the simulator always sets `origin`. */
const DEFERRED: DeferredField[] = ['title', 'contact', 'unreadCount', 'lastMessagePreview', 'sla', 'summary', 'handoffs'];

// ---- ground truth from raw records (MAPPING.md) ----
const STATUS: Record<string, ConversationStatus> = { 'ai-chatting': 'OPEN', requested_chat: 'HUMAN_REQUESTED', 'human-chatting': 'OPEN', ended_chat: 'RESOLVED' };
const CHANNEL: Record<string, string> = {
  'web-chat': 'WEB_CHAT',
  whatsapp: 'WHATSAPP',
  instagram: 'INSTAGRAM',
  facebook: 'FACEBOOK',
  telegram: 'TELEGRAM',
  sms: 'SMS',
  vapi: 'VOICE',
  api: 'API',
};
const assigneeOf = (doc: VgConvoDoc): string | null => doc.assignedTo?.userId ?? doc.chatAssignedTo ?? null;
const overdueOf = (doc: VgConvoDoc): boolean => doc.crmAlerts?.overdueActivity ?? false;

function truth(filter: ConversationFilter, me: string | null = alice): VgConvoRecord[] {
  return sim.db.listed().filter(({ doc }) => {
    if (filter.status && !filter.status.includes(STATUS[doc.state]!)) return false;
    const assignee = assigneeOf(doc);
    if (filter.assignee === 'MINE' && (me === null || assignee !== me)) return false;
    if (filter.assignee === 'UNASSIGNED' && assignee !== null) return false;
    if (filter.assignee === 'ASSIGNED' && assignee === null) return false;
    if (filter.search) {
      const needle = filter.search.toLowerCase();
      const hay = [doc.title, doc.userName, doc.userEmail, doc.userPhone, doc.userCompany, doc.lastMessage, ...doc.tags];
      if (!hay.some((text) => text?.toLowerCase().includes(needle))) return false;
    }
    if (filter.archived === true || filter.starred === true) return false;
    if (filter.overdue !== null && overdueOf(doc) !== filter.overdue) return false;
    if (filter.labels && !filter.labels.every((label) => doc.tags.includes(label))) return false;
    return true;
  });
}

function readable(record: VgConvoRecord): Array<{ from: string; text: string | null; ts: number; agent: string | null; ai: boolean | undefined }> {
  return record.turns.flatMap((turn) =>
    turn.messages
      .filter((message) => message.type !== 'launch')
      .map((message) => ({ from: turn.from, text: message.item.payload.message ?? null, ts: message.ts, agent: turn.sentBy?.userId ?? null, ai: turn.isAIGenerated })),
  );
}

const sharedLabel = (): string => {
  const use = new Map<string, number>();
  for (const { doc } of sim.db.listed()) for (const tag of doc.tags) use.set(tag, (use.get(tag) ?? 0) + 1);
  return [...use.entries()].sort((a, b) => b[1] - a[1])[0]![0];
};

describe('listConversations', () => {
  it('walks every listed conversation exactly once, in the platform order, for several page sizes', async () => {
    const expected = sim.db.listed().map((record) => record.doc.ID);
    for (const limitHint of [20, 7, 100]) {
      const ids = (await walk(EMPTY, limitHint)).map((item) => item.upstreamId);
      expect(ids).toEqual(expected);
    }
    expect(expected.length).toBe(60);
  });

  it('pushes no filter down (the list takes none) and still yields exactly the matching set per filter', async () => {
    const label = sharedLabel();
    const someName = sim.db
      .listed()
      .find(({ doc }) => doc.userName)!
      .doc.userName!.split(' ')[1]!;
    const filters: Array<Partial<ConversationFilter>> = [
      { status: ['HUMAN_REQUESTED'] },
      { status: ['OPEN', 'RESOLVED'] },
      { status: ['PENDING', 'SNOOZED'] },
      { assignee: 'MINE' },
      { assignee: 'UNASSIGNED' },
      { assignee: 'ASSIGNED' },
      { search: 'invoice' },
      { search: someName.toUpperCase() },
      { search: label },
      { archived: true },
      { archived: false },
      { starred: true },
      { starred: false },
      { overdue: true },
      { overdue: false },
      { labels: [label] },
      { labels: [label, 'vip'] },
      { status: ['OPEN'], assignee: 'MINE', overdue: false },
    ];
    const page = await connector().listConversations({ filter: { ...EMPTY, status: ['OPEN'] }, position: null, limitHint: 20 });
    expect([...page.applied]).toEqual([]);
    for (const partial of filters) {
      const filter = { ...EMPTY, ...partial };
      const ids = (await walk(filter)).map((item) => item.upstreamId);
      const expected = truth(filter).map((record) => record.doc.ID);
      expect(ids, JSON.stringify(partial)).toEqual(expected);
    }
    expect(truth({ ...EMPTY, status: ['HUMAN_REQUESTED'] }).length).toBeGreaterThan(0);
    expect(truth({ ...EMPTY, overdue: true }).length).toBeGreaterThan(0);
    expect(truth({ ...EMPTY, assignee: 'MINE' }).length).toBeGreaterThan(0);
  });

  it('gives list rows what the row carries and defers the document-only fields', async () => {
    const items = await walk(EMPTY);
    const byId = new Map(sim.db.listed().map((record) => [record.doc.ID, record.doc]));
    for (const item of items) {
      const doc = byId.get(item.upstreamId)!;
      expect(new Set(item.deferred)).toEqual(new Set(DEFERRED));
      expect(item).toMatchObject({
        title: null,
        status: STATUS[doc.state],
        priority: null,
        channel: CHANNEL[doc.origin],
        aiEnabled: doc.state === 'ai-chatting',
        assignee: assigneeOf(doc) === null ? null : { kind: 'Agent', upstreamId: assigneeOf(doc) },
        unreadCount: null,
        starred: null,
        archived: null,
        labels: doc.tags,
        lastMessagePreview: null,
        lastActivityAt: new Date(doc.lastMessageTS! * 1000),
        createdAt: new Date(doc.ts * 1000),
        sla: null,
      });
      expect(item.contact).toMatchObject({ upstreamId: doc.userID, name: doc.userName ?? null, email: doc.userEmail ?? null, phone: doc.userPhone ?? null });
    }
  });

  it('hydrates every list row to exactly the model conversation() gives, and leaves complete rows alone', async () => {
    const c = connector();
    const items = await walk(EMPTY, 20, alice, c);
    const hydrated = await Promise.all(items.map((item) => c.hydrate(item)));
    for (const [i, model] of hydrated.entries()) {
      expect(model.deferred?.size ?? 0).toBe(0);
      expect(model).toEqual(await c.conversation(items[i]!.upstreamId));
      expect(await c.hydrate(model)).toBe(model);
    }
  });
  it('defers the channel too when the row has no origin, and takes it from the document', () => {
    const row = { ID: 'c1', userID: 'u1', ts: 1_700_000_000, lastMessageTS: 1_700_000_100, state: 'human-chatting' as const, userName: 'Ann' };
    const listed = toListRow(source.ref, vgConvoListRowSchema.parse(row));
    expect(new Set(listed.deferred)).toEqual(new Set([...DEFERRED, 'channel']));
    expect(listed.channel).toBeNull();
    const complete = completeRow(listed, toConversation(source.ref, vgConvoDocumentSchema.parse({ ...row, userPlatform: 'whatsapp', title: 'Hi', userCompany: 'Acme' }), NOW));
    expect(complete).toMatchObject({ channel: 'WHATSAPP', title: 'Hi', status: 'OPEN', aiEnabled: false, contact: { name: 'Ann', company: 'Acme' } });
    expect(complete.deferred).toBeUndefined();
    expect(new Set(toListRow(source.ref, vgConvoListRowSchema.parse({ ...row, origin: 'web-chat' })).deferred)).toEqual(new Set(DEFERRED));
  });
});

describe('countConversations', () => {
  it('equals the ground truth per bucket, for the filter minus its assignee key', async () => {
    const label = sharedLabel();
    for (const partial of [
      {},
      { status: ['HUMAN_REQUESTED'] as ConversationStatus[] },
      { search: 'pricing' },
      { overdue: true },
      { labels: [label] },
      { assignee: 'MINE' as const, archived: false },
    ]) {
      const filter = { ...EMPTY, ...partial };
      const all = truth({ ...filter, assignee: 'ALL' });
      const expected = {
        mine: all.filter(({ doc }) => assigneeOf(doc) === alice).length,
        unassigned: all.filter(({ doc }) => assigneeOf(doc) === null).length,
        assigned: all.filter(({ doc }) => assigneeOf(doc) !== null).length,
        all: all.length,
      };
      expect(await connector().countConversations(filter), JSON.stringify(partial)).toEqual(expected);
    }
  });

  it('counts MINE as nothing when the user has no VoiceGlow identity', async () => {
    const result = await connector(null).countConversations(EMPTY);
    expect(result.mine).toBe(0);
    expect(result.all).toBe(60);
  });
});

describe('conversation()', () => {
  /** One record per (state, assignee) pair present, so every status and assignment case is checked. */
  function coverage(): VgConvoRecord[] {
    const picked = new Map<string, VgConvoRecord>();
    for (const record of sim.db.listed()) {
      const key = `${record.doc.state}:${assigneeOf(record.doc)}`;
      if (!picked.has(key)) picked.set(key, record);
    }
    return [...picked.values()];
  }

  it('maps every field of the document, for every state and assignment', async () => {
    const records = coverage();
    expect(records.length).toBeGreaterThanOrEqual(18);
    const c = connector();
    for (const { doc } of records) {
      const model = (await c.conversation(doc.ID))!;
      const assigned = doc.assignedTo;
      const openDue = doc.crmActivities.filter((a) => !a.completed).map((a) => Date.parse(a.dueDate!));
      expect(model).toEqual({
        ref: source.ref,
        upstreamId: doc.ID,
        title: doc.title ?? null,
        status: STATUS[doc.state],
        priority: null,
        channel: CHANNEL[doc.origin],
        aiEnabled: doc.state === 'ai-chatting',
        contact: {
          kind: 'Contact',
          ref: source.ref,
          upstreamId: doc.userID,
          name: doc.userName ?? null,
          email: doc.userEmail ?? null,
          phone: doc.userPhone ?? null,
          company: doc.userCompany ?? null,
          avatarUrl: doc.userProfilePic ?? null,
        },
        assignee: assigned
          ? { kind: 'Agent', ref: source.ref, upstreamId: assigned.userId, name: assigned.name, email: assigned.email, avatarUrl: assigned.photoUrl ?? null }
          : null,
        unreadCount: doc.lastViewed === undefined || doc.lastViewed < doc.lastMessageTS! * 1000 ? 1 : 0,
        starred: null,
        archived: null,
        labels: doc.tags,
        lastMessagePreview: doc.lastMessage ?? null,
        lastActivityAt: new Date(doc.lastMessageTS! * 1000),
        createdAt: new Date(doc.ts * 1000),
        sla: doc.crmAlerts || openDue.length ? { dueAt: openDue.length ? new Date(Math.min(...openDue)) : null, overdue: doc.crmAlerts?.overdueActivity ?? false } : null,
        summary: doc.summary ?? null,
        // Hand-overs (times in ms); the simulator's accepter is always the convo's assignee, so named.
        handoffs: doc.handoffHistory.map((h) => ({
          status: h.completedAt !== undefined ? 'COMPLETED' : h.acceptedAt !== undefined ? 'ACCEPTED' : 'REQUESTED',
          requestedAt: new Date(h.requestedAt),
          acceptedAt: h.acceptedAt === undefined ? null : new Date(h.acceptedAt),
          completedAt: h.completedAt === undefined ? null : new Date(h.completedAt),
          acceptedBy:
            h.acceptedBy === undefined
              ? null
              : { kind: 'Agent', ref: source.ref, upstreamId: h.acceptedBy, name: assigned!.name, email: assigned!.email, avatarUrl: assigned!.photoUrl ?? null },
          teams: h.teamKeys ?? (h.requestedTeamKey ? [h.requestedTeamKey] : []),
        })),
        customAttributes: null,
        frustration: null,
      });
    }
    const statuses = new Set(records.map((r) => STATUS[r.doc.state]));
    expect(statuses).toEqual(new Set(['OPEN', 'HUMAN_REQUESTED', 'RESOLVED']));
  });

  it('gives null for an unknown id and maps an empty (never listed) convo', async () => {
    const c = connector();
    expect(await c.conversation('no-such-convo')).toBeNull();
    const empty = [...sim.db.convos.values()].find((record) => record.doc.messagesNum === 0)!;
    const model = (await c.conversation(empty.doc.ID))!;
    expect(model.unreadCount).toBe(0);
    expect(model.lastActivityAt).toEqual(new Date(empty.doc.lastModified * 1000));
    expect((await c.messages(model, {})).items).toEqual([]);
  });

  it('lets errors other than 404 through (wrong agent: 403, outage: 503)', async () => {
    const wrong = source.connector(alice, { config: { agentId: 'not-ours' } });
    await expect(wrong.conversation(sim.db.listed()[0]!.doc.ID)).rejects.toMatchObject({ status: 403, code: 'UPSTREAM_REJECTED' });
    await source.admin.setKnobs({ outage: true });
    try {
      const error = await connector()
        .listConversations({ filter: EMPTY, position: null, limitHint: 20 })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamError);
      expect(error).toMatchObject({ status: 503, code: 'UPSTREAM_UNAVAILABLE' });
    } finally {
      await source.admin.resetKnobs();
    }
  });
});

describe('messages()', () => {
  const longThreads = (): VgConvoRecord[] => sim.db.listed().filter((record) => record.doc.messagesNum > 30);

  it('walks the whole thread backwards with last: 30 / before, with no gap or duplicate', async () => {
    expect(longThreads().length).toBeGreaterThanOrEqual(5);
    for (const record of longThreads()) {
      const c = connector();
      const conversation = (await c.conversation(record.doc.ID))!;
      const collected: string[] = [];
      let page = await c.messages(conversation, { last: 30 });
      expect(page.items.length).toBe(30);
      expect(page.hasNewer).toBe(false);
      collected.unshift(...page.items.map((m) => m.cursor));
      while (page.hasOlder) {
        page = await c.messages(conversation, { last: 30, before: page.items[0]!.cursor });
        expect(page.hasNewer).toBe(true);
        collected.unshift(...page.items.map((m) => m.cursor));
      }
      expect(new Set(collected).size).toBe(collected.length);
      expect(collected.length).toBe(record.doc.messagesNum);
      const all = await c.messages(conversation, { last: 100 });
      expect(all.items.map((m) => m.cursor)).toEqual(collected);
      expect(all.items.map((m) => m.content)).toEqual(readable(record).map((m) => m.text));
      expect(all.items.map((m) => m.createdAt.getTime())).toEqual(readable(record).map((m) => m.ts));
    }
  });

  it('walks forwards with first / after, and defaults to the newest 20', async () => {
    const record = longThreads()[0]!;
    const c = connector();
    const conversation = (await c.conversation(record.doc.ID))!;
    const forward: string[] = [];
    let page = await c.messages(conversation, { first: 7 });
    expect(page.hasOlder).toBe(false);
    forward.push(...page.items.map((m) => m.cursor));
    while (page.hasNewer) {
      page = await c.messages(conversation, { first: 7, after: page.items[page.items.length - 1]!.cursor });
      expect(page.hasOlder).toBe(true);
      forward.push(...page.items.map((m) => m.cursor));
    }
    expect(forward.length).toBe(record.doc.messagesNum);
    expect(new Set(forward).size).toBe(forward.length);

    const latest = await c.messages(conversation, {});
    expect(latest.items.map((m) => m.cursor)).toEqual(forward.slice(-20));
    expect(latest).toMatchObject({ hasOlder: true, hasNewer: false });
    const short = sim.db.listed().find((r) => r.doc.messagesNum === 1)!;
    const shortPage = await c.messages((await c.conversation(short.doc.ID))!, {});
    expect(shortPage).toMatchObject({ hasOlder: false, hasNewer: false });
    expect(shortPage.items.length).toBe(1);
  });

  it('maps the end user, the AI, a teammate after takeover and system notices', async () => {
    const record = sim.db
      .listed()
      .find((r) => r.doc.state === 'human-chatting' && r.turns.some((t) => t.isAIGenerated === false) && r.turns.some((t) => t.isAIGenerated === true))!;
    const c = connector();
    const conversation = (await c.conversation(record.doc.ID))!;
    const page = await c.messages(conversation, { last: 100 });
    const truthMessages = readable(record);
    expect(page.items.length).toBe(truthMessages.length);
    const kinds = new Set<string>();
    page.items.forEach((message, i) => {
      const t = truthMessages[i]!;
      expect(message.private).toBe(false);
      expect(message.conversationUpstreamId).toBe(record.doc.ID);
      if (t.from === 'human') {
        kinds.add('contact');
        expect(message).toMatchObject({ direction: 'INBOUND', kind: 'TEXT' });
        expect(message.sender).toEqual(conversation.contact);
      } else if (t.from === 'system') {
        kinds.add('system');
        expect(message).toMatchObject({ direction: 'OUTBOUND', kind: 'ACTIVITY', sender: null });
      } else if (t.ai === false) {
        kinds.add('agent');
        expect(message).toMatchObject({ direction: 'OUTBOUND', kind: 'TEXT', sender: { kind: 'Agent', upstreamId: t.agent } });
      } else {
        kinds.add('bot');
        expect(message).toMatchObject({ direction: 'OUTBOUND', kind: 'TEXT', sender: { kind: 'Bot', upstreamId: source.config.agentId } });
      }
    });
    expect(kinds).toEqual(new Set(['contact', 'system', 'agent', 'bot']));
    expect(await c.lastMessage(conversation)).toEqual(page.items[page.items.length - 1]);
  });

  it('maps an image message to an attachment with no text', async () => {
    const record = sim.db.listed().find((r) => r.turns.some((t) => t.messages.some((m) => m.type === 'visual')))!;
    const c = connector();
    const page = await c.messages((await c.conversation(record.doc.ID))!, { last: 100 });
    const image = page.items.find((m) => m.attachments.length > 0)!;
    expect(image.content).toBeNull();
    expect(image.attachments[0]!.url).toMatch(/^https:\/\/cdn\.vg-stuff\.com\/media\//);
  });
});

describe('CRM sidebar', () => {
  it('maps the lead from the convo document (value, currency, score, notes, lost, owner)', async () => {
    const c = connector();
    let withValue = 0;
    let lost = 0;
    for (const { doc } of sim.db.listed()) {
      const conversation = (await c.conversation(doc.ID))!;
      const lead = await c.lead(conversation);
      if (!doc.userName && !doc.userEmail && !doc.userPhone && !doc.userCompany && doc.value === undefined) {
        expect(lead).toBeNull();
        continue;
      }
      expect(lead).toEqual({
        ref: source.ref,
        conversationUpstreamId: doc.ID,
        upstreamId: doc.ID,
        name: doc.userName ?? null,
        status: doc.lostReason ? 'LOST' : 'OPEN',
        value: doc.value === undefined ? null : { amount: doc.value, currency: doc.currency!.toUpperCase() },
        company: doc.userCompany === undefined ? null : { ref: source.ref, upstreamId: null, name: doc.userCompany, domain: null },
        notes: doc.notes ?? null,
        score: doc.funnelStepsMatched.reduce((sum, step) => sum + FUNNEL_STEPS[step]!, 0),
        hotScore: doc.hotScore ?? null,
        customAttributes: null,
        alerts: doc.crmAlerts
          ? {
              overdueExpectedClose: doc.crmAlerts.overdueECD,
              overdueActivity: doc.crmAlerts.overdueActivity,
              stale: doc.crmAlerts.staleLead,
              responded: doc.crmAlerts.responded,
              newHandoffAssigned: doc.crmAlerts.newHandoffAssigned,
            }
          : null,
        // A day (YYYY-MM-DD): midnight UTC.
        expectedCloseAt: doc.expectedCloseDate === undefined ? null : new Date(`${doc.expectedCloseDate}T00:00:00Z`),
        lostReason: doc.lostReason ?? null,
        owner: conversation.assignee,
        createdAt: new Date(doc.ts * 1000),
        updatedAt: new Date(doc.lastModified * 1000),
      });
      if (lead!.value) withValue++;
      if (lead!.status === 'LOST') lost++;
    }
    expect(withValue).toBeGreaterThan(5);
    expect(lost).toBeGreaterThan(0);
  });

  it('maps CRM activities to tasks and has no funnel card, scenario or suggestion', async () => {
    const record = sim.db.listed().find((r) => r.doc.crmActivities.some((a) => a.completed) && r.doc.crmActivities.some((a) => !a.completed))!;
    const c = connector();
    const conversation = (await c.conversation(record.doc.ID))!;
    expect(await c.tasks(conversation)).toEqual(
      record.doc.crmActivities.map((activity) => ({
        ref: source.ref,
        conversationUpstreamId: record.doc.ID,
        upstreamId: activity.id,
        title: activity.title,
        description: activity.note ?? null,
        status: activity.completed ? 'COMPLETED' : 'PENDING',
        priority: null,
        dueAt: new Date(activity.dueDate!),
        completedAt: null,
        assignee: null,
      })),
    );
    // No stubs: the connector lacks these reads, so the graph answers null / [] without any call.
    const generic: InboxConnector = c;
    expect(generic.funnelCard).toBeUndefined();
    expect(generic.scenario).toBeUndefined();
    expect(generic.scenarioSteps).toBeUndefined();
    expect(generic.suggestions).toBeUndefined();
    await resetCounts();
    const screen = await readConversationScreen(c, conversation);
    expect(screen).toMatchObject({ funnelCard: null, scenario: null, suggestions: [] });
    expect(await counts()).toEqual({ [ROUTE_EXPORT]: 1 });
  });
});

describe('parent ids', () => {
  it('every child model (lead, task, message) carries the upstream id of the conversation it is reached through', async () => {
    const c = connector();
    const rows = await walk(EMPTY, 20, alice, c);
    expect(rows.length).toBe(sim.db.listed().length);
    const seen = { lead: 0, task: 0, message: 0 };
    for (const row of rows) {
      const id = row.upstreamId;
      // From the list row and from conversation() alike: the same parent id.
      for (const conversation of [row, (await c.conversation(id))!]) {
        const lead = await c.lead(conversation);
        if (lead) {
          expect(lead.conversationUpstreamId).toBe(id);
          seen.lead++;
        }
        for (const task of await c.tasks(conversation)) {
          expect(task.conversationUpstreamId).toBe(id);
          seen.task++;
        }
        const page = await c.messages(conversation, { last: 100 });
        for (const message of page.items) expect(message.conversationUpstreamId).toBe(id);
        seen.message += page.items.length;
        expect((await c.lastMessage(conversation))?.conversationUpstreamId).toBe(id);
      }
    }
    expect(seen.lead).toBeGreaterThan(0);
    expect(seen.task).toBeGreaterThan(0);
    expect(seen.message).toBeGreaterThan(0);
  });
});

describe('upstream calls (MAPPING.md formulas)', () => {
  it('list page: 1 list call and no document call, whatever the page size', async () => {
    for (const limitHint of [20, 5, 100]) {
      await resetCounts();
      const page = await connector().listConversations({ filter: EMPTY, position: null, limitHint });
      expect(page.items.length).toBe(Math.min(20, limitHint));
      expect(await counts()).toEqual({ [ROUTE_LIST]: 1 });
    }
    // No filter is applied by the connector, so none makes it fetch a document either.
    await resetCounts();
    await connector().listConversations({ filter: { ...EMPTY, search: 'pricing', overdue: true }, position: null, limitHint: 20 });
    expect(await counts()).toEqual({ [ROUTE_LIST]: 1 });
  });

  it('inbox page: hydrating the k rows shown costs k document calls, + k export calls when lastMessage is asked', async () => {
    await resetCounts();
    const c = connector();
    const page = await c.listConversations({ filter: EMPTY, position: null, limitHint: 20 });
    const shown = page.items.slice(0, 5);
    const k = shown.length;
    // Every deferred field of every shown row, asked field by field as the resolvers do.
    const hydrated = await Promise.all(shown.map((item) => c.hydrate(item)));
    await Promise.all(shown.flatMap((item) => DEFERRED.map(() => c.hydrate(item))));
    expect(hydrated.every((model) => (model.deferred?.size ?? 0) === 0)).toBe(true);
    expect(await counts()).toEqual({ [ROUTE_LIST]: 1, [ROUTE_DOC]: k });
    await Promise.all(shown.map((item) => c.lastMessage(item)));
    expect(await counts()).toEqual({ [ROUTE_LIST]: 1, [ROUTE_DOC]: k, [ROUTE_EXPORT]: k });
  });

  it('hydrate, lead, tasks and sla of one row share one document call', async () => {
    const record = sim.db.listed().find((r) => r.doc.crmActivities.length > 0)!;
    const c = connector();
    const row = (await walk(EMPTY, 20, alice, c)).find((item) => item.upstreamId === record.doc.ID)!;
    await resetCounts();
    const [complete, lead, tasks] = await Promise.all([c.hydrate(row), c.lead(row), c.tasks(row)]);
    expect(complete.sla).not.toBeNull();
    expect(lead).not.toBeNull();
    expect(tasks.length).toBe(record.doc.crmActivities.length);
    expect((await c.hydrate(row)).sla).toEqual(complete.sla);
    expect(await c.conversation(row.upstreamId)).toEqual(complete);
    expect(await counts()).toEqual({ [ROUTE_DOC]: 1 });
  });

  it('counts: ceil(T/20) list calls, + T document calls only for search or overdue (shared with the page)', async () => {
    const total = sim.db.listed().length;
    await resetCounts();
    await connector().countConversations({ ...EMPTY, status: ['OPEN'], labels: ['vip'] });
    expect(await counts()).toEqual({ [ROUTE_LIST]: Math.ceil(total / 20) });
    await resetCounts();
    await connector().countConversations({ ...EMPTY, search: 'demo' });
    expect(await counts()).toEqual({ [ROUTE_LIST]: Math.ceil(total / 20), [ROUTE_DOC]: total });
    await resetCounts();
    await connector().countConversations({ ...EMPTY, overdue: false });
    expect(await counts()).toEqual({ [ROUTE_LIST]: Math.ceil(total / 20), [ROUTE_DOC]: total });
    await resetCounts();
    // In one request the list page and the counts share the first list call.
    const c = connector();
    await Promise.all([c.listConversations({ filter: EMPTY, position: null, limitHint: 20 }), c.countConversations(EMPTY)]);
    expect(await counts()).toEqual({ [ROUTE_LIST]: Math.ceil(total / 20) });
    await resetCounts();
    // With search, the rows the gateway completes for its own match share their documents with the counts.
    const s = connector();
    const filter = { ...EMPTY, search: 'pricing' };
    await Promise.all([walk(filter, 20, alice, s), s.countConversations(filter)]);
    expect(await counts()).toEqual({ [ROUTE_LIST]: Math.ceil(total / 20), [ROUTE_DOC]: total });
  });

  it('conversation screen: 1 document call + 1 export call for everything', async () => {
    const record = sim.db.listed().find((r) => r.doc.messagesNum > 30 && r.doc.crmActivities.length > 0)!;
    await resetCounts();
    const c = connector();
    await readConversationScreen(c, (await c.conversation(record.doc.ID))!);
    expect(await counts()).toEqual({ [ROUTE_DOC]: 1, [ROUTE_EXPORT]: 1 });
  });
});
