import { z } from 'zod';
import { chatvoltConfigSchema, type ChatvoltSourceConfig } from '../datasources/chatvolt/config.js';
import { ironConfigSchema, type IronSourceConfig } from '../datasources/iron/config.js';
import { voiceglowConfigSchema, type VoiceglowSourceConfig } from '../datasources/voiceglow/config.js';
import { voxysConfigSchema, type VoxysSourceConfig } from '../datasources/voxys/config.js';
import { id, secret, url } from './source-fields.js';

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
  /** The overall budget of one GraphQL request. */
  requestTimeoutMs: z.number().int().min(100).default(15_000),
  /** Events a subscriber may have waiting; past it the oldest is dropped (and counted). */
  subscriberQueueSize: z.number().int().min(1).max(100_000).default(1_000),
  /** Events each tenant's log keeps for `since` replays. */
  eventLogSize: z.number().int().min(100).max(1_000_000).default(10_000),
});

export const configSchema = z.strictObject({
  auth: z.strictObject({
    jwt: z
      .strictObject({
        secret: secret.min(32, 'must be at least 32 characters').optional(),
        jwksUrl: url.optional(),
        issuer: z.string().optional(),
        audience: z.string().optional(),
      })
      .refine((jwt) => Boolean(jwt.secret) !== Boolean(jwt.jwksUrl), 'set exactly one of secret and jwksUrl'),
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
  /** OpenTelemetry traces over OTLP/HTTP (off unless an endpoint is set here or in OTEL_EXPORTER_OTLP_ENDPOINT). */
  telemetry: z
    .strictObject({
      otlpEndpoint: url.optional(),
      serviceName: z.string().min(1).default('inbox-gateway'),
    })
    .optional(),
  limits: limitsSchema.default(limitsSchema.parse({})),
  server: z
    .strictObject({
      port: z.number().int().min(0).max(65_535).optional(),
      host: z.string().default('0.0.0.0'),
      graphiql: z.boolean().default(true),
      introspection: z.boolean().default(true),
      /** On SIGTERM, how long in-flight requests may take to finish. */
      shutdownGraceMs: z.number().int().min(0).max(600_000).default(10_000),
    })
    .default({ host: '0.0.0.0', graphiql: true, introspection: true, shutdownGraceMs: 10_000 }),
});

export type GatewayConfig = z.infer<typeof configSchema>;
export type LimitsConfig = z.infer<typeof limitsSchema>;
