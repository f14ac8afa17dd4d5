import type { GraphQLFormattedError } from 'graphql';

/** A field's path in the response, as GraphQL errors give it: `["conversations", "edges", 3, "node", "lead"]`. */
export type FieldPath = readonly (string | number)[];

/**
 * A failing platform costs its own fields but is reported once: one error entry per source and
 * code (the first), not one per field. So is a limit reached during execution (`extensions.limit`,
 * e.g. the request's cap on platform calls). When the entry stands for several fields,
 * `extensions.affectedFields` lists their paths (the entry's own `path` first), so a client can
 * tell which parts of its screen are missing without one error per field.
 */
export function onePerSource(errors: readonly GraphQLFormattedError[]): GraphQLFormattedError[] {
  const paths = new Map<string, FieldPath[]>();
  const firsts = new Map<string, GraphQLFormattedError>();
  const out: GraphQLFormattedError[] = [];
  for (const error of errors) {
    const limit = error.extensions?.limit;
    const source = typeof limit === 'string' ? `limit:${limit}` : error.extensions?.sourceKey;
    if (typeof source !== 'string') {
      out.push(error);
      continue;
    }
    const key = `${source}\u0000${String(error.extensions?.code)}`;
    const seen = paths.get(key) ?? [];
    seen.push(error.path ?? []);
    paths.set(key, seen);
    if (!firsts.has(key)) {
      firsts.set(key, error);
      out.push(error);
    }
  }
  const pathsOf = new Map([...firsts].map(([key, error]) => [error, paths.get(key)!]));
  return out.map((error) => {
    const affected = pathsOf.get(error);
    return affected && affected.length > 1 ? { ...error, extensions: { ...error.extensions, affectedFields: affected } } : error;
  });
}
