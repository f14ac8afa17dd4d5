import { describe, expect, it } from 'vitest';
import { KeyedDeliveryQueue } from '../simulators/common/webhook-delivery.js';
import { ArrivalOrder } from '../src/webhooks/arrival-order.js';

const turnOfTheLoop = () => new Promise((resolve) => setImmediate(resolve));

/** A task that finishes when told to, recording when it started and ended. */
function gate(log: string[], name: string) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return {
    open,
    task: async () => {
      log.push(`start ${name}`);
      await opened;
      log.push(`end ${name}`);
    },
  };
}

describe('the gateway publishing webhook changes (ArrivalOrder)', () => {
  it('lets the reads overlap and publishes in arrival order', async () => {
    const order = new ArrivalOrder();
    const published: string[] = [];
    const reads = ['first', 'second', 'third'].map((name) => {
      let read!: () => void;
      const done = new Promise<void>((resolve) => (read = resolve));
      const turn = order.next();
      const publication = done.then(async () => {
        await turn.previous;
        published.push(name);
        turn.done();
      });
      return { read, publication };
    });
    // The third and second reads answer first: nothing may be published before the first.
    reads[2]!.read();
    reads[1]!.read();
    await turnOfTheLoop();
    expect(published).toEqual([]);
    reads[0]!.read();
    await Promise.all(reads.map((r) => r.publication));
    expect(published).toEqual(['first', 'second', 'third']);
  });
});

describe('the Voxys simulator delivering webhooks (KeyedDeliveryQueue)', () => {
  it('runs one conversation’s deliveries in order, and other conversations’ beside them', async () => {
    const queue = new KeyedDeliveryQueue();
    const log: string[] = [];
    const first = gate(log, 'a1');
    const second = gate(log, 'a2');
    const other = gate(log, 'b1');
    queue.enqueue('a', first.task);
    queue.enqueue('a', second.task);
    queue.enqueue('b', other.task);
    await turnOfTheLoop();
    // b1 started while a1 is still running; a2 waits for a1.
    expect(log).toEqual(['start a1', 'start b1']);
    other.open();
    second.open();
    await turnOfTheLoop();
    expect(log).toEqual(['start a1', 'start b1', 'end b1']);
    first.open();
    await queue.settled();
    expect(log).toEqual(['start a1', 'start b1', 'end b1', 'end a1', 'start a2', 'end a2']);
  });

  it('keeps going after a delivery fails', async () => {
    const queue = new KeyedDeliveryQueue();
    const ran: string[] = [];
    queue.enqueue('a', () => Promise.reject(new Error('receiver down')));
    queue.enqueue('a', async () => void ran.push('after the failure'));
    await queue.settled();
    expect(ran).toEqual(['after the failure']);
  });
});
