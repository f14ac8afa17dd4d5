import { describe, expect, it } from 'vitest';
import { ACTION_METHOD } from '../src/capabilities.js';
import { CAPABILITIES } from '../src/capabilities.js';
import { ResponseCache } from '../src/cache.js';
import { connectorFor } from '../src/datasources/build.js';
import type { InboxAction } from '../src/generated/graphql.js';
import { platformFor } from '../src/datasources/index.js';
import { Metrics } from '../src/metrics.js';
import { SIMULATED_SOURCES } from '../simulators/index.js';
import type { SourceConfig } from '../src/config/schema.js';
import { validateConfig } from '../src/config/load.js';


const SAMPLE: Record<string, Record<string, string>> = {
  voxys: { apiAccessToken: 't', accountId: '1' },
  chatvolt: { apiKey: 'k' },
  voiceglow: { workspaceSecret: 's', agentId: 'a' },
  iron: { token: 't', orgId: '6f1c2a4e-0b7d-4d2a-9a51-2f0e1c3b4d5e' },
};

describe('capability matrix', () => {
  it.each(SIMULATED_SOURCES)('%s: the connector implements exactly the actions the matrix lists', (type) => {
    const config = validateConfig({
      auth: { jwt: { secret: 'a-signing-secret-of-at-least-32-characters!' } },
      tenants: { t: { sources: { s: { type, baseUrl: 'http://127.0.0.1:9', ...SAMPLE[type] } } } },
    }).tenants.t!.sources.s! as SourceConfig;
    const ref = { tenant: 't', key: 's', type, scope: platformFor(config).scopeOf(config) };
    const connector = connectorFor(ref, config, null, { cache: new ResponseCache(), metrics: new Metrics() });
    const listed = new Set((Object.keys(CAPABILITIES[type]) as InboxAction[]).map((action) => ACTION_METHOD[action]));
    const implemented = new Set(Object.values(ACTION_METHOD).filter((m) => typeof connector.actions[m] === 'function'));
    expect([...implemented].sort()).toEqual([...listed].sort());
  });
});
