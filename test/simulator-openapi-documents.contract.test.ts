import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_DIR_ENV } from '../simulators/common/contract-check.js';
import { SimServer, type SimPlatform } from '../simulators/common/server.js';
import { json, object, int, str } from '../simulators/common/openapi.js';
import { SIMULATED_SOURCES, startSimulators, type SimulatorSet } from '../simulators/index.js';

/**
 * Each simulator's `GET /openapi.json` declares exactly the routes it serves, each with its
 * parameters, bodies and answers (errors included) as JSON Schemas that compile; and the answer
 * check (simulators/common/contract-check.ts) is real: it flags an answer off its declaration,
 * passes the platforms' own error answers, and leaves the garbage knob's answers alone. The suite
 * wide check is test/simulator-contracts-hold-across-the-suite.test.ts.
 */

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;

interface Operation {
  operationId: string;
  parameters: { name: string; in: string; required?: boolean; schema: Record<string, unknown> }[];
  security: Record<string, string[]>[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Record<string, unknown> }> }>;
  'x-undeclared'?: boolean;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>>; securitySchemes: Record<string, unknown> };
}

let sims: SimulatorSet;
const documents = {} as Record<(typeof SIMULATED_SOURCES)[number], Document>;

beforeAll(async () => {
  sims = await startSimulators({ seed: 'openapi-documents', size: 12 });
  for (const source of SIMULATED_SOURCES) documents[source] = (await (await fetch(`${sims.urls[source]}/openapi.json`)).json()) as Document;
});
afterAll(() => sims?.close());

function operationsOf(doc: Document): [string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op] as [string, Operation]));
}

/** A value a path parameter's schema accepts (the route must match it; the record need not exist). */
function sample(schema: Record<string, unknown>): string {
  if (schema.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
  if (Array.isArray(schema.enum)) return String(schema.enum[0]);
  if (schema.pattern === '^\\d+$') return '1';
  return 'x';
}

describe.each(SIMULATED_SOURCES)('%s: GET /openapi.json', (source) => {
  it('declares every served route and nothing else, each with its answers', () => {
    const doc = documents[source];
    expect(doc.openapi).toBe('3.1.0');
    const served = sims[source].server.routeKeys().map((key) => key.replace(/:([A-Za-z_]+)/g, '{$1}'));
    const declared = operationsOf(doc).map(([key]) => key);
    expect([...declared].sort()).toEqual([...new Set(served)].sort());
    const undeclared = operationsOf(doc)
      .filter(([, op]) => op['x-undeclared'] === true)
      .map(([key]) => key);
    expect(undeclared, 'routes without a declaration in the platform’s openapi.ts').toEqual([]);
    // No stale declaration: each entry of the platform's operations is a served route.
    const contractKeys = Object.keys(sims[source].server.platform.contract?.operations ?? {});
    expect(contractKeys.filter((key) => !sims[source].server.routeKeys().includes(key))).toEqual([]);
    for (const [key, op] of operationsOf(doc)) {
      const success = Object.keys(op.responses).filter((status) => /^2\d\d$/.test(status));
      expect(success.length, `${key} declares a success answer`).toBeGreaterThan(0);
      const pathNames = [...key.matchAll(/\{([A-Za-z_]+)\}/g)].map((m) => m[1]);
      expect(
        op.parameters.filter((p) => p.in === 'path').map((p) => p.name),
        `${key} path parameters`,
      ).toEqual(pathNames);
      if (op.security.length > 0) {
        // Authenticated routes declare the platform's refusal and its faults.
        for (const status of ['429', '500', '503']) expect(op.responses[status], `${key} declares ${status}`).toBeDefined();
        for (const requirement of op.security) for (const scheme of Object.keys(requirement)) expect(doc.components.securitySchemes[scheme]).toBeDefined();
      }
    }
  });

  it('has query and header parameters where the platform reads them', () => {
    const params = operationsOf(documents[source]).flatMap(([, op]) => op.parameters.filter((p) => p.in !== 'path'));
    expect(params.length).toBeGreaterThan(0);
  });

  it('holds JSON Schemas that compile (Ajv, 2020-12 strict) with every $ref resolved', () => {
    const doc = documents[source];
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
    addFormats(ajv);
    const rewrite = (schema: unknown): unknown => JSON.parse(JSON.stringify(schema).replaceAll('#/components/schemas/', 'doc#/$defs/'));
    ajv.addSchema({ $id: 'doc', $defs: rewrite(doc.components.schemas) } as never);
    let compiled = 0;
    for (const [key, op] of operationsOf(doc)) {
      const schemas = [
        ...Object.values(op.responses).flatMap((r) => Object.values(r.content ?? {}).map((m) => m.schema)),
        ...Object.values(op.requestBody?.content ?? {}).map((m) => m.schema),
        ...op.parameters.map((p) => p.schema),
      ];
      for (const schema of schemas) {
        expect(() => ajv.compile(rewrite(schema) as object), key).not.toThrow();
        compiled++;
      }
    }
    expect(compiled).toBeGreaterThan(10);
  });

  it('serves every documented path (a call to each reaches its route, none is unmatched)', async () => {
    const { server } = sims[source];
    server.resetCounts();
    const ops = operationsOf(documents[source]);
    for (const [key, op] of ops) {
      const [method, template] = key.split(' ') as [string, string];
      const params = Object.fromEntries(op.parameters.filter((p) => p.in === 'path').map((p) => [p.name, sample(p.schema)]));
      const path = template.replace(/\{([A-Za-z_]+)\}/g, (_, name: string) => encodeURIComponent(params[name]!));
      const response = await fetch(`${sims.urls[source]}${path}`, { method, ...(method === 'GET' ? {} : { body: '{}', headers: { 'content-type': 'application/json' } }) });
      await response.arrayBuffer();
    }
    const counts = server.requestCounts().byRoute;
    expect(counts['(unmatched)']).toBeUndefined();
    expect(Object.keys(counts).sort()).toEqual([...new Set(server.routeKeys())].sort());
  });

  it("validates the platform's own refusals and faults: no credentials, unknown records, 429, 500, 503", async () => {
    const { server } = sims[source];
    const before = await violations(source);
    // A read of one record (an id besides the account or agent scope).
    const key = Object.keys(server.platform.contract!.operations).find((k) => k.startsWith('GET ') && /:(?!account_id|agentId)/.test(k))!;
    const [, template] = key.split(' ') as [string, string];
    const path = template.replace(/:([A-Za-z_]+)/g, (_, name: string) =>
      name === 'account_id' ? sims.voxys.sourceConfig.accountId! : name === 'agentId' ? sims.voiceglow.sourceConfig.agentId! : '0',
    );
    const auth = authHeaders(source);
    const statuses: number[] = [];
    const call = async (headers: Record<string, string>) => {
      const response = await fetch(`${sims.urls[source]}${path}`, { headers });
      await response.arrayBuffer();
      statuses.push(response.status);
    };
    await call({}); // no credentials
    await call(auth); // an unknown id (or a malformed one)
    for (const knobs of [{ rateLimitBurst: 1, rateLimitRetryAfter: 2 }, { errorRate: 1 }, { outage: true }]) {
      server.setKnobs(knobs);
      await call(auth);
      server.knobs = { ...server.baseKnobs };
    }
    expect(statuses.slice(2)).toEqual([429, 500, 503]);
    expect(statuses[0]).toBeGreaterThanOrEqual(400);
    expect(statuses[1]).toBeGreaterThanOrEqual(400);
    expect((await violations(source)).slice(before.length)).toEqual([]);
  });
});

describe('the answer check', () => {
  const platform: SimPlatform = {
    name: 'tiny',
    title: 'Tiny',
    authenticate: () => null,
    notFound: () => ({ status: 404, body: { error: 'not found' } }),
    rateLimited: () => ({ status: 429, body: { error: 'slow down' } }),
    serverError: (status) => ({ status, body: { error: 'oops' } }),
    contract: {
      schemas: {},
      securitySchemes: {},
      commonErrors: { '500': json('oops', object({ error: str })) },
      operations: { 'GET /things/:id': { responses: { '200': json('a thing', object({ id: int, name: str }, ['id'])) } } },
    },
  };
  let body: unknown = { id: 1, name: 'one' };
  const server = new SimServer(
    platform,
    [{ method: 'GET', path: '/things/:id', summary: 'a thing', handler: () => ({ status: body === 'text' ? 201 : 200, ...(body === 'text' ? { text: 'hi' } : { body }) }) }],
    () => ({}),
  );
  let url: string;
  // This platform breaks its contract on purpose: its violations stay here, out of the suite-wide log.
  const logDir = process.env[LOG_DIR_ENV];
  beforeAll(async () => {
    delete process.env[LOG_DIR_ENV];
    url = await server.listen();
  });
  afterAll(async () => {
    await server.close();
    if (logDir !== undefined) process.env[LOG_DIR_ENV] = logDir;
  });
  const get = async () => (await fetch(`${url}/things/1`)).arrayBuffer();
  const found = async () =>
    ((await (await fetch(`${url}/__admin/contract-violations`)).json()) as { checking: boolean; violations: { status: number; problems: string[] }[] }).violations;

  it('flags a wrong type, a missing required key, an undeclared key, an undeclared status; passes a right answer', async () => {
    await get();
    body = { id: 1, name: null }; // an optional key may be null
    await get();
    expect(await found()).toEqual([]);
    body = { id: 'one', name: 'one' };
    await get();
    body = { name: 'one' };
    await get();
    body = { id: 1, colour: 'red' };
    await get();
    body = 'text';
    await get();
    const problems = (await found()).map((v) => v.problems.join('; '));
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/\/id must be integer/);
    expect(problems[1]).toMatch(/must have required property 'id'/);
    expect(problems[2]).toMatch(/must NOT have additional properties/);
    expect(problems[3]).toMatch(/status 201 is not declared/);
  });

  it("leaves the garbage knob's answers alone but checks the fault knobs' declared answers", async () => {
    const before = (await found()).length;
    body = { id: 1 };
    for (const garbage of ['html', 'truncated-json', 'wrong-shape'] as const) {
      server.setKnobs({ garbage });
      await get();
    }
    server.setKnobs({ garbage: null, errorRate: 1 });
    await get();
    server.setKnobs({ errorRate: 0, rateLimitBurst: 1 });
    await get(); // 429 is not declared by this tiny platform: flagged
    server.setKnobs({ rateLimitBurst: 0 });
    const after = await found();
    expect(after.slice(before).map((v) => v.status)).toEqual([429]);
  });
});

async function violations(source: (typeof SIMULATED_SOURCES)[number]): Promise<unknown[]> {
  const answer = (await (await fetch(`${sims.urls[source]}/__admin/contract-violations`)).json()) as { checking: boolean; violations: unknown[] };
  expect(answer.checking).toBe(true);
  return answer.violations;
}

function authHeaders(source: (typeof SIMULATED_SOURCES)[number]): Record<string, string> {
  const config = sims[source].sourceConfig;
  if (source === 'voxys') return { api_access_token: config.apiAccessToken! };
  if (source === 'chatvolt') return { authorization: `Bearer ${config.apiKey!}` };
  if (source === 'voiceglow') return { authorization: `Bearer ${config.workspaceSecret!}` };
  return { authorization: `Bearer ${config.token!}`, 'x-org-id': config.orgId! };
}
