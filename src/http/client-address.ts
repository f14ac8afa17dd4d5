import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';

/**
 * The client address of a request (HTTP or a WebSocket upgrade), for the per-address rate limit.
 * Without `server.trustProxy` it is the peer's address; with it, the furthest X-Forwarded-For
 * entry reached through trusted hops (the same rule as Fastify's `trustProxy`).
 */
export function clientAddressOf(trustProxy: boolean | string): (request: IncomingMessage) => string {
  if (trustProxy === false) return (request) => request.socket.remoteAddress ?? 'unknown';
  const trust =
    trustProxy === true
      ? () => true
      : proxyAddr.compile(
          trustProxy
            .split(',')
            .map((entry) => entry.trim())
            .filter(Boolean),
        );
  return (request) => proxyAddr(request, trust);
}
