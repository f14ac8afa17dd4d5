import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { basename, join } from 'node:path';
import type { Duplex } from 'node:stream';
import { pino } from 'pino';
import { expect } from 'vitest';
import type { GatewayConfig } from '../../src/config/schema.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { CAPTURE_DIR_ENV } from './capture-setup.js';
import { WsFrameReader } from './ws-frames.js';

/**
 * Opt-in capture of everything a test gateway says. With `GATEWAY_TEST_LOG_DIR` set (the suite's
 * globalSetup sets it for every run), each captured gateway writes into that folder:
 * - `<id>.log`: its pino lines, at the most verbose level, through the production logger;
 * - `<id>.responses.jsonl`: every HTTP response its server sent and every WebSocket message it
 *   sent, tapped on the server's own sockets (whatever client the test used);
 * - `<id>.manifest.json`: what must never appear in either: its signing and platform secrets,
 *   the platforms' base URLs, and the message bodies the simulators hold.
 * test/no-secrets-anywhere-in-the-suite.test.ts scans the folder after every other file ran.
 */
export { CAPTURE_DIR_ENV };

export interface CaptureManifest {
  label: string;
  /** Signing secrets and platform credentials. */
  secrets: string[];
  /** The platforms' base URLs. */
  upstreamUrls: string[];
  /** Message bodies (and notes, summaries) the platforms hold: never in a log line or an error. */
  messageBodies: string[];
  /** This gateway serves GraphiQL with a token pre-filled (demo mode): HTML pages may hold one. */
  graphiqlToken: boolean;
}

export interface ResponseRecord {
  transport: 'http' | 'ws';
  /** Method and path (never the query string: a Chatvolt webhook URL carries its token). */
  where: string;
  status?: number;
  contentType?: string;
  body: string;
}

/** Config keys whose values are secrets (README "Configuration"). */
const SECRET_KEYS = new Set(['apiAccessToken', 'apiKey', 'workspaceSecret', 'token', 'webhookSecret', 'secret']);
/** Simulator record fields that hold what people wrote. */
const BODY_KEYS = new Set(['content', 'text', 'message', 'body', 'aiSummary', 'lastMessage', 'note', 'notes', 'summary', 'initialMessage']);
/** Response bodies not worth keeping: static assets (GraphiQL's bundle). */
const SKIPPED_TYPES = /javascript|css|font|image|wasm/;
const MAX_KEPT_BYTES = 2_000_000;

let sequence = 0;

export function captureDir(): string | null {
  const dir = process.env[CAPTURE_DIR_ENV];
  return dir && existsSync(dir) ? dir : null;
}

/** A capture for one gateway, or null when capturing is off. */
export function startCapture(label: string): Capture | null {
  const dir = captureDir();
  return dir ? new Capture(dir, `${testFile()}.${label}`) : null;
}

/** The running test file's name, so a hit says where to look. */
function testFile(): string {
  try {
    return basename(expect.getState().testPath ?? 'unknown', '.test.ts');
  } catch {
    return 'unknown'; // outside a vitest worker
  }
}

/** The logger a test gateway gets: captured when capturing is on, silent otherwise. */
export function captureLogger(capture: Capture | null): Logger {
  return capture ? capture.logger : createLogger({ level: 'silent' });
}

/**
 * `createGateway` for tests that build their own: captured when capturing is on (its log lines,
 * its answers once listening, its configuration's secrets and `records`' message bodies), silent
 * otherwise.
 */
export function createCapturedGateway(label: string, config: GatewayConfig, records?: unknown): Gateway {
  const capture = startCapture(label);
  const gateway = createGateway(config, { logger: captureLogger(capture) });
  capture?.describeConfig(config);
  if (records !== undefined) capture?.describeRecords(records);
  const listen = gateway.listen.bind(gateway);
  gateway.listen = async (...args) => {
    const url = await listen(...args);
    capture?.tap(gateway.httpServer!);
    return url;
  };
  return gateway;
}

export class Capture {
  readonly id: string;
  readonly logger: Logger;
  private readonly manifest: CaptureManifest;

  constructor(
    private readonly dir: string,
    label: string,
  ) {
    this.id = `${process.pid}-${++sequence}-${label.replace(/[^\w.-]+/g, '_').slice(0, 100)}`;
    this.logger = createLogger({ level: 'trace', destination: pino.destination({ dest: this.file('log'), sync: true }) });
    this.manifest = { label, secrets: [], upstreamUrls: [], messageBodies: [], graphiqlToken: false };
    this.update({});
  }

  private file(kind: 'log' | 'responses.jsonl' | 'manifest.json'): string {
    return join(this.dir, `${this.id}.${kind}`);
  }

  /** Adds to the manifest (lists are merged) and writes it out. */
  update(partial: Partial<CaptureManifest>): void {
    for (const key of ['secrets', 'upstreamUrls', 'messageBodies'] as const) {
      if (partial[key]) this.manifest[key] = [...new Set([...this.manifest[key], ...partial[key]])];
    }
    if (partial.graphiqlToken !== undefined) this.manifest.graphiqlToken = partial.graphiqlToken;
    writeFileSync(this.file('manifest.json'), JSON.stringify(this.manifest));
  }

  /** The secrets and platform URLs of a gateway configuration. */
  describeConfig(config: GatewayConfig): void {
    const secrets: string[] = [];
    const urls: string[] = [];
    walk(config, (key, value) => {
      if (SECRET_KEYS.has(key)) secrets.push(value);
      if (key === 'baseUrl') urls.push(value);
    });
    this.update({ secrets, upstreamUrls: urls });
  }

  /** The message bodies held by simulators (any object graph of records). */
  describeRecords(records: unknown): void {
    const bodies: string[] = [];
    // Short strings ("Thanks!") would match innocent text; bodies long enough to be someone's words.
    walk(records, (key, value) => BODY_KEYS.has(key) && value.length >= 16 && value.includes(' ') && bodies.push(value));
    this.update({ messageBodies: bodies });
  }

  /** A log line written elsewhere (a gateway in a child process prints its lines on stdout). */
  log(line: string): void {
    appendFileSync(this.file('log'), `${line}\n`);
  }

  record(record: ResponseRecord): void {
    appendFileSync(this.file('responses.jsonl'), `${JSON.stringify(record)}\n`);
  }

  /** Records every HTTP response and WebSocket message the server sends from now on. */
  tap(server: Server): void {
    server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => this.tapResponse(request, response));
    server.prependListener('upgrade', (_request: IncomingMessage, socket: Duplex) => {
      const reader = new WsFrameReader((body) => this.record({ transport: 'ws', where: 'ws /graphql', body }));
      const write = socket.write;
      socket.write = function (this: Duplex, chunk: unknown, ...rest: unknown[]) {
        reader.push(chunk, rest[0]);
        return (write as (...args: unknown[]) => boolean).apply(this, [chunk, ...rest]);
      } as typeof socket.write;
    });
  }

  private tapResponse(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    let size = 0;
    const keep = (chunk: unknown, encoding: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function' || size > MAX_KEPT_BYTES) return;
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
      chunks.push(buffer);
      size += buffer.length;
    };
    const { write, end, writeHead } = response;
    // Fastify passes its headers to writeHead: read the content type there.
    let contentType = '';
    response.writeHead = function (this: ServerResponse, ...args: unknown[]) {
      const headers = args.find((arg) => typeof arg === 'object' && arg !== null) as Record<string, unknown> | undefined;
      const declared = headers && Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
      if (declared !== undefined) contentType = String(declared);
      return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
    } as typeof response.writeHead;
    response.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
      keep(chunk, rest[0]);
      return (write as (...args: unknown[]) => boolean).apply(this, [chunk, ...rest]);
    } as typeof response.write;
    response.end = function (this: ServerResponse, ...args: unknown[]) {
      keep(args[0], args[1]);
      return (end as (...a: unknown[]) => ServerResponse).apply(this, args);
    } as typeof response.end;
    response.once('close', () => {
      contentType ||= String(response.getHeader('content-type') ?? '');
      if (SKIPPED_TYPES.test(contentType)) return;
      const where = `${request.method} ${(request.url ?? '').split('?')[0]}`;
      this.record({ transport: 'http', where, status: response.statusCode, contentType, body: Buffer.concat(chunks).toString('utf8') });
    });
  }
}

/** Calls `visit` for every string property in an object graph (Maps, Sets, arrays, objects). */
function walk(root: unknown, visit: (key: string, value: string) => unknown): void {
  const seen = new Set<unknown>();
  const go = (value: unknown, key: string): void => {
    if (typeof value === 'string') {
      visit(key, value);
      return;
    }
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (value instanceof Map) for (const item of value.values()) go(item, key);
    else if (value instanceof Set || Array.isArray(value)) for (const item of value) go(item, key);
    else for (const [k, item] of Object.entries(value)) go(item, k);
  };
  go(root, '');
}
