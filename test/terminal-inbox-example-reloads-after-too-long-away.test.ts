import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTerminalInbox, type TerminalInbox } from '../examples/terminal-inbox/main.js';
import { connectWebhooks } from '../src/demo.js';
import { startStack, type Stack } from './support/stack.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';
import { settle } from './support/ws.js';

/**
 * examples/terminal-inbox away longer than the gateway's event log (`limits.eventLogSize`): the
 * resubscribe's `since` is CURSOR_TOO_OLD, so it says so, reloads the inbox screen and goes on
 * live without a cursor instead of stopping.
 */
const SECRETS = { voxys: 'tio-voxys-secret', chatvolt: 'tio-chatvolt-token' };
const LOG_SIZE = 100;
let stack: Stack;
let proxy: TcpProxy;
let inbox: TerminalInbox;
const printed: string[] = [];

beforeAll(async () => {
  stack = await startStack({
    tenants: [{ id: 't1', seed: 'terminal-inbox-old', size: 6 }],
    sourceOverrides: { voxys: { webhookSecret: SECRETS.voxys }, chatvolt: { webhookSecret: SECRETS.chatvolt } },
    config: { limits: { eventLogSize: LOG_SIZE } },
  });
  connectWebhooks(stack.sims.t1!, stack.url, 't1', SECRETS);
  proxy = await startTcpProxy(Number(new URL(stack.url).port));
  const token = await stack.token('t1', 'alice');
  inbox = await startTerminalInbox({ url: proxy.url, token: () => token, print: (line) => printed.push(line), retryWait: () => settle(50) });
});
afterAll(async () => {
  await inbox?.stop();
  await proxy?.close();
  await stack?.close();
});

async function until(predicate: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last printed:\n${printed.slice(-15).join('\n')}`);
    await settle(25);
  }
}

const timesPrinted = (content: string) => printed.filter((line) => line.endsWith(`: ${content}`)).length;
const RESYNC = /^! away too long/;

describe('the terminal live inbox example, away too long', () => {
  it('reloads the inbox on CURSOR_TOO_OLD and goes on live', async () => {
    await until(() => inbox.live.connections === 1, 'the first connection');
    await settle(200);
    const run = randomUUID().slice(0, 8);
    await stack.sims.t1!.voxys.live.injectInboundMessage(undefined, `seen ${run}`);
    await until(() => timesPrinted(`seen ${run}`) === 1, 'the first message');
    const rowsBefore = printed.length;

    const messagesPublished = async () => (await stack.gateway.metrics.eventsPublished.get()).values.find((v) => v.labels.type === 'messageAdded')?.value ?? 0;
    const publishedBefore = await messagesPublished();
    proxy.drop();
    // More than the log keeps: the cursor the example holds falls out of it.
    for (let i = 0; i < LOG_SIZE + 5; i++) await stack.sims.t1!.voxys.live.injectInboundMessage(undefined, `missed ${i} ${run}`);
    // The gateway has turned every webhook into its event (counted, not timed: under load that takes seconds).
    await expect.poll(messagesPublished, { timeout: 30_000 }).toBeGreaterThanOrEqual(publishedBefore + LOG_SIZE + 5);
    proxy.restore();

    await until(() => printed.some((line) => RESYNC.test(line)), 'the resync notice');
    await until(() => printed.length >= rowsBefore + 1 + 6, 'the reloaded inbox');
    await settle(200); // the fresh subscribe follows the refused one
    await stack.sims.t1!.voxys.live.injectInboundMessage(undefined, `live again ${run}`);
    await until(() => timesPrinted(`live again ${run}`) === 1, 'a live message after the resync');

    expect(printed.filter((line) => RESYNC.test(line))).toHaveLength(1);
    expect(printed.filter((line) => line.startsWith('!') && !RESYNC.test(line))).toEqual([]);
    expect(timesPrinted(`seen ${run}`)).toBe(1);
  });
});
