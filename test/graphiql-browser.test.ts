import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { startStack, type Stack } from './support/stack.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn('SKIPPED graphiql-browser: /usr/bin/chromium is not installed (apt-get install chromium)');

let stack: Stack;
let browser: Browser;
let token: string;

beforeAll(async () => {
  if (!haveChromium) return;
  stack = await startStack({ tenants: [{ id: 'demo', seed: 'demo', size: 8 }], graphiqlToken: async (mint) => (token = await mint('demo')) });
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
});
