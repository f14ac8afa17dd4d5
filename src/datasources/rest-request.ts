import type { ZodType } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

/** One platform call as a connector asks for it (rest-client.ts makes it): what, where, and how its answer is read and cached. */
export interface RestRequest<T> {
  method?: HttpMethod;
  /** The path template after the base path, e.g. `/conversations/:id/messages`; it is also the metrics `route` label. */
  route: string;
  params?: Record<string, string | number>;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Validates the answer at the boundary: a shape that fails it is `UPSTREAM_REJECTED`, never passed on. */
  schema: ZodType<T>;
  /** Cache tags of a GET (e.g. `conversation:42`, `list`), so writes can drop exactly what they made stale. */
  tags?: readonly string[];
  /** GETs are cached unless this is false. */
  cache?: boolean;
  /**
   * This POST only reads (e.g. Chatwoot's `/conversations/filter`): cache and de-duplicate it
   * like a GET, keyed by its body too.
   */
  readOnly?: boolean;
}

/** A name or value the query string carries as it is (what URLSearchParams leaves unencoded). */
const FORM_SAFE = /^[A-Za-z0-9*._-]*$/;

/**
 * The URL of a call: `baseUrl` + `basePath` + the route with its `:params` filled in (encoded),
 * then the query string (undefined and null values left out, arrays repeated), encoded exactly as
 * URLSearchParams encodes it. Most routes have no parameter and most query values need no
 * encoding: those skip the regex and URLSearchParams (built per call, a few µs of each call).
 */
export function requestUrl(baseUrl: string, basePath: string | undefined, req: RestRequest<unknown>): string {
  const { route } = req;
  const path = route.includes(':')
    ? route.replace(/:([A-Za-z_]+)/g, (_, name: string) => {
        const value = req.params?.[name];
        if (value === undefined) throw new Error(`route ${route} needs :${name}`);
        return encodeURIComponent(String(value));
      })
    : route;
  const qs = req.query ? queryString(req.query) : '';
  const base = baseUrl.endsWith('/') ? baseUrl.slice(0, -1) : baseUrl;
  return `${base}${basePath ?? ''}${path}${qs ? `?${qs}` : ''}`;
}

/** `new URLSearchParams(pairs).toString()` of the query's defined values; built by hand when nothing needs encoding. */
function queryString(query: Record<string, QueryValue>): string {
  let qs = '';
  for (const name of Object.keys(query)) {
    const value = query[name];
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value as readonly (string | number)[]) {
        const text = String(item);
        if (!FORM_SAFE.test(name) || !FORM_SAFE.test(text)) return encodedQuery(query);
        qs += qs ? `&${name}=${text}` : `${name}=${text}`;
      }
    } else {
      const text = String(value);
      if (!FORM_SAFE.test(name) || !FORM_SAFE.test(text)) return encodedQuery(query);
      qs += qs ? `&${name}=${text}` : `${name}=${text}`;
    }
  }
  return qs;
}

/** The query string as URLSearchParams writes it (anything that needs encoding). */
function encodedQuery(query: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value as readonly (string | number)[]) search.append(name, String(item));
    else search.append(name, String(value));
  }
  return search.toString();
}
