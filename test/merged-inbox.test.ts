import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../src/graph/ids.js';
import { startStack, type Stack } from './support/stack.js';
import { mergedOrder, truthRows, type TruthRow } from './support/truth.js';

/**
 * The merged inbox over four real simulators: paging through it with any page size, with or
 * without filters, yields exactly the simulators' conversations, once each, in merged order.
 */
let stack: Stack;
let rows: TruthRow[];

beforeAll(async () => {
  stack = await startStack({ tenants: [{ id: 't1', seed: 'merge-seed' }] });
  rows = truthRows(stack.sims.t1!);
});
afterAll(async () => stack?.close());

const PAGE = `query Page($first: Int!, $after: String, $filter: ConversationFilter) {
  conversations(first: $first, after: $after, filter: $filter) {
    edges { cursor node { id source } }
    pageInfo { hasNextPage endCursor hasPreviousPage }
    missingSources
  }
}`;

type PageData = {
  conversations: {
    edges: { cursor: string; node: { id: string; source: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null; hasPreviousPage: boolean };
    missingSources: string[];
  };
};

async function walk(first: number, filter: Record<string, unknown> = {}, sub = 'alice'): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (let i = 0; i < 1000; i++) {
    const result: Awaited<ReturnType<typeof stack.gql<PageData>>> = await stack.gql<PageData>(PAGE, { first, after, filter }, { sub });
    expect(result.errors).toBeUndefined();
    const page: PageData['conversations'] = result.data!.conversations;
    expect(page.missingSources).toEqual([]);
    expect(page.edges.length).toBeLessThanOrEqual(first);
    expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
    for (const edge of page.edges) {
      const decoded = decodeId(edge.node.id)!;
      expect(decoded.sourceKey).toBe(edge.node.source.toLowerCase());
      seen.push(`${decoded.sourceKey}:${decoded.upstreamId}`);
    }
    if (!page.pageInfo.hasNextPage) return seen;
    after = page.pageInfo.endCursor;
  }
  throw new Error('paging did not end');
}

function identity(source: TruthRow['source'], user: 'alice' | 'bob'): string {
  return stack.sims.t1![source].identities[user];
}

describe('merged inbox paging against the simulators’ data', () => {
  it('has conversations from all four platforms', () => {
    expect(new Set(rows.map((r) => r.source))).toEqual(new Set(['voxys', 'chatvolt', 'voiceglow', 'iron']));
    expect(rows.length).toBeGreaterThan(200);
  });

  it.each([1, 7, 25])('pages of %i return every conversation exactly once, in order', async (first) => {
    const seen = await walk(first);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(mergedOrder(rows));
  });

  const filters: [string, Record<string, unknown>, (r: TruthRow) => boolean][] = [
    ['status OPEN or PENDING', { status: ['OPEN', 'PENDING'] }, (r) => r.status === 'OPEN' || r.status === 'PENDING'],
    ['status HUMAN_REQUESTED', { status: ['HUMAN_REQUESTED'] }, (r) => r.status === 'HUMAN_REQUESTED'],
    ['assigned to me', { assignee: 'MINE' }, (r) => r.assignee !== null && r.assignee === identity(r.source, 'alice')],
    ['unassigned', { assignee: 'UNASSIGNED' }, (r) => r.assignee === null],
    ['assigned', { assignee: 'ASSIGNED' }, (r) => r.assignee !== null],
    ['starred', { starred: true }, (r) => r.starred],
    ['not archived', { archived: false }, (r) => !r.archived],
    ['label vip', { labels: ['vip'] }, (r) => r.labels.includes('vip')],
    ['Chatvolt and Iron only', { sources: ['CHATVOLT', 'IRON'] }, (r) => r.source === 'chatvolt' || r.source === 'iron'],
    [
      'open, mine, on VoiceGlow',
      { sources: ['VOICEGLOW'], status: ['OPEN'], assignee: 'MINE' },
      (r) => r.source === 'voiceglow' && r.status === 'OPEN' && r.assignee === identity('voiceglow', 'alice'),
    ],
  ];

  it.each(filters)('with filter %s, pages of 7 return exactly the matching conversations in order', async (_name, filter, keep) => {
    const expected = mergedOrder(rows.filter(keep));
    expect(expected.length).toBeGreaterThan(0);
    expect(await walk(7, filter)).toEqual(expected);
  });

  it('MINE depends on who asks: alice and bob get their own', async () => {
    const bobs = await walk(25, { assignee: 'MINE' }, 'bob');
    expect(bobs).toEqual(mergedOrder(rows.filter((r) => r.assignee !== null && r.assignee === identity(r.source, 'bob'))));
    const alices = await walk(25, { assignee: 'MINE' }, 'alice');
    expect(alices.some((id) => bobs.includes(id))).toBe(false);
  });

  it('counts per bucket equal the ground truth', async () => {
    const result = await stack.gql<{ conversations: { counts: Record<string, number> } }>(`{ conversations(first: 1) { counts { mine unassigned assigned all } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data!.conversations.counts).toEqual({
      mine: rows.filter((r) => r.assignee !== null && r.assignee === identity(r.source, 'alice')).length,
      unassigned: rows.filter((r) => r.assignee === null).length,
      assigned: rows.filter((r) => r.assignee !== null).length,
      all: rows.length,
    });
  });
});
