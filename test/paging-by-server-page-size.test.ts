import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../src/graph/ids.js';
import type { IronDb } from '../simulators/iron/db.js';
import type { VoiceglowDb } from '../simulators/voiceglow/db.js';
import { operation, startStack, type Stack } from './support/stack.js';
import { mergedOrder, truthRows } from './support/truth.js';

/**
 * VoiceGlow and Iron choose their own page sizes (VoiceGlow caps `limit` at 20, Iron's is
 * ASSUMED): a page may hold fewer rows than asked although more follow. The connectors page by the
 * platform's word alone (VoiceGlow `nextCursor`/`hasMore`, Iron `next_cursor`), so with the
 * simulators serving pages of 7 conversations (and Iron threads 4 activities a page), the merged
 * inbox still yields every conversation exactly once, the counts count all of them, and a long
 * Iron thread still shows its last 30 messages.
 */

const SMALL_PAGE = 7;
const THREAD_PAGE = 4;

let stack: Stack;
const voiceglowDb = (): VoiceglowDb => stack.sims.t1!.voiceglow.db as VoiceglowDb;
const ironDb = (): IronDb => stack.sims.t1!.iron.db as IronDb;

beforeAll(async () => {
  stack = await startStack({ tenants: [{ id: 't1', seed: 'server-page-size', size: 40 }], cacheTtlMs: 0 });
  voiceglowDb().listPageMax = SMALL_PAGE;
  ironDb().pageCaps = { conversations: SMALL_PAGE, activities: THREAD_PAGE };
});

afterAll(async () => {
  await stack.close();
});

interface InboxPage {
  conversations: {
    counts: { all: number };
    edges: { node: { id: string; source: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    missingSources: string[];
  };
}

describe('paging that assumes no page size (VoiceGlow, Iron)', () => {
  it('the merged inbox yields every VoiceGlow and Iron conversation exactly once, in order, though every platform page is short', async () => {
    const expected = mergedOrder(truthRows(stack.sims.t1!).filter((row) => row.source === 'voiceglow' || row.source === 'iron'));
    for (const first of [10, 25]) {
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const answer: { data: InboxPage | null; errors?: unknown[] } = await stack.gql<InboxPage>(operation('InboxScreen'), {
          first,
          after,
          filter: { sources: ['VOICEGLOW', 'IRON'] },
        });
        expect(answer.errors ?? []).toEqual([]);
        const connection = answer.data!.conversations;
        expect(connection.missingSources).toEqual([]);
        expect(connection.counts.all).toBe(expected.length);
        seen.push(...connection.edges.map((edge) => edge.node.id));
        after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
        pages++;
      } while (after !== null && pages < 50);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.map((id) => `${decodeId(id)!.sourceKey}:${decodeId(id)!.upstreamId}`)).toEqual(expected);
      expect(seen.length).toBeGreaterThan(3 * SMALL_PAGE);
    }
  });

  it("an Iron thread longer than Iron's page still shows its last 30 messages", async () => {
    const db = ironDb();
    const conversation = [...db.conversations.values()].find((c) => db.thread(c.id).filter((a) => a.kind !== 'suggestion').length > 30)!;
    expect(conversation).toBeDefined();
    const inbox = await stack.gql<InboxPage>(operation('InboxScreen'), { first: 100, filter: { sources: ['IRON'] } });
    const id = inbox.data!.conversations.edges.map((edge) => edge.node.id).find((graphId) => decodeId(graphId)?.upstreamId === conversation.id)!;
    const answer = await stack.gql<{ conversation: { messages: { edges: { node: { content: string | null } }[]; pageInfo: { hasPreviousPage: boolean } } } }>(
      operation('ConversationScreen'),
      { id },
    );
    expect(answer.errors ?? []).toEqual([]);
    const expected = db
      .thread(conversation.id)
      .filter((a) => a.kind !== 'suggestion')
      .slice(-30)
      .map((a) => a.body);
    expect(answer.data!.conversation.messages.edges.map((edge) => edge.node.content)).toEqual(expected);
    expect(answer.data!.conversation.messages.pageInfo.hasPreviousPage).toBe(true);
  });
});
