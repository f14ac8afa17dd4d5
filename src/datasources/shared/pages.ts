/**
 * Walks a cursor-paged list from its start: `fetch(cursor)` reads one page (null for the first),
 * `nextOf(page)` says where the next one starts (null after the last). Pages are read one after
 * another, as each names the next.
 */
export async function* walkPages<P>(fetch: (cursor: string | null) => Promise<P>, nextOf: (page: P) => string | null): AsyncGenerator<P> {
  let cursor: string | null = null;
  do {
    const page: P = await fetch(cursor);
    yield page;
    cursor = nextOf(page);
  } while (cursor !== null);
}
