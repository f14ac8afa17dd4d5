import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mintToken } from '../src/pipeline/auth.js';
import { startSimulators, type SimulatorSet } from '../simulators/index.js';
import { WsTestClient } from './support/ws.js';

/**
 * SIGTERM while 20 requests are in flight: they all complete, subscriptions are closed with 1001,
 * and the process exits 0. The real entry point (npm start with GATEWAY_CONFIG) in a child process.
 */
const SECRET = 'shutdown-test-secret-that-is-long-enough-00';
let sims: SimulatorSet | undefined;
let child: ReturnType<typeof spawn> | undefined;
afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL'); // never leave a gateway behind
  await sims?.close();
});

describe('graceful shutdown', () => {
  it('finishes 20 in-flight requests, closes subscriptions with 1001, exits 0', async () => {
    sims = await startSimulators({ seed: 'shutdown', size: 6 });
    sims.voxys.server.setKnobs({ latencyMs: 600 }); // every request is still in flight at SIGTERM
    const dir = mkdtempSync(join(tmpdir(), 'gw-shutdown-'));
    const configPath = join(dir, 'gateway.yaml');
    writeFileSync(
      configPath,
      [
        'auth:',
        '  jwt:',
        '    secret: ${GW_JWT_SECRET}',
        'tenants:',
        '  t1:',
        '    sources:',
        '      voxys:',
        '        type: voxys',
        `        baseUrl: ${sims.urls.voxys}`,
        '        apiAccessToken: ${VOXYS_TOKEN}',
        `        accountId: ${sims.voxys.sourceConfig.accountId}`,
        '        cacheTtlMs: 0',
        '    users:',
        '      alice:',
        `        voxys: ${sims.voxys.identities.alice}`,
        'limits:',
        '  requestsPerMinute: 0',
      ].join('\n'),
    );
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      GATEWAY_CONFIG: configPath,
      GW_JWT_SECRET: SECRET,
      VOXYS_TOKEN: sims.voxys.sourceConfig.apiAccessToken,
      PORT: '0',
      LOG_LEVEL: 'silent',
    };
    delete env.REDIS_URL;
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child!.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child!.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));
    await expect.poll(() => /on (http:\/\/localhost:\d+)\/graphql/.exec(output)?.[1] ?? null, { timeout: 30_000 }).not.toBeNull();
    const base = /on (http:\/\/localhost:\d+)\/graphql/.exec(output)![1]!;
    const token = await mintToken({ secret: SECRET, sub: 'alice', tenant: 't1' });

    const ws = new WsTestClient(base, token);
    ws.subscribe(`subscription { conversationUpdated { cursor } }`);
    await expect.poll(async () => (await (await fetch(`${base}/metrics`)).text()).includes('gateway_subscriptions_active 1'), { timeout: 10_000 }).toBe(true);

    const requests = Array.from({ length: 20 }, (_, i) =>
      fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: `query Q${i} { conversations(first: ${i + 1}) { edges { node { id } } } }` }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { data?: { conversations: { edges: unknown[] } }; errors?: unknown } })),
    );
    // The 20 share one upstream read (identical reads in flight are shared): once it has reached
    // the slow platform, every request is being served.
    await expect.poll(() => sims!.voxys.server.requestCounts().total, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    child!.kill('SIGTERM');

    const answers = await Promise.all(requests);
    for (const [i, answer] of answers.entries()) {
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data!.conversations.edges).toHaveLength(Math.min(i + 1, 6));
    }
    expect(await exited).toBe(0);
    await expect.poll(() => ws.closeCode, { timeout: 10_000 }).toBe(1001);
  });
});
