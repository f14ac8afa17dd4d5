/**
 * The content of a message the subscription scenario injects: it carries the run, a sequence
 * number and the injection time (ms on the shared clock), so a subscriber can measure delivery.
 */
export function eventContent(run: string, seq: number, injectedAtMs: number): string {
  return `bench-event ${run} ${seq} ${injectedAtMs.toFixed(3)}`;
}

/** The sequence number and injection time of one of this run's messages, or null for any other content. */
export function parseEventContent(run: string, content: string | null | undefined): { seq: number; injectedAtMs: number } | null {
  const parts = (content ?? '').split(' ');
  if (parts.length !== 4 || parts[0] !== 'bench-event' || parts[1] !== run) return null;
  const seq = Number(parts[2]);
  const injectedAtMs = Number(parts[3]);
  return Number.isInteger(seq) && Number.isFinite(injectedAtMs) ? { seq, injectedAtMs } : null;
}
