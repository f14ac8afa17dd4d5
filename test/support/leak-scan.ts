import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaptureManifest, ResponseRecord } from './capture.js';

/**
 * Scans what test gateways logged and answered (test/support/capture.ts) for what must never be
 * there: their secrets and credentials, bearer tokens (any JWT), the platforms' URLs, and message
 * bodies (in log lines; in responses, inside errors: data fields carry messages by design).
 */
export interface LeakHit {
  capture: string;
  label: string;
  /** `log` or the response's transport, method and path. */
  where: string;
  kind: 'secret' | 'token' | 'upstream-url' | 'message-body';
  found: string;
  excerpt: string;
}

export interface ScanReport {
  captures: number;
  logLines: number;
  responses: number;
  hits: LeakHit[];
}

const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/;
/** Paths of files the platforms serve publicly to browsers (attachment links). */
const PUBLIC_FILE_PATHS = /\/(?:storage\/v1\/object\/public\/|rails\/active_storage\/blobs\/)/;
const BEARER = /Bearer\s+[A-Za-z0-9._~+/-]{8,}/i;

/** Scans every capture in `dir` (or those whose id passes `only`). */
export function scanCaptures(dir: string, only: (id: string) => boolean = () => true): ScanReport {
  const report: ScanReport = { captures: 0, logLines: 0, responses: 0, hits: [] };
  const ids = readdirSync(dir)
    .filter((f) => f.endsWith('.manifest.json'))
    .map((f) => f.slice(0, -'.manifest.json'.length))
    .filter(only);
  for (const id of ids) {
    report.captures++;
    const manifest = JSON.parse(readFileSync(join(dir, `${id}.manifest.json`), 'utf8')) as CaptureManifest;
    const rules = rulesOf(manifest);
    const hit = (where: string, kind: LeakHit['kind'], found: string, text: string) => {
      const at = text.indexOf(found);
      report.hits.push({ capture: id, label: manifest.label, where, kind, found, excerpt: text.slice(Math.max(0, at - 80), at + found.length + 80) });
    };
    for (const line of lines(join(dir, `${id}.log`))) {
      report.logLines++;
      scanText(line, rules, { tokensAllowed: false, bodies: true }, (kind, found) => hit('log', kind, found, line));
    }
    for (const line of lines(join(dir, `${id}.responses.jsonl`))) {
      report.responses++;
      const record = JSON.parse(line) as ResponseRecord;
      const where = `${record.transport} ${record.where}${record.status ? ` ${record.status}` : ''}`;
      const tokensAllowed = manifest.graphiqlToken && /text\/html/.test(record.contentType ?? '');
      scanText(record.body, rules, { tokensAllowed, bodies: false }, (kind, found) => hit(where, kind, found, record.body));
      const errors = errorsOf(record.body);
      if (errors !== null) {
        for (const body of rules.bodies) if (errors.includes(body)) hit(where, 'message-body', body, errors);
      }
    }
  }
  return report;
}

interface Rules {
  secrets: string[];
  hosts: { host: string; pattern: RegExp }[];
  bodies: string[];
}

function rulesOf(manifest: CaptureManifest): Rules {
  const hosts = manifest.upstreamUrls.map((url) => {
    const host = new URL(url).host;
    // 127.0.0.1:4100 must not match 127.0.0.1:41001. A file link the platform issues for browsers
    // (Iron's public media storage, Chatwoot's Active Storage blobs) is meant to be fetched from the
    // platform's host: it is the attachment itself, not an API address leaking.
    return { host, pattern: new RegExp(`${host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![0-9])(?!${PUBLIC_FILE_PATHS.source})`) };
  });
  return { secrets: manifest.secrets.filter((s) => s.length >= 8), hosts, bodies: manifest.messageBodies };
}

function scanText(text: string, rules: Rules, options: { tokensAllowed: boolean; bodies: boolean }, hit: (kind: LeakHit['kind'], found: string) => void): void {
  for (const secret of rules.secrets) if (text.includes(secret)) hit('secret', secret);
  for (const { host, pattern } of rules.hosts) if (text.includes(host) && pattern.test(text)) hit('upstream-url', host);
  if (!options.tokensAllowed) {
    const token = JWT.exec(text) ?? BEARER.exec(text);
    if (token) hit('token', token[0]);
  }
  if (options.bodies) for (const body of rules.bodies) if (text.includes(body)) hit('message-body', body);
}

/** The errors a GraphQL answer carries (HTTP body or graphql-ws message), as text; null when there are none to read. */
function errorsOf(body: string): string | null {
  // A WebSocket close frame's reason is said to the client too.
  if (body.startsWith('close ')) return body;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body.startsWith('{') || body.startsWith('[') ? body : null;
  }
  if (parsed === null || typeof parsed !== 'object') return null;
  const message = parsed as { errors?: unknown; type?: unknown; payload?: { errors?: unknown } | unknown[] };
  const errors = message.errors ?? (message.type === 'error' ? message.payload : (message.payload as { errors?: unknown } | undefined)?.errors);
  return errors === undefined ? null : JSON.stringify(errors);
}

function lines(path: string): string[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0);
}

/** A readable summary of the hits (at most `max`), grouped by what was found. */
export function describeHits(hits: LeakHit[], max = 20): string {
  const shown = hits.slice(0, max).map((h) => `- ${h.kind} "${h.found}" in ${h.capture} (${h.label}) ${h.where}: …${h.excerpt.replace(/\s+/g, ' ')}…`);
  return [`${hits.length} leak(s):`, ...shown, ...(hits.length > max ? [`… and ${hits.length - max} more`] : [])].join('\n');
}
