import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './support/stack.js';

/**
 * Safe defaults: production never falls back to the demo, and a configured gateway shows no
 * schema to strangers unless told to (no GraphiQL, no introspection, no "Did you mean" hints).
 */
let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe('production defaults', () => {
  it('NODE_ENV=production without GATEWAY_CONFIG refuses to start, naming GATEWAY_CONFIG, and starts no demo', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', PORT: '0', LOG_LEVEL: 'silent' };
    delete env.GATEWAY_CONFIG;
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, encoding: 'utf8', timeout: 30_000 });
    expect(result.status).not.toBe(0);
    expect(result.status).not.toBeNull(); // it exited by itself, not by the timeout
    expect(result.stderr).toContain('GATEWAY_CONFIG');
    expect(result.stdout).not.toMatch(/demo|eyJ/);
  });

  it('a configuration without explicit settings serves no GraphiQL and refuses introspection, without hints', async () => {
    stack = await startStack({ tenants: [{ id: 't1', seed: 'prod-defaults', size: 3 }] });
    expect(stack.config.server).toMatchObject({ graphiql: false, introspection: false });
    const token = await stack.token('t1');

    const page = await fetch(`${stack.url}/graphql`, { headers: { accept: 'text/html', authorization: `Bearer ${token}` } });
    expect(page.headers.get('content-type')).not.toContain('text/html');
    expect(await page.text()).not.toMatch(/graphiql/i);

    const schema = await stack.gql(`{ __schema { types { name } } }`);
    expect(schema.status).toBe(400);
    expect(schema.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(schema.errors?.[0]?.message).toMatch(/introspection has been disabled/);
    const type = await stack.gql(`{ __type(name: "Conversation") { fields { name } } }`);
    expect(type.status).toBe(400);

    const misspelt = await stack.gql(`{ conversations(first: 1) { edgs { cursor } } }`);
    expect(misspelt.status).toBe(400);
    expect(misspelt.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it('server.metricsPort serves /metrics on that port only', async () => {
    stack = await startStack({ tenants: [{ id: 't1', seed: 'prod-metrics', size: 3 }], config: { server: { metricsPort: 0 } } });
    const metricsUrl = stack.gateway.metricsUrl!;
    expect(metricsUrl).toBeDefined();
    expect(new URL(metricsUrl).port).not.toBe(new URL(stack.url).port);
    const own = await fetch(`${metricsUrl}/metrics`);
    expect(own.status).toBe(200);
    expect(await own.text()).toContain('gateway_subscriptions_active');
    expect((await fetch(`${stack.url}/metrics`)).status).toBe(404);
    // The metrics port serves nothing else; the main port keeps everything else.
    expect((await fetch(`${metricsUrl}/graphql`)).status).toBe(404);
    expect((await fetch(`${stack.url}/healthz`)).status).toBe(200);
  });

  it('without server.metricsPort, /metrics stays on the main port', async () => {
    stack = await startStack({ tenants: [{ id: 't1', seed: 'prod-metrics-main', size: 3 }] });
    expect(stack.gateway.metricsUrl).toBeUndefined();
    expect((await fetch(`${stack.url}/metrics`)).status).toBe(200);
  });
});
