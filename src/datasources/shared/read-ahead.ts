/**
 * Starts reads a later resolver of the same request will make (InboxConnector.readAhead): the
 * request shares each call with that resolver (its loaders and the REST client's request memo),
 * and a failure is that resolver's to report, so here it is only kept from being unhandled.
 */
export function startAhead(...reads: (() => Promise<unknown>)[]): void {
  for (const read of reads) {
    try {
      read().catch(() => undefined);
    } catch {
      // A read that refuses its arguments at once does so again for its resolver, which reports it.
    }
  }
}
