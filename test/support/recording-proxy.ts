import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the proxy passed it on. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

/**
 * A plain HTTP proxy in front of one server (a simulator) that records every request's method,
 * path and headers before passing it on unchanged: what the platform received, headers included.
 */
export class RecordingProxy {
  readonly requests: RecordedRequest[] = [];
  private readonly server: Server;

  constructor(private readonly target: string) {
    const { hostname, port } = new URL(target);
    this.server = createServer((req, res) => {
      this.requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers });
      const upstream = httpRequest({ hostname, port, method: req.method, path: req.url, headers: { ...req.headers, host: `${hostname}:${port}` } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Requests to platform routes (the simulators' admin API aside). */
  platformRequests(): RecordedRequest[] {
    return this.requests.filter((r) => !r.path.startsWith('/__admin'));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** For the record: where it forwards to. */
  get targetUrl(): string {
    return this.target;
  }
}
