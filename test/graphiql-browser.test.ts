import { existsSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { connectWebhooks, DEMO_WEBHOOK_SECRETS } from '../src/demo.js';
import { startStack, type Stack } from './support/stack.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn('SKIPPED graphiql-browser: /usr/bin/chromium is not installed (apt-get install chromium)');

let stack: Stack;
let browser: Browser;
let token: string;

beforeAll(async () => {
  if (!haveChromium) return;
  stack = await startStack({
    tenants: [{ id: 'demo', seed: 'demo', size: 8 }],
    graphiqlToken: async (mint) => (token = await mint('demo')),
    // Both are off by default in a configuration.
    config: { server: { graphiql: true, introspection: true } },
    // Voxys signs its webhooks as in the demo, so an injected message reaches subscriptions.
    sourceOverrides: { voxys: { webhookSecret: DEMO_WEBHOOK_SECRETS.voxys }, chatvolt: { webhookSecret: DEMO_WEBHOOK_SECRETS.chatvolt } },
  });
  connectWebhooks(stack.sims.demo!, stack.url, 'demo');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe.skipIf(!haveChromium)('GraphiQL in a real browser', () => {
  it('loads from local assets only, with the demo token pre-filled, and runs the inbox query', async () => {
    const page = await browser.newPage();
    const foreign: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (!['127.0.0.1', 'localhost'].includes(url.hostname) && !['blob:', 'data:'].includes(url.protocol)) foreign.push(request.url());
    });
    const response = await page.goto(`${stack.url}/graphql`);
    expect(response?.status()).toBe(200);
    await page.waitForSelector('.graphiql-container', { timeout: 30_000 });

    // The headers editor holds the demo token.
    await page.getByText('Headers', { exact: true }).click();
    await expect.poll(async () => (await page.content()).includes(token.slice(-20)), { timeout: 10_000 }).toBe(true);

    // Run the default query and wait for conversations in the result pane.
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(async () => (await page.locator('.graphiql-response').innerText()).includes('"conversations"'), { timeout: 20_000 }).toBe(true);
    const result = await page.locator('.graphiql-response').innerText();
    expect(result).toContain('"edges"');
    expect(result).not.toContain('UNAUTHENTICATED');
    expect(foreign).toEqual([]);
    await page.screenshot({ path: 'test/.artifacts/graphiql.png' }).catch(() => undefined);
  });

  it('the page is served without a token; GraphQL itself still needs one', async () => {
    const html = await fetch(`${stack.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toContain('text/html');
    const body = await html.text();
    expect(body).not.toMatch(/<script[^>]+src="https?:/);
    expect(body).not.toMatch(/<link[^>]+href="https?:/);
    const api = await fetch(`${stack.url}/graphql?query=%7B__typename%7D`, { headers: { 'apollo-require-preflight': '1' } });
    expect(api.status).toBe(401);
  });

  it('runs a subscription with the Headers tab token and shows a live event; a `?query=` link opens it prefilled', async () => {
    const page = await browser.newPage();
    const foreign = recordForeignRequests(page);
    const sent: string[] = [];
    page.on('websocket', (socket) => socket.on('framesent', (frame) => sent.push(String(frame.payload))));
    const subscription = 'subscription Live { messageAdded(sources: [VOXYS]) { cursor message { content direction } } }';
    const response = await page.goto(`${stack.url}/graphql?query=${encodeURIComponent(subscription)}&operationName=Live`);
    expect(response?.status()).toBe(200);
    await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
    await expect.poll(async () => (await textOf(page, '.graphiql-query-editor')).includes('subscription Live'), { timeout: 10_000 }).toBe(true);

    await page.locator('.graphiql-execute-button').click();
    await expect.poll(() => activeSubscriptions(), { timeout: 15_000 }).toBe(1);
    // The socket carried the Headers tab's token in connection_init, on the first try.
    const inits = sent.filter((frame) => frame.includes('"connection_init"'));
    expect(inits).toHaveLength(1);
    expect(JSON.parse(inits[0]!).payload.Authorization).toBe(`Bearer ${token}`);

    const content = `Live from GraphiQL ${Date.now()}`;
    await stack.sims.demo!.voxys.live.injectInboundMessage(undefined, content);
    await expect.poll(async () => (await textOf(page, '.graphiql-response')).includes(content), { timeout: 15_000 }).toBe(true);
    expect(await textOf(page, '.graphiql-response')).toContain('"INBOUND"');
    expect(foreign).toEqual([]);
    await page.screenshot({ path: 'test/.artifacts/graphiql-subscription.png' }).catch(() => undefined);
    await page.close();
    await expect.poll(() => activeSubscriptions(), { timeout: 10_000 }).toBe(0);
  });

  it('a refused socket shows an error once instead of retrying', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    let sockets = 0;
    page.on('websocket', () => sockets++);
    const subscription = 'subscription { messageAdded { cursor } }';
    await page.goto(`${stack.url}/graphql?query=${encodeURIComponent(subscription)}`);
    await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
    // A wrong token in the Headers tab.
    await page.getByText('Headers', { exact: true }).click();
    await page.locator('.graphiql-editor-tool .monaco-editor').last().click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText('{"Authorization": "Bearer not-a-token"}');
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(async () => (await textOf(page, '.graphiql-response')).includes('4403'), { timeout: 15_000 }).toBe(true);
    expect(await textOf(page, '.graphiql-response')).toContain('check the Authorization header in the Headers tab');
    // The run has ended (the button offers to run again, not to stop), after one socket: no retries.
    await expect.poll(async () => (await page.locator('.graphiql-execute-button').getAttribute('aria-label')) ?? '', { timeout: 10_000 }).toMatch(/execute/i);
    expect(sockets).toBe(1);
    await context.close();
  });

  it('a `?query=` link with variables and operationName opens our GraphiQL prefilled, and runs that operation', async () => {
    const page = await browser.newPage();
    const foreign = recordForeignRequests(page);
    const query = 'query Other { __typename }\nquery Few($n: Int) { conversations(first: $n) { edges { node { id source } } } }';
    await page.goto(`${stack.url}/graphql?query=${encodeURIComponent(query)}&variables=${encodeURIComponent('{"n": 2}')}&operationName=Few`);
    await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
    await expect.poll(async () => (await textOf(page, '.graphiql-query-editor')).includes('query Few'), { timeout: 10_000 }).toBe(true);
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(async () => (await textOf(page, '.graphiql-response')).includes('"edges"'), { timeout: 20_000 }).toBe(true);
    expect((await textOf(page, '.graphiql-response')).match(/"source"/g)).toHaveLength(2);
    expect(foreign).toEqual([]);
    await page.close();
  });

  it('serves the page with a validator (a conditional GET is a bodiless 304) and its 9 MB bundle cacheable for good', async () => {
    const first = await fetch(`${stack.url}/graphql?query=%7B__typename%7D`, { headers: { accept: 'text/html' } });
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    const html = await first.text();
    const again = await fetch(`${stack.url}/graphql`, { headers: { accept: 'text/html', 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await again.text()).toBe('');
    const stale = await fetch(`${stack.url}/graphql`, { headers: { accept: 'text/html', 'if-none-match': '"something-else"' } });
    expect(stale.status).toBe(200);
    expect(await stale.text()).toBe(html);

    // The page names its bundle by content hash: immutable, gzipped, and revalidated with a 304 too.
    const path = /<script src="(\/graphiql\/[\w-]+\.js)">/.exec(html)?.[1];
    expect(path).toBeDefined();
    const bundle = await fetch(`${stack.url}${path}`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(bundle.headers.get('content-encoding')).toBe('gzip'); // fetch asks for it
    expect((await bundle.text()).length).toBeGreaterThan(5_000_000);
    const bundleAgain = await fetch(`${stack.url}${path}`, { headers: { 'if-none-match': bundle.headers.get('etag')! } });
    expect(bundleAgain.status).toBe(304);
    expect((await fetch(`${stack.url}/graphiql/not-the-bundle.js`)).status).toBe(404);
  });

  it('in Chromium, a second visit takes the bundle from the browser cache: the server sends it once', async () => {
    const bundleRequests: string[] = [];
    const count = (request: IncomingMessage) => {
      if (request.url?.startsWith('/graphiql/')) bundleRequests.push(request.url);
    };
    stack.gateway.httpServer!.on('request', count);
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${stack.url}/graphql`);
      await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
      await page.locator('.graphiql-execute-button').click(); // a POST to /graphql in between
      await expect.poll(async () => (await page.locator('.graphiql-response').innerText()).includes('"conversations"'), { timeout: 20_000 }).toBe(true);
      await page.reload();
      await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
      const second = await context.newPage();
      await second.goto(`${stack.url}/graphql?query=${encodeURIComponent('{ __typename }')}`);
      await second.waitForSelector('.graphiql-container', { timeout: 30_000 });
    } finally {
      stack.gateway.httpServer!.off('request', count);
      await context.close();
    }
    expect(bundleRequests).toHaveLength(1);
  });
});

function recordForeignRequests(page: Page): string[] {
  const foreign: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!['127.0.0.1', 'localhost'].includes(url.hostname) && !['blob:', 'data:'].includes(url.protocol)) foreign.push(request.url());
  });
  return foreign;
}

async function activeSubscriptions(): Promise<number> {
  return (await stack.gateway.metrics.subscriptionsActive.get()).values[0]?.value ?? 0;
}

/** An editor's or the result pane's text, its spaces (Monaco renders non-breaking ones) and line wraps as single spaces. */
async function textOf(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).innerText()).replace(/\s+/g, ' ');
}
