import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimResponse, SimRoute } from './server.js';

/** A route with its path template compiled to a pattern (`:name` segments captured). */
export interface CompiledRoute extends SimRoute {
  pattern: RegExp;
  names: string[];
}

export function compile(route: SimRoute): CompiledRoute {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((part) => {
      if (part.startsWith(':')) {
        names.push(part.slice(1));
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { ...route, pattern: new RegExp(`^${source}/?$`), names };
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function parseJson(raw: string): unknown {
  if (raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

export function serialize(response: SimResponse): { headers: Record<string, string>; payload: string | Buffer } {
  const headers: Record<string, string> = { ...response.headers };
  let payload: string | Buffer = '';
  if (response.bytes !== undefined) {
    payload = response.bytes;
    headers['content-type'] ??= 'application/octet-stream';
  } else if (response.text !== undefined) {
    payload = response.text;
    headers['content-type'] ??= 'text/plain; charset=utf-8';
  } else if (response.body !== undefined) {
    payload = JSON.stringify(response.body);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  }
  return { headers, payload };
}

export function send(res: ServerResponse, response: SimResponse): void {
  const { headers, payload } = serialize(response);
  res.writeHead(response.status, headers);
  res.end(payload);
}
