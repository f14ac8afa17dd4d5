import { describe, expect, it } from 'vitest';
import { KeyedDeliveryQueue } from '../simulators/common/webhook-delivery.js';
import { ConversationLanes } from '../src/webhooks/conversation-lanes.js';

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

describe.each([
  [
    'the gateway applying webhook changes (ConversationLanes)',
    () => new ConversationLanes(),
    (q: ConversationLanes, key: string, task: () => Promise<void>) => void q.run(key, task),
  ],
  [
    'the Voxys simulator delivering webhooks (KeyedDeliveryQueue)',
    () => new KeyedDeliveryQueue(),
    (q: KeyedDeliveryQueue, key: string, task: () => Promise<void>) => q.enqueue(key, task),
  ],
] as const)('%s', (_name, make, enqueue) => {
  it('runs one conversation’s work in order, and other conversations’ work beside it', async () => {
    const queue = make() as never;
    const log: string[] = [];
    const first = gate(log, 'a1');
    const second = gate(log, 'a2');
    const other = gate(log, 'b1');
    enqueue(queue, 'a', first.task);
    enqueue(queue, 'a', second.task);
    enqueue(queue, 'b', other.task);
    await new Promise((resolve) => setImmediate(resolve));
    // b1 started while a1 is still running; a2 waits for a1.
    expect(log).toEqual(['start a1', 'start b1']);
    other.open();
    second.open();
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['start a1', 'start b1', 'end b1']);
    first.open();
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['start a1', 'start b1', 'end b1', 'end a1', 'start a2', 'end a2']);
  });

  it('keeps going after a task fails', async () => {
    const queue = make() as never;
    const ran: string[] = [];
    enqueue(queue, 'a', () => Promise.reject(new Error('upstream down')));
    enqueue(queue, 'a', async () => void ran.push('after the failure'));
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(ran).toEqual(['after the failure']);
  });
});
