import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId, encodeId } from '../src/graph/ids.js';
import type { VoxysDb } from '../simulators/voxys/db.js';
import { startStack, type Stack } from './support/stack.js';
import { mergedOrder, truthRows } from './support/truth.js';

/**
 * Voxys as real Chatwoot installations answer, through the gateway: `applied_sla: {}`, contact-card
 * and linkless-location attachments, agent bots holding conversations and writing messages, a page
 * size of the installation's choosing, and a row nobody can read (one bad row costs that row, with
 * one error entry and the metric, never the page). The simulator's seeded page really holds each
 * shape (checked on its raw answer first).
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- raw platform JSON, probed field by field

const ROWS = `query Rows($first: Int!, $after: String, $filter: ConversationFilter) {
  conversations(first: $first, after: $after, filter: $filter) {
    edges { node { id status assignee { id } assignedTo { __typename ... on Bot { id name source } ... on Agent { id name } } sla { dueAt overdue } lastMessage { id content } } }
    pageInfo { hasNextPage endCursor }
    missingSources
  }
}`;

const THREAD = `query Thread($id: ID!) {
  conversation(id: $id) {
    messages(last: 100) {
      edges { node { id attachments { url name } sender { __typename ... on Bot { id name } ... on Agent { id } ... on Contact { id } } } }
      pageInfo { hasPreviousPage }
    }
  }
}`;

interface RowNode {
  id: string;
  status: string;
  assignee: { id: string } | null;
  assignedTo: { __typename: 'Bot' | 'Agent'; id: string | null; name: string | null; source?: string } | null;
  sla: { dueAt: string | null; overdue: boolean } | null;
  lastMessage: { id: string; content: string | null } | null;
}
type RowsData = { conversations: { edges: { node: RowNode }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null }; missingSources: string[] } };
type ThreadData = {
  conversation: {
    messages: { edges: { node: { id: string; attachments: { url: string; name: string | null }[]; sender: { __typename: string; id: string | null; name?: string } | null } }[] };
  };
};

const VOXYS_ONLY = { sources: ['VOXYS'] };

function voxysOf(stack: Stack): { db: VoxysDb; url: string; token: string; account: string } {
  const sim = stack.sims.t1!.voxys;
  return { db: sim.db as VoxysDb, url: stack.sims.t1!.urls.voxys, token: sim.sourceConfig.apiAccessToken!, account: sim.sourceConfig.accountId! };
}

async function voxysCall(stack: Stack, path: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: Json }> {
  const { url, token, account } = voxysOf(stack);
  const response = await fetch(`${url}/api/v1/accounts/${account}${path}`, {
    method: init.method ?? 'GET',
    headers: { api_access_token: token, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

async function setVoxys(stack: Stack, settings: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${voxysOf(stack).url}/__admin/settings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(settings) });
  expect(response.status).toBe(200);
}

/** Every Voxys upstream id the merged inbox shows, page by page. */
async function walk(stack: Stack, first: number, filter: Record<string, unknown> = {}): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (let i = 0; i < 500; i++) {
    const result: Awaited<ReturnType<typeof stack.gql<RowsData>>> = await stack.gql<RowsData>(ROWS, { first, after, filter });
    expect(result.errors).toBeUndefined();
    for (const edge of result.data!.conversations.edges) {
      const id = decodeId(edge.node.id)!;
      seen.push(`${id.sourceKey}:${id.upstreamId}`);
    }
    if (!result.data!.conversations.pageInfo.hasNextPage) return seen;
    after = result.data!.conversations.pageInfo.endCursor;
  }
  throw new Error('paging did not end');
}

describe('a Voxys page with the real variety, through the gateway', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ tenants: [{ id: 't1', seed: 'real-shapes' }], cacheTtlMs: 0 });
  });
  afterAll(async () => stack?.close());

  it('answers every row of a page holding applied_sla: {}, a contact-card last message and a bot assignee, mapped right', async () => {
    const { db } = voxysOf(stack);
    const raw = (await voxysCall(stack, '/conversations?status=all')).body.data.payload as Json[];
    const noSla = raw.filter((c) => JSON.stringify(c.applied_sla) === '{}');
    const botHeld = raw.filter((c) => c.meta.assignee_type === 'AgentBot');
    const contactCard = raw.filter((c) => (c.last_non_activity_message?.attachments ?? []).some((a: Json) => a.file_type === 'contact' && !('data_url' in a)));
    expect(noSla.length).toBeGreaterThan(0);
    expect(botHeld.length).toBeGreaterThan(0);
    expect(contactCard.length).toBeGreaterThan(0);

    const result = await stack.gql<RowsData>(ROWS, { first: raw.length, filter: VOXYS_ONLY });
    expect(result.errors).toBeUndefined();
    expect(result.data!.conversations.missingSources).toEqual([]);
    const byId = new Map(result.data!.conversations.edges.map(({ node }) => [decodeId(node.id)!.upstreamId, node]));
    expect([...byId.keys()].sort()).toEqual(raw.map((c) => String(c.id)).sort());

    for (const c of noSla) expect(byId.get(String(c.id))!.sla).toBeNull();
    for (const c of botHeld) {
      const node = byId.get(String(c.id))!;
      const bot = db.agentBots.get(c.meta.assignee.id)!;
      expect(node.assignee).toBeNull();
      expect(node.assignedTo).toMatchObject({ __typename: 'Bot', name: bot.name, source: 'VOXYS' });
      // The bot's id is typed Bot: never the id of the user with the same number (user 1 exists).
      const botId = decodeId(node.assignedTo!.id!)!;
      expect(botId).toMatchObject({ type: 'Bot', upstreamId: String(bot.id) });
      expect(db.users.has(bot.id)).toBe(true);
      expect(node.assignedTo!.id).not.toBe(encodeId('Agent', { tenant: 't1', key: botId.sourceKey, scope: botId.scope }, String(bot.id)));
    }
    for (const c of contactCard) {
      const last = db.lastNonActivityMessage(c.id)!;
      expect(byId.get(String(c.id))!.lastMessage).toEqual({ id: expect.any(String), content: last.content });
      expect(decodeId(byId.get(String(c.id))!.lastMessage!.id)!.upstreamId).toBe(String(last.id));
    }
    // Human-held rows keep `assignee` and give the same agent as `assignedTo`.
    for (const c of raw.filter((r) => r.meta.assignee_type === 'User')) {
      const node = byId.get(String(c.id))!;
      expect(node.assignedTo).toEqual({ __typename: 'Agent', id: node.assignee!.id, name: c.meta.assignee.name });
    }
  });

  it('lists the attachments that open (a link), not a contact card or a linkless location, and types bot senders as Bot', async () => {
    const { db } = voxysOf(stack);
    const threads = [...db.conversations.values()].filter((c) => db.thread(c.display_id).some((m) => m.attachments.some((a) => a.data_url === null)));
    const withBot = [...db.conversations.values()].find((c) => db.thread(c.display_id).some((m) => m.sender?.type === 'agent_bot'))!;
    expect(threads.length).toBeGreaterThan(0);
    for (const conversation of [...threads.slice(0, 3), withBot]) {
      const ref = decodeId((await stack.gql<RowsData>(ROWS, { first: 1, filter: VOXYS_ONLY })).data!.conversations.edges[0]!.node.id)!;
      const id = encodeId('Conversation', { tenant: 't1', key: ref.sourceKey, scope: ref.scope }, String(conversation.display_id));
      const result = await stack.gql<ThreadData>(THREAD, { id });
      expect(result.errors).toBeUndefined();
      const thread = db.thread(conversation.display_id);
      const edges = result.data!.conversation.messages.edges;
      expect(edges).toHaveLength(thread.length);
      edges.forEach(({ node }, i) => {
        const row = thread[i]!;
        expect(node.attachments).toEqual(row.attachments.filter((a) => a.data_url).map((a) => ({ url: a.data_url, name: expect.any(String) })));
        if (row.sender?.type === 'agent_bot') {
          expect(node.sender).toMatchObject({ __typename: 'Bot', name: db.agentBots.get(row.sender.id)!.name });
          expect(decodeId(node.sender!.id!)).toMatchObject({ type: 'Bot', upstreamId: String(row.sender.id) });
        }
      });
    }
  });

  it('with a Voxys page size of 15, paging the merged inbox yields every conversation exactly once', async () => {
    await setVoxys(stack, { pageSize: 15 });
    try {
      expect((await voxysCall(stack, '/conversations?status=all')).body.data.payload).toHaveLength(15);
      for (const first of [7, 25]) {
        const seen = await walk(stack, first);
        expect(new Set(seen).size).toBe(seen.length);
        expect(seen).toEqual(mergedOrder(truthRows(stack.sims.t1!)));
      }
      // One request reading every Voxys row: ceil(60 / 15) list pages, no empty page after the last.
      stack.resetCounts();
      const all = await stack.gql<RowsData>(ROWS, { first: 100, filter: VOXYS_ONLY });
      expect(all.data!.conversations.edges).toHaveLength(voxysOf(stack).db.conversations.size);
      expect(stack.sims.t1!.voxys.server.requestCounts().byRoute['GET /api/v1/accounts/:account_id/conversations']).toBe(4);
    } finally {
      await setVoxys(stack, { pageSize: 25 });
    }
  });

  it("accepts the platform's documented filter example, and Chatwoot's other keys, operators and value types", async () => {
    const { db } = voxysOf(stack);
    const rows = [...db.conversations.values()];
    const filter = (payload: unknown[]) => voxysCall(stack, '/conversations/filter', { method: 'POST', body: { payload } });
    // Verbatim the example of the Voxys "Conversations Filter" page (and Chatwoot's swagger).
    const documented = await filter([
      { attribute_key: 'browser_language', filter_operator: 'not_equal_to', values: ['en'], query_operator: 'AND' },
      { attribute_key: 'status', filter_operator: 'equal_to', values: ['pending'], query_operator: null },
    ]);
    expect(documented.status).toBe(200);
    const language = (c: (typeof rows)[number]) => c.additional_attributes.browser_language;
    expect(documented.body.meta.all_count).toBe(rows.filter((c) => c.status === 'pending' && language(c) !== undefined && language(c) !== 'en').length);

    const cases: [unknown[], (c: (typeof rows)[number]) => boolean][] = [
      [[{ attribute_key: 'browser_language', filter_operator: 'not_equal_to', values: ['en'], query_operator: null }], (c) => language(c) !== undefined && language(c) !== 'en'],
      [
        [{ attribute_key: 'mail_subject', filter_operator: 'contains', values: ['INVOICE'], query_operator: null }],
        (c) => (c.additional_attributes.mail_subject ?? '').toLowerCase().includes('invoice'),
      ],
      [
        [{ attribute_key: 'referer', filter_operator: 'does_not_contain', values: ['pricing'], query_operator: null }],
        (c) => c.additional_attributes.referer !== undefined && !c.additional_attributes.referer.includes('pricing'),
      ],
      [[{ attribute_key: 'display_id', filter_operator: 'equal_to', values: ['3'], query_operator: null }], (c) => c.display_id === 3],
      [[{ attribute_key: 'inbox_id', filter_operator: 'equal_to', values: [1, '2'], query_operator: null }], (c) => c.inbox_id === 1 || c.inbox_id === 2],
      [[{ attribute_key: 'plan', filter_operator: 'equal_to', values: ['PRO'], query_operator: null }], (c) => c.custom_attributes.plan === 'pro'],
      [
        [
          { attribute_key: 'created_at', filter_operator: 'days_before', values: ['7'], query_operator: 'or' },
          { attribute_key: 'priority', filter_operator: 'equal_to', values: 'urgent', query_operator: '' },
        ],
        (c) => c.created_at < Math.floor(db.clock() / 86_400) * 86_400 - 7 * 86_400 || c.priority === 'urgent',
      ],
    ];
    for (const [payload, truth] of cases) {
      const { status, body } = await filter(payload);
      expect(status, JSON.stringify(payload)).toBe(200);
      expect(body.meta.all_count, JSON.stringify(payload)).toBe(rows.filter(truth).length);
      expect(rows.filter(truth).length, JSON.stringify(payload)).toBeGreaterThan(0);
    }
    // What Chatwoot refuses stays refused: an operator the key does not allow, a key that does not exist.
    expect((await filter([{ attribute_key: 'browser_language', filter_operator: 'contains', values: ['en'], query_operator: null }])).status).toBe(422);
    expect((await filter([{ attribute_key: 'no_such_key', filter_operator: 'equal_to', values: ['x'], query_operator: null }])).status).toBe(422);
  });
});

describe('one bad row costs one row, through the gateway', () => {
  let stack: Stack;
  beforeAll(async () => {
    // The default cross-request cache: a second read of the same answer must not count the row again.
    stack = await startStack({ tenants: [{ id: 't1', seed: 'bad-rows' }] });
  });
  afterAll(async () => stack?.close());

  async function skippedMetric(): Promise<number> {
    const text = await (await fetch(`${stack.url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith('gateway_upstream_rows_skipped_total{source="voxys"}'));
    return line ? Number(line.split(' ').pop()) : 0;
  }

  it('a list page with one unreadable conversation answers the others and one error entry naming it; the metric counts it once', async () => {
    const { db } = voxysOf(stack);
    const newest = [...db.conversations.values()].sort((a, b) => b.last_activity_at - a.last_activity_at);
    const bad = newest[2]!;
    await setVoxys(stack, { unreadableConversations: [bad.display_id] });
    expect(await skippedMetric()).toBe(0);

    for (const round of [1, 2]) {
      const result = await stack.gql<RowsData>(ROWS, { first: 100, filter: VOXYS_ONLY });
      const ids = result.data!.conversations.edges.map(({ node }) => decodeId(node.id)!.upstreamId);
      expect(ids.sort()).toEqual(
        newest
          .filter((c) => c !== bad)
          .map((c) => String(c.display_id))
          .sort(),
      );
      expect(result.data!.conversations.missingSources).toEqual([]);
      expect(result.errors).toEqual([
        {
          message: expect.stringContaining(`with id ${bad.display_id}`),
          extensions: {
            code: 'UPSTREAM_REJECTED',
            reason: 'UNREADABLE_ROW',
            source: 'VOXYS',
            sourceKey: 'voxys',
            route: '/conversations',
            upstreamId: String(bad.display_id),
            index: 2,
          },
        },
      ]);
      // The second request reads the same answer from the cache: the row is reported again, counted once.
      expect(await skippedMetric(), `round ${round}`).toBe(1);
    }
  });

  it('a thread page with one unreadable message answers the others (paging goes on past it) and names it', async () => {
    const { db } = voxysOf(stack);
    const conversation = [...db.conversations.values()].find((c) => db.thread(c.display_id).length > 30)!;
    const thread = db.thread(conversation.display_id);
    const bad = thread[thread.length - 5]!; // on the newest page of 20, not the last message (the list row stays readable)
    await setVoxys(stack, { unreadableMessages: [bad.id] });
    const before = await skippedMetric();
    const listed = await stack.gql<RowsData>(ROWS, { first: 1, filter: VOXYS_ONLY });
    const ref = decodeId(listed.data!.conversations.edges[0]!.node.id)!;
    const result = await stack.gql<ThreadData>(THREAD, { id: encodeId('Conversation', { tenant: 't1', key: ref.sourceKey, scope: ref.scope }, String(conversation.display_id)) });
    const ids = result.data!.conversation.messages.edges.map(({ node }) => decodeId(node.id)!.upstreamId);
    expect(ids).toEqual(thread.filter((m) => m !== bad).map((m) => String(m.id)));
    expect(result.errors).toEqual([
      expect.objectContaining({
        extensions: expect.objectContaining({
          code: 'UPSTREAM_REJECTED',
          reason: 'UNREADABLE_ROW',
          sourceKey: 'voxys',
          route: '/conversations/:id/messages',
          upstreamId: String(bad.id),
        }),
      }),
    ]);
    expect(await skippedMetric()).toBe(before + 1);
  });

  it('a wholly malformed answer still costs the source (UPSTREAM_REJECTED), not a row', async () => {
    const sim = stack.sims.t1!.voxys;
    sim.server.knobs = { ...sim.server.knobs, garbage: 'wrong-shape' };
    try {
      const result = await stack.gql<RowsData>(ROWS, { first: 10, filter: { ...VOXYS_ONLY, status: ['PENDING'] } });
      expect(result.data!.conversations.missingSources).toEqual(['VOXYS']);
      expect(result.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'UPSTREAM_REJECTED', sourceKey: 'voxys' }) })]);
      expect(result.errors![0]!.extensions!.reason).toBeUndefined();
    } finally {
      sim.server.knobs = { ...sim.server.knobs, garbage: null };
    }
  });
});
