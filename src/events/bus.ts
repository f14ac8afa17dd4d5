import type { InboxEvent, InboxEventInput } from './event.js';

/** A live subscription to one tenant's events. */
export interface BusSubscription {
  unsubscribe(): void;
}

/**
 * Where events go: a per-tenant ordered log with a bounded replay window, and live fan-out to
 * every subscriber of every instance. `subscribe(since)` delivers what followed `since` and then
 * continues live, with no gap and no duplicate at the seam.
 */
export interface EventBus {
  /**
   * Publishes once per dedupe key (within a day); returns null for a duplicate. Throws
   * EventBusUnavailableError when the bus cannot be reached (then nothing was published, or the
   * event was and a retry returns null): retrying is always safe.
   */
  publish(event: InboxEventInput): Promise<InboxEvent | null>;
  /** Throws CursorTooOldError / BadCursorError for an unusable `since`, EventBusUnavailableError (promptly) when the bus is away. */
  subscribe(tenant: string, since: string | null, deliver: (event: InboxEvent) => void): Promise<BusSubscription>;
  close(): Promise<void>;
}
