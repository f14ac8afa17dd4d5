import { z } from 'zod';

/** Paths the gateway serves itself: the subgraph route may not take one (or live under it). */
export const RESERVED_PATHS = ['/graphql', '/graphiql', '/webhooks', '/healthz', '/readyz', '/metrics', '/uploads'];

/**
 * The same graph as an Apollo Federation 2 subgraph, for a router (Apollo Router, Hive
 * Gateway) to compose: `_service`, `_entities` and `@key(fields: "id")` on every type with a
 * global id, on its own path beside the plain `/graphql` (which stays as it is). The same
 * pipeline guards it: bearer token (the router forwards the caller's), rate limits, cost.
 * `persistedDocuments` overrides `security.persistedDocuments` for this route: a router sends
 * its query plans as text, so `require` would refuse every fetch (refused here); enforce a
 * safelist at the router instead.
 */
export const subgraphSchema = z
  .strictObject({
    enabled: z.boolean().default(false),
    path: z
      .string()
      .regex(/^\/[A-Za-z0-9/_-]*$/, 'a path such as /subgraph')
      .refine(
        (path) => !RESERVED_PATHS.some((reserved) => path === reserved || path.startsWith(`${reserved}/`)),
        `must not be one of the gateway's own paths (${RESERVED_PATHS.join(', ')})`,
      )
      .default('/subgraph'),
    persistedDocuments: z.enum(['off', 'allow']).optional(),
  })
  .prefault({});
