import { bulkhead, BulkheadRejectedError, TaskCancelledError } from 'cockatiel';
import { describe, expect, it } from 'vitest';
import { FairBulkhead } from '../src/resilience/fair-bulkhead.js';

/**
 * The bulkhead every tenant's source runs its calls through (src/resilience/fair-bulkhead.ts), and
 * why it replaced cockatiel's: cockatiel strands a queued call behind one whose request gave up.
 * Unit tests with hand-released calls: nothing here depends on timing.
 */

/** Lets every pending promise job run (a macrotask later). */
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A call that runs until released, recording that it started. */
class Gate {
  started = false;
  private open!: (value: string) => void;
  readonly run = (): Promise<string> => {
    this.started = true;
    return new Promise<string>((resolve) => (this.open = resolve));
  };
  constructor(readonly name: string) {}
  release(): void {
    this.open(this.name);
  }
}

/** The outcome of a promise as a value: its result, or the error's class name. */
function outcome(promise: Promise<unknown>): { value: unknown; settled: boolean } {
  const state = { value: undefined as unknown, settled: false };
  promise.then(
    (value) => Object.assign(state, { value, settled: true }),
    (error: unknown) => Object.assign(state, { value: (error as Error).constructor.name, settled: true }),
  );
  return state;
}

describe("cockatiel's bulkhead (why we replaced it)", () => {
  it('strands a queued call behind one whose signal aborted, with a slot free', async () => {
    const policy = bulkhead(1, 10);
    const running = new Gate('running');
    const first = policy.execute(running.run);
    const gaveUp = new AbortController();
    const abandoned = outcome(policy.execute(async () => 'abandoned', gaveUp.signal));
    const behind = new Gate('behind');
    const stranded = outcome(policy.execute(behind.run));

    gaveUp.abort();
    await flush();
    // 1. A waiter whose request gave up does not leave the queue: it waits for a slot like the others.
    expect(abandoned.settled).toBe(false);

    running.release();
    await first;
    for (let i = 0; i < 5; i++) await flush();
    // 2. The freed slot went to the abandoned waiter, which was cancelled without passing it on:
    //    the call behind it never starts, though the slot is free, until unrelated traffic comes.
    expect(abandoned.value).toBe('TaskCancelledError');
    expect(behind.started).toBe(false);
    expect(stranded.settled).toBe(false);
    expect(policy.executionSlots).toBe(1);
    expect(policy.queueSlots).toBe(9);
  });
});

describe('FairBulkhead', () => {
  it('passes a freed slot to the next live waiter: an abandoned waiter left at once and strands nobody', async () => {
    const bulk = new FairBulkhead(1, 10);
    const running = new Gate('running');
    const first = bulk.execute('alice', running.run);
    const gaveUp = new AbortController();
    const abandoned = outcome(bulk.execute('alice', async () => 'abandoned', gaveUp.signal));
    const behind = new Gate('behind');
    const next = outcome(bulk.execute('alice', behind.run));
    expect(bulk.queued).toBe(2);

    gaveUp.abort();
    await flush();
    expect(abandoned.value).toBe('TaskCancelledError');
    expect(bulk.queued).toBe(1);

    running.release();
    await first;
    await flush();
    expect(behind.started).toBe(true);
    behind.release();
    await flush();
    expect(next.value).toBe('behind');
    expect(bulk.active).toBe(0);
    expect(bulk.queued).toBe(0);
  });

  it('never runs more than its capacity, and keeps every slot busy while calls wait', async () => {
    const bulk = new FairBulkhead(3, 100);
    const gates = Array.from({ length: 20 }, (_, i) => new Gate(`g${i}`));
    const results = gates.map((gate, i) => bulk.execute(i % 2 ? 'alice' : 'bob', gate.run));
    for (let done = 0; done < gates.length; done++) {
      await flush();
      const started = gates.filter((g) => g.started).length;
      expect(started).toBe(Math.min(done + 3, gates.length));
      expect(bulk.active).toBe(Math.min(3, gates.length - done));
      gates[done]!.release();
    }
    expect(await Promise.all(results)).toEqual(gates.map((g) => g.name));
    expect(bulk.active).toBe(0);
  });

  it('gives a freed slot to the waiting user with the fewest calls running: a colleague waits for one call, not forty', async () => {
    const bulk = new FairBulkhead(2, 100);
    const started: string[] = [];
    const gate = (name: string) => {
      const g = new Gate(name);
      const run = g.run;
      return Object.assign(g, { go: () => (started.push(name), run()) });
    };
    const alice = Array.from({ length: 40 }, (_, i) => gate(`alice${i}`));
    for (const g of alice) void bulk.execute('alice', g.go);
    const bob = [gate('bob0'), gate('bob1')];
    for (const g of bob) void bulk.execute('bob', g.go);
    const carol = gate('carol0');
    void bulk.execute('carol', carol.go);
    expect(started).toEqual(['alice0', 'alice1']);
    expect([bulk.queuedFor('alice'), bulk.queuedFor('bob'), bulk.queuedFor('carol')]).toEqual([38, 2, 1]);

    // Release the oldest running call, six times.
    const all = [...alice, ...bob, carol];
    const finished = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const oldest = started.find((name) => !finished.has(name))!;
      finished.add(oldest);
      all.find((g) => g.name === oldest)!.release();
      await flush();
    }
    // Bob and carol (none running) got the first freed slots, in turn; then alice and bob shared.
    expect(started).toEqual(['alice0', 'alice1', 'bob0', 'carol0', 'alice2', 'bob1', 'alice3', 'alice4']);
    expect(bulk.active).toBe(2);
    expect(bulk.queued).toBe(43 - 8);
  });

  it("makes room for a colleague's call in a full queue by refusing the heavy user's newest", async () => {
    const bulk = new FairBulkhead(1, 4);
    void bulk.execute('alice', new Gate('running').run);
    const queued = Array.from({ length: 4 }, (_, i) => outcome(bulk.execute('alice', new Gate(`alice${i}`).run)));
    // Full: alice's own next call is refused…
    await expect(bulk.execute('alice', async () => 'more')).rejects.toBeInstanceOf(BulkheadRejectedError);
    // …but bob's takes the place of alice's newest waiter.
    const bob = outcome(bulk.execute('bob', async () => 'bob'));
    await flush();
    expect(queued.map((q) => q.value)).toEqual([undefined, undefined, undefined, 'BulkheadRejectedError']);
    expect(bob.settled).toBe(false);
    expect(bulk.queuedFor('bob')).toBe(1);
    expect(bulk.queued).toBe(4);
    // Carol too (alice still has the most waiting), but no further: two alice, one bob, one carol…
    void bulk.execute('carol', async () => 'carol');
    expect(bulk.queuedFor('alice')).toBe(2);
    // …then a second call of bob's would only swap who has more: refused.
    await expect(bulk.execute('bob', async () => 'bob again')).rejects.toBeInstanceOf(BulkheadRejectedError);
    expect(bulk.queued).toBe(4);
  });

  it('without a queue, refuses whatever finds every slot busy', async () => {
    const bulk = new FairBulkhead(1, 0);
    const gate = new Gate('only');
    const first = bulk.execute('alice', gate.run);
    await expect(bulk.execute('bob', async () => 'bob')).rejects.toBeInstanceOf(BulkheadRejectedError);
    gate.release();
    expect(await first).toBe('only');
    expect(await bulk.execute('bob', async () => 'bob')).toBe('bob');
  });

  it('refuses an already aborted call without queueing it, and frees the slot of a failing call', async () => {
    const bulk = new FairBulkhead(1, 5);
    const gone = new AbortController();
    gone.abort();
    await expect(bulk.execute('alice', async () => 'never', gone.signal)).rejects.toBeInstanceOf(TaskCancelledError);
    expect(bulk.queued).toBe(0);
    expect(bulk.active).toBe(0);

    await expect(
      bulk.execute('alice', () => {
        throw new Error('sync failure');
      }),
    ).rejects.toThrow('sync failure');
    await expect(bulk.execute('alice', () => Promise.reject(new Error('async failure')))).rejects.toThrow('async failure');
    expect(bulk.active).toBe(0);
    expect(await bulk.execute('alice', async () => 'fine')).toBe('fine');
  });

  it('lets a running call see nothing of a later abort (the attempt timeout is the running call’s own)', async () => {
    const bulk = new FairBulkhead(1, 5);
    const gate = new Gate('running');
    const controller = new AbortController();
    const result = bulk.execute('alice', gate.run, controller.signal);
    controller.abort();
    gate.release();
    expect(await result).toBe('running');
  });

  it('refuses a capacity below 1 or a negative queue', () => {
    expect(() => new FairBulkhead(0, 1)).toThrow(RangeError);
    expect(() => new FairBulkhead(1, -1)).toThrow(RangeError);
  });
});
