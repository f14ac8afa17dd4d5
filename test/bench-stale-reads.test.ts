import { describe, expect, it } from 'vitest';
import { emptyTally, planWrite, tallyOutcome } from '../bench/stale-reads.js';
import { parseBenchArgs, SCENARIOS } from '../bench/options.js';
import { planGroups } from '../bench/scenario-plan.js';

describe('the scale-out writer and its stale-read count', () => {
  it('alternates instances per write and per conversation, reads on the other one, toggles each star', () => {
    const starred = new Map([
      ['c1', false],
      ['c2', true],
    ]);
    const plans = [0, 1, 2, 3].map((i) => planWrite(i, ['c1', 'c2'], starred));
    expect(plans.map((p) => [p.conversationId, p.writeOn, p.readOn, p.star])).toEqual([
      ['c1', 0, 1, true],
      ['c2', 1, 0, false],
      ['c1', 1, 0, true],
      ['c2', 0, 1, false],
    ]);
    // An odd number of conversations alternates per conversation by itself.
    expect([0, 1, 2, 3].map((i) => planWrite(i, ['x', 'y', 'z'], starred).writeOn)).toEqual([0, 1, 0, 1]);
    expect(() => planWrite(0, [], starred)).toThrow(/at least one conversation/);
  });

  it('counts a read that does not show the answered write as stale, and keeps failures apart', () => {
    const write = planWrite(1, ['c1', 'c2'], new Map());
    expect(write.writeOn).toBe(1);
    let tally = emptyTally();
    tally = tallyOutcome(tally, { write, written: true, observed: true });
    tally = tallyOutcome(tally, { write, written: true, observed: false });
    tally = tallyOutcome(tally, { write, written: false, observed: false });
    tally = tallyOutcome(tally, { write, written: null, observed: null });
    tally = tallyOutcome(tally, { write, written: true, observed: null });
    expect(tally).toMatchObject({ writes: 5, failedWrites: 1, checks: 4, failedChecks: 1, staleReads: 1 });
    expect(tally.staleSamples).toEqual([{ conversationId: 'c2', writeOn: 'B', expected: true, observed: false }]);
  });

  it('keeps at most five stale samples and never changes the tally it is given', () => {
    const write = planWrite(0, ['c1'], new Map());
    const start = emptyTally();
    let tally = start;
    for (let i = 0; i < 8; i++) tally = tallyOutcome(tally, { write, written: true, observed: false });
    expect(tally.staleReads).toBe(8);
    expect(tally.staleSamples).toHaveLength(5);
    expect(start).toEqual(emptyTally());
  });

  it('runs scale-out only when named, with its own options, on gateways of its own', () => {
    expect(parseBenchArgs([]).scenarios).toEqual([...SCENARIOS]);
    const options = parseBenchArgs(['--scenarios', 'scale-out', '--cross-instance', 'eventual', '--writes-per-second', '8']);
    expect(options).toMatchObject({ scenarios: ['scale-out'], crossInstance: 'eventual', writesPerSecond: 8 });
    expect(parseBenchArgs([]).crossInstance).toBe('strict');
    expect(() => parseBenchArgs(['--cross-instance', 'loose'])).toThrow(/strict, eventual or none/);
    expect(planGroups(['floor', 'scale-out'])).toEqual([{ group: 'cached', scenarios: ['floor'] }]);
  });
});
