import { Agent, request } from 'node:http';
import { timelineNow } from '../simulators/common/call-timeline.js';

/** One keep-alive connection for the probes, which are sent one at a time. */
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

export interface TimedAnswer {
  /** When the answer's last byte arrived (the simulators' shared clock, `timelineNow`). */
  answeredMs: number;
  status: number;
  text: string;
}

/**
 * One POST to the gateway's /graphql, timed to its answer's last byte: the critical-path probes'
 * client. Node's http with a kept-alive socket, the body collected as bytes and decoded only once
 * the clock has stopped, so a probe's latency is the gateway's and the loopback's. (`fetch`, the
 * harness's client elsewhere, spent about 0.4 ms of its own (p50) per 36 KB answer in WHATWG
 * streams and JSON parsing, which the overhead column charged to the gateway.)
 */
export function timedGraphql(url: string, token: string, body: string): Promise<TimedAnswer> {
  return new Promise<TimedAnswer>((resolve, reject) => {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(body) };
    const req = request(`${url}/graphql`, { method: 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const answeredMs = timelineNow();
        resolve({ answeredMs, status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
