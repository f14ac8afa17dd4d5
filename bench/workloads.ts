import { BENCH_USERS } from './gateway-config.js';
import { CONVERSATION_SCREEN, graphql, INBOX_SCREEN, SEND_MESSAGE } from './graphql.js';

/** One request of a scenario: its JSON body and whose token it carries. */
export interface BenchRequest {
  body: string;
  user: (typeof BENCH_USERS)[number];
}

const request = (query: string, variables: Record<string, unknown>, user: BenchRequest['user'] = 'alice', operationName?: string): BenchRequest => ({
  body: JSON.stringify({ query, variables, ...(operationName ? { operationName } : {}) }),
  user,
});

export const floorRequests = (): BenchRequest[] => [request('{ __typename }', {})];

/** The same InboxScreen (25 rows, alice) every time: after the first, answered from the cache. */
export const inboxWarmRequests = (): BenchRequest[] => [request(INBOX_SCREEN, { first: 25 })];

/**
 * Distinct InboxScreens: page sizes 16–30 for each of the three users, so no two requests in a row
 * are the same request. They still read the same platform lists, and with the cache off identical
 * reads in flight at the same moment are shared between requests (by design).
 */
export function inboxColdRequests(): BenchRequest[] {
  const requests: BenchRequest[] = [];
  for (let first = 16; first <= 30; first++) for (const user of BENCH_USERS) requests.push(request(INBOX_SCREEN, { first }, user));
  return requests;
}

export const conversationRequests = (ids: readonly string[]): BenchRequest[] => ids.map((id) => request(CONVERSATION_SCREEN, { id, last: 30 }));

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
