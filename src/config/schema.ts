import { z } from 'zod';
import { chatvoltConfigSchema, type ChatvoltSourceConfig } from '../datasources/chatvolt/config.js';
import { ironConfigSchema, type IronSourceConfig } from '../datasources/iron/config.js';
import { voiceglowConfigSchema, type VoiceglowSourceConfig } from '../datasources/voiceglow/config.js';
import { voxysConfigSchema, type VoxysSourceConfig } from '../datasources/voxys/config.js';
import { cacheSchema } from './cache.js';
import { id, secret, url } from './source-fields.js';
import { subgraphSchema } from './subgraph.js';
import { telemetrySchema } from './telemetry.js';
import { uploadsSchema } from './uploads.js';

export { DEFAULT_UPLOAD_TYPES, uploadsSchema, type UploadsConfig } from './uploads.js';

/**
 * The gateway's YAML configuration (SPEC.md, Configuration). Every object is strict: a typo in a
 * key is an error naming its path, never a silent default. Secrets come from `${ENV}` references,
 * resolved before validation (see load.ts).
 */

/**
 * A source's configuration: each platform owns its schema (`src/datasources/<platform>/config.ts`),
 * merged here into one union discriminated by `type`.
 */
export const sourceSchema = z.discriminatedUnion('type', [voxysConfigSchema, chatvoltConfigSchema, voiceglowConfigSchema, ironConfigSchema]);

export type { VoxysSourceConfig, ChatvoltSourceConfig, VoiceglowSourceConfig, IronSourceConfig };
export type SourceConfig = z.infer<typeof sourceSchema>;

/** `auth.maxTokenLifetime` unless configured: 24 hours. */
export const DEFAULT_MAX_TOKEN_LIFETIME = 86_400;

/** A duration in seconds: a number, or a string such as `90s`, `30m`, `24h`, `7d`. */
const duration = z
  .union([z.number().int().min(1), z.string().regex(/^\d+\s*[smhd]$/, 'a number of seconds, or like 30m, 24h, 7d')])
  .transform((value) => (typeof value === 'number' ? value : Number.parseInt(value, 10) * { s: 1, m: 60, h: 3_600, d: 86_400 }[value.trim().slice(-1) as 's' | 'm' | 'h' | 'd']));

const key = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, 'must be letters, digits, - or _');

export const tenantSchema = z
  .strictObject({
    sources: z.record(key, sourceSchema).refine((s) => Object.keys(s).length > 0, 'a tenant needs at least one source'),
    /** `users.<sub>.<sourceKey>`: that user's id in the source (Voxys user id, Chatvolt membership id, …). */
    users: z.record(z.string().min(1), z.record(key, id)).default({}),
  })
  .superRefine((tenant, ctx) => {
    for (const [sub, identities] of Object.entries(tenant.users)) {
      for (const sourceKey of Object.keys(identities)) {
        if (!(sourceKey in tenant.sources)) {
          ctx.addIssue({ code: 'custom', path: ['users', sub, sourceKey], message: `no source "${sourceKey}" in this tenant` });
        }
      }
    }
  });

export type TenantConfig = z.infer<typeof tenantSchema>;

export const limitsSchema = z.strictObject({
  maxDepth: z.number().int().min(2).default(12),
  maxCost: z.number().int().min(10).default(20_000),
  maxAliases: z.number().int().min(1).default(30),
  maxTokens: z.number().int().min(100).default(5_000),
  maxPageSize: z.number().int().min(1).max(500).default(100),
  maxBodyBytes: z.number().int().min(1_024).default(1_000_000),
  /** Requests per user per minute; 0 turns rate limiting off. */
  requestsPerMinute: z.number().int().min(0).default(1_200),
  /** Requests per tenant per minute, all its users together; 0 (the default) turns it off. */
  tenantRequestsPerMinute: z.number().int().min(0).default(0),
  /** Requests per client address per minute, counted before the token is checked; 0 (the default) turns it off. */
  addressRequestsPerMinute: z.number().int().min(0).default(0),
  /** The overall budget of one GraphQL request. */
  requestTimeoutMs: z.number().int().min(100).default(15_000),
  /**
   * Platform calls one request may make, over all its sources, retries included; past it what still
   * needs a platform is refused with QUERY_TOO_COMPLEX. 0 turns the cap off. The default is about
   * three times the heaviest screen (InboxScreen at 100 rows), see the README.
   */
  maxUpstreamCallsPerRequest: z.number().int().min(0).default(500),
  /** Events a subscriber may have waiting; past it the oldest is dropped (and counted). */
  subscriberQueueSize: z.number().int().min(1).max(100_000).default(1_000),
  /**
   * Bytes a subscriber's socket may hold unsent in this process (WebSocket `bufferedAmount`)
   * before its events wait in the queue above instead: with the queue, what bounds a slow
   * subscriber's memory.
   */
  subscriberBufferBytes: z
    .number()
    .int()
    .min(1_024)
    .max(64 * 1024 * 1024)
    .default(16 * 1024),
  /** A subscriber whose queue overflows: `dropOldest` (counted; `since` fills the gap) or `close` (its socket, with 4008). */
  slowSubscriberPolicy: z.enum(['dropOldest', 'close']).default('dropOldest'),
  /** Events each tenant's log keeps for `since` replays. */
  eventLogSize: z.number().int().min(100).max(1_000_000).default(10_000),
  /** Retries of an event append the bus refused (Redis away) before the event is held. */
  eventPublishRetries: z.number().int().min(0).max(10).default(3),
  /** Events held in each instance while the bus is away, published when it is back; past it the oldest is dropped (and counted). */
  eventHoldSize: z.number().int().min(0).max(1_000_000).default(10_000),
});

export const configSchema = z
  .strictObject({
    auth: z.strictObject({
      jwt: z
        .strictObject({
          secret: secret.min(32, 'must be at least 32 characters').optional(),
          jwksUrl: url.optional(),
          issuer: z.string().optional(),
          audience: z.string().optional(),
        })
        .refine((jwt) => Boolean(jwt.secret) !== Boolean(jwt.jwksUrl), 'set exactly one of secret and jwksUrl'),
      /** The longest a token may be valid (`exp - iat`): seconds, or `30m`, `24h`, `7d`. */
      maxTokenLifetime: duration.default(DEFAULT_MAX_TOKEN_LIFETIME),
    }),
    tenants: z.record(key, tenantSchema).refine((t) => Object.keys(t).length > 0, 'at least one tenant'),
    redis: z
      .strictObject({
        url: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL'),
        /** Prefix of every key the gateway writes (several deployments may share one Redis). */
        keyPrefix: z
          .string()
          .regex(/^[A-Za-z0-9:_-]{1,64}$/, 'letters, digits, : _ or -')
          .default('gw:'),
      })
      .optional(),
    /** OpenTelemetry traces over OTLP/HTTP (telemetry.ts). */
    telemetry: telemetrySchema,
    /** The response cache across instances (cache.ts). */
    cache: cacheSchema,
    /**
     * `persistedDocuments`: which documents run. `require`: only the persisted-documents manifest's
     * (generated from operations/), by id; `allow` (the default): those, any document sent as text,
     * and automatic persisted queries; `off`: text only.
     */
    security: z
      .strictObject({
        persistedDocuments: z.enum(['off', 'allow', 'require']).default('allow'),
      })
      .default({ persistedDocuments: 'allow' }),
    limits: limitsSchema.default(limitsSchema.parse({})),
    uploads: uploadsSchema.prefault({}),
    server: z
      .strictObject({
        port: z.number().int().min(0).max(65_535).optional(),
        host: z.string().default('0.0.0.0'),
        /** Off unless set (the demo turns them on): a deployment shows no schema to strangers. */
        graphiql: z.boolean().default(false),
        introspection: z.boolean().default(false),
        /** On SIGTERM, how long in-flight requests may take to finish. */
        shutdownGraceMs: z.number().int().min(0).max(600_000).default(10_000),
        /** How long a client may take to send its request headers. */
        headersTimeoutMs: z.number().int().min(100).max(600_000).default(10_000),
        /** How long a client may take to send its whole request, body included (counted from its first byte). */
        bodyTimeoutMs: z.number().int().min(100).max(600_000).default(30_000),
        /**
         * Processes serving the port (Node cluster): a number, or `auto` for one per core. More than
         * one needs `redis` (the event bus, rate limits and de-duplication are shared through it).
         */
        workers: z.union([z.number().int().min(1).max(256), z.literal('auto')]).default(1),
        /** Open connections (HTTP and WebSocket) the server holds; more are refused. */
        maxConnections: z.number().int().min(1).default(10_000),
        /** Serve /metrics on this port only (not on the main one); 0 picks a free port. */
        metricsPort: z.number().int().min(0).max(65_535).optional(),
        /**
         * Behind a proxy: whose X-Forwarded-For to believe for the client address (per-address rate
         * limit). `true` trusts every hop (only when nothing reaches the gateway but the proxy); a
         * string lists addresses, CIDRs or `loopback`, `linklocal`, `uniquelocal`, comma-separated.
         */
        trustProxy: z.union([z.boolean(), z.string().min(1)]).default(false),
        /**
         * Browser apps on other origins. `origins`: exact origins (`https://app.example.com`) or
         * patterns where `*` is one host label or any port (`https://*.example.com`,
         * `http://localhost:*`); none by default. `credentials`: let browsers send cookies (off: the
         * gateway reads bearer tokens only). `maxAgeSeconds`: how long a preflight answer is reused.
         */
        cors: z
          .strictObject({
            origins: z.array(z.string().regex(/^https?:\/\/[^/\s]+\/?$/, 'an origin: scheme://host[:port], `*` for one host label or any port')).default([]),
            credentials: z.boolean().default(false),
            maxAgeSeconds: z.number().int().min(0).max(86_400).default(600),
          })
          .prefault({}),
        /** The same graph as an Apollo Federation 2 subgraph, on its own path (subgraph.ts). */
        subgraph: subgraphSchema,
      })
      .refine((server) => server.bodyTimeoutMs >= server.headersTimeoutMs, { message: 'must be at least headersTimeoutMs', path: ['bodyTimeoutMs'] })
      .prefault({}),
  })
  .superRefine((config, ctx) => {
    // Several processes share events, rate limits and de-duplication only through Redis.
    if (config.server.workers !== 1 && !config.redis) {
      ctx.addIssue({
        code: 'custom',
        path: ['server', 'workers'],
        message: 'more than one worker needs redis.url (or REDIS_URL): the workers share events, rate limits and de-duplication through it',
      });
    }
    const { subgraph } = config.server;
    if (subgraph.enabled && subgraph.persistedDocuments === undefined && config.security.persistedDocuments === 'require') {
      ctx.addIssue({
        code: 'custom',
        path: ['server', 'subgraph', 'persistedDocuments'],
        message: 'security.persistedDocuments is require, but a router sends its query plans as text: set allow or off for the subgraph (and keep a safelist at the router)',
      });
    }
  });

export type GatewayConfig = z.infer<typeof configSchema>;
export type LimitsConfig = z.infer<typeof limitsSchema>;
