/**
 * Platform answers are digested (parsed, validated, mapped, and whatever they let the request do
 * next) one per turn of the event loop, a walk's page first. Why: undici writes a request on a
 * reused keep-alive socket only in the loop's check phase (its idle-socket check,
 * GHSA-35p6-xmwp-9g52), so a request dispatched while answers are digested leaves once all of them
 * are. A cursor walk's page (VoiceGlow's counts: one page per round trip) arrives with the inbox's
 * other lists; digested all together, its next page would wait for every one of them and for the
 * inbox page built from them. Digested first, on its own turn, the next page leaves before them.
 *
 * Each answer takes two check phases: its waiter is let go in one (its continuation runs right
 * after, and a request it dispatches queues undici's check for the next phase), and the next
 * waiter only from an immediate queued before that continuation ran, one phase later still, so
 * undici's check for what the last answer dispatched always runs first.
 */
const pages: (() => void)[] = [];
const others: (() => void)[] = [];
let scheduled = false;

function releaseOne(): void {
  const next = pages.shift() ?? others.shift();
  if (!next) {
    scheduled = false;
    return;
  }
  next();
  setImmediate(() => (pages.length + others.length > 0 ? setImmediate(releaseOne) : (scheduled = false)));
}

/**
 * Resolves in a later turn of the event loop, one caller per turn: a walk's page (`page`) before
 * any other answer, otherwise in the order they asked.
 */
export function digestTurn(page: boolean): Promise<void> {
  return new Promise((resolve) => {
    (page ? pages : others).push(resolve);
    if (!scheduled) {
      scheduled = true;
      setImmediate(releaseOne);
    }
  });
}
