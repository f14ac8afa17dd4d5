/** setTimeout's longest delay (2^31 - 1 ms, about 24.8 days); a longer one fires at once. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Calls `onExpired` when a token's expiry (unix seconds) passes, however far away it is: a delay
 * past setTimeout's range is waited out in steps, re-checking the clock at each.
 */
export function whenExpired(expSeconds: number, onExpired: () => void): { cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    const remaining = expSeconds * 1000 - Date.now();
    if (remaining <= 0) return onExpired();
    timer = setTimeout(arm, Math.min(remaining, MAX_TIMER_MS));
    timer.unref();
  };
  arm();
  return { cancel: () => clearTimeout(timer) };
}
