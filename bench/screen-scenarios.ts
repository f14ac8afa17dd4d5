import { graphql } from './graphql.js';
import { measureHttpScenario, probeRoundTrips, rotation, withCriticalPath, type HttpScenarioContext, type ScenarioResult } from './http-scenario.js';
import type { ScenarioName } from './options.js';
import {
  conversationRequests,
  floorRequests,
  harvestConversations,
  inboxColdRequests,
  inboxWarmRequests,
  sendMessageRequest,
  tokenOf,
  type BenchRequest,
  type BenchTokens,
} from './workloads.js';

/** The HTTP scenarios: what each sends, how it is prepared, which rows it measures. */

/** Single requests probed per cold scenario for its critical path (odd: a median that is one of them). */
export const PROBES = 41;

export interface ScreenScenarioEnv {
  ctx: HttpScenarioContext;
  /** Clients of the loaded run. */
  connections: number;
  /** This run's id, in idempotency keys. */
  run: string;
  /** Records a measured row (and prints its progress line). */
  emit(row: ScenarioResult): void;
  /** Tenants the cold scenarios rotate over (the uncached gateway configures them). */
  coldTenants: readonly string[];
}

/** Sends each request once, one after another (fills the cache before a warm scenario). */
export async function warm(url: string, tokens: BenchTokens, requests: readonly BenchRequest[]): Promise<void> {
  for (const request of requests) {
    const answer = await graphql(url, tokenOf(tokens, request.user), request.body);
    if (answer.errors) throw new Error(`warming failed: ${JSON.stringify(answer.errors).slice(0, 400)}`);
  }
}

/** The first 25 conversations of the inbox: what an agent opens. */
export async function firstPageIds(url: string, token: string): Promise<string[]> {
  return (await harvestConversations(url, token)).slice(0, 25).map((c) => c.id);
}

/** Conversations that take a reply without userErrors (a closed messaging window refuses one). */
async function sendableConversations(url: string, token: string, run: string): Promise<string[]> {
  const usable: string[] = [];
  for (const { id, canSend } of await harvestConversations(url, token)) {
    if (!canSend) continue;
    const answer = await graphql(url, token, sendMessageRequest(id, `bench-${run}-check-${usable.length}-${id.slice(-8)}`).body);
    const payload = (answer.data?.sendMessage ?? null) as { userErrors: unknown[] } | null;
    if (!answer.errors && payload && payload.userErrors.length === 0) usable.push(id);
    if (usable.length >= 10) break;
  }
  if (usable.length === 0) throw new Error('no conversation accepted a reply');
  return usable;
}

/** Prepares and measures one HTTP scenario; cold ones also at 1 client, with their critical path. */
export async function runScreenScenario(env: ScreenScenarioEnv, name: Exclude<ScenarioName, 'subscriptions'>): Promise<void> {
  const { ctx, emit, run } = env;
  const { url } = ctx.gateway;
  const many = env.connections;
  switch (name) {
    case 'floor':
      return emit(await measureHttpScenario(ctx, name, { next: rotation(floorRequests()), connections: many }));
    case 'inbox-warm':
      await warm(url, ctx.tokens, inboxWarmRequests());
      return emit(await measureHttpScenario(ctx, name, { next: rotation(inboxWarmRequests()), connections: many }));
    case 'conversation-warm': {
      const requests = conversationRequests(await firstPageIds(url, tokenOf(ctx.tokens, 'alice')));
      await warm(url, ctx.tokens, requests);
      return emit(
        await measureHttpScenario(ctx, name, {
          next: rotation(requests),
          connections: many,
          notes: [`${requests.length} conversations (the inbox's first page), each answered from the cache after the first`],
        }),
      );
    }
    case 'send-message': {
      const ids = await sendableConversations(url, tokenOf(ctx.tokens, 'alice'), run);
      let n = 0;
      const next = () => sendMessageRequest(ids[n % ids.length]!, `bench-${run}-${ctx.platformLatencyMs}-${n++}`);
      return emit(await measureHttpScenario(ctx, name, { next, connections: many, notes: [`a new idempotency key per request, over ${ids.length} conversations`] }));
    }
    case 'inbox-cold':
    case 'conversation-cold': {
      const tenants = env.coldTenants;
      const requests =
        name === 'inbox-cold'
          ? inboxColdRequests(tenants)
          : conversationRequests(
              (await harvestConversations(url, tokenOf(ctx.tokens, 'alice'))).map((c) => c.id),
              tenants,
            );
      const next = rotation(requests);
      const notes = [`${requests.length} distinct requests in rotation over ${tenants.length} tenants (no read shared between requests in flight)`];
      emit(await measureHttpScenario(ctx, name, { next, connections: many, notes }));
      let single = await measureHttpScenario(ctx, name, { next, connections: 1, notes });
      if (ctx.platformLatencyMs > 0) single = withCriticalPath(single, await probeRoundTrips(ctx, next, PROBES));
      return emit(single);
    }
  }
}
