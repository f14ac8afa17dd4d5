import { SUMMARY_WINDOW } from '../src/datasources/chatvolt/summary.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../src/graph/ids.js';
import type { ChatvoltDb } from '../simulators/chatvolt/db.js';
import type { VoiceglowDb } from '../simulators/voiceglow/db.js';
import type { VoxysDb } from '../simulators/voxys/db.js';
import { operation, startStack, type Stack } from './support/stack.js';
import { truthRows, type TruthRow } from './support/truth.js';

/**
 * InboxScreen makes no more upstream calls than the platforms' APIs force. The formula, per
 * source s with n_s of its conversations on the merged page and P_s upstream list pages
 * the merge had to read (see each src/datasources/<platform>/MAPPING.md):
 *
 *  voxys     P + lead(n)        + 2            lead(n): 0 if n=0, 1 (/crm) if n=1, ceil(L/100) (/leads) if n>=2;
 *                                              counts: POST /conversations/filter (mine) + GET /conversations/meta
 *  chatvolt  1 + n + D          + 0            one array call; one last-100-messages call per row (last message and
 *                                              unread count); D doublings for threads whose last 100 hold no read
 *                                              visitor message; counts reuse the same array call
 *  voiceglow P + 2n             + (ceil(T/20) - P)   list rows are light: one document per row shown (title,
 *                                              unread, SLA, lead), one transcript export per row shown (last
 *                                              message); counts walk the list, sharing the pages already read
 *  iron      P + m + n          + ceil(T/100)  m = 1 members call when an assigned row is listed; one thread page
 *                                              per row (last message); counts walk the list 100 at a time
 *
 * The same query again within the cache TTL costs zero calls.
 */
let stack: Stack;
let rows: TruthRow[];
/** InboxScreen's own page size: with this seed every platform has rows on it. */
const FIRST = 25;

beforeAll(async () => {
  stack = await startStack({ tenants: [{ id: 't1', seed: 'calls-seed' }], cacheTtlMs: 60_000 });
  rows = truthRows(stack.sims.t1!);
});
afterAll(async () => stack?.close());

type Edge = { node: { id: string } };

function upstreamOrder(source: TruthRow['source']): TruthRow[] {
  return rows.filter((r) => r.source === source).sort((a, b) => b.at - a.at || (a.upstreamId < b.upstreamId ? -1 : 1));
}

/** Pages of `size` the merge must read from a source so that nothing unread can precede the page's last item. */
function pagesRead(source: TruthRow['source'], size: number, lastAt: number): number {
  const list = upstreamOrder(source);
  let pages = 1;
  while (pages * size < list.length && list[pages * size - 1]!.at >= lastAt) pages++;
  return pages;
}

function chatvoltDoublings(ids: string[]): number {
  const db = stack.sims.t1!.chatvolt.db as ChatvoltDb;
  let doublings = 0;
  for (const id of ids) {
    const thread = db.messagesOf(id);
    for (let window = SUMMARY_WINDOW; window < thread.length; window *= 2) {
      const tail = thread.slice(-window);
      if (tail.some((m) => m.from === 'human' && m.userId === null && m.read)) break;
      doublings++;
    }
  }
  return doublings;
}

describe('InboxScreen upstream calls', () => {
  it('equal the formula on a cold cache, and zero on a warm one', async () => {
    stack.resetCounts();
    const result = await stack.gql<{ conversations: { edges: Edge[] } }>(operation('InboxScreen'), { first: FIRST });
    expect(result.errors).toBeUndefined();
    const edges = result.data!.conversations.edges;
    expect(edges).toHaveLength(FIRST);
    const onPage = (source: string) =>
      edges
        .map((e) => decodeId(e.node.id)!)
        .filter((d) => d.sourceKey === source)
        .map((d) => d.upstreamId);
    const lastAt = (() => {
      const last = decodeId(edges[FIRST - 1]!.node.id)!;
      return rows.find((r) => r.source === last.sourceKey && r.upstreamId === last.upstreamId)!.at;
    })();
    for (const s of ['voxys', 'chatvolt', 'voiceglow', 'iron']) expect(onPage(s).length, s).toBeGreaterThan(1);

    const voxysDb = stack.sims.t1!.voxys.db as VoxysDb;
    const nVoxys = onPage('voxys').length;
    const leadCalls = nVoxys === 0 ? 0 : nVoxys === 1 ? 1 : Math.max(1, Math.ceil(voxysDb.leads.size / 100));
    const voiceglowPages = pagesRead('voiceglow', 20, lastAt);
    const voiceglowTotal = (stack.sims.t1!.voiceglow.db as VoiceglowDb).listed().length;
    const ironRows = upstreamOrder('iron');
    // Iron takes a `limit`: the merge asks for the whole page at once.
    const ironPages = pagesRead('iron', FIRST, lastAt);
    const ironListed = ironRows.slice(0, ironPages * FIRST);

    const expected = {
      voxys: pagesRead('voxys', 25, lastAt) + leadCalls + 2,
      chatvolt: 1 + onPage('chatvolt').length + chatvoltDoublings(onPage('chatvolt')),
      voiceglow: voiceglowPages + 2 * onPage('voiceglow').length + (Math.ceil(voiceglowTotal / 20) - voiceglowPages),
      iron: ironPages + (ironListed.some((r) => r.assignee !== null) ? 1 : 0) + onPage('iron').length + Math.ceil(ironRows.length / 100),
    };
    expect(stack.upstreamCalls('t1')).toEqual(expected);

    stack.resetCounts();
    const again = await stack.gql<{ conversations: { edges: Edge[] } }>(operation('InboxScreen'), { first: FIRST });
    expect(again.data).toEqual(result.data);
    expect(stack.upstreamCalls('t1')).toEqual({ voxys: 0, chatvolt: 0, voiceglow: 0, iron: 0 });
  });

  it('a second user of the tenant reuses the cached platform reads but gets their own MINE', async () => {
    stack.resetCounts();
    const bob = await stack.gql<{ conversations: { counts: { mine: number }; edges: Edge[] } }>(operation('InboxScreen'), { first: 25 }, { sub: 'bob' });
    expect(bob.errors).toBeUndefined();
    const bobsIdentity = (s: TruthRow['source']) => stack.sims.t1![s].identities.bob;
    expect(bob.data!.conversations.counts.mine).toBe(rows.filter((r) => r.assignee !== null && r.assignee === bobsIdentity(r.source)).length);
  });
});
