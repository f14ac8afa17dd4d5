import { createInterface } from 'node:readline';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { timelineNow } from '../simulators/common/call-timeline.js';
import { parseEventContent } from './event-marker.js';
import { summarize } from './stats.js';

/**
 * The subscription scenario's load in its own process: N graphql-ws clients (one socket each),
 * each subscribed to every `messageAdded` of the tenant. The harness injects messages whose content
 * carries the injection time (event-marker.ts); each receipt's delivery latency is now minus that
 * time (both `performance.timeOrigin + performance.now()`, so the two processes agree).
 *
 * Settings come as JSON in BENCH_SUBSCRIBERS: {wsUrl, tokens, subscribers, run}. It prints one
 * JSON line when every socket is acknowledged, then answers commands on stdin, one JSON line each:
 * `count`, `report`, `close`.
 */
interface Settings {
  wsUrl: string;
  tokens: string[];
  subscribers: number;
  run: string;
}

const settings = JSON.parse(process.env.BENCH_SUBSCRIBERS ?? '{}') as Settings;
const latencies: number[] = [];
let received = 0;
let connected = 0;
let failures = 0;
let firstFailure: string | null = null;
let closing = false;
const clients: Client[] = [];

const say = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);
const fail = (error: unknown) => {
  failures++;
  firstFailure ??= error instanceof Error ? error.message : JSON.stringify(error);
};

const allConnected = new Promise<void>((resolve) => {
  for (let i = 0; i < settings.subscribers; i++) {
    const token = settings.tokens[i % settings.tokens.length]!;
    const client = createClient({
      url: settings.wsUrl,
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${token}` },
      on: {
        connected: () => {
          if (++connected === settings.subscribers) resolve();
        },
        closed: (event) => {
          const code = (event as { code?: number }).code;
          if (code !== 1000 && !closing) fail(`socket closed with ${code}`);
        },
      },
    });
    clients.push(client);
    client.subscribe<{ messageAdded: { message: { content: string | null } } }>(
      { query: 'subscription BenchMessages { messageAdded { message { content } } }' },
      {
        next: ({ data, errors }) => {
          if (errors) return fail(errors[0]);
          const event = parseEventContent(settings.run, data?.messageAdded.message.content);
          if (!event) return;
          received++;
          latencies.push(timelineNow() - event.injectedAtMs);
        },
        error: fail,
        complete: () => undefined,
      },
    );
  }
});

const timeout = setTimeout(() => say({ event: 'connected', sockets: connected, failures, firstFailure, complete: false }), 180_000);
void allConnected.then(() => {
  clearTimeout(timeout);
  say({ event: 'connected', sockets: connected, failures, firstFailure, complete: true });
});

createInterface({ input: process.stdin }).on('line', (command) => {
  if (command === 'count') say({ event: 'count', received });
  if (command === 'report') say({ event: 'report', received, failures, firstFailure, deliveryMs: summarize(latencies) });
  if (command === 'close') {
    closing = true;
    void Promise.all(clients.map((c) => c.dispose())).then(() => {
      say({ event: 'closed' });
      process.exit(0);
    });
  }
});
