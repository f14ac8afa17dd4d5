import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

function toDate(value: unknown): Date {
  const date = value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) throw new GraphQLError('DateTime must be an ISO-8601 date-time', { extensions: { code: 'BAD_USER_INPUT' } });
  return date;
}

/** ISO-8601 UTC on the way out, whatever the platform sent; ISO-8601 accepted on the way in. */
export const DateTime = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  // The schema serves this description, not the SDL's: graphql-tools copies every property of this
  // scalar over the SDL's, an undefined description too. Keep both texts the same.
  description: 'An instant, serialized as an ISO-8601 UTC string (e.g. 2026-11-21T09:30:00.000Z), whatever format the platform used.',
  serialize: (value) => toDate(value).toISOString(),
  parseValue: (value) => {
    if (typeof value !== 'string') throw new GraphQLError('DateTime must be a string', { extensions: { code: 'BAD_USER_INPUT' } });
    return toDate(value);
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string', { extensions: { code: 'BAD_USER_INPUT' } });
    return toDate(ast.value);
  },
});
