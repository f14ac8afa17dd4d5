import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../src/demo.js';
import { COUNTS_ONLY_PAGE } from '../src/datasources/voxys/counting.js';
import { operation, startStack, type Stack } from './support/stack.js';
import { truthRows, type TruthRow } from './support/truth.js';

/**
 * The Voxys "mine" count (`POST /conversations/filter` with `assignee_id = me`, read only for
 * `meta.all_count`) asks a page past the end, so its answer carries no conversation rows, while the
 * counts stay those of the ground truth and the calls per screen stay the same. Chatwoot's
 * `Conversations::FilterService#perform` counts the whole filtered relation before paging with
 * Kaminari, so a page past the end answers `payload: []` with the same meta; the simulator must too.
 *
 * A recording proxy sits between the gateway and the Voxys simulator: it sees every call as sent
 * (page number, conditions) and the size of every answer.
 */

interface Recorded {
  method: string;
  path: string;
  page: string | null;
  body: unknown;
  bytes: number;
  answer: unknown;
}

let stack: Stack;
let proxy: Server;
let target = '';
const recorded: Recorded[] = [];
const USER = DEMO_USERS[0]!;

/** Forwards every call to the simulator unchanged and records it with its answer's size. */
async function startProxy(): Promise<string> {
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', target);
        const raw = Buffer.concat(chunks);
        const headers = Object.fromEntries(
          Object.entries(req.headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && !['host', 'connection', 'content-length'].includes(entry[0])),
        );
        const answer = await fetch(url, { method: req.method, headers, ...(raw.length > 0 ? { body: raw } : {}) });
        const bytes = Buffer.from(await answer.arrayBuffer());
        const text = bytes.toString('utf8');
        recorded.push({
          method: req.method ?? 'GET',
          path: url.pathname,
          page: url.searchParams.get('page'),
          body: raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as unknown) : null,
          bytes: bytes.length,
          answer: text.startsWith('{') || text.startsWith('[') ? (JSON.parse(text) as unknown) : text,
        });
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        res.end(bytes);
      })();
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  const proxyUrl = await startProxy();
  // The benchmark's seed and size (bench/options.ts), so the bytes measured are the benchmark's.
  stack = await startStack({ tenants: [{ id: 't1', seed: 'bench', size: 60, sourceOverrides: { voxys: { baseUrl: proxyUrl } } }], cacheTtlMs: 0 });
  target = stack.sims.t1!.urls.voxys;
});
afterAll(async () => {
  await stack?.close();
  await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
});

const filterCalls = (): Recorded[] => recorded.filter((r) => r.method === 'POST' && r.path.endsWith('/conversations/filter'));
const conditionsOf = (call: Recorded): { attribute_key: string; filter_operator: string; values: unknown[] }[] => (call.body as { payload: [] }).payload;
const isMineCall = (call: Recorded, me: string): boolean =>
  conditionsOf(call).some((c) => c.attribute_key === 'assignee_id' && c.filter_operator === 'equal_to' && c.values.map(String).includes(me));
/** The filter endpoint's answer, bare or `data`-wrapped (research §1.12). */
const filterAnswer = (call: Recorded): { meta: { all_count: number }; payload: unknown[] } => {
  const answer = call.answer as { data?: unknown };
  return (answer.data ?? answer) as { meta: { all_count: number }; payload: unknown[] };
};

function voxysTruth(): TruthRow[] {
  return truthRows(stack.sims.t1!).filter((r) => r.source === 'voxys');
}

function expectedCounts(rows: TruthRow[], me: string): { mine: number; unassigned: number; assigned: number; all: number } {
  const unassigned = rows.filter((r) => r.assignee === null).length;
  return { mine: rows.filter((r) => r.assignee === me).length, unassigned, assigned: rows.length - unassigned, all: rows.length };
}

type Screen = { conversations: { counts: { mine: number; unassigned: number; assigned: number; all: number }; edges: unknown[] } };

describe('voxys counts: the "mine" count read carries no conversation rows', () => {
  it('the simulator answers a page past the end like Chatwoot: no rows, the meta of the whole filtered set', async () => {
    const sim = stack.sims.t1!.voxys;
    const me = sim.identities[USER]!;
    const { apiAccessToken, accountId } = sim.sourceConfig as { apiAccessToken: string; accountId: string };
    const url = (page: number) => `${target}/api/v1/accounts/${accountId}/conversations/filter?page=${page}`;
    const body = JSON.stringify({ payload: [{ attribute_key: 'assignee_id', filter_operator: 'equal_to', values: [Number(me)], query_operator: null }] });
    const ask = async (page: number) =>
      (await (await fetch(url(page), { method: 'POST', headers: { api_access_token: apiAccessToken, 'content-type': 'application/json' }, body })).json()) as {
        meta: unknown;
        payload: unknown[];
      };
    const first = await ask(1);
    const past = await ask(COUNTS_ONLY_PAGE);
    expect(first.payload.length).toBeGreaterThan(0);
    expect(past.payload).toEqual([]);
    expect(past.meta).toEqual(first.meta);
  });

  it('cold InboxScreen: one filter call, for "mine", past the last page, no rows; counts equal the ground truth', async () => {
    recorded.length = 0;
    stack.resetCounts();
    const me = stack.sims.t1!.voxys.identities[USER]!;
    const result = await stack.gql<Screen>(operation('InboxScreen'), { first: 25, filter: { sources: ['VOXYS'] } });
    expect(result.errors).toBeUndefined();
    expect(result.data!.conversations.counts).toEqual(expectedCounts(voxysTruth(), me));

    const calls = filterCalls();
    expect(calls).toHaveLength(1);
    const mine = calls[0]!;
    expect(isMineCall(mine, me)).toBe(true);
    expect(mine.page).toBe(String(COUNTS_ONLY_PAGE));
    expect(filterAnswer(mine).payload).toEqual([]);
    expect(filterAnswer(mine).meta.all_count).toBe(result.data!.conversations.counts.mine);
    // Only the meta travels: a few dozen bytes, not a page of conversations.
    expect(mine.bytes).toBeLessThan(200);
  });

  it("a MINE InboxScreen keeps page 1: the count shares the list's first page (one filter call in all)", async () => {
    recorded.length = 0;
    const me = stack.sims.t1!.voxys.identities[USER]!;
    const result = await stack.gql<Screen>(operation('InboxScreen'), { first: 25, filter: { sources: ['VOXYS'], assignee: 'MINE' } });
    expect(result.errors).toBeUndefined();
    expect(result.data!.conversations.counts).toEqual(expectedCounts(voxysTruth(), me));
    const calls = filterCalls();
    expect(calls).toHaveLength(1);
    expect(isMineCall(calls[0]!, me)).toBe(true);
    expect(calls[0]!.page).toBe('1');
  });

  it('several statuses (counts through the filter endpoint): the list\'s call is shared at page 1, "mine" reads no rows', async () => {
    recorded.length = 0;
    const me = stack.sims.t1!.voxys.identities[USER]!;
    const status = ['OPEN', 'PENDING'];
    const result = await stack.gql<Screen>(operation('InboxScreen'), { first: 25, filter: { sources: ['VOXYS'], status } });
    expect(result.errors).toBeUndefined();
    const matching = voxysTruth().filter((r) => status.includes(r.status));
    expect(result.data!.conversations.counts).toEqual(expectedCounts(matching, me));
    // The list's pages (as many as the merge reads) and one "mine" count; the other counts are the list's page 1.
    const calls = filterCalls();
    const mine = calls.filter((call) => isMineCall(call, me));
    const list = calls.filter((call) => !isMineCall(call, me));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.page).toBe(String(COUNTS_ONLY_PAGE));
    expect(filterAnswer(mine[0]!).payload).toEqual([]);
    expect(filterAnswer(mine[0]!).meta.all_count).toBe(result.data!.conversations.counts.mine);
    expect(list.map((call) => call.page)).toContain('1');
    expect(new Set(list.map((call) => call.page)).size).toBe(list.length);
    expect(list.map((call) => call.page)).not.toContain(String(COUNTS_ONLY_PAGE));
  });
});
