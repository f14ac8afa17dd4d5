import type { StaffKey } from './people.js';
import type { SimServer } from './server.js';

/** What every platform simulator is created from. */
export interface SimOptions {
  /** Same seed, same data (`SIM_SEED`). */
  seed: number | string;
  /** About how many conversations to generate (default 60). */
  size: number;
  /** The simulated "now": every generated timestamp is relative to it. */
  now: Date;
}

/** A created (not yet listening) platform simulator. */
export interface Simulator<Db = unknown> {
  server: SimServer;
  /** The live state: what the platform would answer. Tests compute ground truth from it. */
  db: Db;
  /**
   * The source settings (besides `type` and `baseUrl`) a gateway needs to reach this simulator,
   * e.g. `{ apiAccessToken, accountId }` for Voxys. Keys match src/config/schema.ts.
   */
  sourceConfig: Record<string, string>;
  /** The platform's id for each team member of simulators/common/people.ts. */
  identities: Record<StaffKey, string>;
  /** Live traffic and webhooks. */
  live: SimulatorLive;
}

/** Where a simulator delivers its webhooks (the gateway's `POST /webhooks/{tenant}/{source}`). */
export interface WebhookTarget {
  url: string;
  /** The shared secret the platform signs or authenticates with (Voxys HMAC secret, Chatvolt URL token). */
  secret: string;
}

/** What an injected change created, in the platform's own ids. */
export interface InjectedChange {
  conversationId: string;
  /** The new message's or suggestion's id. */
  id: string;
}

/**
 * Live traffic: changes that happen "on the platform" (a customer writes, the AI drafts a reply).
 * Each also goes out as the platform's webhook, when the platform sends webhooks and a target is set.
 */
export interface SimulatorLive {
  /** Sets (or clears) where webhooks go. */
  setWebhookTarget(target: WebhookTarget | null): void;
  /** A new inbound message from the contact, in the given conversation or a seeded-random one. */
  injectInboundMessage(conversationId?: string, content?: string): Promise<InjectedChange>;
  /** A new pending AI suggestion (platforms that have them). */
  injectSuggestion?(conversationId?: string, content?: string): Promise<InjectedChange>;
  /** Webhooks delivered so far (for tests), with the gateway's HTTP status. */
  readonly deliveries: { event: string; status: number | null }[];
}
