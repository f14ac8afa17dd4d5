import type { SlaModel } from '../../model/index.js';

/**
 * The time an SLA is judged against: a fixed instant, or the gateway's clock (`ctx.now`). With the
 * clock, `overdue` is read from it each time it is asked (when the field resolves), so a mapped
 * model kept with a cached answer (DerivedFromAnswer) and served to many requests never carries
 * the `overdue` of the moment it was mapped.
 */
export type SlaClock = Date | (() => Date);

/** Where a clock-judged `overdue` keeps the instant it turns true (hidden: not enumerable, not in JSON). */
const TURNS_OVERDUE_AT = Symbol('turnsOverdueAt');

/**
 * When `sla.overdue` turns from false to true by the clock alone (epoch ms), or null when it never
 * does by itself (no due date, the platform states it, or judged at a fixed instant). An answer
 * holding this `overdue` holds only until then (runtime/answer-dependencies.ts).
 */
export function overdueChangesAt(sla: object): number | null {
  return (sla as { [TURNS_OVERDUE_AT]?: number })[TURNS_OVERDUE_AT] ?? null;
}

/**
 * `base` (its `dueAt` and what else the platform says) with `overdue`: the platform's own flag when
 * it states one (`stated`), else whether `dueAt` has passed at the clock's now (`atDue`: whether the
 * due instant itself already counts as overdue). No due date and no flag: not overdue.
 */
export function withOverdue<T extends Omit<SlaModel, 'overdue'>>(base: T, stated: boolean | null | undefined, clock: SlaClock, atDue: boolean): T & { overdue: boolean } {
  if (stated !== null && stated !== undefined) return { ...base, overdue: stated };
  const dueMs = base.dueAt?.getTime() ?? null;
  if (dueMs === null) return { ...base, overdue: false };
  const passed = (now: Date) => (atDue ? dueMs <= now.getTime() : dueMs < now.getTime());
  if (clock instanceof Date) return { ...base, overdue: passed(clock) };
  // An enumerable getter: spread copies, JSON and equality see a plain boolean.
  return Object.defineProperties(
    { ...base },
    {
      overdue: { enumerable: true, get: () => passed(clock()) },
      [TURNS_OVERDUE_AT]: { value: atDue ? dueMs : dueMs + 1 },
    },
  ) as T & { overdue: boolean };
}
