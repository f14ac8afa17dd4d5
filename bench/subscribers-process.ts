import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { timelineNow } from '../simulators/common/call-timeline.js';
import { LatencyHistogram } from './latency-histogram.js';

/**
 * The subscription scenario's load in its own process, kept lean so that it costs less CPU per
 * delivery than the gateway does: raw `graphql-transport-ws` frames on `ws` sockets (no client
 * library, no compression), every `messageAdded` subscribed without arguments. A received frame is
 * never parsed as JSON: it is searched for this run's marker (bench/event-marker.ts), and only the
 * injection time after the marker is read; latencies go into a fixed histogram (0.1 ms buckets),
 * not a list, so millions of deliveries cost no memory.
 *
 * Sockets connect in batches (BATCH every BATCH_PAUSE_MS), as agents' browsers would over a minute,
 * not all in one burst. Settings come as JSON in BENCH_SUBSCRIBERS: {wsUrl, tokens, subscribers,
 * run}. It prints one JSON line once every socket is acknowledged and subscribed (or failed), then
 * answers commands on stdin, one JSON line each: `count` (this run's deliveries, and the warm-up's
 * apart), `report`, `close`.
 */
interface Settings {
  wsUrl: string;
  tokens: string[];
  subscribers: number;
  run: string;
}

const BATCH = 250;
const BATCH_PAUSE_MS = 250;
const CONNECT_TIMEOUT_MS = 60_000;
const SUBSCRIBE = JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription BenchMessages { messageAdded { message { content } } }' } });

const settings = JSON.parse(process.env.BENCH_SUBSCRIBERS ?? '{}') as Settings;
// The marker and what follows it: `bench-event <run> <seq> <injectedAtMs>` (event-marker.ts).
const marker = Buffer.from(`bench-event ${settings.run} `);
/** The warm-up's events (bench/subscriptions.ts): counted apart, never measured. */
const warmupMarker = Buffer.from(`bench-event ${settings.run}-warmup `);
const ACK = Buffer.from('"connection_ack"');
const ERROR = Buffer.from('"type":"error"');
const SPACE = 0x20;
const QUOTE = 0x22;

const latencies = new LatencyHistogram();
const sockets: WebSocket[] = [];
let received = 0;
let warmupReceived = 0;
let connected = 0;
let failures = 0;
let firstFailure: string | null = null;
let closing = false;

const say = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);
const fail = (reason: string) => {
  failures++;
  firstFailure ??= reason;
};

/** The injection time in a frame carrying this run's marker, or null for any other frame. */
function injectedAt(frame: Buffer): number | null {
  const at = frame.indexOf(marker);
  if (at < 0) return null;
  const seqEnd = frame.indexOf(SPACE, at + marker.length);
  if (seqEnd < 0) return null;
  const end = frame.indexOf(QUOTE, seqEnd + 1);
  const time = Number(frame.toString('latin1', seqEnd + 1, end < 0 ? frame.length : end));
  return Number.isFinite(time) ? time : null;
}

function open(index: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = new WebSocket(settings.wsUrl, 'graphql-transport-ws', { perMessageDeflate: false });
    sockets.push(socket);
    let subscribed = false;
    const timer = setTimeout(() => {
      if (!subscribed) fail(`socket ${index} not acknowledged within ${CONNECT_TIMEOUT_MS} ms`);
      resolve();
    }, CONNECT_TIMEOUT_MS);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${settings.tokens[index % settings.tokens.length]}` } })));
    socket.on('message', (frame: Buffer) => {
      const time = injectedAt(frame);
      if (time !== null) {
        received++;
        latencies.add(timelineNow() - time);
        return;
      }
      if (frame.indexOf(warmupMarker) >= 0) return void warmupReceived++;
      if (!subscribed && frame.indexOf(ACK) >= 0) {
        subscribed = true;
        connected++;
        socket.send(SUBSCRIBE);
        clearTimeout(timer);
        resolve();
      } else if (frame.indexOf(ERROR) >= 0) fail(frame.toString('utf8', 0, 300));
    });
    socket.on('close', (code) => {
      if (!closing) fail(`socket closed with ${code}`);
      clearTimeout(timer);
      resolve();
    });
    socket.on('error', (error) => fail(error.message));
  });
}

void (async () => {
  const opening: Promise<void>[] = [];
  for (let i = 0; i < settings.subscribers; i++) {
    if (i > 0 && i % BATCH === 0) await sleep(BATCH_PAUSE_MS);
    opening.push(open(i));
  }
  await Promise.all(opening);
  say({ event: 'connected', sockets: connected, failures, firstFailure, complete: connected === settings.subscribers });
})();

createInterface({ input: process.stdin }).on('line', (command) => {
  if (command === 'count') say({ event: 'count', received, warmupReceived });
  if (command === 'report') say({ event: 'report', received, failures, firstFailure, deliveryMs: latencies.summary() });
  if (command === 'close') {
    closing = true;
    for (const socket of sockets) socket.close(1000);
    void Promise.all(sockets.map((s) => (s.readyState === WebSocket.CLOSED ? undefined : new Promise((resolve) => s.once('close', resolve))))).then(() => {
      say({ event: 'closed' });
      process.exit(0);
    });
  }
});
