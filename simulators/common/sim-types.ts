import type { IncomingHttpHeaders } from 'node:http';
import type { SimContract, SimOperation } from './openapi.js';
import type { SparseShapes } from './sparse.js';

/** What a platform simulator is made of: its routes, requests and answers, and how its platform speaks. */

export type SimMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface SimRequest {
  method: SimMethod;
  /** The matched path template, e.g. `/v3/agents/:agentId/convos`. */
  route: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** The body's bytes as received (a multipart upload is binary; `rawBody` is its UTF-8 reading). */
  rawBytes: Buffer;
  /** The parsed JSON body, or undefined when there was none (or it was not JSON). */
  body: unknown;
}

export interface SimResponse {
  status: number;
  /** Serialized as JSON unless `text` (or `bytes`) is given. */
  body?: unknown;
  text?: string;
  /** A binary answer (a stored file), sent as is with its `content-type` header. */
  bytes?: Buffer;
  headers?: Record<string, string>;
}

export interface SimRoute {
  method: SimMethod;
  path: string;
  summary: string;
  handler: (req: SimRequest) => SimResponse | Promise<SimResponse>;
  /** Routes are authenticated unless this is false. */
  public?: boolean;
  /** What it takes and answers, when declared beside the handler rather than in the platform's `openapi.ts`. */
  contract?: SimOperation;
}

/** How one platform says things: its auth check and its own error bodies. */
export interface SimPlatform {
  name: string;
  title: string;
  /** Returns the platform's own error response when the credentials are missing or wrong, else null. */
  authenticate(req: SimRequest): SimResponse | null;
  notFound(): SimResponse;
  rateLimited(retryAfter: number | null): SimResponse;
  serverError(status: number): SimResponse;
  /**
   * The shapes of its answers, for the `sparse` knob: per `METHOD /route/template`, which keys the
   * platform always sends (sparse.ts). Routes not listed are never made sparse.
   */
  shapes?: SparseShapes;
  /** Its OpenAPI declaration (the platform's `openapi.ts`): `GET /openapi.json`, and the answers' check. */
  contract?: SimContract;
}
