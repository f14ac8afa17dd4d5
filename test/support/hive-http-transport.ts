import type { Transport } from '@graphql-mesh/transport-common';
import { buildHTTPExecutor } from '@graphql-tools/executor-http';

/**
 * Hive Gateway's HTTP transport to subgraphs, for the in-process runtime: the Hive Gateway CLI
 * ships `@graphql-mesh/transport-http`, which this project does not install, so the runtime is
 * given the equivalent (graphql-tools' HTTP executor, a dependency of the runtime) with the
 * gateway's own `fetch`, through which its plugins (header propagation) run.
 */
export const hiveHttpTransport: Transport = {
  getSubgraphExecutor({ transportEntry, fetch }) {
    if (!transportEntry.location) throw new Error(`subgraph ${transportEntry.subgraph} has no URL`);
    return buildHTTPExecutor({ endpoint: transportEntry.location, ...(fetch ? { fetch } : {}) });
  },
};
