import { describe, expect, it } from 'vitest';
import type { InboxConnector, JsonValue, ListRequest } from '../src/datasources/connector.js';
import { UpstreamError } from '../src/errors.js';
import { EMPTY_FILTER } from '../src/inbox/filter.js';
import { compareKeys, mergedInboxPage, type MergeSource } from '../src/inbox/merged-inbox.js';
import type { ConversationFilter, ConversationModel, SourceType } from '../src/model/index.js';

/**
 * Unit test of the k-way merge with in-memory connectors (the only place mocks are used): pages of
 * odd sizes, many equal timestamps across page boundaries, filters applied upstream or here,
 * and a failing source.
 */
function conversations(key: string, type: SourceType, count: number, seed: number): ConversationModel[] {
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: count }, (_, i) => ({
    ref: { tenant: 't', key, type, scope: '' },
    upstreamId: String(1000 + i),
    title: `${key}-${i}`,
    // Few distinct instants, so ties are everywhere, including across page boundaries.
    lastActivityAt: new Date(Date.UTC(2026, 0, 1) + Math.floor(rand() * 12) * 60_000),
    status: i % 3 === 0 ? 'RESOLVED' : 'OPEN',
    priority: null,
    channel: null,
    aiEnabled: null,
    contact: null,
    assignee: i % 2 === 0 ? { kind: 'Agent', ref: { tenant: 't', key, type, scope: '' }, upstreamId: 'me', name: null, email: null, avatarUrl: null } : null,
    unreadCount: 0,
    starred: null,
    archived: null,
    labels: [],
    lastMessagePreview: null,
    createdAt: null,
    sla: null,
    summary: null,
    handoffs: [],
    customAttributes: null,
    frustration: null,
  }));
}

class PagedConnector implements Partial<InboxConnector> {
  calls = 0;
  failing = false;
  constructor(
    private readonly all: ConversationModel[],
    private readonly pageSize: number,
    private readonly appliesStatus: boolean,
  ) {}

  async listConversations({ position, filter }: ListRequest) {
    this.calls++;
    if (this.failing) throw new UpstreamError('UPSTREAM_UNAVAILABLE', { key: 'x', type: 'voxys' }, 503, 'down');
    // Upstream order: newest first, ties in an order of its own (reverse id), which the merge must not trust.
    const sorted = this.all
      .filter((c) => !this.appliesStatus || !filter.status || filter.status.includes(c.status))
      .sort((a, b) => b.lastActivityAt.getTime() - a.lastActivityAt.getTime() || (a.upstreamId < b.upstreamId ? 1 : -1));
    const offset = typeof position === 'number' ? position : 0;
    const items = sorted.slice(offset, offset + this.pageSize);
    const next: JsonValue | null = offset + this.pageSize < sorted.length ? offset + this.pageSize : null;
    return { items, next, applied: new Set(this.appliesStatus ? (['status'] as const) : []) };
  }
}

function setup(sizes: [number, number, number], pageSizes: [number, number, number]) {
  const a = conversations('a', 'voxys', sizes[0], 7);
  const b = conversations('b', 'chatvolt', sizes[1], 11);
  const c = conversations('c', 'iron', sizes[2], 13);
  const connectors = [new PagedConnector(a, pageSizes[0], true), new PagedConnector(b, pageSizes[1], false), new PagedConnector(c, pageSizes[2], false)];
  const ids: [string, SourceType][] = [
    ['a', 'voxys'],
    ['b', 'chatvolt'],
    ['c', 'iron'],
  ];
  const sources: MergeSource[] = ids.map(([key, type], i) => ({
    key,
    type,
    connector: connectors[i] as unknown as InboxConnector,
    me: 'me',
  }));
  const truth = (filter: (c: ConversationModel) => boolean) =>
    [...a, ...b, ...c]
      .filter(filter)
      .sort((x, y) => compareKeys([x.lastActivityAt.getTime(), `${x.ref.key}\u0000${x.upstreamId}`], [y.lastActivityAt.getTime(), `${y.ref.key}\u0000${y.upstreamId}`]))
      .map((x) => `${x.ref.key}:${x.upstreamId}`);
  return { sources, connectors, truth };
}

async function walk(sources: MergeSource[], filter: ConversationFilter, first: number): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 500; pages++) {
    const page = await mergedInboxPage({ sources, filter, first, after });
    seen.push(...page.edges.map((e) => `${e.node.ref.key}:${e.node.upstreamId}`));
    expect(page.edges.length).toBeLessThanOrEqual(first);
    if (!page.hasNextPage) return seen;
    after = page.edges[page.edges.length - 1]!.cursor;
  }
  throw new Error('did not end');
}

describe('merged inbox pager', () => {
  it.each([1, 2, 7, 25, 100])('pages of %i give every conversation exactly once, in order, across ties', async (first) => {
    const { sources, truth } = setup([40, 23, 31], [25, 1000, 7]);
    expect(await walk(sources, EMPTY_FILTER, first)).toEqual(truth(() => true));
  });

  it('holds for many shapes: source sizes, upstream page sizes and merged page sizes', async () => {
    const shapes: [[number, number, number], [number, number, number]][] = [
      [
        [0, 5, 9],
        [1, 1, 1],
      ],
      [
        [13, 0, 0],
        [3, 2, 4],
      ],
      [
        [30, 30, 30],
        [1, 2, 3],
      ],
      [
        [17, 29, 3],
        [4, 6, 1],
      ],
    ];
    for (const [sizes, pageSizes] of shapes) {
      for (const first of [1, 3, 8]) {
        const { sources, truth } = setup(sizes, pageSizes);
        expect(await walk(sources, EMPTY_FILTER, first), `${sizes}/${pageSizes}/${first}`).toEqual(truth(() => true));
      }
    }
  });

  it('applies the filter keys a platform did not apply, and trusts those it did', async () => {
    const { sources, truth } = setup([40, 23, 31], [25, 10, 7]);
    const filter: ConversationFilter = { ...EMPTY_FILTER, status: ['OPEN'], assignee: 'MINE' };
    expect(await walk(sources, filter, 7)).toEqual(truth((c) => c.status === 'OPEN' && c.assignee?.upstreamId === 'me'));
  });

  it('asks each source only for the pages the merge reaches', async () => {
    const { sources, connectors } = setup([100, 100, 100], [25, 25, 25]);
    await mergedInboxPage({ sources, filter: EMPTY_FILTER, first: 5, after: null });
    // 5 items cannot exhaust a page of 25 of any source, but ties at the page's last instant
    // may force one more page: never more than that.
    for (const connector of connectors) expect(connector.calls).toBeGreaterThanOrEqual(1);
    for (const connector of connectors) expect(connector.calls).toBeLessThanOrEqual(2);
  });

  it('a failing source is reported missing; the others page on, and it resumes where it stood', async () => {
    const { sources, connectors, truth } = setup([20, 20, 20], [5, 5, 5]);
    connectors[1]!.failing = true;
    const page = await mergedInboxPage({ sources, filter: EMPTY_FILTER, first: 10, after: null });
    expect(page.missingSources).toEqual(['chatvolt']);
    expect(page.failures[0]!.code).toBe('UPSTREAM_UNAVAILABLE');
    const expected = truth((c) => c.ref.key !== 'b').slice(0, 10);
    expect(page.edges.map((e) => `${e.node.ref.key}:${e.node.upstreamId}`)).toEqual(expected);
    connectors[1]!.failing = false;
    const next = await mergedInboxPage({ sources, filter: EMPTY_FILTER, first: 100, after: page.edges[9]!.cursor });
    // Nothing is lost: the recovered source's conversations all arrive, nothing twice.
    const all = [...page.edges, ...next.edges].map((e) => `${e.node.ref.key}:${e.node.upstreamId}`);
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual(truth(() => true).sort());
  });
});
