import { STAFF, type StaffKey } from '../simulators/common/people.js';
import type { SimulatorSet } from '../simulators/index.js';
import { validateConfig } from './config/load.js';
import type { GatewayConfig } from './config/schema.js';

/**
 * Demo mode: the four simulators in-process, tenant `demo` wired to them, and a public, fixed
 * signing secret so `npm run token` can mint tokens for it. Never used when GATEWAY_CONFIG is set.
 */
export const DEMO_TENANT = 'demo';
export const DEMO_JWT_SECRET = 'demo-only-secret-not-for-production-use-0000';
/** The gateway users of the demo tenant (the first is the default for tokens). */
export const DEMO_USERS: readonly StaffKey[] = ['alice', 'bob', 'carol'];

/** Webhook secrets of the demo's simulators (demo only, like the signing secret). */
export const DEMO_WEBHOOK_SECRETS = { voxys: 'demo-voxys-webhook-secret', chatvolt: 'demo-chatvolt-webhook-token' } as const;

/**
 * Points the simulators' webhooks at the gateway (as each platform would be configured: Voxys
 * signs with its secret, Chatvolt carries its token in the URL, VoiceGlow sends its workspace
 * secret; Iron sends none and is polled).
 */
export function connectWebhooks(sims: SimulatorSet, gatewayUrl: string, tenant: string = DEMO_TENANT, secrets: { voxys: string; chatvolt: string } = DEMO_WEBHOOK_SECRETS): void {
  const base = `${gatewayUrl.replace(/\/$/, '')}/webhooks/${encodeURIComponent(tenant)}`;
  sims.voxys.live.setWebhookTarget({ url: `${base}/voxys`, secret: secrets.voxys });
  sims.chatvolt.live.setWebhookTarget({ url: `${base}/chatvolt?token=${encodeURIComponent(secrets.chatvolt)}`, secret: secrets.chatvolt });
  sims.voiceglow.live.setWebhookTarget({ url: `${base}/voiceglow`, secret: sims.voiceglow.sourceConfig.workspaceSecret! });
}

/**
 * Demo traffic: every few seconds a customer writes on one of the platforms, and now and then
 * Iron's AI drafts a reply, so a subscription opened in GraphiQL shows live events.
 */
export function startDemoTraffic(sims: SimulatorSet, everyMs = 4_000): () => void {
  const platforms = ['voxys', 'chatvolt', 'voiceglow', 'iron'] as const;
  let tick = 0;
  const timer = setInterval(() => {
    const platform = platforms[tick % platforms.length]!;
    tick++;
    void sims[platform].live.injectInboundMessage().catch(() => undefined);
    if (tick % 3 === 0) void sims.iron.live.injectSuggestion?.().catch(() => undefined);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

export function demoConfig(sims: SimulatorSet, options: { tenant?: string } = {}): GatewayConfig {
  const users: Record<string, Record<string, string>> = {};
  for (const user of DEMO_USERS) {
    users[user] = {
      voxys: sims.voxys.identities[user],
      chatvolt: sims.chatvolt.identities[user],
      voiceglow: sims.voiceglow.identities[user],
      iron: sims.iron.identities[user],
    };
  }
  return validateConfig({
    auth: { jwt: { secret: DEMO_JWT_SECRET } },
    // Off by default in a configuration; the demo is for exploring the graph.
    // CORS for a web app on a local dev server (any port), such as examples/inbox-web.
    // The Federation subgraph beside the plain graph, on the same port (`/subgraph`), for a router to compose.
    server: { graphiql: true, introspection: true, cors: { origins: ['http://localhost:*', 'http://127.0.0.1:*'] }, subgraph: { enabled: true } },
    tenants: {
      [options.tenant ?? DEMO_TENANT]: {
        sources: {
          voxys: { type: 'voxys', baseUrl: sims.urls.voxys, ...sims.voxys.sourceConfig, webhookSecret: DEMO_WEBHOOK_SECRETS.voxys },
          chatvolt: { type: 'chatvolt', baseUrl: sims.urls.chatvolt, ...sims.chatvolt.sourceConfig, webhookSecret: DEMO_WEBHOOK_SECRETS.chatvolt },
          voiceglow: { type: 'voiceglow', baseUrl: sims.urls.voiceglow, ...sims.voiceglow.sourceConfig },
          iron: { type: 'iron', baseUrl: sims.urls.iron, ...sims.iron.sourceConfig, pollIntervalMs: 2_000 },
        },
        users,
      },
    },
    // Each demo run starts its simulators afresh (same seeds, same ids): its own Redis keys, so a
    // previous run's de-duplication never swallows this run's events.
    ...(process.env.REDIS_URL ? { redis: { url: process.env.REDIS_URL, keyPrefix: `gw:demo-${Date.now().toString(36)}:` } } : {}),
  });
}

export { STAFF };
