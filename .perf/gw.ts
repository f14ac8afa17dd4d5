import { readFileSync, writeFileSync } from 'node:fs';
import { validateConfig } from '/work/main/src/config/load.js';
import { createGateway } from '/work/main/src/gateway.js';
import { createLogger } from '/work/main/src/logger.js';
const sims = JSON.parse(readFileSync(process.env.SIMS ?? '/tmp/perf/sims.json', 'utf8'));
const ttl = Number(process.env.TTL ?? 5000);
const users: Record<string, Record<string, string>> = {};
for (const u of ['alice', 'bob', 'carol']) users[u] = Object.fromEntries(Object.entries(sims).map(([s, v]: [string, any]) => [s, v.identities[u]]));
const config = validateConfig({
  auth: { jwt: { secret: 'perf-secret-that-is-long-enough-0123456789' } },
  tenants: { demo: { sources: Object.fromEntries(Object.entries(sims).map(([s, v]: [string, any]) => [s, { type: s, baseUrl: v.url, ...v.sourceConfig, cacheTtlMs: ttl }])), users } },
  limits: { requestsPerMinute: 0, tenantRequestsPerMinute: 0, addressRequestsPerMinute: 0, maxUpstreamCallsPerRequest: 0 },
});
const gateway = createGateway(config, { logger: createLogger({ level: 'silent' }) });
const url = await gateway.listen(Number(process.env.GWPORT ?? 0), '127.0.0.1');
writeFileSync(process.env.GWOUT ?? '/tmp/perf/gw.json', JSON.stringify({ url, pid: process.pid }));
console.log('gateway', url, process.pid);
const stop = async () => { await gateway.close(); process.exit(0); };
process.on('SIGTERM', stop); process.on('SIGINT', stop);
