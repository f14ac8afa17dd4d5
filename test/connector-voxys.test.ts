import { beforeEach, describe, expect, it } from 'vitest';
import type { InboxConnector } from '../src/datasources/connector.js';
import type { VoxysSourceConfig } from '../src/datasources/voxys/config.js';
import { VoxysConnector } from '../src/datasources/voxys/connector.js';
import { UpstreamError } from '../src/errors.js';
import { EMPTY_FILTER as EMPTY } from '../src/inbox/filter.js';
import { Metrics } from '../src/metrics.js';
import type { ConversationFilter, ConversationModel, MessageModel, SlaModel, TaskModel } from '../src/model/index.js';
import type { VoxysDb } from '../simulators/voxys/db.js';
import { createVoxysSimulator } from '../simulators/voxys/index.js';
import type { ConversationRow, LeadRow, TaskRow, UserRow } from '../simulators/voxys/records.js';
import { readConversationScreen, walkInbox } from './support/gateway-reads.js';
import { serveSource, withSource } from './support/platform-harness.js';

/**
 * The Voxys connector against a running simulator: paging, pushed-down filters, counts, field
 * mapping (checked against the simulator's rows, not the connector's own tables), message paging,
 * the CRM sidebar, and the number of upstream calls MAPPING.md promises.
 */

const NOW = new Date('2025-06-02T12:00:00Z');
const NOW_S = NOW.getTime() / 1000;
const ALICE = '11';
const f = (partial: Partial<ConversationFilter>): ConversationFilter => ({ ...EMPTY, ...partial });

const sim = createVoxysSimulator({ seed: 'connector', size: 60, now: NOW, apiAccessToken: 'connector-token', accountId: 12 });
/** Shared by every connector, so the metrics test reads what all the others recorded. */
const metrics = new Metrics();
/** A cross-request TTL of 0: every connector (request) reaches the simulator, so call counts are exact. */
const SOURCE_OPTIONS = { now: NOW, metrics, settings: { cacheTtlMs: 0 } };
const source = serveSource('voxys', sim, SOURCE_OPTIONS);

/** The connector the Voxys platform builds for one request (its optional CRM reads are all there). */
function connector(me: string | null = ALICE, config: Partial<VoxysSourceConfig> = {}): VoxysConnector {
  const built = source.connector(me, { config });
  if (!(built instanceof VoxysConnector)) throw new Error('not a Voxys connector');
  return built;
}

const db = (): VoxysDb => sim.db;
const rows = (): ConversationRow[] => [...db().conversations.values()];

const resetCounts = (): Promise<void> => source.admin.resetRequestCounts();
async function counts(): Promise<Record<string, number>> {
  const prefix = 'GET /api/v1/accounts/:account_id';
  return Object.fromEntries(
    Object.entries((await source.admin.requestCounts()).byRoute).map(([route, n]) => [route.replace(prefix, 'GET ').replace('POST /api/v1/accounts/:account_id', 'POST '), n]),
  );
}

// ---- ground truth from the simulator's rows ----------------------------------------------------

const CHANNELS: Record<string, string> = {
  'Channel::WebWidget': 'WEB_CHAT',
  'Channel::Whatsapp': 'WHATSAPP',
  'Channel::Email': 'EMAIL',
  'Channel::Api': 'API',
  'Channel::Sms': 'SMS',
  'Channel::TwilioSms': 'SMS',
  'Channel::FacebookPage': 'FACEBOOK',
  'Channel::Instagram': 'INSTAGRAM',
  'Channel::Telegram': 'TELEGRAM',
  'Channel::Voice': 'VOICE',
  'Channel::Line': 'OTHER',
};

/** Chatwoot's SLA rules (FRT until the first human reply, NRT while waiting after it, RT while open), earliest deadline. */
function expectedSla(row: ConversationRow): SlaModel | null {
  if (!row.applied_sla) return null;
  const policy = db().slaPolicies.get(row.applied_sla.sla_policy_id)!;
  // Each deadline with its threshold: the earliest is due, and its threshold is the policy's target (minutes).
  const deadlines: [number, number][] = [];
  if (policy.first_response_time_threshold !== null && !row.first_reply_created_at)
    deadlines.push([row.applied_sla.created_at + policy.first_response_time_threshold, policy.first_response_time_threshold]);
  if (policy.next_response_time_threshold !== null && row.first_reply_created_at && row.waiting_since)
    deadlines.push([row.waiting_since + policy.next_response_time_threshold, policy.next_response_time_threshold]);
  if (policy.resolution_time_threshold !== null && row.status === 'open')
    deadlines.push([row.applied_sla.created_at + policy.resolution_time_threshold, policy.resolution_time_threshold]);
  if (deadlines.length === 0) return { dueAt: null, overdue: false, policyName: policy.name, targetMinutes: null };
  const [due, threshold] = deadlines.reduce((earliest, d) => (d[0] < earliest[0] ? d : earliest));
  return { dueAt: new Date(due * 1000), overdue: due <= NOW_S, policyName: policy.name, targetMinutes: Math.round(threshold / 60) };
}

function searchHit(row: ConversationRow, q: string): boolean {
  return db()
    .thread(row.display_id)
    .some((m) => m.message_type < 2 && (m.content ?? '').toLowerCase().includes(q.toLowerCase()));
}

/** What the merged inbox must show for a filter: Voxys' own search semantics (message bodies), the gateway's for the rest. */
function truth(filter: ConversationFilter, me: string | null, ignoreAssignee = false): ConversationRow[] {
  return rows().filter((row) => {
    if (filter.status && !filter.status.some((s) => s === row.status.toUpperCase())) return false;
    if (!ignoreAssignee) {
      if (filter.assignee === 'MINE' && (me === null || String(row.assignee_id) !== me)) return false;
      if (filter.assignee === 'UNASSIGNED' && row.assignee_id !== null) return false;
      if (filter.assignee === 'ASSIGNED' && row.assignee_id === null) return false;
    }
    if (filter.search && !searchHit(row, filter.search)) return false;
    if (filter.archived === true || filter.starred === true) return false;
    if (filter.overdue !== null && (expectedSla(row)?.overdue ?? false) !== filter.overdue) return false;
    if (filter.labels && !filter.labels.every((l) => row.labels.includes(l))) return false;
    return true;
  });
}

/** The merged inbox's use of one source: follow `next`, re-apply the keys the source did not apply. */
async function walk(c: InboxConnector, filter: ConversationFilter, me: string | null): Promise<{ ids: string[]; pages: number }> {
  const { items, pages } = await walkInbox(c, filter, me, 25);
  return { ids: items.map((item) => item.upstreamId), pages };
}

function agentOf(user: UserRow | undefined | null): unknown {
  return user ? { kind: 'Agent', upstreamId: String(user.id), name: user.name, email: user.email, avatarUrl: user.thumbnail || null } : null;
}

function expectedConversation(row: ConversationRow): Omit<ConversationModel, 'ref'> {
  const contact = db().contacts.get(row.contact_id)!;
  const last = db().lastNonActivityMessage(row.display_id);
  return {
    upstreamId: String(row.display_id),
    title: row.additional_attributes.mail_subject ?? null,
    status: row.status.toUpperCase() as ConversationModel['status'],
    priority: row.priority ? (row.priority.toUpperCase() as ConversationModel['priority']) : null,
    channel: CHANNELS[db().inboxes.get(row.inbox_id)!.channel_type] as ConversationModel['channel'],
    aiEnabled: null,
    contact: {
      kind: 'Contact',
      upstreamId: String(contact.id),
      name: contact.name,
      email: contact.email,
      phone: contact.phone_number,
      company: contact.company_name,
      avatarUrl: null,
    } as ConversationModel['contact'],
    assignee: agentOf(row.assignee_id === null ? null : db().users.get(row.assignee_id)) as ConversationModel['assignee'],
    // A conversation an agent bot holds: no human assignee, the bot as `botAssignee`.
    ...(row.assignee_agent_bot_id === null
      ? {}
      : {
          botAssignee: {
            kind: 'Bot',
            upstreamId: String(row.assignee_agent_bot_id),
            name: db().agentBots.get(row.assignee_agent_bot_id)!.name,
          } as ConversationModel['botAssignee'],
        }),
    unreadCount: db().unreadCount(row),
    starred: null,
    archived: null,
    labels: row.labels,
    lastMessagePreview: last?.content ?? null,
    lastActivityAt: new Date(row.last_activity_at * 1000),
    createdAt: new Date(row.created_at * 1000),
    sla: expectedSla(row),
    summary: null,
    handoffs: [],
    // The simulator's own record: its custom attributes, `{}` when none are set.
    customAttributes: row.custom_attributes,
    frustration: null,
  };
}

function stripRefs<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'ref' ? undefined : v))) as T;
}

// ---- setup ------------------------------------------------------------------------------------

beforeEach(async () => {
  await source.admin.resetKnobs();
});

// ---- tests ------------------------------------------------------------------------------------

describe('voxys connector: listing', () => {
  const filters: [string, ConversationFilter, string | null][] = [
    ['no filter', EMPTY, ALICE],
    ['status OPEN', f({ status: ['OPEN'] }), ALICE],
    ['status OPEN+PENDING', f({ status: ['OPEN', 'PENDING'] }), ALICE],
    ['every status', f({ status: ['OPEN', 'PENDING', 'SNOOZED', 'RESOLVED', 'HUMAN_REQUESTED'] }), ALICE],
    ['HUMAN_REQUESTED only', f({ status: ['HUMAN_REQUESTED'] }), ALICE],
    ['HUMAN_REQUESTED+RESOLVED', f({ status: ['HUMAN_REQUESTED', 'RESOLVED'] }), ALICE],
    ['MINE (alice)', f({ assignee: 'MINE' }), ALICE],
    ['MINE (dana)', f({ assignee: 'MINE' }), '14'],
    ['MINE without a Voxys id', f({ assignee: 'MINE' }), null],
    ['MINE + OPEN/SNOOZED', f({ assignee: 'MINE', status: ['OPEN', 'SNOOZED'] }), '12'],
    ['UNASSIGNED', f({ assignee: 'UNASSIGNED' }), ALICE],
    ['ASSIGNED + RESOLVED', f({ assignee: 'ASSIGNED', status: ['RESOLVED'] }), ALICE],
    ['one label', f({ labels: ['vip'] }), ALICE],
    ['two labels', f({ labels: ['vip', 'sales'] }), ALICE],
    ['search', f({ search: 'invoice' }), ALICE],
    ['search + status', f({ search: 'invoice', status: ['OPEN'] }), ALICE],
    ['search + MINE', f({ search: 'order', assignee: 'MINE' }), '13'],
    ['search + two labels', f({ search: 'the', labels: ['support', 'bug'] }), ALICE],
    ['overdue', f({ overdue: true }), ALICE],
    ['not overdue', f({ overdue: false, status: ['OPEN'] }), ALICE],
    ['archived', f({ archived: true }), ALICE],
    ['not archived, not starred', f({ archived: false, starred: false }), ALICE],
    ['starred', f({ starred: true }), ALICE],
  ];

  it.each(filters)('walks %s: every matching conversation exactly once', async (_name, filter, me) => {
    const { ids } = await walk(connector(me), filter, me);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(
      truth(filter, me)
        .map((r) => String(r.display_id))
        .sort(),
    );
  });

  it('has data for every filter case (non-empty ground truth where it should be)', () => {
    for (const [name, filter, me] of filters) {
      const expectEmpty = ['HUMAN_REQUESTED only', 'MINE without a Voxys id', 'archived', 'starred'].includes(name);
      expect(truth(filter, me).length === 0, name).toBe(expectEmpty);
    }
    expect(rows().some((r) => expectedSla(r)?.overdue === false)).toBe(true);
  });

  it('returns pages of 25 in last-activity order and stops on the last full page without an empty call', async () => {
    await resetCounts();
    const c = connector();
    const first = await c.listConversations({ filter: EMPTY, position: null, limitHint: 25 });
    expect(first.items).toHaveLength(25);
    // The position names the next page and the rows before it (the page size is the installation's).
    expect(first.next).toEqual({ p: 2, r: 25 });
    const times = first.items.map((i) => i.lastActivityAt.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const { pages } = await walk(c, f({ assignee: 'ASSIGNED', status: null }), ALICE);
    const assigned = rows().filter((r) => r.assignee_id !== null).length;
    expect(pages).toBe(Math.ceil(assigned / 25));

    // 50 conversations: two full pages, and the counts say there is no third.
    const fifty = createVoxysSimulator({ seed: 'fifty', size: 50, now: NOW });
    await withSource('voxys', fifty, SOURCE_OPTIONS, async (fiftySource) => {
      const walked = await walk(fiftySource.connector(ALICE), EMPTY, ALICE);
      expect(walked.ids).toHaveLength(50);
      expect(walked.pages).toBe(2);
      expect((await fiftySource.admin.requestCounts()).total).toBe(2);
    });
  });

  it('reports the keys it pushed down and answers impossible filters without a call', async () => {
    const c = connector();
    expect([...(await c.listConversations({ filter: f({ status: ['OPEN'], labels: ['vip'] }), position: null, limitHint: 25 })).applied].sort()).toEqual([
      'archived',
      'assignee',
      'labels',
      'overdue',
      'search',
      'starred',
      'status',
    ]);
    const searched = await c.listConversations({ filter: f({ search: 'x', status: ['OPEN'], assignee: 'MINE', labels: ['a', 'b'] }), position: null, limitHint: 25 });
    expect(searched.applied.has('status') || searched.applied.has('assignee') || searched.applied.has('labels')).toBe(false);
    expect(searched.applied.has('search')).toBe(true);
    const overdue = await c.listConversations({ filter: f({ overdue: true }), position: null, limitHint: 25 });
    expect(overdue.applied.has('overdue')).toBe(false);
    await resetCounts();
    for (const filter of [f({ status: ['HUMAN_REQUESTED'] }), f({ archived: true }), f({ starred: true })]) {
      expect(await c.listConversations({ filter, position: null, limitHint: 25 })).toMatchObject({ items: [], next: null });
    }
    expect(await connector(null).listConversations({ filter: f({ assignee: 'MINE' }), position: null, limitHint: 25 })).toMatchObject({ items: [], next: null });
    expect((await source.admin.requestCounts()).total).toBe(0);
  });
});

describe('voxys connector: counts', () => {
  const cases: [string, ConversationFilter, string | null][] = [
    ['no filter', EMPTY, ALICE],
    ['OPEN', f({ status: ['OPEN'] }), ALICE],
    ['OPEN+PENDING, two labels', f({ status: ['OPEN', 'PENDING'], labels: ['vip', 'sales'] }), '12'],
    ['one label, assignee ignored', f({ labels: ['support'], assignee: 'UNASSIGNED' }), '13'],
    ['search + status', f({ search: 'invoice', status: ['OPEN', 'RESOLVED'] }), ALICE],
    ['overdue', f({ overdue: true }), '14'],
    ['no Voxys id', f({ status: ['RESOLVED'] }), null],
    ['archived', f({ archived: true }), ALICE],
  ];

  it.each(cases)('counts %s per bucket like the ground truth', async (_name, filter, me) => {
    const matching = truth(filter, me, true);
    const unassigned = matching.filter((r) => r.assignee_id === null).length;
    expect(await connector(me).countConversations(filter)).toEqual({
      mine: me === null ? 0 : matching.filter((r) => String(r.assignee_id) === me).length,
      unassigned,
      assigned: matching.length - unassigned,
      all: matching.length,
    });
  });

  it('never takes Voxys "mine" (the API token owner) for the gateway user', async () => {
    const owner = String(db().apiOwnerUserId);
    expect(rows().some((r) => String(r.assignee_id) === owner)).toBe(true);
    const counted = await connector(ALICE).countConversations(EMPTY);
    expect(counted.mine).toBe(rows().filter((r) => String(r.assignee_id) === ALICE).length);
    expect(counted.mine).not.toBe(rows().filter((r) => String(r.assignee_id) === owner).length);
  });
});

describe('voxys connector: one conversation', () => {
  function coveringIds(): number[] {
    const picked = new Set<number>();
    const pick = (predicate: (r: ConversationRow) => boolean): void => {
      const row = rows().find(predicate);
      if (row) picked.add(row.display_id);
    };
    for (const s of ['open', 'pending', 'snoozed', 'resolved']) pick((r) => r.status === s);
    for (const p of [null, 'low', 'medium', 'high', 'urgent']) pick((r) => r.priority === p);
    for (const a of [11, 12, 13, 14, null, 1]) pick((r) => r.assignee_id === a && r.assignee_agent_bot_id === null);
    pick((r) => r.assignee_agent_bot_id !== null);
    for (const inbox of db().inboxes.keys()) pick((r) => r.inbox_id === inbox);
    pick((r) => r.applied_sla !== null && expectedSla(r)!.overdue);
    pick((r) => r.applied_sla !== null && !expectedSla(r)!.overdue);
    pick((r) => db().lastMessage(r.display_id)!.message_type === 2);
    return [...picked];
  }

  it('maps every field of conversations covering each status, priority, assignee, channel and SLA case', async () => {
    const c = connector();
    const ids = coveringIds();
    expect(ids.length).toBeGreaterThanOrEqual(12);
    for (const id of ids) {
      const model = await c.conversation(String(id));
      expect(model, `conversation ${id}`).not.toBeNull();
      expect(model!.ref).toEqual({ tenant: 't1', key: 'voxys', type: 'voxys', scope: '12' });
      expect(stripRefs(model)).toEqual(stripRefs(expectedConversation(db().conversations.get(id)!)));
    }
  });

  it('maps list rows exactly like the detail endpoint', async () => {
    const listed = (await connector().listConversations({ filter: EMPTY, position: null, limitHint: 25 })).items;
    const detail = connector();
    for (const item of listed) expect(await detail.conversation(item.upstreamId)).toEqual(item);
  });

  it('answers null for an unknown or malformed id, and propagates other upstream errors', async () => {
    await resetCounts();
    const c = connector();
    expect(await c.conversation('99999')).toBeNull();
    expect(await c.conversation('not-a-number')).toBeNull();
    expect((await source.admin.requestCounts()).total).toBe(1);
    await expect(connector(ALICE, { apiAccessToken: 'wrong' }).conversation('1')).rejects.toMatchObject({ code: 'UPSTREAM_REJECTED', status: 401 });
    await source.admin.setKnobs({ outage: true });
    const failure = await connector()
      .listConversations({ filter: EMPTY, position: null, limitHint: 25 })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UpstreamError);
    expect(failure).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', status: 503 });
  });

  it('gives the last message from the list answer without another call', async () => {
    const c = connector();
    const page = await c.listConversations({ filter: EMPTY, position: null, limitHint: 25 });
    await resetCounts();
    for (const item of page.items) {
      const last = await c.lastMessage(item);
      const expected = db().lastNonActivityMessage(Number(item.upstreamId));
      expect(last?.upstreamId ?? null).toBe(expected ? String(expected.id) : null);
      expect(last?.content ?? null).toBe(item.lastMessagePreview);
    }
    expect((await source.admin.requestCounts()).total).toBe(0);
  });
});

describe('voxys connector: messages', () => {
  const ids = (page: { items: { upstreamId: string }[] }): number[] => page.items.map((m) => Number(m.upstreamId));

  it('walks every thread backwards by last:30 / before with no gap or duplicate, hasOlder exact', async () => {
    const c = connector();
    for (const row of rows()) {
      const thread = db()
        .thread(row.display_id)
        .map((m) => m.id);
      const conversation = (await c.conversation(String(row.display_id)))!;
      let page = await c.messages(conversation, { last: 30 });
      expect(page.hasNewer).toBe(false);
      const seen = ids(page);
      while (page.hasOlder) {
        page = await c.messages(conversation, { last: 30, before: page.items[0]!.cursor });
        expect(page.hasNewer).toBe(true);
        seen.unshift(...ids(page));
      }
      expect(seen).toEqual(thread);
    }
  });

  it('reads the newest 20 by default and knows exactly whether older ones exist (19/20/21/40 messages)', async () => {
    const c = connector();
    const sizes = new Set<number>();
    for (const row of rows()) {
      const thread = db()
        .thread(row.display_id)
        .map((m) => m.id);
      if (![19, 20, 21, 40].includes(thread.length)) continue;
      sizes.add(thread.length);
      const page = await c.messages((await c.conversation(String(row.display_id)))!, {});
      expect(ids(page)).toEqual(thread.slice(-20));
      expect(page.hasOlder).toBe(thread.length > 20);
      expect(page.hasNewer).toBe(false);
    }
    expect(sizes).toEqual(new Set([19, 20, 21, 40]));
  });

  it('walks forwards by first / after', async () => {
    const c = connector();
    const row = rows().find((r) => db().thread(r.display_id).length >= 30)!;
    const thread = db()
      .thread(row.display_id)
      .map((m) => m.id);
    const conversation = (await c.conversation(String(row.display_id)))!;
    let page = await c.messages(conversation, { first: 7 });
    expect(page.hasOlder).toBe(false);
    const seen = ids(page);
    while (page.hasNewer) {
      page = await c.messages(conversation, { first: 7, after: page.items.at(-1)!.cursor });
      expect(page.hasOlder).toBe(true);
      seen.push(...ids(page));
    }
    expect(seen).toEqual(thread);
    const between = await c.messages(conversation, { after: String(thread[3]), before: String(thread[9]) });
    expect(ids(between)).toEqual(thread.slice(4, 9));
    await expect(c.messages(conversation, { before: 'abc' })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('maps direction, kind, privacy, sender and attachments message by message', async () => {
    const c = connector();
    const kinds = new Set<string>();
    const senders = new Set<string>();
    for (const row of rows()) {
      const conversation = (await c.conversation(String(row.display_id)))!;
      const thread = db().thread(row.display_id);
      const page = await c.messages(conversation, { first: 100 });
      expect(page.items).toHaveLength(thread.length);
      page.items.forEach((m, i) => {
        const source = thread[i]!;
        const channel = conversation.channel;
        const kind = source.message_type === 2 ? 'ACTIVITY' : source.private ? 'NOTE' : channel === 'EMAIL' ? 'EMAIL' : channel === 'SMS' ? 'SMS' : 'TEXT';
        expect(m).toMatchObject({
          upstreamId: String(source.id),
          cursor: String(source.id),
          conversationUpstreamId: String(row.display_id),
          content: source.content,
          direction: source.message_type === 0 ? 'INBOUND' : 'OUTBOUND',
          kind,
          private: source.private,
          createdAt: new Date(source.created_at * 1000),
          callSummary: null,
        });
        // Attachments with something to open (a data_url); a contact card or a linkless location is not listed.
        expect(m.attachments).toEqual(
          source.attachments
            .filter((a) => a.data_url)
            .map((a) => ({ url: a.data_url, name: a.fallback_title ?? decodeURIComponent(new URL(a.data_url!).pathname.split('/').pop()!), contentType: null })),
        );
        const expectedSender =
          source.sender === null
            ? null
            : source.sender.type === 'contact'
              ? { kind: 'Contact', upstreamId: String(source.sender.id), name: db().contacts.get(source.sender.id)!.name }
              : source.sender.type === 'user'
                ? { kind: 'Agent', upstreamId: String(source.sender.id), name: db().users.get(source.sender.id)!.name }
                : { kind: 'Bot', upstreamId: String(source.sender.id), name: db().agentBots.get(source.sender.id)!.name };
        if (expectedSender === null) expect(m.sender).toBeNull();
        else expect(m.sender).toMatchObject(expectedSender);
        kinds.add(m.kind);
        senders.add(m.sender?.kind ?? 'none');
      });
    }
    expect(kinds).toEqual(new Set(['TEXT', 'EMAIL', 'SMS', 'NOTE', 'ACTIVITY']));
    expect(senders).toEqual(new Set(['Contact', 'Agent', 'Bot', 'none']));
  });
});

describe('voxys connector: CRM', () => {
  function expectedLead(lead: LeadRow): unknown {
    const owner = lead.assigned_agent_id === null ? null : db().users.get(lead.assigned_agent_id)!;
    const company = lead.company_id === null ? null : db().companies.get(lead.company_id)!;
    return {
      conversationUpstreamId: String(lead.conversation_id),
      upstreamId: String(lead.id),
      name: lead.custom_name,
      status: lead.status.toUpperCase(),
      value: lead.lead_value === null ? null : { amount: lead.lead_value, currency: lead.lead_currency },
      // Refs are stripped before comparing (stripRefs).
      company: company && { upstreamId: String(company.id), name: company.name, domain: company.domain },
      notes: lead.notes,
      score: null,
      hotScore: null,
      customAttributes: lead.custom_attributes,
      alerts: null,
      expectedCloseAt: null,
      lostReason: null,
      owner: agentOf(owner),
      createdAt: new Date(lead.created_at * 1000).toISOString(),
      updatedAt: new Date(lead.updated_at * 1000).toISOString(),
    };
  }

  function expectedTask(task: TaskRow, conversationUpstreamId: string): unknown {
    const iso = (s: number | null): string | null => (s === null ? null : new Date(s * 1000).toISOString());
    return {
      conversationUpstreamId,
      upstreamId: String(task.id),
      title: task.title,
      description: task.description,
      status: task.status.toUpperCase(),
      priority: task.priority?.toUpperCase() ?? null,
      dueAt: iso(task.due_at),
      completedAt: iso(task.completed_at),
      assignee: agentOf(task.assigned_to_id === null ? null : db().users.get(task.assigned_to_id)),
    };
  }

  it('maps the sidebar: lead, funnel card and follow-up tasks of every conversation', async () => {
    const c = connector();
    let withCard = 0;
    for (const row of rows()) {
      const conversation = (await c.conversation(String(row.display_id)))!;
      const lead = db().leadOfConversation(row.display_id);
      const card = lead ? db().cardOfLead(lead.id) : null;
      expect(stripRefs(await c.lead(conversation))).toEqual(lead ? expectedLead(lead) : null);
      expect(stripRefs(await c.funnelCard(conversation))).toEqual(
        card
          ? {
              conversationUpstreamId: String(row.display_id),
              upstreamId: String(card.id),
              funnelId: String(card.funnel_id),
              funnelName: null,
              stageId: String(card.funnel_stage_id),
              stageName: null,
              position: card.position,
              createdAt: new Date(card.created_at * 1000).toISOString(),
              updatedAt: new Date(card.updated_at * 1000).toISOString(),
            }
          : null,
      );
      if (card) withCard++;
      expect(stripRefs(await c.tasks(conversation))).toEqual(
        db()
          .followUpTasks(row.display_id)
          .map((task) => expectedTask(task, String(row.display_id))),
      );
    }
    expect(withCard).toBeGreaterThan(0);
  });

  it('has no scenarios and no suggestions: those reads are absent, so the graph answers them without a call', () => {
    const c: InboxConnector = connector();
    expect(c.scenario).toBeUndefined();
    expect(c.scenarioSteps).toBeUndefined();
    expect(c.suggestions).toBeUndefined();
    expect([c.lead, c.funnelCard, c.tasks].every((read) => typeof read === 'function')).toBe(true);
  });

  it('gives an inbox page the same leads from the /leads index as the sidebar gives one by one', async () => {
    const page = (await connector().listConversations({ filter: EMPTY, position: null, limitHint: 25 })).items;
    const batched = connector();
    const fromIndex = await Promise.all(page.map((item) => batched.lead(item)));
    const oneByOne = connector();
    for (const [i, item] of page.entries()) expect(fromIndex[i]).toEqual(await oneByOne.lead(item));
    expect(fromIndex.filter(Boolean).length).toBeGreaterThan(0);
    expect(fromIndex.some((lead) => lead === null)).toBe(true);
  });

  it('every child model carries the upstream id of the conversation it was reached through', async () => {
    const page = (await connector().listConversations({ filter: EMPTY, position: null, limitHint: 25 })).items;
    // Leads of an inbox page (the /leads index), then each conversation one by one (the /crm sidebar).
    const batched = connector();
    const fromIndex = await Promise.all(page.map((item) => batched.lead(item)));
    page.forEach((item, i) => {
      if (fromIndex[i]) expect(fromIndex[i]!.conversationUpstreamId).toBe(item.upstreamId);
    });
    expect(fromIndex.some(Boolean)).toBe(true);
    const seen = new Map<string, number>();
    for (const row of rows()) {
      const c = connector();
      const id = String(row.display_id);
      const conversation = (await c.conversation(id))!;
      const [lead, card, tasks, messages, last] = await Promise.all([
        c.lead(conversation),
        c.funnelCard(conversation),
        c.tasks(conversation),
        c.messages(conversation, { last: 30 }),
        c.lastMessage(conversation),
      ]);
      const children: [string, { conversationUpstreamId: string } | null][] = [
        ['lead', lead],
        ['funnel card', card],
        ...tasks.map((task): [string, TaskModel] => ['task', task]),
        ...messages.items.map((message): [string, MessageModel] => ['message', message]),
        ['last message', last],
      ];
      for (const [kind, child] of children) {
        if (!child) continue;
        expect(child.conversationUpstreamId, `${kind} of conversation ${id}`).toBe(id);
        seen.set(kind, (seen.get(kind) ?? 0) + 1);
      }
    }
    expect([...seen.keys()].sort()).toEqual(['funnel card', 'last message', 'lead', 'message', 'task']);
  });
});

describe('voxys connector: upstream calls (MAPPING.md)', () => {
  it('inbox page: 1 list call + max(1, ceil(L/100)) lead calls; rows need nothing else', async () => {
    await resetCounts();
    const c = connector();
    const page = await c.listConversations({ filter: EMPTY, position: null, limitHint: 25 });
    await Promise.all(page.items.flatMap((item) => [c.lead(item), c.lastMessage(item)]));
    for (const item of page.items) expect([item.contact, item.status, item.unreadCount]).not.toContain(undefined);
    expect(await counts()).toEqual({ 'GET /conversations': 1, 'GET /leads': Math.max(1, Math.ceil(db().leads.size / 100)) });
  });

  it('MINE inbox page with its counts: the filter call is shared, plus /conversations/meta and the lead index', async () => {
    await resetCounts();
    const c = connector();
    const [page] = await Promise.all([c.listConversations({ filter: f({ assignee: 'MINE' }), position: null, limitHint: 25 }), c.countConversations(f({ assignee: 'MINE' }))]);
    await Promise.all(page.items.map((item) => c.lead(item)));
    expect(await counts()).toEqual({ 'POST /conversations/filter': 1, 'GET /conversations/meta': 1, 'GET /leads': 1 });
  });

  it('conversation screen: conversation + last 30 messages + lead + funnel card + tasks + scenario + suggestions', async () => {
    for (const [size, expected] of [
      [45, 4],
      [12, 3],
    ] as const) {
      const row = rows().find((r) => (size > 20 ? db().thread(r.display_id).length > 20 : db().thread(r.display_id).length < 20))!;
      await resetCounts();
      const c = connector();
      await readConversationScreen(c, (await c.conversation(String(row.display_id)))!);
      const messageCalls = db().thread(row.display_id).length < 20 ? 1 : 2;
      expect(await counts()).toEqual({
        'GET /conversations/:conversation_id': 1,
        'GET /conversations/:conversation_id/messages': messageCalls,
        'GET /conversations/:conversation_id/crm': 1,
      });
      expect(messageCalls + 2).toBe(expected);
    }
  });

  it('labels metrics with the route template, never a raw URL', async () => {
    const text = await metrics.registry.metrics();
    expect(text).toContain('route="/conversations/:id/messages"');
    expect(text).toContain('route="/conversations/:id/crm"');
    expect(text).not.toMatch(/route="[^"]*\/\d+/);
  });
});
