import { expect } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedSpan {
  service: string | undefined;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
  status: { code?: number; message?: string };
  events: { name: string; attributes: Record<string, unknown> }[];
}

// OTLP enum values (opentelemetry-proto): SpanKind and StatusCode.
export const KIND = { internal: 1, server: 2, client: 3 } as const;
export const STATUS_ERROR = 2;

interface OtlpKeyValue {
  key: string;
  value: Record<string, unknown>;
}

function attrs(list: OtlpKeyValue[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of list ?? []) {
    const v = value.stringValue ?? value.boolValue ?? value.doubleValue ?? value.intValue;
    out[key] = typeof v === 'string' && 'intValue' in value ? Number(v) : v;
  }
  return out;
}

export class OtlpReceiver {
  readonly requests: { path: string; contentType: string | undefined }[] = [];
  readonly spans: ReceivedSpan[] = [];
  /** Set to make the receiver reject exports with this status. */
  failWith: number | undefined;
  private readonly server: Server;

  constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.requests.push({ path: req.url ?? '', contentType: req.headers['content-type'] });
        if (this.failWith) {
          res.writeHead(this.failWith).end();
        } else if (req.method === 'POST' && req.url === '/v1/traces') {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
            resourceSpans?: {
              resource?: { attributes?: OtlpKeyValue[] };
              scopeSpans?: {
                spans?: {
                  traceId: string;
                  spanId: string;
                  parentSpanId?: string;
                  name: string;
                  kind: number;
                  attributes?: OtlpKeyValue[];
                  status?: { code?: number; message?: string };
                  events?: { name: string; attributes?: OtlpKeyValue[] }[];
                }[];
              }[];
            }[];
          };
          for (const rs of body.resourceSpans ?? []) {
            const service = attrs(rs.resource?.attributes)['service.name'] as string | undefined;
            for (const ss of rs.scopeSpans ?? []) {
              for (const s of ss.spans ?? []) {
                this.spans.push({
                  service,
                  traceId: s.traceId,
                  spanId: s.spanId,
                  parentSpanId: s.parentSpanId || undefined,
                  name: s.name,
                  kind: s.kind,
                  attributes: attrs(s.attributes),
                  status: s.status ?? {},
                  events: (s.events ?? []).map((e) => ({ name: e.name, attributes: attrs(e.attributes) })),
                });
              }
            }
          }
          res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        } else {
          res.writeHead(404).end();
        }
      });
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  span(name: string): ReceivedSpan {
    const found = this.spans.filter((s) => s.name === name);
    expect(found, `exactly one span named ${name}`).toHaveLength(1);
    return found[0]!;
  }
}
