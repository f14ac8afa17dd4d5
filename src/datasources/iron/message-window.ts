import { gqlError } from '../../errors.js';
import type { MessagePageArgs } from '../../model/index.js';
import { isIronId, type IronActivityJson } from './schemas.js';
import { walkThread, type FetchActivityPage } from './thread.js';

const DEFAULT_COUNT = 20;

/** Which slice of a thread's messages a MessagePageArgs asks for. */
export interface MessageWindow {
  /** true: the oldest `count` after `after` (first/after); false: the newest `count` before `before`. */
  forward: boolean;
  count: number;
  /** Activity ids (our message cursors), exclusive bounds. */
  after: string | null;
  before: string | null;
}

export function messageWindow(args: MessagePageArgs): MessageWindow {
  for (const cursor of [args.after, args.before]) {
    if (cursor !== undefined && !isIronId(cursor)) throw gqlError('BAD_USER_INPUT', 'not a message cursor of this conversation');
  }
  for (const count of [args.first, args.last]) {
    if (count !== undefined && (!Number.isInteger(count) || count < 0)) throw gqlError('BAD_USER_INPUT', 'first and last must be whole numbers >= 0');
  }
  const forward = args.first !== undefined || (args.after !== undefined && args.last === undefined);
  return {
    forward,
    count: (forward ? args.first : args.last) ?? DEFAULT_COUNT,
    after: args.after ?? null,
    before: args.before ?? null,
  };
}

export interface ActivityWindow {
  /** Oldest first, suggestions left out. */
  items: IronActivityJson[];
  hasOlder: boolean;
  hasNewer: boolean;
}

/**
 * Reads one window of a thread. Iron pages activities newest first with only a `before` bound,
 * so a backward read starts at `before` and stops once it holds one message more than asked
 * (which proves `hasOlder`); a forward read walks from `before` (or the newest) down to `after`.
 * Cursors are messages, so `after` given means an older message exists, `before` a newer one.
 */
export async function readMessageWindow(window: MessageWindow, fetchPage: FetchActivityPage): Promise<ActivityWindow> {
  const newestFirst: IronActivityJson[] = [];
  let reachedAfter = false;
  await walkThread(fetchPage, window.before, (activity) => {
    if (activity.id === window.after) {
      reachedAfter = true;
      return true;
    }
    if (activity.kind === 'suggestion') return false;
    newestFirst.push(activity);
    return window.after === null && !window.forward && newestFirst.length > window.count;
  });
  if (window.after !== null && !reachedAfter) throw gqlError('BAD_USER_INPUT', 'not a message cursor of this conversation');

  const range = newestFirst.reverse();
  if (window.forward) {
    return {
      items: range.slice(0, window.count),
      hasOlder: window.after !== null,
      hasNewer: range.length > window.count || window.before !== null,
    };
  }
  return {
    items: range.slice(Math.max(0, range.length - window.count)),
    hasOlder: range.length > window.count || window.after !== null,
    hasNewer: window.before !== null,
  };
}
