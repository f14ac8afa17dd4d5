import { Agent, FormData, errors as undiciErrors, type Dispatcher } from 'undici';
import type { ZodType } from 'zod';
import { UpstreamError } from '../errors.js';
import type { SourceRef } from '../model/index.js';
import { compiled } from './shared/compiled.js';
import { isConnectFailure, markNeverSent } from './write-outcome.js';

/** One HTTP exchange with a platform, as the REST client's attempt makes it. */
export interface ExchangeRequest<T> {
  method: string;
  url: string;
  /** The route template (for messages only). */
  route: string;
  headers: Record<string, string>;
  body: unknown;
  schema: ZodType<T>;
  ref: SourceRef;
  timeoutMs: number;
  signal: AbortSignal;
  dispatcher?: Dispatcher | undefined;
  /**
   * Set by `exchange` for the metrics: the HTTP status, `timeout` or `network_error` (left as the
   * caller set it when the call failed before any of these). A field, not a callback: no closure per call.
   */
  outcome: string;
}

/** One keep-alive pool per upstream origin, shared by every request of the process. */
let sharedAgent: Agent | undefined;
function defaultDispatcher(): Agent {
  sharedAgent ??= new Agent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000, connections: 64, pipelining: 1 });
  return sharedAgent;
}

/** No platform answer we read is anywhere near this; a larger one is refused, not buffered. */
const MAX_RESPONSE_BYTES = 10_000_000;

/** A platform's answer: its status, headers (undici's parsing) and body text, or null when larger than the cap. */
interface Answer {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  text: string | null;
}

/** The connection failed (or the time ran out) after the status line: the answer was cut off. */
class BrokenAnswer {
  constructor(
    readonly statusCode: number,
    readonly error: unknown,
  ) {}
}

/**
 * Sends one request straight to the dispatcher and buffers its answer (at most `limit` bytes).
 *
 * Why not `undici.request`: it wraps every answer in a Node stream (and an AsyncResource) that we
 * only drained into one buffer, about a fifth of an upstream call's own CPU. This handler does what
 * `request` does for us, with the same options, parsed headers and abort semantics: the signal's
 * reason (or RequestAbortedError) aborts the request before or during the answer. It rejects with
 * undici's own error before the status line, with BrokenAnswer after it.
 */
function send(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions, signal: AbortSignal, limit: number): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    const reader = new AnswerReader(signal, limit, resolve, reject);
    try {
      dispatcher.dispatch(options, reader);
    } catch (error) {
      reader.finish();
      reject(error);
    }
  });
}

/**
 * The dispatch handler of one exchange, and the listener of its signal's abort: one object per
 * exchange (methods, not closures per call).
 */
class AnswerReader implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | null = null;
  private reason: Error | null = null;
  private statusCode = 0;
  private headers: Answer['headers'] = {};
  private chunks: Buffer[] = [];
  private size = 0;
  private settled = false;

  constructor(
    private readonly signal: AbortSignal,
    private readonly limit: number,
    private readonly resolve: (answer: Answer) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    if (signal.aborted) this.reason = (signal.reason as Error | undefined) ?? new undiciErrors.RequestAbortedError();
    else signal.addEventListener('abort', this, { once: true });
  }

  /** The signal aborted: abort the request (before it starts, or during the answer). */
  handleEvent(): void {
    this.reason = (this.signal.reason as Error | undefined) ?? new undiciErrors.RequestAbortedError();
    this.controller?.abort(this.reason);
  }

  finish(): void {
    this.settled = true;
    this.signal.removeEventListener('abort', this);
  }

  /** Too large: drop the connection (as destroying `request`'s body stream did) and answer without a body. */
  private refuse(): void {
    this.finish();
    this.chunks = [];
    this.controller?.abort(new undiciErrors.ResponseExceededMaxSizeError());
    this.resolve({ statusCode: this.statusCode, headers: this.headers, text: null });
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.reason) controller.abort(this.reason);
  }

  onResponseStart(_: Dispatcher.DispatchController, status: number, headers: Answer['headers']): void {
    // 1xx informational answers are not the answer.
    if (this.settled || status < 200) return;
    this.statusCode = status;
    this.headers = headers;
    const declared = Number(headers['content-length']);
    if (Number.isFinite(declared) && declared > this.limit) this.refuse();
  }

  onResponseData(_: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return;
    this.size += chunk.length;
    if (this.size > this.limit) this.refuse();
    else this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.settled) return;
    this.finish();
    const { chunks } = this;
    const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.size);
    this.resolve({ statusCode: this.statusCode, headers: this.headers, text: body.toString('utf8') });
  }

  onResponseError(_: Dispatcher.DispatchController, error: Error): void {
    if (this.settled) return;
    this.finish();
    this.reject(this.statusCode === 0 ? error : new BrokenAnswer(this.statusCode, error));
  }
}

/** `undici.request`'s options for this URL (origin and path split as it splits them). */
function dispatchOptions(req: ExchangeRequest<unknown>): Dispatcher.DispatchOptions {
  const url = new URL(req.url);
  return {
    origin: url.origin,
    path: url.search ? `${url.pathname}${url.search}` : url.pathname,
    method: req.method as Dispatcher.HttpMethod,
    headers: {
      accept: 'application/json',
      // A FormData body (a multipart upload) sets its own content type, with its boundary.
      ...(req.body === undefined || req.body instanceof FormData ? {} : { 'content-type': 'application/json' }),
      ...req.headers,
    },
    body: req.body === undefined ? undefined : req.body instanceof FormData ? (req.body as unknown as Dispatcher.DispatchOptions['body']) : JSON.stringify(req.body),
  };
}

/**
 * Sends one request and reads its answer: the platform's status mapped to our codes, a body capped
 * at 10 MB, JSON parsed and validated by the route's schema. `req.outcome` gets the outcome for the
 * metrics: the HTTP status, `timeout` or `network_error`. Throws UpstreamError with a safe message.
 */
export async function exchange<T>(req: ExchangeRequest<T>): Promise<T> {
  const { ref, timeoutMs, signal } = req;
  const source = { key: ref.key, type: ref.type };
  let response: Answer;
  try {
    response = await send(req.dispatcher ?? defaultDispatcher(), dispatchOptions(req), signal, MAX_RESPONSE_BYTES);
  } catch (error) {
    if (error instanceof BrokenAnswer) {
      // The connection broke (or the time ran out) in the middle of the answer.
      req.outcome = String(error.statusCode);
      const cause = error.error;
      throw new UpstreamError(
        signal.aborted ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNAVAILABLE',
        source,
        error.statusCode,
        signal.aborted ? `${ref.type} did not finish answering within ${timeoutMs} ms` : `${ref.type} broke off its answer`,
        cause instanceof Error ? cause.message : String(cause),
      );
    }
    const timedOut = signal.aborted || (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'));
    req.outcome = timedOut ? 'timeout' : 'network_error';
    const failure = new UpstreamError(
      timedOut ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNAVAILABLE',
      source,
      null,
      timedOut ? `${ref.type} did not answer within ${timeoutMs} ms` : `${ref.type} could not be reached`,
      error instanceof Error ? error.message : String(error),
    );
    throw !timedOut && isConnectFailure(error) ? markNeverSent(failure) : failure;
  }
  req.outcome = String(response.statusCode);
  const { text } = response;
  if (text === null) {
    throw new UpstreamError('UPSTREAM_REJECTED', source, response.statusCode, `${ref.type} answered more than ${MAX_RESPONSE_BYTES / 1_000_000} MB`);
  }
  if (response.statusCode >= 400) throw statusError(response, text, ref);
  let parsed: unknown = null;
  if (text.trim() !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new UpstreamError('UPSTREAM_REJECTED', source, response.statusCode, `${ref.type} answered a body that is not JSON`, text.slice(0, 200));
    }
  }
  const result = compiled(req.schema).safeParse(parsed);
  if (!result.success) {
    throw new UpstreamError('UPSTREAM_REJECTED', source, response.statusCode, `${ref.type} answered an unexpected shape for ${req.route}`, result.error.message.slice(0, 500));
  }
  return result.data;
}

function statusError(response: Answer, text: string, ref: SourceRef): UpstreamError {
  const code = response.statusCode;
  const type = ref.type;
  const source = { key: ref.key, type: ref.type };
  const retryAfterHeader = response.headers['retry-after'];
  const retryAfter = typeof retryAfterHeader === 'string' ? Number(retryAfterHeader) : NaN;
  const detail = text.slice(0, 500);
  if (code === 429) {
    return new UpstreamError('UPSTREAM_RATE_LIMITED', source, code, `${type} is rate limiting the gateway`, detail, Number.isFinite(retryAfter) ? retryAfter : undefined);
  }
  if (code >= 500) return new UpstreamError('UPSTREAM_UNAVAILABLE', source, code, `${type} failed (HTTP ${code})`, detail);
  if (code === 401 || code === 403) return new UpstreamError('UPSTREAM_REJECTED', source, code, `${type} refused the gateway's credentials`, detail);
  if (code === 404) return new UpstreamError('UPSTREAM_REJECTED', source, code, `${type} has no such resource`, detail);
  return new UpstreamError('UPSTREAM_REJECTED', source, code, `${type} rejected the request (HTTP ${code})`, detail);
}
