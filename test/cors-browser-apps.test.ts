import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/schema.js';
import { demoConfig } from '../src/demo.js';
import { originMatcher, registerCors } from '../src/http/cors.js';
import { startStack, type Stack } from './support/stack.js';

/**
 * CORS for browser apps on other origins (`server.cors`): preflights from listed origins are
 * answered before admission, refusals (401, 429) to them stay readable, and any other origin gets
 * no CORS header at all. Proven with raw requests and in Chromium across two real origins.
 */
const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn('SKIPPED cors-browser-apps (Chromium part): /usr/bin/chromium is not installed');

const ALLOWED = 'http://localhost:5173';
const STRANGER = 'https://evil.example';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    config: {
      server: { cors: { origins: ['http://localhost:*', 'http://127.0.0.1:*', 'https://app.example.com'] } },
      // Per user: the 429 test spends bob's budget; the others use no token or alice's.
      limits: { requestsPerMinute: 3 },
    },
  });
});
afterAll(async () => {
  await stack?.close();
});

function preflight(origin: string, requestHeaders = 'authorization, content-type'): Promise<Response> {
  return fetch(`${stack.url}/graphql`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': requestHeaders },
  });
}

function post(origin: string, token: string | null): Promise<Response> {
  return fetch(`${stack.url}/graphql`, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
}

describe('preflight', () => {
  it.each([ALLOWED, 'http://127.0.0.1:8080', 'https://app.example.com'])('from %s: 2xx, its origin allowed, authorization and content-type allowed, cached', async (origin) => {
    const response = await preflight(origin);
    expect(response.status).toBeGreaterThanOrEqual(200);
    expect(response.status).toBeLessThan(300);
    expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    const allowed = (response.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(/\s*,\s*/);
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type']));
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-max-age')).toBe('600');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull(); // off by default
    expect(response.headers.get('vary')?.toLowerCase()).toContain('origin');
    expect(response.headers.get('www-authenticate')).toBeNull(); // never the admission's 401
  });

  it.each([STRANGER, 'https://app.example.com.evil.example', 'http://localhost.evil.example:80', 'https://localhost:5173', 'null'])('from %s: no allow-origin', async (origin) => {
    const response = await preflight(origin);
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-headers')).toBeNull();
  });
});

describe('actual requests', () => {
  it('a listed origin reads the answer; a 401 carries allow-origin too; a stranger gets none', async () => {
    const ok = await post(ALLOWED, await stack.token('t1', 'alice'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(await ok.json()).toEqual({ data: { __typename: 'Query' } });

    const refused = await post(ALLOWED, null);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(refused.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('retry-after');

    const stranger = await post(STRANGER, null);
    expect(stranger.status).toBe(401);
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('a 429 to a listed origin carries allow-origin and exposes Retry-After', async () => {
    const token = await stack.token('t1', 'bob');
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 4; i++) {
      const response = await post(ALLOWED, token);
      statuses.push(response.status);
      if (response.status === 429) limited = response;
      else await response.arrayBuffer();
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(limited!.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(limited!.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(limited!.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('retry-after');
  });
});

describe('configuration', () => {
  it('patterns: `*` is one host label or a port, never a way around the host', () => {
    const localhost = originMatcher('http://localhost:*');
    expect(localhost('http://localhost:5173')).toBe(true);
    expect(localhost('http://localhost')).toBe(false);
    expect(localhost('http://localhost:5173.evil.example')).toBe(false);
    expect(localhost('https://localhost:5173')).toBe(false);
    const sub = originMatcher('https://*.example.com');
    expect(sub('https://app.example.com')).toBe(true);
    expect(sub('https://a.b.example.com')).toBe(false);
    expect(sub('https://evil.com')).toBe(false);
    expect(sub('https://evilexample.com')).toBe(false);
    expect(originMatcher('https://App.Example.com/')('https://app.example.com')).toBe(true);
  });

  it('the demo allows local dev servers on any port, without credentials', () => {
    expect(demoConfig(stack.sims.t1!).server.cors).toEqual({ origins: ['http://localhost:*', 'http://127.0.0.1:*'], credentials: false, maxAgeSeconds: 600 });
  });

  it('by default no origin is allowed', () => {
    expect(stack.config.server.cors.credentials).toBe(false);
    expect(configSchema.shape.server.parse(undefined).cors).toEqual({ origins: [], credentials: false, maxAgeSeconds: 600 });
  });

  it('credentials on: allow-credentials is sent with the exact origin', async () => {
    const app = Fastify();
    await registerCors(app, { origins: [ALLOWED], credentials: true, maxAgeSeconds: 60 });
    app.post('/graphql', async () => ({ ok: true }));
    const answer = await app.inject({ method: 'OPTIONS', url: '/graphql', headers: { origin: ALLOWED, 'access-control-request-method': 'POST' } });
    expect(answer.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(answer.headers['access-control-allow-credentials']).toBe('true');
    expect(answer.headers['access-control-max-age']).toBe('60');
    await app.close();
  });
});

describe.skipIf(!haveChromium)('in Chromium, from another origin', () => {
  let browser: Browser;
  const appServers: Server[] = [];
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all(appServers.map((server) => new Promise((resolve) => server.close(resolve))));
  });

  /** A blank "web app" page served from its own origin (host:port). */
  async function appOrigin(host: string): Promise<string> {
    const server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title>'));
    appServers.push(server);
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    return `http://${host}:${(server.address() as AddressInfo).port}`;
  }

  /** What a web app's fetch sees: the answer, or the browser's CORS block (a TypeError). */
  async function fetchFrom(origin: string, token: string | null): Promise<{ status?: number; body?: unknown; blocked?: string }> {
    const page = await browser.newPage();
    try {
      await page.goto(`${origin}/`);
      return await page.evaluate(
        async ({ url, token }) => {
          try {
            const response = await fetch(url, {
              method: 'POST',
              headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
              body: JSON.stringify({ query: '{ __typename }' }),
            });
            return { status: response.status, body: await response.json() };
          } catch (error) {
            return { blocked: String(error) };
          }
        },
        { url: `${stack.url}/graphql`, token },
      );
    } finally {
      await page.close();
    }
  }

  it('a listed origin queries with a bearer token and reads a 401; another origin is blocked', async () => {
    const app = await appOrigin('127.0.0.1');
    expect(await fetchFrom(app, await stack.token('t1', 'alice'))).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
    const refused = await fetchFrom(app, null);
    expect(refused.status).toBe(401);
    expect(JSON.stringify(refused.body)).toContain('UNAUTHENTICATED');

    // 127.0.0.2 is loopback too, but not on the list.
    const stranger = await appOrigin('127.0.0.2');
    expect(await fetchFrom(stranger, await stack.token('t1', 'alice'))).toEqual({ blocked: expect.stringContaining('Failed to fetch') });
  });
});
