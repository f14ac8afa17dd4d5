import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { PACKAGE_ROOT } from './package-root.js';

/** The reference inbox web app (examples/inbox-web), built and served on its own origin. */
export interface DemoWebApp {
  url: string;
  close(): Promise<void>;
}

const APP_ROOT = join(PACKAGE_ROOT, 'examples', 'inbox-web');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Builds the app with Vite's JS API into a temporary folder (a second or two; Vite is a dev
 * dependency, loaded only here) and serves it with a small static server on its own port, so the
 * browser calls the gateway cross-origin (the gateway's CORS must allow it). `config.json` beside
 * the app tells it the gateway's address and the demo token. Port 5173 unless taken (then any).
 */
export async function startDemoWebApp(options: { graphqlUrl: string; token: string; port?: number; host?: string }): Promise<DemoWebApp> {
  const { build } = await import('vite');
  const outDir = await mkdtemp(join(tmpdir(), 'inbox-web-'));
  await build({ root: APP_ROOT, base: './', configFile: false, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const config = JSON.stringify({ graphqlUrl: options.graphqlUrl, token: options.token });

  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://app').pathname);
    if (request.method !== 'GET' && request.method !== 'HEAD') return void response.writeHead(405).end();
    if (path === '/config.json') {
      response.writeHead(200, { 'content-type': TYPES['.json']!, 'cache-control': 'no-store' });
      return void response.end(config);
    }
    const file = resolve(outDir, '.' + normalize(path === '/' ? '/index.html' : path));
    if (!file.startsWith(outDir + sep)) return void response.writeHead(404).end();
    readFile(file).then(
      (body) => {
        // Hashed asset names never change content: cache them; index.html is read each time.
        const immutable = file.includes(`${sep}assets${sep}`);
        response.writeHead(200, {
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
          'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        });
        response.end(request.method === 'HEAD' ? undefined : body);
      },
      () => response.writeHead(404).end(),
    );
  });
  const port = await listen(server, options.port ?? 5173, options.host);
  return {
    url: `http://localhost:${port}/`,
    async close() {
      await new Promise<void>((done) => server.close(() => done()));
      await rm(outDir, { recursive: true, force: true });
    },
  };
}

/** Listens on `port`; when it is taken, on any free port. */
function listen(server: Server, port: number, host?: string): Promise<number> {
  return new Promise((done, fail) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' && port !== 0) {
        server.once('error', fail);
        server.listen(0, host, () => done(boundPort(server)));
      } else fail(error);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      done(boundPort(server));
    });
  });
}

function boundPort(server: Server): number {
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('web app server is not listening');
  return address.port;
}
