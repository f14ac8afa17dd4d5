import { connect } from 'node:net';

/** A request as a hostile client writes it: any method, path, headers and bytes. */
export interface RawRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send the body with `transfer-encoding: chunked` (no content-length), in 64 kB chunks. */
  chunked?: boolean;
}

export interface RawAnswer {
  /** null when no answer came (the connection failed or was cut before one). */
  status: number | null;
  contentType: string;
  body: string;
  error?: string;
}

/**
 * Sends one request on its own TCP connection (`connection: close`) and reads whatever the server
 * answers, as curl does: a server may answer (413, 401) before the body is all sent and stop
 * reading; the write then fails, and the answer still counts.
 */
export function rawRequest(base: string, spec: RawRequest, timeoutMs = 30_000): Promise<RawAnswer> {
  const url = new URL(spec.path, base);
  const body = spec.body === undefined ? undefined : Buffer.isBuffer(spec.body) ? spec.body : Buffer.from(spec.body);
  const headers: Record<string, string> = { host: url.host, connection: 'close', ...spec.headers };
  if (body && spec.chunked) headers['transfer-encoding'] = 'chunked';
  else if (body) headers['content-length'] = String(body.length);
  const head = `${spec.method} ${url.pathname}${url.search} HTTP/1.1\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`;

  return new Promise((resolve) => {
    const received: Buffer[] = [];
    let writeError: string | undefined;
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    const timer = setTimeout(() => socket.destroy(new Error('timeout')), timeoutMs);
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', (error) => (writeError ??= error.message));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(parseAnswer(Buffer.concat(received), writeError));
    });
    socket.once('connect', () => {
      socket.write(head);
      if (!body) return;
      if (!spec.chunked) return void socket.write(body);
      let offset = 0;
      const pump = () => {
        while (offset < body.length && !socket.destroyed) {
          const chunk = body.subarray(offset, offset + 65_536);
          offset += chunk.length;
          if (!socket.write(Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]))) return void socket.once('drain', pump);
        }
        if (!socket.destroyed) socket.write('0\r\n\r\n');
      };
      pump();
    });
  });
}

/** The status, content type and (de-chunked) body of an HTTP/1.1 answer. */
function parseAnswer(bytes: Buffer, error: string | undefined): RawAnswer {
  const end = bytes.indexOf('\r\n\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(bytes.subarray(0, 16).toString('latin1'));
  if (end < 0 || !status) return { status: null, contentType: '', body: '', error: error ?? 'no answer' };
  const headers = bytes.subarray(0, end).toString('latin1');
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(headers)?.[1]?.trim() ?? '';
  let body = bytes.subarray(end + 4);
  if (/chunked/i.test(header('transfer-encoding'))) {
    const parts: Buffer[] = [];
    let at = 0;
    while (at < body.length) {
      const lineEnd = body.indexOf('\r\n', at);
      const size = parseInt(body.subarray(at, lineEnd).toString('latin1'), 16);
      if (!size) break;
      parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
    body = Buffer.concat(parts);
  }
  return { status: Number(status[1]), contentType: header('content-type'), body: body.toString('utf8') };
}
