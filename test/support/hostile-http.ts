import type { RawRequest } from './raw-http.js';

/**
 * Generated hostile HTTP requests against `POST|GET /graphql`: deep, wide, alias and directive
 * floods, fragment cycles and bombs, batches, malformed JSON, wrong types, huge variables, 10 MB
 * bodies, odd content types, methods, targets and credentials. Deterministic: variant `i` of a
 * kind is always the same request. Every one of them deserves a 4xx or a GraphQL error.
 */
export type HostileKind =
  | 'deep'
  | 'wide'
  | 'aliases'
  | 'directives'
  | 'fragment-cycle'
  | 'fragment-bomb'
  | 'batch'
  | 'malformed-json'
  | 'wrong-types'
  | 'huge-variables'
  | 'ten-megabytes'
  | 'get'
  | 'content-type'
  | 'credentials';

export interface HostileRequest {
  kind: HostileKind;
  variant: number;
  request: RawRequest;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const pick = <T>(items: readonly T[], i: number): T => items[i % items.length]!;

/** Documents the schema refuses by shape (also sent over graphql-ws). */
export function hostileDocument(kind: 'deep' | 'wide' | 'aliases' | 'directives' | 'fragment-cycle' | 'fragment-bomb', i: number): string {
  switch (kind) {
    case 'deep': {
      const n = 7 + (i % 40);
      return `{ conversation(id: "x") { ${'lastMessage { conversation { '.repeat(n)} id ${'} } '.repeat(n)} } }`;
    }
    case 'wide':
      return i % 2 === 0 ? `{ ${'__typename '.repeat(5_001 + i * 97)} }` : `{ viewer { ${'id tenant '.repeat(2_600 + i * 31)} } }`;
    case 'aliases':
      return `{ ${range(31 + i * 17)
        .map((k) => `a${k}: node(id: "x${k}") { id }`)
        .join(' ')} }`;
    case 'directives': {
      const directive = pick(['@include(if: true) ', '@skip(if: false) ', '@deprecated ', '@nope ', '@include(if: true) @skip(if: false) '], i);
      return `{ viewer { id ${directive.repeat(10 + i * 23)} } }`;
    }
    case 'fragment-cycle': {
      const k = 1 + (i % 25);
      return `query { ...F0 } ${range(k)
        .map((j) => `fragment F${j} on Query { viewer { id } ...F${(j + 1) % k} }`)
        .join(' ')}`;
    }
    case 'fragment-bomb': {
      const levels = 4 + (i % 12);
      const fragments = range(levels).map((j) =>
        j === 0
          ? `fragment F0 on Conversation { id title }`
          : `fragment F${j} on Conversation { a: lastMessage { conversation { ...F${j - 1} } } b: lastMessage { conversation { ...F${j - 1} } } }`,
      );
      return `{ conversations(first: 100) { edges { node { ...F${levels - 1} } } } } ${fragments.join(' ')}`;
    }
  }
}

/** The `variant`-th request of a kind, authenticated with `token` unless the kind is about credentials. */
export function hostileRequest(kind: HostileKind, variant: number, token: string): HostileRequest {
  const auth = { authorization: `Bearer ${token}` };
  const post = (body: string | Buffer, headers: Record<string, string> = {}, extra: Partial<RawRequest> = {}): RawRequest => ({
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', ...auth, ...headers },
    body,
    ...extra,
  });
  const operation = (query: unknown, variables?: unknown, more: Record<string, unknown> = {}) => post(JSON.stringify({ query, variables, ...more }));
  const i = variant;
  const request = ((): RawRequest => {
    switch (kind) {
      case 'deep':
      case 'wide':
      case 'aliases':
      case 'directives':
      case 'fragment-cycle':
      case 'fragment-bomb':
        return operation(hostileDocument(kind, i));
      case 'batch':
        return post(JSON.stringify(range(i % 3 === 0 ? 0 : 2 + i * 7).map(() => ({ query: '{ viewer { id } }' }))));
      case 'malformed-json':
        return post(malformedJson(i));
      case 'wrong-types':
        return wrongTypes(i, operation);
      case 'huge-variables':
        return hugeVariables(i, operation);
      case 'ten-megabytes': {
        const body = JSON.stringify({ query: '{ viewer { id } }', variables: { pad: 'x'.repeat(10 * 1024 * 1024) } });
        if (i % 4 === 1) return post(body, {}, { chunked: true });
        if (i % 4 === 2) return post(body, { authorization: 'Bearer not-a-token' });
        if (i % 4 === 3) return post(body, { 'content-type': 'text/plain' });
        return post(body);
      }
      case 'get': {
        const query = pick(
          [
            hostileDocument('deep', i),
            hostileDocument('aliases', i % 5),
            'mutation { markConversationRead(input: { conversationId: "x" }) { userErrors { code } } }',
            '{ viewer { id ',
            'x'.repeat(40_000),
          ],
          i,
        );
        return { method: 'GET', path: `/graphql?query=${encodeURIComponent(query)}`, headers: { ...auth, 'apollo-require-preflight': 'true' } };
      }
      case 'content-type':
        return post('{ viewer { id } }', {
          'content-type': pick(
            ['text/plain', 'application/graphql', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/xml', 'application/json; charset=utf-16'],
            i,
          ),
        });
      case 'credentials': {
        const headers = pick(
          [
            { authorization: '' },
            { authorization: 'Bearer' },
            { authorization: `Bearer ${token}x` },
            { authorization: 'Basic YWxpY2U6c2VjcmV0' },
            { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSIsInRlbmFudCI6InQxIn0.' },
            { authorization: `Bearer ${'a'.repeat(8_000)}` },
            { authorization: `Bearer ${'a'.repeat(70_000)}` },
          ],
          i,
        );
        return post(JSON.stringify({ query: '{ viewer { id } }' }), headers);
      }
    }
  })();
  return { kind, variant, request };
}

function malformedJson(i: number): string | Buffer {
  const fixed: (string | Buffer)[] = [
    '',
    '{',
    '{"query": "{ viewer { id } }"',
    '{"query": "{ viewer { id } }"}}',
    '{"query": }',
    'null',
    'true',
    '42',
    '"{ viewer { id } }"',
    '\uFEFF{"query": "{ viewer { id ',
    "{'query': '{ viewer { id } }'}",
    '{"query": "{ viewer { id } }", }',
    Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x22, 0x00]),
    Buffer.from([0x7b, 0x22, 0x71, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]),
    `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
    `{"query": "query($f: ConversationFilter) { conversations(first: 1, filter: $f) { edges { cursor } } }", "variables": {"f": ${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}}`,
  ];
  if (i < fixed.length) return fixed[i]!;
  // Seeded garbage: bytes of every value, of every length up to 64 kB.
  let state = i * 2_654_435_761;
  const next = () => (state = (state * 1_103_515_245 + 12_345) >>> 0) & 0xff;
  return Buffer.from(range(1 + ((i * 977) % 65_536)).map(() => next()));
}

function wrongTypes(i: number, operation: (query: unknown, variables?: unknown, more?: Record<string, unknown>) => RawRequest): RawRequest {
  const first = 'query($first: Int) { conversations(first: $first) { edges { cursor } } }';
  const node = 'query($id: ID!) { node(id: $id) { id } }';
  const nodes = 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }';
  const filter = 'query($f: ConversationFilter) { conversations(first: 1, filter: $f) { edges { cursor } } }';
  const cases: [unknown, unknown?, Record<string, unknown>?][] = [
    [1],
    [{}],
    [['{ viewer { id } }']],
    [null],
    [true],
    [undefined],
    ['{ viewer { id } }', 'x'],
    ['{ viewer { id } }', 5],
    ['{ viewer { id } }', ['x']],
    ['{ viewer { id } }', undefined, { operationName: 5 }],
    ['{ viewer { id } }', undefined, { operationName: {} }],
    ['{ viewer { id } }', undefined, { operationName: 'Nope' }],
    ['{ viewer { id } }', undefined, { extensions: 'x' }],
    ['{ viewer { id } }', undefined, { extensions: { persistedQuery: { version: 1, sha256Hash: 'nope' } } }],
    [first, { first: 'abc' }],
    [first, { first: 1.5 }],
    [first, { first: 2 ** 40 }],
    [first, { first: -1 }],
    [first, { first: [] }],
    [first, { first: {} }],
    [node, { id: null }],
    [node, { id: {} }],
    [node, { id: [] }],
    [node, { id: true }],
    [node, {}],
    [nodes, { ids: [null] }],
    [nodes, { ids: 5 }],
    [nodes, { ids: [{}] }],
    [filter, { f: { sources: ['NOPE'] } }],
    [filter, { f: { status: 5 } }],
    [filter, { f: { unknown: 1 } }],
    [filter, { f: 'x' }],
    ['query($x: Nope) { viewer { id } }', { x: 1 }],
    ['mutation { sendMessage(input: { conversationId: 5, content: null }) { userErrors { code } } }'],
    ['subscription { messageAdded { cursor } }'],
    ['query A { viewer { id } } query A { viewer { id } }'],
    ['query A { viewer { id } } query B { viewer { id } }'],
  ];
  const [query, variables, more] = cases[i % cases.length]!;
  return operation(query, variables, more);
}

function hugeVariables(i: number, operation: (query: unknown, variables?: unknown) => RawRequest): RawRequest {
  const size = 100_000 + ((i * 37_000) % 850_000);
  switch (i % 5) {
    case 0:
      return operation('query($id: ID!) { node(id: $id) { id } }', { id: 'x'.repeat(size) });
    case 1:
      return operation('query($first: Int) { conversations(first: $first) { edges { cursor } } }', { first: 'x'.repeat(size) });
    case 2:
      return operation('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: range(Math.floor(size / 10)).map((k) => `id-${k}`) });
    case 3:
      return operation('query($id: ID!) { node(id: $id) { id } }', { id: 'x', ...Object.fromEntries(range(Math.floor(size / 20)).map((k) => [`pad${k}`, k])) });
    default:
      return operation('query($after: String) { conversations(first: 1, after: $after) { edges { cursor } } }', { after: 'eyJ2IjoxfQ'.repeat(Math.floor(size / 10)) });
  }
}
