import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface Received<T = Record<string, unknown>> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** A graphql-ws client on a real socket, and its subscriptions' received events. */
export class WsTestClient {
  readonly client: Client;
  closeCode: number | null = null;

  constructor(httpUrl: string, token: string | null) {
    this.client = createClient({
      url: `${httpUrl.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      retryAttempts: 0,
      lazy: true,
      on: { closed: (event) => (this.closeCode = (event as { code: number }).code) },
    });
  }

  /** Starts a subscription; events accumulate in `events`. */
  subscribe<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}): TestSubscription<T> {
    const sub = new TestSubscription<T>();
    sub.dispose = this.client.subscribe<T>(
      { query, variables },
      {
        next: (value) => sub.events.push(value as Received<T>),
        error: (error) => (sub.error = error),
        complete: () => (sub.completed = true),
      },
    );
    return sub;
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}

export class TestSubscription<T> {
  readonly events: Received<T>[] = [];
  error: unknown = null;
  completed = false;
  dispose: () => void = () => undefined;

  /** Waits until `count` events have arrived (or fails after `timeoutMs`). */
  async waitFor(count: number, timeoutMs = 10_000): Promise<Received<T>[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.events.length < count) {
      if (this.error) throw new Error(`subscription failed: ${JSON.stringify(this.error)}`);
      if (Date.now() > deadline) throw new Error(`expected ${count} events, got ${this.events.length}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return this.events;
  }
}

/** Lets pending deliveries land, so a test can assert that nothing more arrives. */
export function settle(ms = 300): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
