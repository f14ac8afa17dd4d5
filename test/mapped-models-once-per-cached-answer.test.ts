import { describe, expect, it } from 'vitest';
import { ResponseCache } from '../src/cache.js';
import type { InboxConnector } from '../src/datasources/connector.js';
import type { SharedUpstreamState } from '../src/datasources/build.js';
import { EMPTY_FILTER } from '../src/inbox/filter.js';
import { Metrics } from '../src/metrics.js';
import type { ConversationModel } from '../src/model/index.js';
import { createIronSimulator } from '../simulators/iron/index.js';
import { createVoiceglowSimulator } from '../simulators/voiceglow/index.js';
import { createVoxysSimulator } from '../simulators/voxys/index.js';
import { serveSource } from './support/platform-harness.js';

/**
 * What Voxys, Iron and VoiceGlow map from a cached answer is mapped once and served to every
 * later request as the same object (warm reads map nothing), while the SLA's `overdue`, the one
 * field that depends on the clock, is read from the clock when asked: the same cached model is
 * not overdue before its due time and overdue after it.
 */
const NOW = new Date('2025-06-02T12:00:00Z');

/** Two requests over one cache and one movable clock. */
function sharedState(): { shared: SharedUpstreamState; setNow(at: Date): void } {
  let now = NOW;
  return { shared: { cache: new ResponseCache(), metrics: new Metrics(), now: () => now }, setNow: (at) => (now = at) };
}

async function listAndComplete(connector: InboxConnector): Promise<ConversationModel[]> {
  const page = await connector.listConversations({ filter: EMPTY_FILTER, position: null, limitHint: 25 });
  return Promise.all(page.items.map((row) => connector.hydrate?.(row) ?? row));
}

const sources = {
  voxys: serveSource('voxys', createVoxysSimulator({ seed: 'mapped-once', size: 40, now: NOW, apiAccessToken: 'mapped-once', accountId: 5 }), { now: NOW }),
  iron: serveSource('iron', createIronSimulator({ seed: 'mapped-once', now: NOW }), { now: NOW }),
  voiceglow: serveSource('voiceglow', createVoiceglowSimulator({ seed: 'mapped-once', now: NOW }), { now: NOW }),
};

describe.each(Object.keys(sources) as (keyof typeof sources)[])('%s', (name) => {
  it('a second request gets the very models the first mapped, and overdue follows the clock', async () => {
    const source = sources[name];
    const { shared, setNow } = sharedState();
    const first = await listAndComplete(source.connector(null, { shared }));
    const calls = await source.callCountDuring(async () => {
      const second = await listAndComplete(source.connector(null, { shared }));
      expect(second.map((c) => c.upstreamId)).toEqual(first.map((c) => c.upstreamId));
      // Same objects: nothing was mapped again (Iron's assigned rows get their assignee's name per request).
      const perRequest = second.filter((c, i) => c !== first[i]);
      expect(perRequest.every((c) => name === 'iron' && c.assignee !== null)).toBe(true);
      expect(perRequest.length).toBeLessThan(second.length);
    });
    expect(calls).toBe(0);

    // A due SLA the platform did not flag: judged by the clock, on the same cached object.
    const clocked = first.map((c) => c.sla).find((sla) => sla !== null && sla.dueAt !== null && Object.getOwnPropertyDescriptor(sla, 'overdue')?.get);
    if (clocked) {
      setNow(new Date(clocked.dueAt!.getTime() - 60_000));
      expect(clocked.overdue).toBe(false);
      setNow(new Date(clocked.dueAt!.getTime() + 60_000));
      expect(clocked.overdue).toBe(true);
    }
    // Voxys always judges its SLA by the clock (Iron and VoiceGlow only when the platform sends no flag).
    if (name === 'voxys') expect(clocked).toBeDefined();
  });
});
