import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { UpstreamError } from '../errors.js';

/** Codes whose messages are ours and safe to show as they are. */
const SAFE_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_RATE_LIMITED',
  'UPSTREAM_REJECTED',
  'QUERY_TOO_COMPLEX',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'PERSISTED_DOCUMENT_REQUIRED',
]);

/** graphql-armor's rejections (depth, cost, aliases, tokens, directives). */
const LIMIT_MESSAGE = /(limit of \d+ exceeded|Query Cost limit)/i;

/**
 * Masks everything unexpected: clients see a code and a safe message, never a stack, an upstream
 * URL, a token or a body. It logs nothing: an error may cost many fields, and a request is logged
 * once, by the observer, with its errors summed per source and code and the first unexpected one
 * (the original, with its stack).
 */
export function createErrorFormatter(options: { suggestions: boolean } = { suggestions: true }) {
  const format = (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = { locations: formatted.locations, path: formatted.path };
    if (original instanceof UpstreamError) {
      return {
        ...base,
        message: original.message,
        extensions: { ...original.hints, code: original.code, source: original.source.type.toUpperCase(), sourceKey: original.source.key },
      };
    }
    const code = typeof formatted.extensions?.code === 'string' ? formatted.extensions.code : null;
    // Apollo tags armor's rejections as validation errors; over WebSocket they keep armor's own code.
    if ((code === null || code === 'GRAPHQL_VALIDATION_FAILED' || code === 'GRAPHQL_PARSE_FAILED' || code === 'BAD_USER_INPUT') && LIMIT_MESSAGE.test(formatted.message)) {
      return { ...base, message: formatted.message.replace(/^Syntax Error: /, ''), extensions: { code: 'QUERY_TOO_COMPLEX' } };
    }
    // graphql-armor's token counter parses first: its syntax errors are parse failures.
    if (code === 'GRAPHQL_VALIDATION_FAILED' && formatted.message.startsWith('Syntax Error:')) {
      return { ...base, message: formatted.message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } };
    }
    if (code && SAFE_CODES.has(code)) {
      const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      return { ...base, message: formatted.message, extensions };
    }
    // Apollo's own request errors (bad JSON body, missing query) carry no code but are the caller's.
    if (original instanceof GraphQLError && !code && !original.originalError) {
      return { ...base, message: formatted.message, extensions: { code: 'BAD_REQUEST' } };
    }
    return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const result = format(formatted, error);
    // Transport hints (an HTTP status) never reach clients; neither do schema hints when introspection is off.
    const { http: _http, ...extensions } = result.extensions ?? {};
    const message = options.suggestions ? result.message : withoutSuggestions(result.message);
    return { ...result, message, ...(result.extensions ? { extensions } : {}) };
  };
}

/** Drops graphql-js's "Did you mean …?" hints, which reveal field, type and enum names. */
function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean .*\?$/s, '');
}
