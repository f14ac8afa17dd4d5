import type { PlatformCall } from '../simulators/common/call-timeline.js';
import type { SimulatedSource } from '../simulators/index.js';

/** The simulators' admin API (`/__admin`, simulators/common/server.ts), for all four at once. */
export class SimulatorAdmin {
  constructor(private readonly urls: Record<SimulatedSource, string>) {}

  private async call(source: SimulatedSource, method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.urls[source]}/__admin${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    if (!response.ok) throw new Error(`${source} ${method} /__admin${path}: HTTP ${response.status} ${await response.text()}`);
    return response.status === 204 ? undefined : response.json();
  }

  private all<T>(fn: (source: SimulatedSource) => Promise<T>): Promise<T[]> {
    return Promise.all((Object.keys(this.urls) as SimulatedSource[]).map(fn));
  }

  /** Every platform answers after `latencyMs` (no jitter, no faults). */
  async setLatency(latencyMs: number): Promise<void> {
    await this.all((s) => this.call(s, 'POST', '/knobs/reset'));
    await this.all((s) => this.call(s, 'POST', '/knobs', { latencyMs }));
  }

  async resetCounts(): Promise<void> {
    await this.all((s) => this.call(s, 'POST', '/requests/reset'));
  }

  /** Platform calls since the last reset, all four platforms together. */
  async totalCalls(): Promise<number> {
    const counts = (await this.all((s) => this.call(s, 'GET', '/requests'))) as { total: number }[];
    return counts.reduce((n, c) => n + c.total, 0);
  }

  /**
   * Waits until no platform call has been made for `quietMs` (at most `maxMs`): a gateway that just
   * started makes a few calls of its own (e.g. Iron's poller setting its watermark), which must not
   * be counted against the first scenario's requests.
   */
  async waitForQuiet(quietMs = 1_000, maxMs = 15_000): Promise<void> {
    const deadline = Date.now() + maxMs;
    let last = await this.totalCalls();
    let since = Date.now();
    while (Date.now() < deadline && Date.now() - since < quietMs) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const now = await this.totalCalls();
      if (now !== last) [last, since] = [now, Date.now()];
    }
  }

  async clearCalls(): Promise<void> {
    await this.all((s) => this.call(s, 'DELETE', '/calls'));
  }

  /** The recorded platform calls of all four platforms, each with its platform. */
  async calls(): Promise<(PlatformCall & { source: SimulatedSource })[]> {
    const lists = await this.all(async (source) => ((await this.call(source, 'GET', '/calls')) as PlatformCall[]).map((c) => ({ ...c, source })));
    return lists.flat();
  }

  /**
   * Where Voxys sends its signed webhooks (null: nowhere); `order: 'conversation'` sends them
   * concurrently across conversations (in order within each), as Chatwoot's workers do.
   */
  async setVoxysWebhook(target: { url: string; secret: string; order?: 'writes' | 'conversation' } | null): Promise<void> {
    await this.call('voxys', 'POST', '/webhook', target ?? { url: null });
  }

  /** A contact writes `content` in a (seeded-random) Voxys conversation; its webhook follows. */
  async injectVoxysMessage(content: string): Promise<void> {
    await this.call('voxys', 'POST', '/inject/message', { content });
  }
}
