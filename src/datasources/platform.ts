import type { z } from 'zod';
import type { SourceConfig } from '../config/schema.js';
import type { SourceRef, SourceType } from '../model/index.js';
import type { ActionTable, SourceActionTable } from './actions.js';
import type { InboxConnector } from './connector.js';
import type { RestClient } from './rest-client.js';
import type { PlatformWebhooks } from '../webhooks/types.js';

/** What a connector is built from, once per request and source. */
export interface ConnectorContext<C extends SourceConfig = SourceConfig> {
  ref: SourceRef;
  config: C;
  /** The signed-in user's identity in this source (from `users.<sub>.<sourceKey>`), if any. */
  me: string | null;
  client: RestClient;
  now: () => Date;
}

/** How the gateway reaches a platform: auth headers and path prefix for the REST client. */
export interface PlatformConnection {
  headers: Record<string, string>;
  basePath?: string;
  /** The secret that identifies whose data this is; it partitions the cache (hashed, never stored). */
  credential: string;
}

/**
 * One platform, whole: everything about it lives in its folder `src/datasources/<type>/`
 * (`config.ts`, `api.ts`, `schemas.ts`, `mapping.ts`, `connector.ts`, `actions.ts`, `webhook.ts`)
 * and is exported as one of these from its `index.ts`.
 */
export interface Platform<C extends SourceConfig = SourceConfig, K extends InboxConnector = InboxConnector> {
  type: SourceType;
  /** Its source configuration (merged into the gateway's config validation). */
  configSchema: z.ZodType<C>;
  /** The id that scopes this source's ids (account, agent, org). */
  scopeOf(config: C): string;
  connection(config: C): PlatformConnection;
  createConnector(context: ConnectorContext<C>): K;
  /** The inbox actions its API offers; the capability matrix is derived from these. */
  actions: ActionTable<K>;
  /** The actions its API offers on the source itself (start a conversation, save views); absent: none. */
  sourceActions?: SourceActionTable<K>;
  /** How the platform's webhooks are authenticated and read; absent when it sends none (Iron). */
  webhooks?: PlatformWebhooks<C>;
}
