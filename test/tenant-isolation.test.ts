import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeId } from '../src/graph/ids.js';
import { operation, startStack, type Stack } from './support/stack.js';
import { truthRows } from './support/truth.js';

/**
 * Two tenants backed by different platform data (different seeds and credentials) never see each
 * other's answers, whether the cross-request cache is cold or warm.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    tenants: [
      { id: 'acme', seed: 'acme-seed' },
      { id: 'globex', seed: 'globex-seed' },
    ],
    cacheTtlMs: 60_000,
  });
});
afterAll(async () => stack?.close());

type Inbox = { conversations: { edges: { node: { id: string; title: string | null; contact: { name: string | null } | null } }[]; counts: Record<string, number> } };

function ids(data: Inbox): string[] {
  return data.conversations.edges.map((e) => {
    const d = decodeId(e.node.id)!;
    return `${d.sourceKey}:${d.upstreamId}`;
  });
}

describe('tenant isolation', () => {
  it('each tenant sees only its own conversations, cold and warm', async () => {
    const truth = {
      acme: new Set(truthRows(stack.sims.acme!).map((r) => `${r.source}:${r.upstreamId}`)),
      globex: new Set(truthRows(stack.sims.globex!).map((r) => `${r.source}:${r.upstreamId}`)),
    };
    // The seeds give the tenants different data.
    expect([...truth.acme].filter((id) => truth.globex.has(id)).length, 'overlap').toBeLessThan(truth.acme.size / 2);

    stack.resetCounts();
    const acmeCold = await stack.gql<Inbox>(operation('InboxScreen'), { first: 50 }, { tenant: 'acme' });
    expect(Object.values(stack.upstreamCalls('acme')).reduce((a, b) => a + b)).toBeGreaterThan(0);
    expect(stack.upstreamCalls('globex'), 'globex untouched by acme').toEqual({ voxys: 0, chatvolt: 0, voiceglow: 0, iron: 0 });

    // globex after acme warmed the cache: globex's own platforms are called, acme's are not.
    stack.resetCounts();
    const globexCold = await stack.gql<Inbox>(operation('InboxScreen'), { first: 50 }, { tenant: 'globex' });
    expect(stack.upstreamCalls('acme'), 'acme untouched by globex').toEqual({ voxys: 0, chatvolt: 0, voiceglow: 0, iron: 0 });
    expect(Object.values(stack.upstreamCalls('globex')).reduce((a, b) => a + b)).toBeGreaterThan(0);

    for (const [tenant, result] of [
      ['acme', acmeCold],
      ['globex', globexCold],
    ] as const) {
      expect(result.errors).toBeUndefined();
      for (const id of ids(result.data!)) expect(truth[tenant].has(id), `${tenant} got ${id}`).toBe(true);
    }
    const acmeTitles = new Set(acmeCold.data!.conversations.edges.map((e) => e.node.contact?.name));
    expect(globexCold.data!.conversations.edges.map((e) => e.node.contact?.name)).not.toEqual([...acmeTitles]);

    // Warm: the same answers, still apart, with no calls at all.
    stack.resetCounts();
    const acmeWarm = await stack.gql<Inbox>(operation('InboxScreen'), { first: 50 }, { tenant: 'acme' });
    const globexWarm = await stack.gql<Inbox>(operation('InboxScreen'), { first: 50 }, { tenant: 'globex' });
    expect(acmeWarm.data).toEqual(acmeCold.data);
    expect(globexWarm.data).toEqual(globexCold.data);
    expect(stack.upstreamCalls('acme'), 'acme warm').toEqual({ voxys: 0, chatvolt: 0, voiceglow: 0, iron: 0 });
    expect(stack.upstreamCalls('globex'), 'globex warm').toEqual({ voxys: 0, chatvolt: 0, voiceglow: 0, iron: 0 });
  });

  it("one tenant's credentials never reach the other's simulators", async () => {
    // Each simulator set accepts only its own tenant's keys: a request with acme's key to globex's
    // Voxys is refused, so a mixed-up config could not silently read across.
    const acmeVoxys = stack.sims.acme!.voxys.sourceConfig;
    const response = await fetch(`${stack.sims.globex!.urls.voxys}/api/v1/accounts/${acmeVoxys.accountId}/conversations`, {
      headers: { api_access_token: acmeVoxys.apiAccessToken! },
    });
    expect(response.status).toBe(401);
  });
});
