import { performance } from 'node:perf_hooks';

/**
 * One platform call as the simulator saw it: when the request arrived and when its answer was
 * written. Times are `performance.timeOrigin + performance.now()` (ms since the epoch, sub-ms
 * precision), so timelines of several processes on one machine can be compared.
 */
export interface PlatformCall {
  method: string;
  /** The matched path template, e.g. `/v3/agents/:agentId/convos`, or `(unmatched)`. */
  route: string;
  /** The request's path, without the query string. */
  path: string;
  startMs: number;
  endMs: number;
  /** The answer's body in bytes as sent (0 when the simulator refused before answering as the platform). */
  bytes: number;
}

/** The clock of every timeline: wall-clock ms that agree across processes of one machine. */
export function timelineNow(): number {
  return performance.timeOrigin + performance.now();
}

/** The most recent platform calls, oldest first; past `capacity` the oldest are forgotten. */
export class CallTimeline {
  private readonly calls: PlatformCall[] = [];
  private next = 0;

  constructor(private readonly capacity = 10_000) {}

  record(call: PlatformCall): void {
    if (this.calls.length < this.capacity) {
      this.calls.push(call);
      return;
    }
    this.calls[this.next] = call;
    this.next = (this.next + 1) % this.capacity;
  }

  list(): PlatformCall[] {
    return [...this.calls.slice(this.next), ...this.calls.slice(0, this.next)];
  }

  clear(): void {
    this.calls.length = 0;
    this.next = 0;
  }
}
