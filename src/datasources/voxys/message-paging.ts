import { gqlError } from '../../errors.js';
import type { MessagePageArgs } from '../../model/index.js';
import type { MessageRowsJson } from './api.js';
import type { MessageJson } from './schemas.js';

/**
 * Relay-style message pages over Chatwoot's MessageFinder, whose answers are always ascending:
 * no cursor → the latest 20; `before=<id>` → the 20 just older; `after=<id>` → up to 100 just newer;
 * both → everything between (`id >= after AND id < before`, up to 1000). There is no has-more flag,
 * so a page reads one message beyond what was asked to know `hasOlder`/`hasNewer` exactly, and a
 * short upstream page means the end of the thread (counting the rows Voxys sent, so a row left out
 * as unreadable never looks like the end). A cursor is the message id.
 */

export const OLDER_PAGE = 20;
export const NEWER_PAGE = 100;
export const DEFAULT_PAGE = 20;

export type FetchMessages = (cursor: { before?: string; after?: string }) => Promise<MessageRowsJson>;

export interface RawMessagePage {
  items: MessageJson[];
  hasOlder: boolean;
  hasNewer: boolean;
}

function cursorId(cursor: string | undefined, name: string): string | undefined {
  if (cursor === undefined) return undefined;
  if (!/^\d+$/.test(cursor)) throw gqlError('BAD_USER_INPUT', `\`${name}\` is not a message cursor of this conversation`);
  return cursor;
}

export async function readMessagePage(fetch: FetchMessages, args: MessagePageArgs): Promise<RawMessagePage> {
  const after = cursorId(args.after, 'after');
  const before = cursorId(args.before, 'before');
  if (after !== undefined && before !== undefined) {
    // Both ends exist, so there is something older and something newer than the slice.
    const between = (await fetch({ after, before })).rows.filter((m) => String(m.id) !== after);
    const items = args.last !== undefined ? between.slice(Math.max(0, between.length - args.last)) : between.slice(0, args.first ?? DEFAULT_PAGE);
    return { items, hasOlder: true, hasNewer: true };
  }
  const forward = after !== undefined || (args.first !== undefined && args.last === undefined && before === undefined);
  return forward ? readNewer(fetch, args.first ?? DEFAULT_PAGE, after) : readOlder(fetch, args.last ?? args.first ?? DEFAULT_PAGE, before);
}

/** The `count` messages just before `before` (or the newest), reading 20 at a time. */
async function readOlder(fetch: FetchMessages, count: number, before: string | undefined): Promise<RawMessagePage> {
  let collected: MessageJson[] = [];
  let cursor = before;
  for (;;) {
    const page = await fetch(cursor === undefined ? {} : { before: cursor });
    collected = [...page.rows, ...collected];
    if (page.received < OLDER_PAGE || page.ids === null || collected.length > count) break;
    cursor = String(page.ids.lowest);
  }
  return { items: collected.slice(Math.max(0, collected.length - count)), hasOlder: collected.length > count, hasNewer: before !== undefined };
}

/** The `count` messages just after `after` (or the oldest), reading 100 at a time. */
async function readNewer(fetch: FetchMessages, count: number, after: string | undefined): Promise<RawMessagePage> {
  const collected: MessageJson[] = [];
  let cursor = after ?? '0';
  for (;;) {
    const page = await fetch({ after: cursor });
    collected.push(...page.rows);
    if (page.received < NEWER_PAGE || page.ids === null || collected.length > count) break;
    cursor = String(page.ids.highest);
  }
  return { items: collected.slice(0, count), hasOlder: after !== undefined, hasNewer: collected.length > count };
}
