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

/**
 * The URL of a call: `baseUrl` + `basePath` + the route with its `:params` filled in (encoded),
 * then the query string (undefined and null values left out, arrays repeated).
 */
export function requestUrl(baseUrl: string, basePath: string | undefined, req: RestRequest<unknown>): string {
  const path = req.route.replace(/:([A-Za-z_]+)/g, (_, name: string) => {
    const value = req.params?.[name];
    if (value === undefined) throw new Error(`route ${req.route} needs :${name}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(req.query ?? {})) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) search.append(name, String(item));
    else search.append(name, String(value));
  }
  const qs = search.toString();
  return `${baseUrl.replace(/\/$/, '')}${basePath ?? ''}${path}${qs ? `?${qs}` : ''}`;
}
