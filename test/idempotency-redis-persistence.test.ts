import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { validateConfig } from '../src/config/load.js';
import { createGateway, type Gateway } from '../src/gateway.js';
import { hasRedisServer, startPrivateRedis, type PrivateRedis } from './support/private-redis.js';

/**
 * Idempotency keys survive a Redis restart only when Redis persists with AOF. With Redis
 * configured, the gateway checks `CONFIG GET appendonly` at start and warns when it is off or
 * cannot be read; /readyz reports it as the informational `idempotency` check (never unready for it).
 * Each case runs its own redis-server (never the shared one).
 */
const CAN_RUN = hasRedisServer();
if (!CAN_RUN) console.warn('SKIPPED idempotency-redis-persistence: redis-server is not installed');

let gateway: Gateway | undefined;
let redis: PrivateRedis | undefined;
afterEach(async () => {
  await gateway?.close();
  await redis?.close();
  gateway = undefined;
  redis = undefined;
});

async function start(options: Parameters<typeof startPrivateRedis>[0]): Promise<{ url: string; logs: { level: number; msg: string }[] }> {
  redis = await startPrivateRedis(options);
  const logs: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'info', base: undefined }, { write: (line: string) => void logs.push(JSON.parse(line) as { level: number; msg: string }) });
  const config = validateConfig({
    auth: { jwt: { secret: 'a-signing-secret-of-at-least-32-characters!' } },
    tenants: { t: { sources: { v: { type: 'voxys', baseUrl: 'http://127.0.0.1:9', apiAccessToken: 'x', accountId: 1 } } } },
    redis: { url: redis.url },
  });
  gateway = createGateway(config, { logger });
  return { url: await gateway.listen(0, '127.0.0.1', { polling: false }), logs };
}

const persistenceWarnings = (logs: { level: number; msg: string }[]) => logs.filter((l) => l.level === 40 && /persist/i.test(l.msg));

async function readyz(url: string): Promise<{ status: number; body: { status: string; checks: Record<string, string> } }> {
  const response = await fetch(`${url}/readyz`);
  return { status: response.status, body: (await response.json()) as { status: string; checks: Record<string, string> } };
}

describe.skipIf(!CAN_RUN)('Redis persistence of idempotency keys', () => {
  it('AOF on: no warning; /readyz says persistent', async () => {
    const { url, logs } = await start({ persistence: 'aof' });
    await expect.poll(() => logs.some((l) => /appendonly yes/.test(l.msg))).toBe(true);
    expect(persistenceWarnings(logs)).toEqual([]);
    expect(await readyz(url)).toEqual({ status: 200, body: { status: 'ready', checks: { config: 'ok', redis: 'ok', idempotency: 'persistent (appendonly yes)' } } });
  });

  it('AOF off: one warning at start; /readyz stays ready and says keys are lost on a Redis restart', async () => {
    const { url, logs } = await start({ persistence: 'none' });
    await expect.poll(() => persistenceWarnings(logs).length).toBe(1);
    expect(persistenceWarnings(logs)[0]!.msg).toMatch(/appendonly no.*sent again.*appendonly yes/);
    const ready = await readyz(url);
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({ config: 'ok', redis: 'ok', idempotency: 'not persistent (appendonly no): idempotency keys are lost if Redis restarts' });
  });

  it('CONFIG forbidden (as on managed Redis): tolerated, one warning, /readyz says unknown', async () => {
    const { url, logs } = await start({ persistence: 'aof', extraArgs: ['--rename-command', 'CONFIG', ''] });
    await expect.poll(() => persistenceWarnings(logs).length).toBe(1);
    expect(persistenceWarnings(logs)[0]!.msg).toMatch(/CONFIG GET refused/);
    const ready = await readyz(url);
    expect(ready.status).toBe(200);
    expect(ready.body.checks.idempotency).toMatch(/^unknown \(CONFIG GET refused\)/);
  });
});
