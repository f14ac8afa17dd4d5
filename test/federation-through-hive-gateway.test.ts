import { composeServices } from '@apollo/composition';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execute, Kind, parse, print, visit, type DocumentNode, type ObjectTypeDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { gatewayConfig } from '../examples/federation/gateway.config.js';
import { validateConfig } from '../src/config/load.js';
import { entityTypes, subgraphSdl, subgraphTypeDefs } from '../src/graph/federation.js';
import { decodeId } from '../src/graph/ids.js';
import { hiveHttpTransport } from './support/hive-http-transport.js';
import { harvest, idsOf, type Harvest } from './support/id-harvest.js';
import { operation, startStack, type Stack } from './support/stack.js';

/**
 * Our graph as a Federation 2 subgraph behind a real router: the gateway serves `/subgraph`, a
 * second subgraph ("notes") extends `Conversation`, `@apollo/composition` composes the two, and
 * Hive Gateway (the runtime, with examples/federation/gateway.config.ts's options) serves the
 * supergraph. Queries go through it with the caller's token forwarded to our subgraph; `_entities`
 * is also asked directly, for every key type, across tenants.
 */
const OURS = 't1';
const FOREIGN = 't2';

type GqlError = { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> };
type Answer<T> = { status: number; data: T | null; errors?: GqlError[] };

let stack: Stack;
let notes: NotesSubgraph;
let hive: { server: Server; url: string; dispose(): Promise<void> };
let supergraphErrors: unknown;
let ours: Harvest;
let theirs: Harvest;

/** POST a document to a URL with a tenant's token (or none). */
async function post<T>(url: string, query: string, variables: Record<string, unknown>, token: string | null, headers: Record<string, string> = {}): Promise<Answer<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T | null; errors?: GqlError[] };
  return { status: response.status, data: body.data ?? null, ...(body.errors ? { errors: body.errors } : {}) };
}

const subgraphUrl = () => `${stack.url}${stack.config.server.subgraph.path}`;
const token = (tenant = OURS) => stack.token(tenant);

beforeAll(async () => {
  stack = await startStack({
    tenants: [
      { id: OURS, seed: 'federation-ours', size: 8 },
      { id: FOREIGN, seed: 'federation-foreign', size: 8 },
    ],
    config: { server: { subgraph: { enabled: true } } },
  });
  ours = await harvest(stack, OURS, 'alice', 2);
  theirs = await harvest(stack, FOREIGN, 'alice', 2);

  // The notes service: two of our tenant's conversations carry notes, and one of the other tenant's.
  const [first, second] = ours.conversations.get('voxys')!;
  const [foreign] = theirs.conversations.get('chatvolt')!;
  notes = await startNotesSubgraph([
    { id: 'n1', text: 'Called back, wants the annual plan', conversationId: first! },
    { id: 'n2', text: 'Invoice sent', conversationId: first! },
    { id: 'n3', text: 'VIP: answer within the hour', conversationId: second! },
    { id: 'n4', text: 'Another tenant’s note', conversationId: foreign! },
  ]);

  // What `rover supergraph compose` does with `subgraph_url`: our SDL from `_service`, with a token.
  const service = await post<{ _service: { sdl: string } }>(subgraphUrl(), '{ _service { sdl } }', {}, await token());
  expect(service.errors).toBeUndefined();
  const composed = composeServices([
    { name: 'inbox', typeDefs: parse(service.data!._service.sdl), url: subgraphUrl() },
    { name: 'notes', typeDefs: NOTES_TYPE_DEFS, url: notes.url },
  ]);
  supergraphErrors = composed.errors;
  if (composed.errors) return;

  const runtime = createGatewayRuntime({ ...gatewayConfig, supergraph: composed.supergraphSdl, transports: { http: hiveHttpTransport }, logging: false });
  const server = createServer(runtime);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hive = {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    async dispose() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.dispose();
    },
  };
}, 60_000);

afterAll(async () => {
  await hive?.dispose();
  await notes?.close();
  await stack?.close();
});

describe('the subgraph', () => {
  it('composes with another subgraph without errors', () => {
    expect(supergraphErrors).toBeUndefined();
  });

  it('publishes @key(fields: "id") on every type with a global id in _service.sdl; the plain /graphql has no federation fields', async () => {
    const { data } = await post<{ _service: { sdl: string } }>(subgraphUrl(), '{ _service { sdl } }', {}, await token());
    const sdl = data!._service.sdl;
    expect(sdl).toBe(subgraphSdl()); // what npm run subgraph:sdl prints
    const entities = entityTypes(subgraphTypeDefs());
    expect(entities.map((e) => e.name)).toEqual(expect.arrayContaining(['Conversation', 'Message', 'Contact', 'Agent', 'Lead']));
    const keys = new Map(
      parse(sdl)
        .definitions.filter((d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION)
        .map((d) => [d.name.value, (d.directives ?? []).filter((k) => k.name.value === 'key').map((k) => print(k))]),
    );
    for (const { name, resolvable } of entities) {
      expect(keys.get(name), name).toEqual([resolvable ? '@key(fields: "id")' : '@key(fields: "id", resolvable: false)']);
    }
    // Nothing else is an entity (Viewer's id is the token's sub, not a global id).
    expect(
      [...keys]
        .filter(([, k]) => k.length > 0)
        .map(([name]) => name)
        .sort(),
    ).toEqual(entities.map((e) => e.name).sort());
    const plain = await stack.gql('{ _service { sdl } }');
    expect(plain.status).toBe(400);
    expect(plain.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses a request without a token with 401, before any platform call', async () => {
    stack.resetCounts();
    const answer = await post(subgraphUrl(), '{ _service { sdl } }', {}, null);
    expect(answer.status).toBe(401);
    expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(Object.values(stack.upstreamCalls(OURS)).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('round-trips every key type through _entities exactly as node answers it: contacts and agents where their platform reads them by id', async () => {
    const caller = await token();
    const resolved = new Map<string, Set<string>>();
    for (const { name, resolvable } of entityTypes(subgraphTypeDefs())) {
      const ids = idsOf(ours, name);
      expect(ids.length, `the screens hand out ${name} ids`).toBeGreaterThan(0);
      const answer = await post<{ _entities: ({ __typename: string; id: string } | null)[] }>(
        subgraphUrl(),
        `query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on ${name} { id } } }`,
        { r: ids.map((id) => ({ __typename: name, id })) },
        caller,
      );
      const errorAt = new Map((answer.errors ?? []).map((e) => [e.path![1], e.extensions?.code]));
      for (const [i, id] of ids.entries()) {
        const viaNode = await stack.gql<{ node: { id: string } | null }>('query($id: ID!) { node(id: $id) { id } }', { id });
        const source = decodeId(id)!.sourceKey;
        if (viaNode.data?.node) {
          expect(answer.data!._entities[i], `${name} from ${source}`).toEqual({ __typename: name, id });
          expect(errorAt.has(i)).toBe(false);
          if (!resolved.has(name)) resolved.set(name, new Set());
          resolved.get(name)!.add(source);
        } else {
          expect(answer.data!._entities[i], `${name} from ${source}`).toBeNull();
          expect(errorAt.get(i), `${name} from ${source}`).toBe(viaNode.errors![0]!.extensions!.code);
          expect(viaNode.errors![0]!.extensions!.code).toBe(resolvable ? 'NOT_FOUND' : 'BAD_USER_INPUT');
        }
      }
      if (resolvable && name !== 'Contact' && name !== 'Agent') expect(errorAt.size, name).toBe(0);
    }
    // Voxys reads a contact by id (GET /contacts/{id}); agents come from Voxys' /agents, Iron's
    // /org/members and Chatvolt's assignees. VoiceGlow has neither, Chatvolt and Iron no contact read.
    expect(resolved.get('Contact')).toEqual(new Set(['voxys']));
    expect(resolved.get('Agent')).toEqual(new Set(['voxys', 'chatvolt', 'iron']));
    const refused = idsOf(ours, 'Contact').filter((id) => decodeId(id)!.sourceKey !== 'voxys');
    const answer = await post<{ _entities: unknown[] }>(
      subgraphUrl(),
      'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }',
      { r: [{ __typename: 'Contact', id: refused[0] }] },
      caller,
    );
    expect(answer.errors?.[0]?.message).toMatch(/cannot look up a contact by id/);
  });

  it("answers another tenant's references, malformed ids and ids of another type with null and NOT_FOUND, without calling a platform", async () => {
    const references: { __typename: string; id: string }[] = [];
    for (const { name, resolvable } of entityTypes(subgraphTypeDefs())) {
      if (resolvable) references.push(...idsOf(theirs, name).map((id) => ({ __typename: name, id })));
    }
    expect([...new Set(references.map((r) => r.__typename))]).toEqual(expect.arrayContaining(['Conversation', 'Message', 'Lead', 'Contact', 'Agent']));
    references.push(
      { __typename: 'Conversation', id: 'not-an-id' },
      { __typename: 'Conversation', id: idsOf(ours, 'Lead')[0]! },
      { __typename: 'Lead', id: idsOf(ours, 'Conversation')[0]! },
      { __typename: 'Contact', id: idsOf(ours, 'Agent')[0]! },
    );
    stack.resetCounts();
    const answer = await post<{ _entities: unknown[] }>(
      subgraphUrl(),
      'query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Conversation { id title } ... on Lead { id name } ... on Message { id content } ... on Contact { id name } ... on Agent { id name } } }',
      { r: references },
      await token(),
    );
    expect(answer.data!._entities).toEqual(references.map(() => null));
    expect(answer.errors!.map((e) => e.extensions?.code)).toEqual(references.map(() => 'NOT_FOUND'));
    expect(answer.errors!.map((e) => e.path![1]).sort((a, b) => Number(a) - Number(b))).toEqual(references.map((_r, i) => i));
    const calls = { ...stack.upstreamCalls(OURS), ...prefixed(stack.upstreamCalls(FOREIGN)) };
    expect(Object.values(calls).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('answers a malformed representation with null and BAD_USER_INPUT at its own index, the others resolved, without a platform call for it', async () => {
    const conversation = idsOf(ours, 'Conversation')[0]!;
    const representations: unknown[] = [
      { __typename: 'Nope', id: 'x' },
      { id: 'x' },
      5,
      { __typename: 'Viewer', id: 'x' },
      { __typename: 'Conversation', id: 42 },
      { __typename: 'Conversation' },
      'Conversation',
      [{ __typename: 'Conversation', id: conversation }],
      { __typename: 'Conversation', id: conversation },
    ];
    const answer = await post<{ _entities: ({ __typename: string; id: string } | null)[] }>(
      subgraphUrl(),
      'query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Conversation { id } } }',
      { r: representations },
      await token(),
    );
    expect(answer.status).toBe(200);
    expect(answer.data!._entities).toEqual([...representations.slice(0, -1).map(() => null), { __typename: 'Conversation', id: conversation }]);
    const bad = representations.length - 1;
    expect(answer.errors!.map((e) => e.path)).toEqual(Array.from({ length: bad }, (_v, i) => ['_entities', i]));
    for (const error of answer.errors!) {
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error.message).not.toMatch(/internal|_entities resolver/i);
    }
    expect(answer.errors![0]!.message).toMatch(/Nope is not an entity of this subgraph/);
    expect(answer.errors![1]!.message).toMatch(/needs a __typename/);
    expect(answer.errors![4]!.message).toMatch(/needs a string id/);

    // Nothing valid at all: still 200 with every entry null, never a 500.
    stack.resetCounts();
    const none = await post<{ _entities: unknown[] }>(
      subgraphUrl(),
      'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }',
      { r: [5, { id: 'x' }] },
      await token(),
    );
    expect(none.status).toBe(200);
    expect(none.data!._entities).toEqual([null, null]);
    expect(none.errors!.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT']);
    expect(Object.values(stack.upstreamCalls(OURS)).reduce((a, b) => a + b, 0)).toBe(0);
  });
});

describe('the same pipeline', () => {
  it('counts each representation in the cost: a flood of references is QUERY_TOO_COMPLEX before any platform call', async () => {
    const id = idsOf(ours, 'Conversation')[0]!;
    stack.resetCounts();
    const answer = await post(
      subgraphUrl(),
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Conversation { id title contact { name } } } }',
      { r: Array.from({ length: 2_000 }, () => ({ __typename: 'Conversation', id })) },
      await token(),
    );
    expect(answer.status).toBe(400);
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'maxCost' });
    expect(Object.values(stack.upstreamCalls(OURS)).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('sends no inline trace (ftv1) when a router asks for one: resolver timings and unmasked errors stay in', async () => {
    const response = await fetch(subgraphUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await token()}`, 'apollo-federation-include-trace': 'ftv1' },
      body: JSON.stringify({ query: 'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }', variables: { r: [{ __typename: 'Conversation', id: 'x' }] } }),
    });
    const body = (await response.json()) as { extensions?: Record<string, unknown>; errors?: GqlError[] };
    expect(body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(body.extensions?.ftv1).toBeUndefined();
  });

  it('refuses a configuration whose subgraph would require persisted documents (a router sends its plans as text)', () => {
    const base = { auth: stack.config.auth, tenants: { t: { sources: { v: { type: 'voxys', baseUrl: 'http://x', apiAccessToken: 't', accountId: 1 } } } } };
    const server = (subgraph: Record<string, unknown>) => ({ ...base, security: { persistedDocuments: 'require' }, server: { subgraph } });
    expect(() => validateConfig(server({ enabled: true }))).toThrow(/server\.subgraph\.persistedDocuments/);
    expect(validateConfig(server({ enabled: true, persistedDocuments: 'allow' })).server.subgraph).toEqual({ enabled: true, path: '/subgraph', persistedDocuments: 'allow' });
    expect(() => validateConfig({ ...base, server: { subgraph: { enabled: true, path: '/graphql' } } })).toThrow(/server\.subgraph\.path/);
  });
});

describe('the README', () => {
  it('shows examples/federation/ as they are: the Hive Gateway config this test runs, router.yaml and supergraph.yaml', async () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const file of ['gateway.config.ts', 'router.yaml', 'supergraph.yaml']) {
      const text = readFileSync(`examples/federation/${file}`, 'utf8');
      expect(readme, file).toContain(`\n${text}\`\`\`\n`);
    }
    // Apollo Router propagates the same headers as the Hive Gateway config; rover composes with the version this test uses.
    const router = parseYaml(readFileSync('examples/federation/router.yaml', 'utf8')) as { headers: { all: { request: { propagate: { named: string } }[] } } };
    const request = new Request('http://client.test/graphql', { headers: { authorization: 'Bearer x', 'x-request-id': 'r' } });
    const propagated = await gatewayConfig.propagateHeaders.fromClientToSubgraphs({ request } as never);
    expect(router.headers.all.request.map((rule) => rule.propagate.named)).toEqual(Object.keys(propagated));
    const supergraph = parseYaml(readFileSync('examples/federation/supergraph.yaml', 'utf8')) as { federation_version: string };
    expect(supergraph.federation_version).toBe(`=${(JSON.parse(readFileSync('node_modules/@apollo/composition/package.json', 'utf8')) as { version: string }).version}`);
  });
});

describe('through Hive Gateway', () => {
  it('answers an InboxScreen whose rows carry the notes subgraph’s field, our part exactly as /graphql answers it', async () => {
    const withNotes = addNotesToRows(parse(operation('InboxScreen')));
    const viaRouter = await post<InboxData>(hive.url, withNotes, { first: 25 }, await token());
    expect(viaRouter.errors).toBeUndefined();
    const rows = viaRouter.data!.conversations.edges.map((e) => e.node);
    expect(rows).toHaveLength(25);

    const direct = await stack.gql<InboxData>(operation('InboxScreen'), { first: 25 });
    const withoutNotes = rows.map(({ notes: _notes, ...row }) => row);
    expect(withoutNotes).toEqual(direct.data!.conversations.edges.map((e) => e.node));
    expect(viaRouter.data!.conversations.counts).toEqual(direct.data!.conversations.counts);

    for (const row of rows) expect(row.notes.map((n) => n.text)).toEqual(notes.textsOf(row.id));
    expect(rows.filter((row) => row.notes.length > 0).length).toBeGreaterThan(0);
  });

  it('starts at the notes subgraph and resolves our Conversation fields through _entities, for the caller’s tenant only', async () => {
    const answer = await post<{ latestNotes: { text: string; conversation: { id: string; title: string | null; source: string } | null }[] }>(
      hive.url,
      '{ latestNotes { text conversation { id title source } } }',
      {},
      await token(),
    );
    const byText = new Map(answer.data!.latestNotes.map((n) => [n.text, n.conversation]));
    for (const note of notes.all.filter((n) => ours.conversations.get('voxys')!.includes(n.conversationId))) {
      const direct = await stack.gql<{ conversation: { id: string; title: string | null; source: string } }>('query($id: ID!) { conversation(id: $id) { id title source } }', {
        id: note.conversationId,
      });
      expect(byText.get(note.text)).toEqual(direct.data!.conversation);
    }
    // The other tenant's conversation is not ours to show: null, with NOT_FOUND from our subgraph.
    expect(byText.get('Another tenant’s note')).toBeNull();
    // Hive Gateway reports the entity's error on each field it cost (title, source): all NOT_FOUND, from us.
    expect(answer.errors?.length).toBeGreaterThan(0);
    for (const error of answer.errors!) expect(error.extensions).toMatchObject({ code: 'NOT_FOUND', serviceName: 'inbox' });
    const foreignId = notes.all.find((n) => n.text === 'Another tenant’s note')!.conversationId;
    const foreign = await stack.gql<{ conversation: { title: string } }>('query($id: ID!) { conversation(id: $id) { title } }', { id: foreignId }, { tenant: FOREIGN });
    expect(foreign.data!.conversation.title.length).toBeGreaterThan(0);
    expect(JSON.stringify(answer)).not.toContain(foreign.data!.conversation.title);
  });

  it('forwards the caller’s token: another tenant’s caller sees their own inbox; no token is UNAUTHENTICATED from our subgraph', async () => {
    const theirInbox = await post<InboxData>(hive.url, '{ conversations(first: 5) { edges { node { id } } } }', {}, await token(FOREIGN));
    expect(theirInbox.errors).toBeUndefined();
    const theirIds = new Set([...theirs.conversations.values()].flat());
    expect(theirInbox.data!.conversations.edges.every((e) => theirIds.has(e.node.id))).toBe(true);

    const anonymous = await post<InboxData>(hive.url, '{ conversations(first: 5) { edges { node { id } } } }', {}, null);
    expect(anonymous.data).toBeNull();
    expect(anonymous.errors).toEqual([expect.objectContaining({ path: ['conversations'], extensions: { code: 'UNAUTHENTICATED', serviceName: 'inbox' } })]);
  });

  it('propagates authorization and x-request-id to every subgraph, as gateway.config.ts says', async () => {
    const caller = await token();
    notes.seen.length = 0;
    await post(hive.url, '{ latestNotes { text } }', {}, caller, { 'x-request-id': 'federation-test-42' });
    expect(notes.seen).toEqual([{ authorization: `Bearer ${caller}`, 'x-request-id': 'federation-test-42' }]);
  });
});

// ---------------------------------------------------------------------------------------------

type InboxRow = { id: string; notes: { text: string }[] } & Record<string, unknown>;
type InboxData = { conversations: { counts: unknown; edges: { node: InboxRow }[] } };

/** InboxScreen as a frontend of the supergraph would write it: each row (`edges.node`) also selects `notes { text }`. */
function addNotesToRows(document: DocumentNode): string {
  const notesField = (parse('{ notes { text } }').definitions[0] as OperationDefinitionNode).selectionSet.selections[0]!;
  return print(
    visit(document, {
      Field: (field) =>
        field.name.value === 'node' && field.selectionSet
          ? { ...field, selectionSet: { ...field.selectionSet, selections: [...field.selectionSet.selections, notesField] } }
          : undefined,
    }),
  );
}

function prefixed(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([k, v]) => [`${FOREIGN}:${k}`, v]));
}

// --- the notes subgraph ----------------------------------------------------------------------

const NOTES_TYPE_DEFS = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

  "A note a team wrote about a conversation, kept by the notes service."
  type Note {
    id: ID!
    text: String!
    "The conversation it is about (resolved by the inbox subgraph)."
    conversation: Conversation
  }

  type Conversation @key(fields: "id") {
    id: ID!
    "Notes about this conversation, oldest first."
    notes: [Note!]!
  }

  type Query {
    "Every note, newest first."
    latestNotes: [Note!]!
  }
`);

interface NoteRecord {
  id: string;
  text: string;
  conversationId: string;
}

interface NotesSubgraph {
  url: string;
  all: readonly NoteRecord[];
  textsOf(conversationId: string): string[];
  /** The propagated headers of each request it received. */
  seen: { authorization: string | undefined; 'x-request-id': string | undefined }[];
  close(): Promise<void>;
}

/** A tiny subgraph over node:http: buildSubgraphSchema, graphql-js's execute, JSON in and out. */
async function startNotesSubgraph(records: NoteRecord[]): Promise<NotesSubgraph> {
  const textsOf = (conversationId: string) => records.filter((n) => n.conversationId === conversationId).map((n) => n.text);
  const schema = buildSubgraphSchema({
    typeDefs: NOTES_TYPE_DEFS,
    resolvers: {
      Query: { latestNotes: () => [...records].reverse() },
      Note: { conversation: (note: NoteRecord) => ({ __typename: 'Conversation', id: note.conversationId }) },
      Conversation: {
        __resolveReference: (reference: { id: string }) => ({ id: reference.id }),
        notes: (conversation: { id: string }) => records.filter((n) => n.conversationId === conversation.id),
      },
    },
  });
  const seen: NotesSubgraph['seen'] = [];
  const server = createServer((request, response) => {
    seen.push({ authorization: request.headers.authorization, 'x-request-id': request.headers['x-request-id'] as string | undefined });
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      void (async () => {
        const { query, variables, operationName } = JSON.parse(body) as { query: string; variables?: Record<string, unknown>; operationName?: string };
        const result = await execute({ schema, document: parse(query), variableValues: variables ?? {}, operationName: operationName ?? null });
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    all: records,
    textsOf,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
