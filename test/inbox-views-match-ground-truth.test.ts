import { SUMMARY_WINDOW } from '../src/datasources/chatvolt/summary.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../src/graph/ids.js';
import type { IronDb } from '../simulators/iron/db.js';
import { SIMULATED_SOURCES } from '../simulators/index.js';
import type { ChatvoltDb } from '../simulators/chatvolt/db.js';
import type { VoiceglowDb } from '../simulators/voiceglow/db.js';
import type { VoxysDb } from '../simulators/voxys/db.js';
import { operation, startStack, type Stack } from './support/stack.js';
import { viewTruthRows, type ViewTruthRow } from './support/view-truth.js';

/**
 * Inbox views: every built-in view's counts equal a ground truth computed from the simulators'
 * records, and opening it pages exactly the conversations it counts; Iron's saved views carry
 * Iron's own counts and open to exactly the threads Iron counts; the connection's unread and
 * overdue counts match the same truth; view ids are bound to their tenant.
 */

interface View {
  id: string;
  name: string;
  builtIn: boolean;
  deletable: boolean;
  source: string | null;
  sourceKey: string | null;
  counts: { total: number; unread: number } | null;
  filter: {
    sources: string[] | null;
    assignee: string;
    status: string[] | null;
    unread: boolean | null;
    starred: boolean | null;
    archived: boolean | null;
    overdue: boolean | null;
    activeWithinDays: number | null;
  };
}

const VIEWS = `{ inboxViews { id name builtIn deletable source sourceKey counts { total unread }
  filter { sources assignee status unread starred archived overdue activeWithinDays } } }`;

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    tenants: [
      { id: 't1', seed: 'views-1', size: 30 },
      { id: 't2', seed: 'views-2', size: 8 },
      // Only the upstream-calls test reads this one: its cache is cold when it starts.
      { id: 't3', seed: 'views-3', size: 30 },
      // Only the outage test reads this one.
      { id: 't4', seed: 'views-4', size: 8 },
    ],
    cacheTtlMs: 60_000,
  });
}, 60_000);
afterAll(() => stack?.close());

async function views(tenant = 't1'): Promise<View[]> {
  const answer = await stack.gql<{ inboxViews: View[] }>(VIEWS, {}, { tenant });
  expect(answer.errors).toBeUndefined();
  return answer.data!.inboxViews;
}

/** Every conversation the view lists, as `source:upstreamId`, paging 7 at a time. */
async function open(viewId: string, tenant = 't1'): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 100; page++) {
    const answer: Awaited<ReturnType<typeof stack.gql<{ conversations: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>>> =
      await stack.gql(
        `query($view: ID, $after: String) { conversations(first: 7, after: $after, filter: { view: $view }) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
        { view: viewId, after },
        { tenant },
      );
    expect(answer.errors).toBeUndefined();
    const conversations = answer.data!.conversations;
    for (const edge of conversations.edges) {
      const decoded = decodeId(edge.node.id)!;
      seen.push(`${decoded.sourceKey}:${decoded.upstreamId}`);
    }
    if (!conversations.pageInfo.hasNextPage) return seen;
    after = conversations.pageInfo.endCursor;
  }
  throw new Error('the view does not end');
}

const key = (row: ViewTruthRow): string => `${row.source}:${row.upstreamId}`;

describe('built-in views', () => {
  it('are All, Mine, Unassigned, Unread, Starred and Overdue, then Iron’s saved views', async () => {
    const all = await views();
    expect(all.filter((v) => v.builtIn).map((v) => v.name)).toEqual(['All', 'Mine', 'Unassigned', 'Unread', 'Starred', 'Overdue']);
    const saved = all.filter((v) => !v.builtIn);
    expect(saved.map((v) => v.name)).toEqual((stack.sims.t1!.iron.db as IronDb).views.map((v) => v.name));
    expect(new Set(saved.map((v) => v.source))).toEqual(new Set(['IRON']));
  });

  it('count what the simulators hold (summed over the four platforms), and open to exactly what they count', async () => {
    const sims = stack.sims.t1!;
    const truth = viewTruthRows(sims);
    const me = Object.fromEntries(SIMULATED_SOURCES.map((s) => [s, String(sims[s].identities.alice)]));
    const predicates: Record<string, (row: ViewTruthRow) => boolean> = {
      All: () => true,
      Mine: (row) => row.assignee !== null && row.assignee === me[row.source],
      Unassigned: (row) => row.assignee === null,
      Unread: (row) => row.unread,
      Starred: (row) => row.starred,
      Overdue: (row) => row.overdue,
    };
    const builtIn = (await views()).filter((v) => v.builtIn);
    for (const view of builtIn) {
      const expected = truth.filter(predicates[view.name]!);
      // Every platform contributes somewhere: the truth is not trivially empty.
      expect(view.counts, view.name).toEqual({ total: expected.length, unread: expected.filter((row) => row.unread).length });
      const listed = await open(view.id);
      expect(new Set(listed).size, `${view.name}: listed once each`).toBe(listed.length);
      expect([...listed].sort(), view.name).toEqual(expected.map(key).sort());
    }
    // The truth covers each kind: some unread, some overdue, some starred, on several platforms.
    expect(new Set(truth.filter((r) => r.unread).map((r) => r.source)).size).toBeGreaterThanOrEqual(3);
    expect(truth.filter((r) => r.overdue).length).toBeGreaterThan(0);
    expect(truth.filter((r) => r.starred).length).toBeGreaterThan(0);
  }, 60_000);

  it('ConversationCounts.unread and .overdue equal the same truth, unfiltered and per source', async () => {
    const truth = viewTruthRows(stack.sims.t1!);
    const query = `query($filter: ConversationFilter) { conversations(first: 1, filter: $filter) { counts { all unread overdue } } }`;
    const all = await stack.gql<{ conversations: { counts: { all: number; unread: number; overdue: number } } }>(query, {});
    expect(all.errors).toBeUndefined();
    expect(all.data!.conversations.counts).toEqual({ all: truth.length, unread: truth.filter((r) => r.unread).length, overdue: truth.filter((r) => r.overdue).length });
    for (const source of SIMULATED_SOURCES) {
      const rows = truth.filter((r) => r.source === source);
      const one = await stack.gql<{ conversations: { counts: { all: number; unread: number; overdue: number } } }>(query, { filter: { sources: [source.toUpperCase()] } });
      expect(one.data!.conversations.counts, source).toEqual({ all: rows.length, unread: rows.filter((r) => r.unread).length, overdue: rows.filter((r) => r.overdue).length });
    }
    // A filter the platforms cannot count (unread): counted by the gateway, the buckets too.
    const unread = await stack.gql<{ conversations: { counts: { all: number; unread: number } } }>(query, { filter: { unread: true } });
    expect(unread.data!.conversations.counts).toMatchObject({ all: truth.filter((r) => r.unread).length, unread: truth.filter((r) => r.unread).length });
  }, 60_000);
});

describe("Iron's saved views", () => {
  it("carry Iron's own counts and open to exactly the threads Iron counts", async () => {
    const db = stack.sims.t1!.iron.db as IronDb;
    const saved = (await views()).filter((v) => !v.builtIn);
    expect(saved.filter((v) => !v.deletable).map((v) => v.name)).toEqual(['Unread', 'Recents', 'Starred', 'All']);
    for (const view of saved) {
      const upstream = db.views.find((v) => v.name === view.name)!;
      const inView = [...db.conversations.values()].filter((c) => db.inView(upstream, c));
      expect(view.counts, view.name).toEqual({ total: inView.length, unread: inView.filter((c) => c.unreadCount > 0).length });
      expect((await open(view.id)).sort(), view.name).toEqual(inView.map((c) => `iron:${c.id}`).sort());
    }
  }, 60_000);
});

describe('a failing platform', () => {
  it('costs the built-in counts (null, one error naming it), not the views nor the other platforms’ saved views', async () => {
    const voiceglow = stack.sims.t4!.voiceglow.server;
    voiceglow.setKnobs({ outage: true });
    try {
      const answer = await stack.gql<{ inboxViews: View[] }>(VIEWS, {}, { tenant: 't4' });
      const all = answer.data!.inboxViews;
      expect(all.filter((v) => v.builtIn).map((v) => v.counts)).toEqual([null, null, null, null, null, null]);
      expect(all.filter((v) => !v.builtIn).every((v) => v.counts !== null)).toBe(true);
      expect(answer.errors?.map((e) => e.extensions?.source)).toContain('VOICEGLOW');
    } finally {
      voiceglow.setKnobs({ outage: false });
    }
  });
});

describe('view ids', () => {
  it("another tenant's view id is NOT_FOUND; a conversation id is BAD_USER_INPUT; a key contradicting the view is BAD_USER_INPUT", async () => {
    const [theirs, mine] = [await views('t2'), await views('t1')];
    const query = `query($filter: ConversationFilter) { conversations(first: 1, filter: $filter) { edges { node { id } } } }`;
    for (const view of [theirs.find((v) => v.builtIn)!, theirs.find((v) => !v.builtIn)!]) {
      const answer = await stack.gql(query, { filter: { view: view.id } }, { tenant: 't1' });
      expect(answer.errors?.[0]?.extensions?.code, view.name).toBe('NOT_FOUND');
    }
    const list = await stack.gql<{ conversations: { edges: { node: { id: string } }[] } }>(query, {});
    const conversationId = list.data!.conversations.edges[0]!.node.id;
    expect((await stack.gql(query, { filter: { view: conversationId } })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await stack.gql(query, { filter: { view: 'not-a-view' } })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const starred = mine.find((v) => v.builtIn && v.name === 'Starred')!;
    const contradiction = await stack.gql(query, { filter: { view: starred.id, starred: false } });
    expect(contradiction.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.starred' });
  });
});

describe('SLA policy', () => {
  it("Iron's target comes from its SLA configuration (read only when asked); Voxys names its policy", async () => {
    const db = stack.sims.t1!.iron.db as IronDb;
    const query = (source: string, fields: string) => `{ conversations(first: 30, filter: { sources: [${source}], overdue: true }) { edges { node { sla { ${fields} } } } } }`;
    stack.resetCounts();
    await stack.gql(query('IRON', 'dueAt overdue'));
    expect(stack.sims.t1!.iron.server.requestCounts().byRoute['GET /api/v1/conversations/sla']).toBeUndefined();
    const iron = await stack.gql<{ conversations: { edges: { node: { sla: { policyName: string | null; targetMinutes: number | null } } }[] } }>(
      query('IRON', 'policyName targetMinutes'),
    );
    expect(iron.errors).toBeUndefined();
    expect(iron.data!.conversations.edges.length).toBeGreaterThan(0);
    for (const edge of iron.data!.conversations.edges) expect(edge.node.sla).toEqual({ policyName: null, targetMinutes: db.slaConfig.firstResponseMinutes });
    expect(stack.sims.t1!.iron.server.requestCounts().byRoute['GET /api/v1/conversations/sla']).toBe(1);
    const voxys = await stack.gql<{ conversations: { edges: { node: { sla: { policyName: string | null; targetMinutes: number | null } } }[] } }>(
      query('VOXYS', 'policyName targetMinutes'),
    );
    expect(voxys.errors).toBeUndefined();
    const names = new Set([...(stack.sims.t1!.voxys.db as VoxysDb).slaPolicies.values()].map((p) => p.name));
    expect(voxys.data!.conversations.edges.length).toBeGreaterThan(0);
    for (const edge of voxys.data!.conversations.edges) {
      expect(names.has(edge.node.sla.policyName!)).toBe(true);
      expect(edge.node.sla.targetMinutes).toBeGreaterThan(0);
    }
  });
});

describe('InboxViews upstream calls', () => {
  /**
   * The sidebar document reads every platform's whole list once (T conversations each), completing
   * the rows whose list entry lacks what the views read (unread, SLA):
   *   voxys     ceil(T/25)                      list pages (assignee all, status all)
   *   chatvolt  1 + T + D                       the array, one last-100-messages call per conversation (+D doublings)
   *   voiceglow ceil(T/20) + T                  list pages, one document per conversation
   *   iron      ceil(T/100) + m + 2             list pages, members (m = 1 when one is assigned), views, views/counts
   * and nothing on a warm cache.
   */
  it('equal the formula on a cold cache, and zero on a warm one', async () => {
    const sims = stack.sims.t3!;
    const total = (source: string) => viewTruthRows(sims).filter((row) => row.source === source);
    const chatvolt = sims.chatvolt.db as ChatvoltDb;
    let doublings = 0;
    for (const row of total('chatvolt')) {
      const thread = chatvolt.messagesOf(row.upstreamId);
      for (let window = SUMMARY_WINDOW; window < thread.length; window *= 2) {
        if (thread.slice(-window).some((m) => m.from === 'human' && m.userId === null && m.read)) break;
        doublings++;
      }
    }
    stack.resetCounts();
    const cold = await stack.gql(operation('InboxViews'), {}, { tenant: 't3' });
    expect(cold.errors).toBeUndefined();
    expect(stack.upstreamCalls('t3')).toEqual({
      voxys: Math.ceil(total('voxys').length / 25),
      chatvolt: 1 + total('chatvolt').length + doublings,
      voiceglow: Math.ceil((sims.voiceglow.db as VoiceglowDb).listed().length / 20) + total('voiceglow').length,
      iron: Math.ceil(total('iron').length / 100) + (total('iron').some((row) => row.assignee !== null) ? 1 : 0) + 2,
    });
    stack.resetCounts();
    const warm = await stack.gql(operation('InboxViews'), {}, { tenant: 't3' });
    expect(warm.data).toEqual(cold.data);
    expect(stack.upstreamCalls('t3')).toEqual({ voxys: 0, chatvolt: 0, voiceglow: 0, iron: 0 });
  });
});
