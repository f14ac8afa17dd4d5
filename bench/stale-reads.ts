/**
 * The scale-out scenario's writer and its check, without I/O: which conversation the next write
 * toggles on which instance, and whether the read on the other instance right after saw the write.
 */

/** One write of the writer: toggle `conversationId`'s star on instance `writeOn`, then read it on `readOn`. */
export interface PlannedWrite {
  index: number;
  conversationId: string;
  /** true: star it; false: unstar it. */
  star: boolean;
  writeOn: 0 | 1;
  readOn: 0 | 1;
}

/**
 * Write `index` (0, 1, …): conversations in rotation, instances alternating (A writes, B reads; then
 * B writes, A reads) from one write to the next and, for each conversation, from one round to the
 * next (with an even number of conversations, plain alternation would pin each to one instance);
 * each write the opposite of the conversation's current star.
 */
export function planWrite(index: number, conversationIds: readonly string[], starred: ReadonlyMap<string, boolean>): PlannedWrite {
  if (conversationIds.length === 0) throw new Error('the writer needs at least one conversation');
  const conversationId = conversationIds[index % conversationIds.length]!;
  const round = Math.floor(index / conversationIds.length);
  const writeOn = ((index + (conversationIds.length % 2 === 0 ? round : 0)) % 2) as 0 | 1;
  return { index, conversationId, star: !(starred.get(conversationId) ?? false), writeOn, readOn: (1 - writeOn) as 0 | 1 };
}

/** What one write answered and what the other instance's read right after it showed. */
export interface WriteOutcome {
  write: PlannedWrite;
  /** The star the write's answer reported; null when the write failed (errors or userErrors). */
  written: boolean | null;
  /** The star the read on the other instance showed; null when that read failed. */
  observed: boolean | null;
}

export interface StaleReadTally {
  /** Ticks of the writer skipped because the previous write of that conversation had not finished. */
  skipped: number;
  writes: number;
  failedWrites: number;
  /** Reads after a successful write (what stale reads are counted out of). */
  checks: number;
  failedChecks: number;
  /** Reads on the other instance that did not show the write that had already answered. */
  staleReads: number;
  /** Up to five stale reads, for the report. */
  staleSamples: { conversationId: string; writeOn: 'A' | 'B'; expected: boolean; observed: boolean }[];
}

export const emptyTally = (): StaleReadTally => ({ skipped: 0, writes: 0, failedWrites: 0, checks: 0, failedChecks: 0, staleReads: 0, staleSamples: [] });

/** Adds one write and its check to the tally (a new tally; the argument is left alone). */
export function tallyOutcome(tally: StaleReadTally, outcome: WriteOutcome): StaleReadTally {
  const next = { ...tally, writes: tally.writes + 1, staleSamples: [...tally.staleSamples] };
  if (outcome.written === null) return { ...next, failedWrites: next.failedWrites + 1 };
  next.checks++;
  if (outcome.observed === null) return { ...next, failedChecks: next.failedChecks + 1 };
  if (outcome.observed !== outcome.written) {
    next.staleReads++;
    if (next.staleSamples.length < 5) {
      next.staleSamples.push({
        conversationId: outcome.write.conversationId,
        writeOn: outcome.write.writeOn === 0 ? 'A' : 'B',
        expected: outcome.written,
        observed: outcome.observed,
      });
    }
  }
  return next;
}
