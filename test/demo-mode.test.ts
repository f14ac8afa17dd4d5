import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { WsTestClient } from './support/ws.js';

/**
 * `npm start` with no configuration: demo mode with the four simulators in-process. Runs the real
 * entry point as a child process (as `npm start` does: tsx src/main.ts) on a free port.
 */
let child: ChildProcess | undefined;
afterAll(() => {
  child?.kill('SIGKILL');
});

function startDemo(): Promise<{ url: string; token: string; output: () => string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', LOG_LEVEL: 'silent' };
  delete env.GATEWAY_CONFIG;
  child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo did not start:\n${out}`)), 45_000);
    const poll = setInterval(() => {
      const url = /on (http:\/\/localhost:\d+\/graphql)/.exec(out)?.[1];
      const token = /\n\n(eyJ[\w-]+\.[\w-]+\.[\w-]+)\n/.exec(out)?.[1];
      if (url && token) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve({ url, token, output: () => out });
      }
    }, 100);
    child!.on('exit', (code) => reject(new Error(`demo exited with ${code}:\n${out}`)));
  });
}

describe('demo mode (npm start without configuration)', () => {
  it('serves InboxScreen with conversations from all four platforms, GraphiQL, live traffic, health and metrics; SIGTERM exits 0', async () => {
    expect(JSON.parse(readFileSync('package.json', 'utf8')).scripts.start).toBe('tsx src/main.ts');
    const { url, token, output } = await startDemo();
    const query = readFileSync('operations/InboxScreen.graphql', 'utf8');
    const sources = new Set<string>();
    let after: string | null = null;
    // One InboxScreen: its first page already mixes all four platforms.
    for (let page = 0; page < 1; page++) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables: { first: 25, after } }),
      });
      const body = (await response.json()) as { data: { conversations: { edges: { node: { source: string } }[]; pageInfo: { endCursor: string } } }; errors?: unknown };
      expect(body.errors).toBeUndefined();
      for (const edge of body.data.conversations.edges) sources.add(edge.node.source);
      after = body.data.conversations.pageInfo.endCursor;
    }
    expect([...sources].sort()).toEqual(['CHATVOLT', 'IRON', 'VOICEGLOW', 'VOXYS']);

    const base = url.replace(/\/graphql$/, '');
    const graphiql = await fetch(url, { headers: { accept: 'text/html' } });
    expect(graphiql.status).toBe(200);
    expect(await graphiql.text()).toContain(token);
    // The reference web app (examples/inbox-web), built and served on its own origin, told where the gateway is.
    const webApp = /Inbox web app: open (http:\/\/localhost:\d+\/)/.exec(output())?.[1];
    expect(webApp).toBeDefined();
    expect(await (await fetch(webApp!)).text()).toContain('<div id="app">');
    expect(await (await fetch(`${webApp}config.json`)).json()).toEqual({ graphqlUrl: url, token });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/gateway_upstream_requests_total\{source="voxys",method="GET",route="\/conversations",status="200"\} \d+/);
    expect(metrics).toContain('gateway_cache_misses_total');

    // Demo traffic: a subscription shows live messages without anyone doing anything.
    const ws = new WsTestClient(base, token);
    const live = ws.subscribe<{ messageAdded: { message: { content: string } } }>(`subscription { messageAdded { cursor message { content } } }`);
    const [event] = await live.waitFor(1, 30_000);
    expect(event!.data!.messageAdded.message.content).toBeTruthy();
    await ws.close();

    const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));
    child!.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('npm run token prints just a token for the demo tenant', async () => {
    const { spawnSync } = await import('node:child_process');
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/token.ts', '--tenant', 'demo', '--sub', 'bob'], {
      encoding: 'utf8',
      env: { ...process.env, GATEWAY_CONFIG: '' },
    });
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    const payload = JSON.parse(Buffer.from(result.stdout.trim().split('.')[1]!, 'base64url').toString());
    expect(payload).toMatchObject({ sub: 'bob', tenant: 'demo' });
    const wrong = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/token.ts', '--tenant', 'nope'], { encoding: 'utf8', env: { ...process.env, GATEWAY_CONFIG: '' } });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('demo mode has only tenant "demo"');
  });
});
