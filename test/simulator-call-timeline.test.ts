import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallTimeline, type PlatformCall } from '../simulators/common/call-timeline.js';
import { createVoxysSimulator } from '../simulators/voxys/index.js';
import { roundTripDepth } from '../bench/round-trips.js';

/**
 * Every platform call a simulator answers is recorded with its start and end (`GET /__admin/calls`,
 * cleared by `DELETE /__admin/calls`): the benchmark derives dependent round trips from it.
 */
const sim = createVoxysSimulator({ seed: 'timeline', size: 4 });
let url: string;
beforeAll(async () => {
  url = await sim.server.listen(0);
});
afterAll(async () => sim.server.close());

const platformCall = (path: string, token = 'voxys-demo-token') => fetch(`${url}/api/v1/accounts/7${path}`, { headers: { api_access_token: token } }).then((r) => r.arrayBuffer());
const calls = async () => (await (await fetch(`${url}/__admin/calls`)).json()) as PlatformCall[];

describe('the call timeline', () => {
  it("records each platform call with method, route template, path, its start and end, and the answer's size", async () => {
    expect((await fetch(`${url}/__admin/calls`, { method: 'DELETE' })).status).toBe(204);
    expect(sim.server.setKnobs({ latencyMs: 15 })).toBeNull();
    const before = performance.timeOrigin + performance.now();
    const listBytes = (await platformCall('/conversations?status=all')).byteLength;
    await Promise.all([platformCall('/conversations/1/messages'), platformCall('/conversations/2/messages')]);
    // A refused credential is a platform call too; admin calls are not.
    await platformCall('/conversations', 'wrong-token');
    await fetch(`${url}/__admin/requests`);
    sim.server.setKnobs({ latencyMs: 0 });

    const recorded = await calls();
    expect(recorded).toHaveLength(4);
    expect(recorded[0]).toMatchObject({ method: 'GET', route: '/api/v1/accounts/:account_id/conversations', path: '/api/v1/accounts/7/conversations', bytes: listBytes });
    expect(listBytes).toBeGreaterThan(100);
    expect(recorded.filter((c) => c.route === '/api/v1/accounts/:account_id/conversations/:conversation_id/messages')).toHaveLength(2);
    for (const c of recorded) {
      expect(c.startMs).toBeGreaterThanOrEqual(before - 1);
      expect(c.endMs).toBeGreaterThanOrEqual(c.startMs);
    }
    // The list, then the two message pages together, then the refused call: three dependent round trips.
    expect(roundTripDepth(recorded)).toBe(3);

    expect((await fetch(`${url}/__admin/calls`, { method: 'DELETE' })).status).toBe(204);
    expect(await calls()).toEqual([]);
  });

  it('keeps only the most recent calls, oldest first', () => {
    const timeline = new CallTimeline(3);
    for (let i = 0; i < 5; i++) timeline.record({ method: 'GET', route: '/r', path: `/r/${i}`, startMs: i, endMs: i + 1, bytes: 0 });
    expect(timeline.list().map((c) => c.path)).toEqual(['/r/2', '/r/3', '/r/4']);
    timeline.clear();
    expect(timeline.list()).toEqual([]);
  });
});
