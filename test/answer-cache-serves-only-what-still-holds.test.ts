import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../src/graph/ids.js';
import type { VoxysDb } from '../simulators/voxys/db.js';
import { DEMO_USERS } from '../src/demo.js';
import { operation, startStack, type Stack } from './support/stack.js';
import { WsTestClient } from './support/ws.js';

/**
 * The answer cache (src/pipeline/answer-cache.ts) answers a repeated query without executing it,
 * and only while every platform read the answer was built from is still the one the response
 * cache holds: a write, a TTL running out, a failing platform, another user or tenant, a filter
 * relative to now — each gets a freshly executed answer. Counts, never timings.
 */
let stack: Stack;
const INBOX = operation('InboxScreen');
const [ALICE, BOB] = DEMO_USERS as [string, string];

type Row = { id: string; priority: string | null };
type Inbox = { conversations: { edges: { node: Row }[] } };

beforeAll(async () => {
  stack = await startStack({
    tenants: [
      { id: 't1', seed: 'answers-1' },
      { id: 't2', seed: 'answers-2' },
    ],
    cacheTtlMs: 60_000,
  });
});
afterAll(async () => stack?.close());

async function lookups(): Promise<{ hit: number; miss: number }> {
  const values = (await stack.gateway.metrics.answerCacheLookups.get()).values;
  const of = (outcome: string) => values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
  return { hit: of('hit'), miss: of('miss') };
}

async function refusals(reason: string): Promise<number> {
  return (await stack.gateway.metrics.answerCacheRefusals.get()).values.find((v) => v.labels.reason === reason)?.value ?? 0;
}

/** Upstream-cache lookups so far: an executed warm query makes some, an answer from the answer cache none. */
async function responseCacheHits(): Promise<number> {
  return (await stack.gateway.metrics.cacheHits.get()).values.reduce((n, v) => n + v.value, 0);
}

async function inbox(options: { tenant?: string; sub?: string; variables?: Record<string, unknown> } = {}) {
  const result = await stack.gql<Inbox>(INBOX, options.variables ?? {}, { tenant: options.tenant ?? 't1', sub: options.sub ?? ALICE });
  return result;
}

function voxysRow(result: { data: Inbox | null }): Row {
  const row = result.data!.conversations.edges.map((e) => e.node).find((n) => decodeId(n.id)?.sourceKey === 'voxys');
  if (!row) throw new Error('no Voxys row on the first page');
  return row;
}

describe('answer cache', () => {
  it('answers a repeated InboxScreen without executing it: the same answer, no platform call, no read of the response cache', async () => {
    const first = await inbox();
    expect(first.errors).toBeUndefined();
    stack.resetCounts();
    const before = await lookups();
    const readsBefore = await responseCacheHits();
    const second = await inbox();
    expect(second.data).toEqual(first.data);
    expect(await lookups()).toEqual({ hit: before.hit + 1, miss: before.miss });
    expect(await responseCacheHits()).toBe(readsBefore);
    expect(Object.values(stack.upstreamCalls('t1')).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('is the same over WebSocket: a query over graphql-ws is answered from the answer HTTP kept, and the other way round', async () => {
    const overHttp = await inbox({ variables: { first: 21 } });
    const client = new WsTestClient(stack.url, await stack.token('t1', ALICE));
    try {
      const before = await lookups();
      const overWs = await client.subscribe<Inbox>(INBOX, { first: 21 }).waitFor(1);
      expect(overWs[0]!.data).toEqual(overHttp.data);
      expect((await lookups()).hit).toBe(before.hit + 1);
      const first = await client.subscribe<Inbox>(INBOX, { first: 22 }).waitFor(1);
      const again = await inbox({ variables: { first: 22 } });
      expect(again.data).toEqual(first[0]!.data);
      expect((await lookups()).hit).toBe(before.hit + 2);
    } finally {
      await client.close();
    }
  });

  it('is kept per user and per tenant: another caller never gets it', async () => {
    await inbox();
    const before = await lookups();
    const bob = await inbox({ sub: BOB });
    const otherTenant = await inbox({ tenant: 't2' });
    expect(bob.errors).toBeUndefined();
    expect(otherTenant.errors).toBeUndefined();
    const after = await lookups();
    expect(after.miss - before.miss).toBe(2);
    expect(otherTenant.data).not.toEqual((await inbox()).data);
  });

  it("shows a write at once, to the writer and to every other user's kept answer", async () => {
    const row = voxysRow(await inbox());
    await inbox({ sub: BOB }); // Bob's answer is kept too
    const priority = row.priority === 'URGENT' ? 'LOW' : 'URGENT';
    const write = await stack.gql<{ setConversationPriority: { userErrors: unknown[] } }>(
      'mutation($id: ID!, $priority: ConversationPriority) { setConversationPriority(input: { conversationId: $id, priority: $priority }) { userErrors { code } } }',
      { id: row.id, priority },
    );
    expect(write.errors).toBeUndefined();
    expect(write.data!.setConversationPriority.userErrors).toEqual([]);
    const rowOf = (result: { data: Inbox | null }) => result.data!.conversations.edges.map((e) => e.node).find((n) => n.id === row.id);
    expect(rowOf(await inbox())?.priority).toBe(priority);
    expect(rowOf(await inbox({ sub: BOB }))?.priority).toBe(priority);
  });

  it('follows the platform once the response cache lets go of a read (its TTL ran out)', async () => {
    const short = await startStack({ tenants: [{ id: 't1', seed: 'answers-ttl' }], cacheTtlMs: 300 });
    try {
      const ask = () => short.gql<Inbox>(INBOX, {}, { tenant: 't1', sub: ALICE });
      const row = voxysRow(await ask());
      expect((await ask()).data).toBeTruthy(); // from the answer cache
      const db = short.sims.t1!.voxys.db as VoxysDb;
      const conversation = db.conversations.get(Number(decodeId(row.id)!.upstreamId))!;
      conversation.priority = row.priority === 'URGENT' ? 'low' : 'urgent';
      await new Promise((resolve) => setTimeout(resolve, 400));
      const changed = voxysRow(await ask());
      expect(changed.id).toBe(row.id);
      expect(changed.priority).toBe(row.priority === 'URGENT' ? 'LOW' : 'URGENT');
    } finally {
      await short.close();
    }
  });

  it('never keeps an answer with errors: once the platform is back the next answer is whole', async () => {
    const iron = stack.sims.t2!.iron;
    const variables = { first: 24 }; // a query of its own, not kept by the cases above
    iron.server.knobs.outage = true;
    try {
      const degraded = await inbox({ tenant: 't2', variables });
      expect(degraded.errors?.length).toBeGreaterThan(0);
    } finally {
      iron.server.knobs.outage = false;
    }
    expect(await refusals('errors')).toBeGreaterThan(0);
    // The read that failed was not cached either: the platform is asked again.
    const whole = await inbox({ tenant: 't2', variables });
    expect(whole.errors).toBeUndefined();
  });

  it('never keeps a page whose rows depend on the clock (a filter on overdue)', async () => {
    const variables = { filter: { overdue: true } };
    const before = await refusals('filter relative to now');
    await inbox({ variables });
    const hits = (await lookups()).hit;
    await inbox({ variables });
    expect((await lookups()).hit).toBe(hits);
    expect(await refusals('filter relative to now')).toBe(before + 2);
  });

  it('runs identical queries arriving together once: one miss, the others wait for its answer', async () => {
    const variables = { first: 23 };
    const before = await lookups();
    const answers = await Promise.all(Array.from({ length: 12 }, () => inbox({ variables })));
    for (const answer of answers) expect(answer.data).toEqual(answers[0]!.data);
    const after = await lookups();
    expect(after.miss - before.miss).toBe(1);
    expect(after.hit - before.hit).toBe(11);
  });
});
