import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productionNodeFlags } from '../bench/production-flags.js';
import { startSimulators, type SimulatorSet } from '../simulators/index.js';
import { startChildGateway, type ChildGateway } from './support/child-gateway.js';
import { buildCompiled, filesUnder, packagesReachableFrom, type CompiledBuild } from './support/compiled-build.js';

/**
 * `npm run build` then `node dist/src/main.js` (`npm run start:prod`): the compiled server serves
 * the demo and a production configuration with plain node. The build runs here, with the
 * repository's tsconfig.build.json, into a folder laid out like the Docker image's runtime stage
 * (package.json, lockfile, schema/, dist/, node_modules; no src/, no .ts file).
 */

/**
 * Development packages the compiled server may load, each only through a dynamic `import()` on a
 * path a production configuration never takes (checked below), and why that is fine.
 */
const OPTIONAL_DEV_PACKAGES: Record<string, string> = {
  vite: 'demo mode builds the reference web app with it; without it the demo runs and says the web app was not started',
  ajv: "the simulators' response contract check, only with SIM_VALIDATE_RESPONSES (the test suite)",
  'ajv-formats': 'the same contract check',
};

let build: CompiledBuild;
let sims: SimulatorSet | undefined;
const children: ChildProcess[] = [];
let configured: ChildGateway | undefined;

beforeAll(() => {
  build = buildCompiled();
}, 240_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await configured?.stop();
  await sims?.close();
  if (build) rmSync(build.root, { recursive: true, force: true });
});

/** No loader in the process: exactly `node <production's flags> dist/src/main.js` (`npm run start:prod`) on its command line, and no NODE_OPTIONS. */
function expectPlainNode(pid: number): void {
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  expect(argv).toEqual([process.execPath, ...productionNodeFlags(), 'dist/src/main.js']);
  const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  expect(environ.filter((entry) => entry.startsWith('NODE_OPTIONS='))).toEqual([]);
}

async function gql(url: string, token: string, body: Record<string, unknown>): Promise<{ data?: Record<string, unknown>; errors?: unknown[] }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  expect(response.status).toBe(200);
  return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

/** The InboxScreen document's id in the manifest the build copied (dist/client/persisted-documents.json). */
function inboxScreenId(): string {
  const manifest = JSON.parse(readFileSync(join(build.root, 'dist', 'client', 'persisted-documents.json'), 'utf8')) as Record<string, string>;
  const found = Object.entries(manifest).find(([, text]) => /^query InboxScreen\b/.test(text));
  expect(found).toBeDefined();
  return found![0];
}

describe('the compiled build (npm run build, then node dist/src/main.js)', () => {
  it('compiles to JavaScript only', () => {
    expect(build.status, build.output).toBe(0);
    const files = filesUnder(join(build.root, 'dist'));
    expect(files).toContain('src/main.js');
    expect(files).toContain('client/persisted-documents.json');
    expect(files.filter((file) => /\.[cm]?tsx?$/.test(file))).toEqual([]);
    expect(filesUnder(build.root).filter((file) => !file.startsWith('dist/') && !file.startsWith('schema/'))).toEqual(['package-lock.json', 'package.json']);
  });

  it('loads only production dependencies (what npm ci --omit=dev installs) and Node built-ins', () => {
    const { dependencies } = JSON.parse(readFileSync(join(build.root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const reachable = packagesReachableFrom(build.main);
    expect(reachable.size).toBeGreaterThan(10); // the walk found the server's imports
    expect(reachable.has('fastify') && reachable.has('@apollo/server')).toBe(true);
    const notInstalled = [...reachable].filter(([name]) => !(name in dependencies) && !(name in OPTIONAL_DEV_PACKAGES));
    expect(notInstalled).toEqual([]);
    const loadedEagerly = [...reachable].filter(([name, use]) => name in OPTIONAL_DEV_PACKAGES && !use.dynamicOnly);
    expect(loadedEagerly).toEqual([]);
    // No TypeScript tooling is a production dependency: the image has no loader to run .ts with.
    expect(Object.keys(dependencies).filter((name) => ['tsx', 'typescript', 'ts-node', 'esbuild'].includes(name))).toEqual([]);
  });

  it('serves the demo (no configuration) with plain node', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', INBOX_WEB_PORT: '0', LOG_LEVEL: 'silent' };
    for (const name of ['GATEWAY_CONFIG', 'NODE_OPTIONS', 'NODE_ENV', 'REDIS_URL']) delete env[name];
    const child = spawn(process.execPath, [...productionNodeFlags(), 'dist/src/main.js'], { cwd: build.root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const { url, token } = await new Promise<{ url: string; token: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`demo did not start:\n${output}`)), 45_000);
      const poll = setInterval(() => {
        const found = /on (http:\/\/localhost:\d+\/graphql)/.exec(output)?.[1];
        const minted = /\n\n(eyJ[\w-]+\.[\w-]+\.[\w-]+)\n/.exec(output)?.[1];
        if (found && minted) {
          clearInterval(poll);
          clearTimeout(timer);
          resolve({ url: found, token: minted });
        }
      }, 100);
      child.once('exit', (code) => reject(new Error(`demo exited with ${code}:\n${output}`)));
    });
    expectPlainNode(child.pid!);

    expect((await fetch(url.replace(/\/graphql$/, '/healthz'))).status).toBe(200);
    const viewer = await gql(url, token, { query: '{ viewer { tenant } }' });
    expect(viewer).toEqual({ data: { viewer: { tenant: 'demo' } } });
    const inbox = await gql(url, token, { documentId: inboxScreenId(), variables: { first: 25 } });
    expect(inbox.errors).toBeUndefined();
    const edges = (inbox.data!.conversations as { edges: { node: { source: string } }[] }).edges;
    expect(new Set(edges.map((edge) => edge.node.source))).toEqual(new Set(['VOXYS', 'CHATVOLT', 'VOICEGLOW', 'IRON']));

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('serves a production configuration (GATEWAY_CONFIG, NODE_ENV=production) with plain node', async () => {
    sims = await startSimulators({ seed: 'compiled-build', size: 6 });
    configured = await startChildGateway(sims, { entry: { args: [...productionNodeFlags(), 'dist/src/main.js'], cwd: build.root, env: { NODE_ENV: 'production' } } });
    expectPlainNode(configured.pid);
    expect(readFileSync(`/proc/${configured.pid}/environ`, 'utf8').split('\0')).toContain('NODE_ENV=production');

    expect((await fetch(`${configured.url}/healthz`)).status).toBe(200);
    const inbox = await gql(`${configured.url}/graphql`, configured.token, { documentId: inboxScreenId(), variables: { first: 10 } });
    expect(inbox.errors).toBeUndefined();
    const page = inbox.data!.conversations as { edges: unknown[]; missingSources: unknown[] };
    expect(page.edges).toHaveLength(10);
    expect(page.missingSources).toEqual([]);
    expect(await configured.stop()).toBe(0);
    configured = undefined;
  });
});
