import { Agent, FormData, request as undiciRequest, type Dispatcher } from 'undici';
import type { ZodType } from 'zod';
import { UpstreamError } from '../errors.js';
import type { SourceRef } from '../model/index.js';
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
}

/** One keep-alive pool per upstream origin, shared by every request of the process. */
let sharedAgent: Agent | undefined;
function defaultDispatcher(): Agent {
  sharedAgent ??= new Agent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000, connections: 64, pipelining: 1 });
  return sharedAgent;
}

/** No platform answer we read is anywhere near this; a larger one is refused, not buffered. */
const MAX_RESPONSE_BYTES = 10_000_000;

/** The body as text, or null (and the stream dropped) when it is larger than `limit`. */
async function readCapped(response: Dispatcher.ResponseData, limit: number): Promise<string | null> {
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    response.body.destroy();
    return null;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      response.body.destroy();
      return null;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Sends one request and reads its answer: the platform's status mapped to our codes, a body capped
 * at 10 MB, JSON parsed and validated by the route's schema. `report` gets the outcome for the
 * metrics: the HTTP status, `timeout` or `network_error`. Throws UpstreamError with a safe message.
 */
export async function exchange<T>(req: ExchangeRequest<T>, report: (outcome: string) => void): Promise<T> {
  const { ref, timeoutMs, signal } = req;
  const source = { key: ref.key, type: ref.type };
  let response: Dispatcher.ResponseData;
  try {
    response = await undiciRequest(req.url, {
      method: req.method as Dispatcher.HttpMethod,
      dispatcher: req.dispatcher ?? defaultDispatcher(),
      headers: {
        accept: 'application/json',
        // A FormData body (a multipart upload) sets its own content type, with its boundary.
        ...(req.body === undefined || req.body instanceof FormData ? {} : { 'content-type': 'application/json' }),
        ...req.headers,
      },
      body: req.body === undefined ? undefined : req.body instanceof FormData ? req.body : JSON.stringify(req.body),
      signal,
    });
  } catch (error) {
    const timedOut = signal.aborted || (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'));
    report(timedOut ? 'timeout' : 'network_error');
    const failure = new UpstreamError(
      timedOut ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNAVAILABLE',
      source,
      null,
      timedOut ? `${ref.type} did not answer within ${timeoutMs} ms` : `${ref.type} could not be reached`,
      error instanceof Error ? error.message : String(error),
    );
    throw !timedOut && isConnectFailure(error) ? markNeverSent(failure) : failure;
  }
  report(String(response.statusCode));
  const text = await readCapped(response, MAX_RESPONSE_BYTES).catch((error: unknown) => {
    // The connection broke (or the time ran out) in the middle of the answer.
    throw new UpstreamError(
      signal.aborted ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNAVAILABLE',
      source,
      response.statusCode,
      signal.aborted ? `${ref.type} did not finish answering within ${timeoutMs} ms` : `${ref.type} broke off its answer`,
      error instanceof Error ? error.message : String(error),
    );
  });
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
  const result = req.schema.safeParse(parsed);
  if (!result.success) {
    throw new UpstreamError('UPSTREAM_REJECTED', source, response.statusCode, `${ref.type} answered an unexpected shape for ${req.route}`, result.error.message.slice(0, 500));
  }
  return result.data;
}

function statusError(response: Dispatcher.ResponseData, text: string, ref: SourceRef): UpstreamError {
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
