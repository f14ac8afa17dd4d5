import { Client, fetchExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import type { AppConfig } from './config.js';

/**
 * urql over HTTP for queries and mutations (a cross-origin POST with a bearer token: the gateway's
 * CORS must allow this app's origin) and graphql-ws for subscriptions (the token goes in
 * `connection_init`). No cache exchange: every screen reads fresh, live events patch what is shown.
 */
export function createGatewayClient(config: AppConfig): { client: Client; ws: WsClient } {
  const wsUrl = config.graphqlUrl.replace(/^http/, 'ws');
  const ws = createWsClient({
    url: wsUrl,
    // A function: read again on every reconnect.
    connectionParams: () => ({ authorization: `Bearer ${config.token}` }),
    retryAttempts: Infinity,
    // 4403: the token was refused; retrying with the same token cannot help.
    shouldRetry: (event) => !(event instanceof CloseEvent && event.code === 4403),
  });
  const client = new Client({
    url: config.graphqlUrl,
    requestPolicy: 'network-only',
    // POST with a JSON body (urql's default GET would need Apollo's CSRF-prevention header).
    preferGetMethod: false,
    fetchOptions: () => ({ headers: { authorization: `Bearer ${config.token}` } }),
    exchanges: [
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return { subscribe: (sink) => ({ unsubscribe: ws.subscribe(input, sink) }) };
        },
      }),
    ],
  });
  return { client, ws };
}
