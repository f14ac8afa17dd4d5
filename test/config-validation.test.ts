import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, parseConfig } from '../src/config/load.js';

const env = { VOXYS_TOKEN: 'tok', JWT_SECRET: 'a-signing-secret-of-at-least-32-characters!' };

function yamlFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'gw-config-'));
  const path = join(dir, 'gateway.yaml');
  writeFileSync(path, text);
  return path;
}

const valid = `
auth:
  jwt:
    secret: \${JWT_SECRET}
tenants:
  acme:
    sources:
      voxys:
        type: voxys
        baseUrl: https://connect.example.com
        apiAccessToken: \${VOXYS_TOKEN}
        accountId: 7
    users:
      alice:
        voxys: 12
`;

function problems(text: string, environment: Record<string, string> = env): string[] {
  try {
    loadConfigFile(yamlFile(text), environment);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration validation', () => {
  it('accepts a valid file, resolving ${ENV} secrets and applying defaults', () => {
    const config = loadConfigFile(yamlFile(valid), env);
    const voxys = config.tenants.acme!.sources.voxys!;
    expect(voxys.type).toBe('voxys');
    expect(voxys.type === 'voxys' && voxys.apiAccessToken).toBe('tok');
    expect(voxys.timeoutMs).toBe(5000);
    expect(config.tenants.acme!.users.alice).toEqual({ voxys: '12' });
    expect(config.limits.maxPageSize).toBe(100);
  });

  it('names a misspelled key with its full path', () => {
    expect(problems(valid.replace('accountId: 7', 'accountId: 7\n        acountId: 8'))).toEqual(['tenants.acme.sources.voxys.acountId: unknown key']);
  });

  it('refuses a secret written in the file', () => {
    expect(problems(valid.replace('${VOXYS_TOKEN}', 'plain-token'))).toEqual([
      'tenants.acme.sources.voxys.apiAccessToken: a secret must be an ${ENV_NAME} reference, not written in the file',
    ]);
  });

  it('names a missing environment variable', () => {
    expect(problems(valid, { JWT_SECRET: env.JWT_SECRET })).toEqual(['tenants.acme.sources.voxys.apiAccessToken: environment variable VOXYS_TOKEN is not set']);
  });

  it('rejects an unknown source type, a bad URL and a user mapped to a missing source', () => {
    const found = problems(valid.replace('type: voxys', 'type: zendesk').replace('voxys: 12', 'voxys: 12\n        iron: abc'));
    expect(found.some((p) => p.startsWith('tenants.acme.sources.voxys.type'))).toBe(true);
    expect(problems(valid.replace('https://connect.example.com', 'not a url'))).toEqual(['tenants.acme.sources.voxys.baseUrl: must be an http(s) URL']);
    expect(problems(valid.replace('voxys: 12', 'voxys: 12\n        iron: abc'))).toEqual(['tenants.acme.users.alice.iron: no source "iron" in this tenant']);
  });

  it('rejects invalid YAML and a missing file clearly', () => {
    expect(problems('auth: [')[0]).toMatch(/is not valid YAML/);
    expect(() => loadConfigFile('/nonexistent/gateway.yaml')).toThrow(/cannot read \/nonexistent\/gateway.yaml: ENOENT/);
  });

  it('hardening keys: safe server defaults, token lifetimes as durations, consistent timeouts', () => {
    const config = loadConfigFile(yamlFile(valid), env);
    expect(config.server).toMatchObject({ graphiql: false, introspection: false, headersTimeoutMs: 10_000, bodyTimeoutMs: 30_000, maxConnections: 10_000, trustProxy: false });
    expect(config.server.metricsPort).toBeUndefined();
    expect(config.auth.maxTokenLifetime).toBe(86_400);
    expect(config.limits).toMatchObject({ requestsPerMinute: 1_200, tenantRequestsPerMinute: 0, addressRequestsPerMinute: 0 });
    const withLifetime = (value: string) => valid.replace('secret: ${JWT_SECRET}', `secret: \${JWT_SECRET}\n  maxTokenLifetime: ${value}`);
    expect(loadConfigFile(yamlFile(withLifetime('31d')), env).auth.maxTokenLifetime).toBe(31 * 86_400);
    expect(loadConfigFile(yamlFile(withLifetime('90m')), env).auth.maxTokenLifetime).toBe(5_400);
    expect(loadConfigFile(yamlFile(withLifetime('3600')), env).auth.maxTokenLifetime).toBe(3_600);
    expect(problems(withLifetime('three weeks'))).toEqual(['auth.maxTokenLifetime: a number of seconds, or like 30m, 24h, 7d']);
    expect(problems(`${valid}server:\n  headersTimeoutMs: 5000\n  bodyTimeoutMs: 1000\n`)).toEqual(['server.bodyTimeoutMs: must be at least headersTimeoutMs']);
  });

  it('parseConfig takes REDIS_URL from the environment', () => {
    const config = parseConfig(
      { auth: { jwt: { secret: '${JWT_SECRET}' } }, tenants: { a: { sources: { v: { type: 'voxys', baseUrl: 'http://x', apiAccessToken: '${VOXYS_TOKEN}', accountId: 1 } } } } },
      { ...env, REDIS_URL: 'redis://127.0.0.1:6379' },
    );
    expect(config.redis?.url).toBe('redis://127.0.0.1:6379');
  });

  it('npm start with a bad config file exits non-zero and names the bad key', () => {
    const path = yamlFile(valid.replace('baseUrl:', 'baseUrll:'));
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, ...env, GATEWAY_CONFIG: path, PORT: '0' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('tenants.acme.sources.voxys.baseUrll: unknown key');
    expect(result.stderr).toContain('tenants.acme.sources.voxys.baseUrl: ');
  });
});
