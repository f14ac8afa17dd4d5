import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** An error as a response carries it, formatted or not: what the summary reads is in `extensions`. */
export interface ErrorEntry {
  readonly extensions?: { readonly [key: string]: unknown } | undefined;
}

/**
 * An operation's errors for its one log line, per source and code: `{ "voxys:UPSTREAM_TIMEOUT": 12,
 * "BAD_USER_INPUT": 1 }`. A source's entry counts the fields it cost (the paths in `affectedFields`), so a
 * platform down for a whole page is one key with a count, never one line per field.
 */
export function summarizeErrors(errors: readonly ErrorEntry[]): Record<string, number> {
  const summary: Record<string, number> = {};
  for (const error of errors) {
    const extensions = error.extensions ?? {};
    const code = typeof extensions.code === 'string' ? extensions.code : 'UNKNOWN';
    const key = typeof extensions.sourceKey === 'string' ? `${extensions.sourceKey}:${code}` : code;
    const fields = Array.isArray(extensions.affectedFields) ? extensions.affectedFields.length : 1;
    summary[key] = (summary[key] ?? 0) + fields;
  }
  return summary;
}

/** The formatter an operation's errors go through (the pipeline's `formatError`). */
export type ErrorFormatter = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/** Errors as thrown, as the formatter shows them (anything but a GraphQLError is an internal error). */
export function formatAll(errors: readonly unknown[], format: ErrorFormatter): GraphQLFormattedError[] {
  return errors.map((error) =>
    error instanceof GraphQLError ? format(error.toJSON(), error) : { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
  );
}

/**
 * The first error the formatter masks as INTERNAL_SERVER_ERROR (a bug, not a platform or the
 * caller), unwrapped, for the operation's log line: the one place its message and stack are kept.
 */
export function firstUnexpected(errors: readonly unknown[], format: ErrorFormatter): { error: unknown; path: GraphQLFormattedError['path'] } | null {
  for (const error of errors) {
    if (!(error instanceof GraphQLError)) continue;
    const formatted = format(error.toJSON(), error);
    if (formatted.extensions?.code === 'INTERNAL_SERVER_ERROR') return { error: unwrapResolverError(error), path: formatted.path };
  }
  return null;
}
