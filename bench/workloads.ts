import { decodeId, encodeId } from '../src/graph/ids.js';
import { BENCH_TENANT, BENCH_USERS, tokenKey } from './gateway-config.js';
import { CONVERSATION_SCREEN, graphql, INBOX_SCREEN, SEND_MESSAGE } from './graphql.js';

/** One request of a scenario: its JSON body and whose token it carries. */
export interface BenchRequest {
  body: string;
  /** The token's key in the run's token map (tokenKey: a user, of the main tenant or another). */
  user: string;
}

/** The run's tokens by tokenKey. */
export type BenchTokens = Record<string, string>;

const request = (query: string, variables: Record<string, unknown>, user: string = 'alice', operationName?: string): BenchRequest => ({
  body: JSON.stringify({ query, variables, ...(operationName ? { operationName } : {}) }),
  user,
});

export const floorRequests = (): BenchRequest[] => [request('{ __typename }', {})];

/** The same InboxScreen (25 rows, alice) every time: after the first, answered from the cache. */
export const inboxWarmRequests = (): BenchRequest[] => [request(INBOX_SCREEN, { first: 25 })];

/**
 * Distinct InboxScreens: page sizes 16–30 for each of the three users, and consecutive requests in
 * different tenants (`tenants` in rotation, the outer loop), so requests in flight together never
 * share a platform read (sharing happens only within a tenant) and no two in a row are the same.
 */
export function inboxColdRequests(tenants: readonly string[] = [BENCH_TENANT]): BenchRequest[] {
  const requests: BenchRequest[] = [];
  let n = 0;
  for (let first = 16; first <= 30; first++)
    for (const user of BENCH_USERS) for (let t = 0; t < tenants.length; t++) requests.push(request(INBOX_SCREEN, { first }, tokenKey(user, tenants[n++ % tenants.length])));
  return requests;
}

/**
 * ConversationScreens of `ids` (the main tenant's, alice); with `tenants`, consecutive requests in
 * different tenants, each with the id as that tenant sees it (ids carry their tenant's tag).
 */
export function conversationRequests(ids: readonly string[], tenants: readonly string[] = [BENCH_TENANT]): BenchRequest[] {
  return ids.map((id, i) => {
    const tenant = tenants[i % tenants.length]!;
    return request(CONVERSATION_SCREEN, { id: tenant === BENCH_TENANT ? id : inTenant(id, tenant), last: 30 }, tokenKey('alice', tenant));
  });
}

/** The same conversation's id in another tenant configured with the same platforms. */
function inTenant(id: string, tenant: string): string {
  const decoded = decodeId(id);
  if (!decoded) throw new Error(`not a global id: ${id}`);
  return encodeId(decoded.type, { tenant, key: decoded.sourceKey, scope: decoded.scope }, decoded.upstreamId, decoded.conversationUpstreamId ?? undefined);
}

/** A sendMessage with a fresh idempotency key each time, rotating over conversations. */
export function sendMessageRequest(conversationId: string, key: string): BenchRequest {
  return request(SEND_MESSAGE, { conversationId, content: `bench reply ${key}`, idempotencyKey: key }, 'alice', 'SendMessage');
}

interface HarvestPage {
  conversations: {
    edges: { node: { id: string; capabilities: string[] } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

/** Every conversation of the merged inbox (id and whether it takes a reply), paging 100 at a time. */
export async function harvestConversations(url: string, token: string): Promise<{ id: string; canSend: boolean }[]> {
  const query = 'query Harvest($after: String) { conversations(first: 100, after: $after) { edges { node { id capabilities } } pageInfo { hasNextPage endCursor } } }';
  const found: { id: string; canSend: boolean }[] = [];
  let after: string | null = null;
  for (let page = 0; page < 100; page++) {
    const answer = await graphql(url, token, JSON.stringify({ query, variables: { after } }));
    const data = answer.data as HarvestPage | undefined;
    if (!data) throw new Error(`harvesting conversations failed: ${JSON.stringify(answer.errors)}`);
    for (const { node } of data.conversations.edges) found.push({ id: node.id, canSend: node.capabilities.includes('SEND_MESSAGE') });
    if (!data.conversations.pageInfo.hasNextPage) break;
    after = data.conversations.pageInfo.endCursor;
  }
  return found;
}

/** The token under `key` (tokenKey); a request naming no minted token is a bug of the harness. */
export function tokenOf(tokens: BenchTokens, key: string): string {
  const token = tokens[key];
  if (token === undefined) throw new Error(`no token minted for ${key}`);
  return token;
}
