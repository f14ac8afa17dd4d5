import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import type { WebhookRequest } from '../../src/webhooks/types.js';

/** One request the receiver saw, exactly as it arrived. */
export interface ReceivedRequest {
  method: string;
  /** The path and query. */
  url: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** Epoch ms. */
  receivedAt: number;
}

/**
 * A stand-in for the gateway's `POST /webhooks/{tenant}/{source}` on a free port: records every
 * request and answers `status` (or what `statusFor` says) with a small JSON body (none for a 204),
 * each answer waiting for `hold` when set.
 */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  status: number;
  /** While set, answers wait for it. */
  hold: Promise<void> | null = null;
  private server: Server | undefined;

  constructor(
    private readonly initialStatus = 200,
    /** The status for one request, when it depends on the request. */
    private readonly statusFor?: (request: ReceivedRequest) => number,
  ) {
    this.status = initialStatus;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const received: ReceivedRequest = {
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          rawBody: Buffer.concat(chunks).toString('utf8'),
          receivedAt: Date.now(),
        };
        this.requests.push(received);
        void (this.hold ?? Promise.resolve()).then(() => {
          res.writeHead(this.statusFor?.(received) ?? this.status, { 'content-type': 'application/json' });
          res.end('{"ok":true}');
        });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  get url(): string {
    if (!this.server) throw new Error('the webhook receiver is not listening');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Forgets what it received, answers `initialStatus` again and holds nothing. */
  reset(): void {
    this.requests.length = 0;
    this.status = this.initialStatus;
    this.hold = null;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** A received delivery as the gateway's webhook route hands it to `verify`: flat headers, the URL's query, the exact bytes. */
export function asWebhookRequest(received: ReceivedRequest, receivedAt = received.receivedAt): WebhookRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(received.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return { headers, query: new URL(received.url, 'http://gateway').searchParams, rawBody: received.rawBody, receivedAt };
}

/** A receiver listening for the enclosing suite (the file, or a describe block): started before its tests, stopped after. */
export function serveWebhookReceiver(...args: ConstructorParameters<typeof WebhookReceiver>): WebhookReceiver {
  const receiver = new WebhookReceiver(...args);
  beforeAll(() => receiver.start());
  afterAll(() => receiver.stop());
  return receiver;
}
