import { setMaxListeners } from 'node:events';

/** Signals of the deadlines of requests in flight, until they pass. */
const deadlineSignals = new Map<number, AbortSignal>();

/**
 * The signal that aborts when `deadline` (epoch ms, `remaining` ms from now) passes, as
 * `AbortSignal.timeout(remaining)` would (reason: a TimeoutError). Shared by every call with that
 * deadline, i.e. by the calls of one request: a timeout signal per call cost about a fifth of the
 * policy's own CPU, and kept a timer per call until the deadline.
 */
export function deadlineSignal(deadline: number, remaining: number): AbortSignal {
  const known = deadlineSignals.get(deadline);
  if (known) return known;
  const controller = new AbortController();
  // The calls of one request (tens at once) each listen to it while they run.
  setMaxListeners(0, controller.signal);
  const timer = setTimeout(() => {
    deadlineSignals.delete(deadline);
    controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
  }, remaining);
  timer.unref();
  deadlineSignals.set(deadline, controller.signal);
  return controller.signal;
}
