/**
 * Hive Gateway in front of the inbox gateway's Federation 2 subgraph (copied for you: put it next
 * to the composed `supergraph.graphql` and run `npx @graphql-hive/gateway supergraph`).
 * test/federation-through-hive-gateway.test.ts serves a supergraph with these same options.
 */
import type { GatewayConfigSupergraph } from '@graphql-hive/gateway-runtime';

export const gatewayConfig = {
  supergraph: './supergraph.graphql',
  propagateHeaders: {
    // The inbox gateway authorizes every subgraph request itself (tenant, user, rate limits), so
    // each caller's own bearer token goes along; x-request-id ties its log lines to the caller's.
    fromClientToSubgraphs: ({ request }) => ({
      authorization: request.headers.get('authorization'),
      'x-request-id': request.headers.get('x-request-id'),
    }),
  },
} satisfies GatewayConfigSupergraph;
