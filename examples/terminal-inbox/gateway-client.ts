import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { MessageAddedDocument, type MessageAddedSubscription, type MessageAddedSubscriptionVariables } from '../../client/graphql.js';

/**
 * The two halves of a gateway client, with the typed documents of the client kit (client/, made by
 * `npm run codegen` from operations/): `request` runs queries and mutations over fetch; `liveMessages`
 * follows `messageAdded` over graphql-ws and resumes from the newest cursor after a reconnect.
 * Documents go by id (`documentId: "sha256:…"`, the persisted-documents manifest), so this works
 * with `security.persistedDocuments: allow` (the default) and `require` alike.
 */
export interface GatewayOptions {
  /** The gateway's HTTP address, e.g. `http://localhost:4000` (ws:// is derived from it). */
  url: string;
  /** A bearer token; a function so a reconnect can use a fresh one. */
  token: () => string | Promise<string>;
}

/** A document of the kit: a TypedDocumentNode with the manifest hash codegen put in `__meta__`. */
type KitDocument<R, V> = TypedDocumentNode<R, V> & { __meta__?: { hash?: string } };

/** A GraphQL error as the gateway answers it. */
export interface GatewayError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export class GatewayRequestError extends Error {
  constructor(readonly errors: GatewayError[]) {
    super(errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; '));
    this.name = 'GatewayRequestError';
  }
}

/** The request body naming a kit document: its manifest id and its operation's name. */
function reference<R, V>(document: KitDocument<R, V>): { documentId: string; operationName: string | undefined } {
  const hash = document.__meta__?.hash;
  if (!hash) throw new Error('not a document of the client kit (no __meta__.hash): run npm run codegen');
  const operation = document.definitions.find((d) => d.kind === 'OperationDefinition');
  return { documentId: hash, operationName: operation && 'name' in operation ? operation.name?.value : undefined };
}

/**
 * Runs a query or mutation. Partial answers are normal (a platform down costs its own fields):
 * `data` comes back with the `errors` beside it; only an answer without data throws.
 */
export async function request<R, V>(options: GatewayOptions, document: KitDocument<R, V>, variables: V): Promise<{ data: R; errors: GatewayError[] }> {
  const response = await fetch(`${options.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await options.token()}` },
    body: JSON.stringify({ ...reference(document), variables }),
  });
  const body = (await response.json()) as { data?: R | null; errors?: GatewayError[] };
  if (body.data == null) throw new GatewayRequestError(body.errors ?? [{ message: `HTTP ${response.status}` }]);
  return { data: body.data, errors: body.errors ?? [] };
}

export type MessageEvent = MessageAddedSubscription['messageAdded'];

export interface LiveMessages {
  /** The newest cursor received: where the next (re)subscribe resumes. */
  readonly cursor: string | undefined;
  /** Connections made so far (1, then one more per reconnect). */
  readonly connections: number;
  stop(): Promise<void>;
}

/**
 * Follows new messages. graphql-ws re-sends a subscription's payload on every reconnect; the
 * payload's `variables` is a getter, so each (re)subscribe carries the newest cursor as `since`
 * and the gateway replays exactly what happened while the socket was down: no gap, no duplicate.
 */
export function liveMessages(
  options: GatewayOptions & {
    filter?: Omit<MessageAddedSubscriptionVariables, 'since'>;
    /** Resume after this cursor from the start (e.g. one saved by an earlier run). */
    since?: string;
    onMessage: (event: MessageEvent) => void;
    onError?: (error: unknown) => void;
    /** The cursor was older than the gateway's event log (CURSOR_TOO_OLD): refetch the screen. */
    onResync?: () => void;
    /** Wait before reconnect attempt `retries` (default: graphql-ws's backoff, 1 s doubling + jitter). */
    retryWait?: (retries: number) => Promise<void>;
  },
): LiveMessages {
  let cursor = options.since;
  let connections = 0;
  const client: Client = createClient({
    url: `${options.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: async () => ({ authorization: `Bearer ${await options.token()}` }),
    retryAttempts: Infinity,
    // A socket the network or the gateway dropped (and an expired token: a fresh one is fetched)
    // is worth another attempt.
    shouldRetry: () => true,
    ...(options.retryWait ? { retryWait: options.retryWait } : {}),
    on: { connected: () => void connections++ },
  });
  const { documentId, operationName } = reference(MessageAddedDocument);
  const payload = {
    query: '', // the document goes by id (graphql-ws requires the field)
    documentId,
    operationName,
    get variables(): MessageAddedSubscriptionVariables {
      return { ...options.filter, since: cursor ?? null };
    },
  };
  let dispose = () => {};
  // Away longer than the gateway's event log: what was missed cannot be replayed (the subscribe
  // answers CURSOR_TOO_OLD and completes). Start over live, and let the screen reload what it shows.
  const resync = () => {
    cursor = undefined;
    options.onResync?.();
    follow();
  };
  const follow = () => {
    let tooOld = false;
    dispose = client.subscribe<MessageAddedSubscription>(payload, {
      next: ({ data, errors }) => {
        if (isCursorTooOld(errors)) tooOld = true;
        else if (errors?.length) options.onError?.(new GatewayRequestError(errors as unknown as GatewayError[]));
        if (!data) return;
        cursor = data.messageAdded.cursor;
        options.onMessage(data.messageAdded);
      },
      error: (error) => (isCursorTooOld(error) ? resync() : options.onError?.(error)),
      complete: () => (tooOld ? resync() : undefined),
    });
  };
  follow();
  return {
    get cursor() {
      return cursor;
    },
    get connections() {
      return connections;
    },
    async stop() {
      dispose();
      await client.dispose();
    },
  };
}

/** The subscribe was refused because `since` is older than the event log (`reason: CURSOR_TOO_OLD`). */
function isCursorTooOld(error: unknown): boolean {
  const errors = Array.isArray(error) ? (error as GatewayError[]) : [];
  return errors.some((e) => e.extensions?.reason === 'CURSOR_TOO_OLD');
}
