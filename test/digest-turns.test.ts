import { describe, expect, it } from 'vitest';
import { digestTurn } from '../src/datasources/digest-turns.js';

/**
 * Platform answers are digested one per turn of the event loop, a walk's page first, and what a
 * digested answer dispatches (undici writes a request on a reused socket from an immediate: its
 * idle-socket check) goes out before the next answer is digested. `dispatch` below stands for
 * that check: an immediate queued by the answer's continuation.
 */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('digest turns', () => {
  it("lets a walk's page go first, and what each answer dispatches leave before the next answer is digested", async () => {
    const log: string[] = [];
    const digest = (name: string, walk: boolean) =>
      digestTurn(walk).then(() => {
        log.push(name);
        setImmediate(() => log.push(`${name} dispatched`));
      });
    await Promise.all([digest('list a', false), digest('list b', false), digest('walk page', true), digest('list c', false)]);
    await nextTurn();
    await nextTurn();
    expect(log).toEqual(['walk page', 'walk page dispatched', 'list a', 'list a dispatched', 'list b', 'list b dispatched', 'list c', 'list c dispatched']);
  });

  it('one answer per turn: a synchronous burst of answers never runs in one turn', async () => {
    const turns: number[] = [];
    let turn = 0;
    let counting = true;
    const tick = () => {
      turn++;
      if (counting) setImmediate(tick);
    };
    setImmediate(tick);
    await Promise.all(Array.from({ length: 5 }, () => digestTurn(false).then(() => turns.push(turn))));
    counting = false;
    expect(new Set(turns).size).toBe(5);
  });

  it('keeps working after going idle (a later answer is released too)', async () => {
    await digestTurn(false);
    await nextTurn();
    await nextTurn();
    await nextTurn();
    await expect(digestTurn(true)).resolves.toBeUndefined();
  });
});
