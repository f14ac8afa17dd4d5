import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startSimulators, type SimulatorSet } from '../simulators/index.js';
import { connectWebhooks, DEMO_JWT_SECRET, DEMO_TENANT, DEMO_USERS, demoConfig } from '../src/demo.js';
import { startDemoWebApp, type DemoWebApp } from '../src/demo-web-app.js';
import { createGateway, type Gateway } from '../src/gateway.js';
import { decodeId } from '../src/graph/ids.js';
import { createLogger } from '../src/logger.js';
import { mintToken } from '../src/pipeline/auth.js';

/**
 * The reference inbox web app (examples/inbox-web) in Chromium against the demo stack: the demo's
 * own configuration (its CORS list included), the app built with Vite and served on its own origin
 * exactly as `npm start` serves it. Screenshots go to a temporary folder (printed).
 */
const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn('SKIPPED inbox-web-app-browser: /usr/bin/chromium is not installed (apt-get install chromium)');

let sims: SimulatorSet;
let gateway: Gateway;
let app: DemoWebApp;
let browser: Browser;
let shots: string;
let graphqlUrl: string;
let token: string;

beforeAll(async () => {
  if (!haveChromium) return;
  sims = await startSimulators({ seed: 'demo' });
  token = await mintToken({ secret: DEMO_JWT_SECRET, sub: DEMO_USERS[0]!, tenant: DEMO_TENANT });
  gateway = createGateway(demoConfig(sims), { logger: createLogger({ level: 'silent' }), graphiqlToken: token });
  const url = await gateway.listen(0, '127.0.0.1');
  connectWebhooks(sims, url);
  graphqlUrl = `http://localhost:${new URL(url).port}/graphql`;
  app = await startDemoWebApp({ graphqlUrl, token, port: 0 });
  shots = await mkdtemp(join(tmpdir(), 'inbox-web-shots-'));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await gateway?.close();
  await sims?.close();
});

async function screenshot(page: Page, name: string): Promise<void> {
  const path = join(shots, `${name}.png`);
  await page.screenshot({ path });
  console.log(`screenshot: ${path}`);
}

/** A query straight to the gateway, as the demo user (the test's own view of the truth). */
async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (!body.data || body.errors) throw new Error(`query failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

interface ViewInfo {
  id: string;
  name: string;
  builtIn: boolean;
  counts: { total: number } | null;
}

interface IdPage {
  conversations: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

/** Every conversation id a view pages through, by the documented `filter: { view }`. */
async function viewConversationIds(view: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const page: IdPage = await gql<IdPage>(
      'query ($after: String, $view: ID) { conversations(first: 50, after: $after, filter: { view: $view }) { edges { node { id } } pageInfo { hasNextPage endCursor } } }',
      { after, view },
    );
    ids.push(...page.conversations.edges.map((e) => e.node.id));
    if (!page.conversations.pageInfo.hasNextPage) return ids;
    after = page.conversations.pageInfo.endCursor;
  }
}

/** The app's rows once every page is loaded (the sentinel says "N conversations" at the end). */
async function allRowIds(page: Page): Promise<string[]> {
  await expect
    .poll(
      async () => {
        await page.locator('.sentinel').scrollIntoViewIfNeeded();
        return page.locator('.sentinel').innerText();
      },
      { timeout: 30_000, interval: 250 },
    )
    .toMatch(/^\d+ conversations$/);
  return page.locator('.row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')!));
}

describe.skipIf(!haveChromium)('the reference inbox web app in a real browser', () => {
  it('shows the merged inbox from all four platforms cross-origin, opens a conversation, sends, receives live, and names a failing platform', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const foreign: string[] = [];
    const allowOrigins = new Set<string>();
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (!['127.0.0.1', 'localhost'].includes(url.hostname) && !['blob:', 'data:'].includes(url.protocol)) foreign.push(request.url());
    });
    page.on('response', (response) => {
      if (response.url().endsWith('/graphql') && response.request().method() === 'POST') allowOrigins.add(response.headers()['access-control-allow-origin'] ?? '(none)');
    });
    // Diagnostics for a failure: the page's own errors.
    page.on('pageerror', (error) => console.log(`[page error] ${error.message}`));
    const appOrigin = new URL(app.url).origin;
    await page.goto(app.url);

    // The merged inbox: rows with all four platforms' badges, the tab counts filled in.
    await page.waitForSelector('.row', { timeout: 30_000 });
    const sources = new Set(await page.locator('.row .badge').evaluateAll((badges) => badges.map((b) => b.getAttribute('data-source'))));
    expect([...sources].sort()).toEqual(['CHATVOLT', 'IRON', 'VOICEGLOW', 'VOXYS']);
    expect(Number(await page.locator('.tab[data-tab="all"] .count').innerText())).toBeGreaterThan(25);
    // Every call went to the gateway's origin from the app's: CORS answered with the app's origin.
    expect([...allowOrigins]).toEqual([appOrigin]);
    await screenshot(page, '1-inbox');

    // Infinite scroll: the end of the list in view loads the next page through the cursor.
    const firstPage = await page.locator('.row').count();
    await page.locator('.sentinel').scrollIntoViewIfNeeded();
    await expect.poll(() => page.locator('.row').count(), { timeout: 20_000 }).toBeGreaterThan(firstPage);

    // Open a Voxys conversation (with a lead when the first page has one): messages and the CRM sidebar.
    const voxysRows = page.locator('.row', { has: page.locator('.badge-voxys') });
    const withLead = voxysRows.filter({ has: page.locator('.lead') });
    const hasLead = (await withLead.count()) > 0;
    await (hasLead ? withLead : voxysRows).first().click();
    await page.waitForSelector('.thread .message', { timeout: 20_000 });
    const cards = () => page.locator('.sidebar h3').evaluateAll((titles) => titles.map((t) => t.textContent));
    await expect.poll(cards).toContain('Contact');
    if (hasLead) expect(await cards()).toContain('Lead');
    expect(await page.locator('.actions .action').count()).toBeGreaterThan(0);
    await screenshot(page, '2-conversation');

    // Send: the reply shows in the thread.
    const reply = `Reply from the browser test ${Date.now()}`;
    await page.locator('.composer-input').fill(reply);
    await page.locator('.composer .send').click();
    await expect.poll(() => page.locator('.thread .message.outbound').allInnerTexts(), { timeout: 20_000 }).toEqual(expect.arrayContaining([expect.stringContaining(reply)]));
    await screenshot(page, '3-sent');

    // Actions its capabilities allow (Voxys: read/unread, assign): each answer updates the screen.
    const readToggle = page.locator('.action[data-action="Mark read"], .action[data-action="Mark unread"]');
    const wasUnread = (await readToggle.getAttribute('data-action')) === 'Mark read';
    await readToggle.click();
    await page.waitForSelector(`.action[data-action="${wasUnread ? 'Mark unread' : 'Mark read'}"]`, { timeout: 20_000 });
    const assign = page.locator('.action[data-action="Assign to me"]');
    if ((await assign.count()) > 0) {
      await assign.click();
      await expect.poll(() => page.locator('.conversation-header').innerText(), { timeout: 20_000 }).toContain('assigned to me');
    }
    expect(await page.locator('.notice').innerText()).toBe('');

    // A customer writes on Voxys: webhook → gateway → subscription → the open thread and its row.
    const openId = decodeURIComponent(new URL(page.url()).hash.replace('#/c/', ''));
    const upstreamId = decodeId(openId)!.upstreamId;
    const inbound = `Live inbound from the customer ${Date.now()}`;
    await sims.voxys.live.injectInboundMessage(upstreamId, inbound);
    await expect.poll(() => page.locator('.thread .message.inbound').allInnerTexts(), { timeout: 30_000 }).toEqual(expect.arrayContaining([expect.stringContaining(inbound)]));
    await expect.poll(() => page.locator(`.row[data-id="${openId}"] .preview`).innerText(), { timeout: 10_000 }).toContain(inbound);
    await screenshot(page, '4-live-inbound');

    // Iron's AI drafts a reply (found by polling): it shows live under the thread, and Dismiss takes it away.
    await page
      .locator('.row', { has: page.locator('.badge-iron') })
      .first()
      .click();
    await page.waitForSelector('.conversation-header .badge-iron', { timeout: 20_000 });
    const ironId = decodeURIComponent(new URL(page.url()).hash.replace('#/c/', ''));
    const draft = `AI draft from the browser test ${Date.now()}`;
    await sims.iron.live.injectSuggestion!(decodeId(ironId)!.upstreamId, draft);
    const suggestion = page.locator('.suggestion', { hasText: draft });
    await suggestion.waitFor({ timeout: 30_000 });
    await screenshot(page, '5-suggestion');
    await suggestion.locator('[data-action="Dismiss"]').click();
    await suggestion.waitFor({ state: 'detached', timeout: 20_000 });

    // A platform down: its error is shown under its name, the others' rows stay.
    sims.chatvolt.server.setKnobs({ outage: true });
    await page.locator('.tab[data-tab="unassigned"]').click();
    await expect.poll(() => page.locator('.problems').allInnerTexts(), { timeout: 30_000 }).toEqual(expect.arrayContaining([expect.stringContaining('CHATVOLT')]));
    expect(await page.locator('.row').count()).toBeGreaterThan(0);
    await screenshot(page, '6-source-error');
    sims.chatvolt.server.setKnobs({ outage: false });

    expect(foreign).toEqual([]);
  }, 120_000);

  it('lists the inbox views with their counts and opens one in the inbox list', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (error) => console.log(`[page error] ${error.message}`));
    await page.goto(app.url);
    await page.waitForSelector('.row', { timeout: 30_000 });

    // The sidebar: the built-in views first, each with a numeric count, then the platforms' saved views.
    await page.waitForSelector('.views .view', { timeout: 30_000 });
    const { inboxViews } = await gql<{ inboxViews: ViewInfo[] }>('{ inboxViews { id name builtIn counts { total } } }');
    const shown = await page
      .locator('.views .view')
      .evaluateAll((buttons) => buttons.map((b) => ({ id: b.getAttribute('data-view'), name: b.getAttribute('data-name'), count: b.querySelector('.count')?.textContent ?? '' })));
    expect(shown.map((v) => v.id)).toEqual(inboxViews.map((v) => v.id));
    expect(shown.slice(0, 6).map((v) => v.name)).toEqual(['All', 'Mine', 'Unassigned', 'Unread', 'Starred', 'Overdue']);
    for (const view of shown) expect(view.count).toMatch(/^\d+$/);
    await screenshot(page, '7-views');

    // Open views that narrow the list (fewer than All, at least one): a built-in one and a saved one when there is.
    const all = inboxViews.find((v) => v.builtIn && v.name === 'All')!.counts!.total;
    const narrowing = inboxViews.filter((v) => v.counts && v.counts.total > 0 && v.counts.total < all);
    const picks = [narrowing.filter((v) => v.builtIn).sort((a, b) => a.counts!.total - b.counts!.total)[0], narrowing.find((v) => !v.builtIn)].filter((v) => v !== undefined);
    expect(picks.length).toBeGreaterThan(0);
    for (const view of picks) {
      await page.locator(`.views .view[data-view="${view.id}"]`).click();
      // Shown selected in the sidebar, named above the list, and the list re-queried with filter: { view }.
      await expect.poll(() => page.locator('.views .view.active').getAttribute('data-view')).toBe(view.id);
      expect(await page.locator('.views .view.active').getAttribute('aria-current')).toBe('true');
      await expect.poll(() => page.locator('.inbox-title [data-view]').getAttribute('data-view')).toBe(view.id);
      const rows = await allRowIds(page);
      const expected = await viewConversationIds(view.id);
      expect(rows.length, view.name).toBe(new Set(rows).size);
      expect([...rows].sort(), view.name).toEqual([...expected].sort());
      expect(rows.length, view.name).toBeLessThan(all);
      await screenshot(page, `8-view-${view.name.replace(/\W+/g, '-')}`);
    }

    // The existing behaviour stays: a row of the open view still opens its conversation.
    await page.locator('.row').first().click();
    await page.waitForSelector('.conversation-header', { timeout: 20_000 });
  }, 120_000);
});
