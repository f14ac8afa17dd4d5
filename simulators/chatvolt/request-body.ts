import type { SimRequest } from '../common/server.js';

/** The JSON object a write endpoint was sent, or null (no body, not JSON, not an object). */
export function objectBody(req: SimRequest): Record<string, unknown> | null {
  const body = req.body;
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
}

/** An optional string field: absent/null → undefined, a string → it, anything else → null (invalid). */
export function optionalString(body: Record<string, unknown>, key: string): string | undefined | null {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : null;
}
