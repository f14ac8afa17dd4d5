import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTerminalInbox, type TerminalInbox } from '../examples/terminal-inbox/main.js';
import { connectWebhooks } from '../src/demo.js';
import { startStack, type Stack } from './support/stack.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';
import { settle } from './support/ws.js';

/**
 * examples/terminal-inbox against a real stack, through a TCP relay the test cuts: every message
 * that happens while it runs is printed exactly once (no gap, no duplicate), across a forced
 * reconnect, because the resubscribe carries the newest cursor as `since`. Its queries and
 * mutations use the client kit's typed documents by id.
 */
const SECRETS = { voxys: 'ti-voxys-secret', chatvolt: 'ti-chatvolt-token' };
let stack: Stack;
let proxy: TcpProxy;
let inbox: TerminalInbox;
const printed: string[] = [];

beforeAll(async () => {
  stack = await startStack({
    tenants: [{ id: 't1', seed: 'terminal-inbox', size: 8 }],
    sourceOverrides: { voxys: { webhookSecret: SECRETS.voxys }, chatvolt: { webhookSecret: SECRETS.chatvolt } },
  });
  connectWebhooks(stack.sims.t1!, stack.url, 't1', SECRETS);
  proxy = await startTcpProxy(Number(new URL(stack.url).port));
  const token = await stack.token('t1', 'alice');
  inbox = await startTerminalInbox({
    url: proxy.url,
    token: () => token,
    print: (line) => printed.push(line),
    retryWait: () => settle(50), // quick reconnects: the test waits for counts, not for time
  });
});
afterAll(async () => {
  await inbox?.stop();
  await proxy?.close();
  await stack?.close();
});

/** Waits until `predicate` holds (a bound, not a measurement). */
async function until(predicate: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; printed:\n${printed.join('\n')}`);
    await settle(25);
  }
}

const timesPrinted = (content: string) => printed.filter((line) => line.endsWith(`: ${content}`)).length;
const inject = async (source: 'voxys' | 'chatvolt', content: string) => {
  await stack.sims.t1![source].live.injectInboundMessage(undefined, content);
  return content;
};

describe('the terminal live inbox example', () => {
  it('prints the inbox screen from the typed InboxScreen document', () => {
    expect(inbox.conversations.length).toBe(10);
    expect(printed.filter((line) => line.startsWith('!'))).toEqual([]);
    expect(new Set(printed.slice(0, 10).map((line) => line.split(' ')[1]))).toEqual(new Set(['VOXYS', 'CHATVOLT', 'VOICEGLOW', 'IRON']));
  });

  it('prints every message once across a forced reconnect, resuming from the newest cursor', async () => {
    await until(() => inbox.live.connections === 1, 'the first connection');
    await settle(200); // the subscribe frame follows connection_ack
    const run = randomUUID().slice(0, 8);

    const before = [await inject('voxys', `before 1 ${run}`), await inject('chatvolt', `before 2 ${run}`), await inject('voxys', `before 3 ${run}`)];
    await until(() => before.every((c) => timesPrinted(c) === 1), 'the first three messages');
    const cursorBeforeCut = inbox.live.cursor;
    expect(cursorBeforeCut).toBeDefined();

    proxy.drop(); // the network goes away: the socket dies, reconnects are refused
    const during: string[] = [];
    for (let i = 1; i <= 4; i++) during.push(await inject(i % 2 ? 'chatvolt' : 'voxys', `during ${i} ${run}`));
    await settle(300); // the gateway has processed the webhooks into its event log
    proxy.restore();
    await until(() => during.every((c) => timesPrinted(c) === 1), 'the messages missed while disconnected');
    expect(inbox.live.connections).toBeGreaterThanOrEqual(2);

    // Live again: a message from another platform, and one the example sends itself (a mutation).
    const after = [await inject('voxys', `after 1 ${run}`)];
    const voxysRow = printed.findIndex((line) => line.includes(`before 1 ${run}`));
    const rowNumber = /^\[(\d+)\]/.exec(printed[voxysRow]!)![1]!;
    await inbox.command(`s ${rowNumber} sent by the example ${run}`);
    after.push(`sent by the example ${run}`);
    await until(() => after.every((c) => timesPrinted(c) === 1), 'the live messages after the reconnect');
    await settle(300);

    // No gap, no duplicate: each of the 9 messages printed exactly once, and nothing else of this run.
    const ours = printed.filter((line) => line.includes(run));
    expect(ours).toHaveLength(9);
    for (const content of [...before, ...during, ...after]) expect(timesPrinted(content), content).toBe(1);
    expect(printed.filter((line) => line.startsWith('!'))).toEqual([]);
    expect(inbox.live.cursor).not.toBe(cursorBeforeCut);
  });

  it('marks a conversation read with the typed MarkRead mutation', async () => {
    await inbox.command('r 1');
    await inbox.command('x');
    expect(printed.filter((line) => line.startsWith('!'))).toEqual([]);
    expect(printed.at(-1)).toMatch(/^commands:/);
  });
});
