import type { IronActivityJson, IronActivityPageJson } from './schemas.js';

/** One page of a thread, newest first, older than `before` (an activity id) or from the newest. */
export type FetchActivityPage = (before: string | null) => Promise<IronActivityPageJson>;

/**
 * Walks a thread newest first from `before` (exclusive) until `visit` returns true (stop) or the
 * thread ends. Returns whether it stopped early.
 */
export async function walkThread(fetchPage: FetchActivityPage, before: string | null, visit: (activity: IronActivityJson) => boolean): Promise<boolean> {
  let cursor = before;
  for (;;) {
    const page = await fetchPage(cursor);
    for (const activity of page.items) if (visit(activity)) return true;
    // Iron's `next_cursor` says whether there is more, whatever the page's size; an empty page
    // (nothing to continue before) ends the walk too.
    if (page.next_cursor === null || page.received === 0 || page.next_cursor === cursor) return false;
    cursor = page.next_cursor;
  }
}
