import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timedGraphql } from '../bench/probe-client.js';
import { timelineNow } from '../simulators/common/call-timeline.js';

/**
 * The critical-path probes' client: its clock stops at the answer's last byte, whatever the
 * answer's chunks, and it hands back the whole body (the server here writes it in two parts, the
 * second later, and records when it wrote each on the same clock).
 */
let server: Server;
let url: string;
let lastWriteMs = 0;
const seen: { authorization?: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ authorization: req.headers.authorization, body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data":{"a":');
      setTimeout(() => {
        lastWriteMs = timelineNow();
        res.end('1}}');
      }, 30);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('the probes’ client', () => {
  it('stops its clock at the last byte and returns the whole body, over one kept-alive connection', async () => {
    let connections = 0;
    server.on('connection', () => connections++);
    for (let i = 0; i < 3; i++) {
      const answer = await timedGraphql(url, 'token-1', '{"query":"{ a }"}');
      expect(answer.status).toBe(200);
      expect(answer.text).toBe('{"data":{"a":1}}');
      expect(answer.answeredMs).toBeGreaterThanOrEqual(lastWriteMs);
    }
    expect(seen.at(-1)).toEqual({ authorization: 'Bearer token-1', body: '{"query":"{ a }"}' });
    expect(connections).toBe(1);
  });
});
