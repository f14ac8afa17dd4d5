import { createHash } from 'node:crypto';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import manifest from '../../client/persisted-documents.json' with { type: 'json' };
import type { Stack } from './stack.js';
import type { WsTestClient } from './ws.js';

/** Requests that name their document by id (persisted documents), over HTTP and graphql-ws. */
export type Answer = { status: number; errors: { message: string; extensions?: Record<string, unknown> }[]; data: Record<string, unknown> | null };
export type WsAnswer = { events: { data?: Record<string, unknown> | null; errors?: Answer['errors'] }[]; error: Answer['errors'] | null };

export const TEXT = '{ viewer { id tenant } }';
export const hexOf = (text: string) => createHash('sha256').update(text).digest('hex');
export const apq = (text: string) => ({ persistedQuery: { version: 1, sha256Hash: hexOf(text) } });

/** The manifest generated from operations/ (`sha256:<hex>` → document). */
export const MANIFEST = manifest as Record<string, string>;

/** Every operation of the manifest: its document id, name and type. */
export const OPERATIONS = Object.entries(MANIFEST).flatMap(([id, text]) =>
  parse(text)
    .definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
    .map((operation) => ({ id, name: operation.name!.value, type: operation.operation, operation })),
);
export const byName = (name: string) => OPERATIONS.find((o) => o.name === name)!;

export async function post(stack: Stack, body: Record<string, unknown>): Promise<Answer> {
  const response = await fetch(`${stack.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.token('t1')}` },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as Partial<Answer>;
  return { status: response.status, errors: json.errors ?? [], data: json.data ?? null };
}

/** A query or mutation over graphql-ws, until it completes or is refused. */
export function overWs(ws: WsTestClient, payload: Record<string, unknown>): Promise<WsAnswer> {
  return new Promise((resolve) => {
    const answer: WsAnswer = { events: [], error: null };
    ws.client.subscribe({ query: '', ...payload } as SubscribePayload, {
      next: (value) => answer.events.push(value as WsAnswer['events'][number]),
      error: (error) => resolve({ ...answer, error: error as Answer['errors'] }),
      complete: () => resolve(answer),
    });
  });
}

export const codesOf = (errors: readonly { extensions?: Record<string, unknown> }[] | null | undefined) => (errors ?? []).map((e) => e.extensions?.code);
