import { readFileSync } from 'node:fs';
import { mintToken } from '/work/main/src/pipeline/auth.js';
const gw = JSON.parse(readFileSync(process.env.GWOUT!, 'utf8'));
const sims = JSON.parse(readFileSync('/tmp/perf/sims.json', 'utf8'));
const token = await mintToken({ secret: 'perf-secret-that-is-long-enough-0123456789', sub: 'alice', tenant: 'demo', ttlSeconds: 3600 });
const inbox = readFileSync('/work/main/operations/InboxScreen.graphql', 'utf8');
const screen0 = readFileSync('/work/main/operations/ConversationScreen.graphql', 'utf8');
const screen = readFileSync('/work/main/schema/crm.graphql', 'utf8').includes('type Company') ? screen0.replace(/(lead \{[^}]*?status\s+)company(?!\s*\{)/, '$1company { name }') : screen0;
async function gql(query: string, variables: unknown) {
  const r = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  return r.json() as Promise<any>;
}
async function run(label: string, query: string, variables: unknown) {
  for (const s of Object.keys(sims)) await fetch(`${sims[s].url}/__admin/calls`, { method: 'DELETE' });
  const t0 = performance.timeOrigin + performance.now();
  const r = await gql(query, variables);
  const t1 = performance.timeOrigin + performance.now();
  if (r.errors) console.log(JSON.stringify(r.errors).slice(0, 300));
  const calls: any[] = [];
  for (const s of Object.keys(sims)) for (const c of await (await fetch(`${sims[s].url}/__admin/calls`)).json()) calls.push({ ...c, s });
  calls.sort((a, b) => a.startMs - b.startMs);
  for (const c of calls) c.depth = 1 + Math.max(0, ...calls.filter((d) => d.endMs <= c.startMs).map((d) => d.depth ?? 0));
  console.log(`${label}: ${calls.length} calls, depth ${Math.max(...calls.map((c) => c.depth))}, wall ${(t1 - t0).toFixed(1)} ms`);
  if (process.env.V) for (const c of calls) console.log(`  d${c.depth} ${(c.startMs - t0).toFixed(1).padStart(7)} ${(c.endMs - t0).toFixed(1).padStart(7)} ${c.s} ${c.method} ${c.path}`);
  return r;
}
for (let i = 0; i < 4; i++) await run('InboxScreen (JIT warm-up)', inbox, { first: 25 });
const first = await run('InboxScreen', inbox, { first: 25 });
const ids = first.data.conversations.edges.map((e: any) => e.node);
for (const src of ['VOXYS', 'CHATVOLT', 'VOICEGLOW', 'IRON']) { const n = ids.find((x: any) => x.source === src); if (n) await run(`Conversation ${src}`, screen, { id: n.id }); }
