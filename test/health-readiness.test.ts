import { afterEach, describe, expect, it } from 'vitest';
import { validateConfig } from '../src/config/load.js';
import { createLogger } from '../src/logger.js';
import { createGateway, type Gateway } from '../src/gateway.js';

/** /healthz is liveness; /readyz reflects the configuration and, when configured, Redis (and whether it persists idempotency keys). */
const REDIS_URL = process.env.REDIS_URL;
if (!REDIS_URL) console.warn('SKIPPED readiness-with-Redis: REDIS_URL is not set');

let gateway: Gateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

function start(redisUrl?: string): Promise<string> {
  const config = validateConfig({
    auth: { jwt: { secret: 'a-signing-secret-of-at-least-32-characters!' } },
    tenants: { t: { sources: { v: { type: 'voxys', baseUrl: 'http://127.0.0.1:9', apiAccessToken: 'x', accountId: 1 } } } },
    ...(redisUrl ? { redis: { url: redisUrl } } : {}),
  });
  gateway = createGateway(config, { logger: createLogger({ level: 'silent' }) });
  return gateway.listen(0, '127.0.0.1');
}

describe('health and readiness', () => {
  it('without Redis: live and ready', async () => {
    const url = await start();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { config: 'ok' } });
  });

  it('with Redis unreachable: live but not ready (503)', async () => {
    const url = await start('redis://127.0.0.1:1');
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'not ready', checks: { config: 'ok', redis: 'unreachable', idempotency: 'unknown (Redis unreachable)' } });
  });

  it.skipIf(!REDIS_URL)('with the real Redis of REDIS_URL: ready', async () => {
    const url = await start(REDIS_URL);
    const ready = await fetch(`${url}/readyz`);
    // `idempotency` reports the shared Redis's own persistence setting (informational: never unready for it).
    expect(await ready.json()).toEqual({ status: 'ready', checks: { config: 'ok', redis: 'ok', idempotency: expect.stringMatching(/^(persistent|not persistent|unknown)/) } });
    expect(ready.status).toBe(200);
  });
});
