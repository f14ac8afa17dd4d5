import type { GraphQLFormattedError } from 'graphql';

/**
 * A failing platform costs its own fields but is reported once: one error entry per source and
 * code (the first, with the number of fields it cost), not one per field.
 */
export function onePerSource(errors: readonly GraphQLFormattedError[]): GraphQLFormattedError[] {
  const counts = new Map<string, number>();
  const firsts = new Map<string, GraphQLFormattedError>();
  const out: GraphQLFormattedError[] = [];
  for (const error of errors) {
    const source = error.extensions?.sourceKey;
    if (typeof source !== 'string') {
      out.push(error);
      continue;
    }
    const key = `${source}\u0000${String(error.extensions?.code)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (!firsts.has(key)) {
      firsts.set(key, error);
      out.push(error);
    }
  }
  const countOf = new Map([...firsts].map(([key, error]) => [error, counts.get(key)!]));
  return out.map((error) => {
    const count = countOf.get(error) ?? 1;
    return count > 1 ? { ...error, extensions: { ...error.extensions, affectedFields: count } } : error;
  });
}
