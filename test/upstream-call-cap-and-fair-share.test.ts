import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeId } from '../src/graph/ids.js';
import { operation, startStack, type Stack } from './support/stack.js';

/**
 * One request cannot make thousands of platform calls, nor starve a colleague. The reported case:
 * 30 aliases of `nodes(ids: $ids)` with 100 unknown ids each made 3,000 calls to one platform in
 * about 2 s (6,000 with Chatvolt), and meanwhile a colleague in the same tenant got
 * UPSTREAM_UNAVAILABLE "too many calls waiting" and lost that platform from her inbox. Now the
 * request stops at `limits.maxUpstreamCallsPerRequest` (QUERY_TOO_COMPLEX naming the limit), and
 * each source's bulkhead shares its slots and queue fairly between users. Counts, not timings.
 */
const SOURCES = ['voxys', 'chatvolt', 'voiceglow', 'iron'] as const;
type SourceName = (typeof SOURCES)[number];
const ALIASES = 30;
const IDS_PER_ALIAS = 100;

/** An upstream id that each platform's connector will look up (and not find). */
function unknownUpstreamId(source: SourceName, n: number): string {
  if (source === 'voxys') return String(900_000 + n);
  if (source === 'iron') return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return `unknown-${n}`;
}

type GqlError = { message: string; extensions?: Record<string, unknown> };
type Inbox = { conversations: { edges: unknown[]; missingSources: string[] } | null };

/** 30 aliases of nodes(ids:) with 100 unknown ids each, all of one source; as conversation or message ids. */
function amplifying(stack: Stack, source: SourceName, kind: 'Conversation' | 'Message'): { query: string; variables: Record<string, string[]> } {
  const ref = stack.gateway.tenant('t1')!.refs.get(source)!;
  const variables: Record<string, string[]> = {};
  for (let a = 0; a < ALIASES; a++) {
    variables[`ids${a}`] = Array.from({ length: IDS_PER_ALIAS }, (_, i) => {
      const conversation = unknownUpstreamId(source, a * IDS_PER_ALIAS + i);
      return kind === 'Conversation' ? encodeId('Conversation', ref, conversation) : encodeId('Message', ref, `m${i}`, conversation);
    });
  }
  const params = Object.keys(variables).map((name) => `$${name}: [ID!]!`);
  const fields = Object.keys(variables).map((name, a) => `a${a}: nodes(ids: $${name}) { id }`);
  return { query: `query Amplify(${params.join(', ')}) { ${fields.join(' ')} }`, variables };
}

const totalCalls = (stack: Stack): number => Object.values(stack.upstreamCalls('t1')).reduce((sum, n) => sum + n, 0);

const policyOf = (stack: Stack, source: SourceName) => stack.gateway.policyFor(stack.gateway.tenant('t1')!.refs.get(source)!);

/**
 * Waits until no call of the tenant runs or waits: a connector batch that failed on the refusal
 * leaves its calls already running to finish after the answer, and they must not count in the
 * next case.
 */
async function idle(stack: Stack): Promise<void> {
  while (SOURCES.some((s) => policyOf(stack, s).load.active + policyOf(stack, s).load.queued > 0)) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('the amplifying request', () => {
  let stack: Stack;
  let cap: number;

  beforeAll(async () => {
    stack = await startStack({
      tenants: [{ id: 't1', seed: 'amplify', size: 30 }],
      cacheTtlMs: 0,
      // The static cost check of the document is another test's subject: here only the runtime cap may stop it.
      config: { limits: { maxCost: 1_000_000 } },
    });
    cap = stack.config.limits.maxUpstreamCallsPerRequest;
  });
  afterAll(async () => stack?.close());

  it('the default cap is well below the reported 3,000 calls', () => {
    expect(cap).toBeGreaterThan(0);
    expect(cap).toBeLessThan(ALIASES * IDS_PER_ALIAS);
  });

  const cases = [...SOURCES.map((s) => [s, 'Conversation'] as const), ['chatvolt', 'Message'] as const];
  it.each(cases)('%s, %s ids: at most maxUpstreamCallsPerRequest calls, then one QUERY_TOO_COMPLEX naming the limit', async (source, kind) => {
    const { query, variables } = amplifying(stack, source, kind);
    await idle(stack);
    stack.resetCounts();
    const result = await stack.gql<Record<string, unknown[]>>(query, variables);

    expect(totalCalls(stack)).toBeLessThanOrEqual(cap);
    expect(totalCalls(stack)).toBeGreaterThan(0); // it did run: the cap stopped it, not a refusal up front
    expect(result.status).toBe(200);
    const refusals = (result.errors ?? []).filter((e: GqlError) => e.extensions?.code === 'QUERY_TOO_COMPLEX');
    // Reported once for every field it cost (partial-errors.ts), naming the limit.
    expect(refusals).toHaveLength(1);
    expect(refusals[0]!.extensions).toMatchObject({ limit: 'maxUpstreamCallsPerRequest', maxUpstreamCallsPerRequest: cap });
    // affectedFields lists the paths of the fields it cost (each an array of path segments).
    const affected = refusals[0]!.extensions!.affectedFields as unknown[];
    expect(affected.length).toBeGreaterThan(ALIASES * IDS_PER_ALIAS - cap - 1);
    for (const path of affected) expect(path).toEqual([expect.stringMatching(/^a\d+$/), expect.any(Number)]);
    expect(refusals[0]!.message).not.toMatch(/127\.0\.0\.1|http:|token/i);
    // Every id is null, with an error entry: not found (looked up before the cap), the refusal, or
    // (Iron, which looks every id up at once) the request's own calls beyond the source's queue.
    expect(Object.values(result.data!).flat()).toEqual(Array(ALIASES * IDS_PER_ALIAS).fill(null));
    const codes = new Set((result.errors ?? []).map((e: GqlError) => e.extensions?.code));
    expect([...codes].filter((code) => !['NOT_FOUND', 'QUERY_TOO_COMPLEX', 'UPSTREAM_UNAVAILABLE'].includes(String(code)))).toEqual([]);
  });
});

describe("a colleague's inbox during the amplifying request", () => {
  let stack: Stack;
  /** Iron's bulkhead, narrow so that the amplifying request fills it for seconds. */
  const IRON = { concurrency: 4, queue: 80 };

  beforeAll(async () => {
    stack = await startStack({
      tenants: [{ id: 't1', seed: 'amplify', size: 30 }],
      cacheTtlMs: 0,
      sourceOverrides: { iron: IRON },
      config: { limits: { maxCost: 1_000_000 } },
    });
  });
  afterAll(async () => stack?.close());

  it('keeps all four sources: a place in the full queue, then a fair share of the slots', async () => {
    const iron = policyOf(stack, 'iron');
    const cap = stack.config.limits.maxUpstreamCallsPerRequest;
    stack.resetCounts();
    const alone = await stack.gql<Inbox>(operation('InboxScreen'), { first: 25 }, { sub: 'bob' });
    expect(alone.data!.conversations!.missingSources).toEqual([]);
    const colleagueCalls = totalCalls(stack);

    // Each Iron call takes a while: the amplifying request (Iron's connector looks every id up at
    // once) holds all of Iron's slots and fills its queue for several rounds of calls.
    stack.sims.t1!.iron.server.setKnobs({ latencyMs: 300 });
    try {
      const { query, variables } = amplifying(stack, 'iron', 'Conversation');
      await idle(stack);
      stack.resetCounts();
      const attack = stack.gql(query, variables, { sub: 'alice' });
      while (iron.load.queued < IRON.queue) await new Promise((resolve) => setTimeout(resolve, 2));

      const inbox = await stack.gql<Inbox>(operation('InboxScreen'), { first: 25 }, { sub: 'bob' });
      // Served ahead of the heavy user's backlog (first come, first served would have drained it first).
      const backlogWhenAnswered = iron.load.queued;
      const attacked = await attack;
      await idle(stack);

      expect(inbox.errors).toBeUndefined();
      expect(inbox.data!.conversations!.missingSources).toEqual([]);
      expect(inbox.data!.conversations!.edges).toHaveLength(25);
      expect(backlogWhenAnswered).toBeGreaterThan(0);
      // The amplifying request made at most its cap of calls (the colleague's screen made what it makes alone).
      expect(totalCalls(stack)).toBeLessThanOrEqual(cap + colleagueCalls);
      expect((attacked.errors ?? []).some((e: GqlError) => e.extensions?.limit === 'maxUpstreamCallsPerRequest')).toBe(true);
      expect(iron.load).toEqual({ active: 0, queued: 0 });
    } finally {
      stack.sims.t1!.iron.server.setKnobs({ latencyMs: 0 });
    }
  });
});
