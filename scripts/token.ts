import { parseArgs } from 'node:util';
import { mintToken } from '../src/pipeline/auth.js';
import { ConfigError, loadConfigFile } from '../src/config/load.js';
import { DEFAULT_MAX_TOKEN_LIFETIME } from '../src/config/schema.js';
import { DEMO_JWT_SECRET, DEMO_TENANT, DEMO_USERS } from '../src/demo.js';

/**
 * `npm run token -- --tenant demo [--sub <user>] [--ttl <seconds>]`: prints a signed bearer token
 * (only the token, on stdout). With GATEWAY_CONFIG it signs with that config's secret; else with
 * the demo secret.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { tenant: { type: 'string' }, sub: { type: 'string' }, ttl: { type: 'string' } },
  });
  const tenant = values.tenant ?? DEMO_TENANT;
  const ttlSeconds = values.ttl ? Number(values.ttl) : 12 * 3600;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) fail('--ttl must be a whole number of seconds');

  if (!process.env.GATEWAY_CONFIG) {
    if (tenant !== DEMO_TENANT) fail(`demo mode has only tenant "${DEMO_TENANT}" (set GATEWAY_CONFIG for others)`);
    const sub = values.sub ?? DEMO_USERS[0]!;
    checkLifetime(ttlSeconds, DEFAULT_MAX_TOKEN_LIFETIME); // the demo's
    return print(await mintToken({ secret: DEMO_JWT_SECRET, sub, tenant, ttlSeconds }));
  }
  let config;
  try {
    config = loadConfigFile(process.env.GATEWAY_CONFIG);
  } catch (error) {
    fail(error instanceof ConfigError ? error.message : String(error));
  }
  const tenantConfig = config.tenants[tenant];
  if (!tenantConfig) fail(`no tenant "${tenant}" in ${process.env.GATEWAY_CONFIG}`);
  const sub = values.sub ?? Object.keys(tenantConfig.users)[0];
  if (!sub) fail(`tenant "${tenant}" has no users: pass --sub`);
  const { secret, issuer, audience } = config.auth.jwt;
  if (!secret) fail('this configuration verifies tokens with a JWKS URL: mint them with your identity provider');
  checkLifetime(ttlSeconds, config.auth.maxTokenLifetime);
  print(await mintToken({ secret, sub, tenant, ttlSeconds, ...(issuer ? { issuer } : {}), ...(audience ? { audience } : {}) }));
}

/** A token the gateway would refuse is not worth printing. */
function checkLifetime(ttlSeconds: number, maxTokenLifetime: number): void {
  if (ttlSeconds > maxTokenLifetime) fail(`--ttl ${ttlSeconds} exceeds auth.maxTokenLifetime (${maxTokenLifetime} s): the gateway would refuse this token`);
}

function print(token: string): void {
  process.stdout.write(`${token}\n`);
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

void main();
