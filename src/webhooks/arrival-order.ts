/**
 * Turns in the order deliveries arrived: each change's platform reads may start at once, beside
 * the others', but its events are appended only after the previous change's were. So the tenant's
 * stream keeps the order the platform sent (and with it every conversation's order), while a
 * burst of webhooks costs about one read's time, not one read per webhook in a row.
 */
export class ArrivalOrder {
  private tail: Promise<void> = Promise.resolve();

  /** The next turn: `previous` resolves once the turn before it is done; call `done` when this one is (always, even on failure). */
  next(): { previous: Promise<void>; done: () => void } {
    const previous = this.tail;
    let done!: () => void;
    this.tail = new Promise<void>((resolve) => (done = resolve));
    return { previous, done };
  }
}
