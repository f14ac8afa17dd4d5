/**
 * Span attribute names used by the gateway, so the HTTP handler, the Apollo plugin and the REST
 * client agree. Standard OpenTelemetry semantic-convention names where one exists.
 */
export const SpanAttr = {
  /** HTTP method, upper case (server and client spans). */
  httpMethod: 'http.request.method',
  /** HTTP response status code (server and client spans). */
  httpStatusCode: 'http.response.status_code',
  /** Server span: the matched route, e.g. '/graphql' (never the raw target with its query string). */
  httpRoute: 'http.route',
  /** Client span: the route template of the upstream call, e.g. '/v1/conversations/{id}' (never a raw URL). */
  urlTemplate: 'url.template',
  /** Client span: which platform was called ('voxys', 'chatvolt', ...). */
  source: 'gateway.source',
  /** Client span: 1 for the first try, 2 for the first retry, ... */
  attempt: 'gateway.attempt',
  /** GraphQL span: the operation's name, bounded as the metrics' `operation_name` (a client-kit operation's name, else `other`; `anonymous`). */
  graphqlOperationName: 'graphql.operation.name',
  /** GraphQL span: 'query' | 'mutation' | 'subscription'. */
  graphqlOperationType: 'graphql.operation.type',
} as const;
