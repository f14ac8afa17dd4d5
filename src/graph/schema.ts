import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { PACKAGE_ROOT } from '../package-root.js';
import { resolvers } from '../resolvers/index.js';

// From the package root, so the compiled dist/src/graph/schema.js finds it too.
const SCHEMA_DIR = join(PACKAGE_ROOT, 'schema');

/** The SDL of schema/*.graphql, one file per domain. */
export function loadTypeDefs(): string[] {
  return readdirSync(SCHEMA_DIR)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => readFileSync(join(SCHEMA_DIR, file), 'utf8'));
}

export function buildSchema(): GraphQLSchema {
  return makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers });
}
