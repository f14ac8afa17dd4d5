import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

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

/** A JSON literal of a query document, as a plain value (variables of the literal are read too). */
function literalValue(ast: ValueNode, variables: Record<string, unknown> | null | undefined): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map((value) => literalValue(value, variables));
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((field) => [field.name.value, literalValue(field.value, variables)]));
    case Kind.VARIABLE:
      return variables?.[ast.name.value] ?? null;
    default:
      throw new GraphQLError('JSON literal expected', { extensions: { code: 'BAD_USER_INPUT' } });
  }
}

/**
 * Platform data passed through as the platform sent it (custom attributes, variables). The
 * connectors' schemas only let JSON values through, so serializing is the identity.
 */
export const JsonScalar = new GraphQLScalarType<unknown, unknown>({
  name: 'JSON',
  // Kept the same as the SDL's description (see DateTime).
  description: 'Any JSON value, passed through as the platform sent it (e.g. custom attributes: an object of names to values).',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => literalValue(ast, variables),
});
