import { subgraphSdl } from '../src/graph/federation.js';

/**
 * `npm run subgraph:sdl > inbox.graphql`: the Federation 2 subgraph's SDL (what `_service { sdl }`
 * answers), for `rover supergraph compose` or a schema registry without calling a running gateway.
 */
process.stdout.write(`${subgraphSdl()}\n`);
