import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CriticalityLevel, diff } from '@graphql-inspector/core';
import { buildSchema as buildFromSdl, printSchema } from 'graphql';
import { buildSchema } from '../src/graph/schema.js';

/**
 * The public schema as a product: `schema.graphql` at the repository root is the SDL the gateway
 * serves (printed from the running schema by `npm run schema:print`), and `npm run schema:check`
 * compares the schema as it is now with every committed version (or one base revision's), using
 * graphql-inspector's diff.
 * Additions pass; a breaking change fails unless the README's changelog records it as deliberate.
 */

/** The README heading whose list records deliberate breaking changes, one inspector message per item. */
export const DELIBERATE_HEADING = '### Deliberate breaking changes';

/** The public SDL of the schema the gateway runs (schema/*.graphql with its resolvers), as committed in schema.graphql. */
export function publicSdl(): string {
  return printSchema(buildSchema()) + '\n';
}

/**
 * The breaking changes recorded as deliberate: in the README's "### Deliberate breaking changes"
 * section, each list item's first backquoted text is one message of graphql-inspector's, exactly as
 * `npm run schema:check` printed it (e.g. - `Field 'subject' was removed from object type
 * 'Conversation'`: why, and when).
 */
export function deliberateBreaks(readme: string): string[] {
  const lines = readme.split('\n');
  const start = lines.findIndex((line) => line.trim() === DELIBERATE_HEADING);
  if (start < 0) return [];
  const recorded: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^#{1,3} /.test(line)) break;
    const item = /^\s*[-*] `([^`]+)`/.exec(line);
    if (item) recorded.push(item[1]!);
  }
  return recorded;
}

/**
 * The SDL to compare against: schema.graphql as committed in `revision` (`git show`), or, when git
 * is unavailable or that revision has no schema.graphql yet, the file in the working tree.
 */
export function readBase(root: string, revision: string): { sdl: string; name: string } | null {
  const shown = spawnSync('git', ['show', `${revision}:./schema.graphql`], { cwd: root, encoding: 'utf8' });
  if (!shown.error && shown.status === 0) return { sdl: shown.stdout, name: `${revision}:schema.graphql` };
  const file = join(root, 'schema.graphql');
  if (!existsSync(file)) return null;
  const why = shown.error ? 'git is unavailable' : /not a git repository/i.test(shown.stderr) ? 'not a git repository' : `${revision} has no schema.graphql`;
  return { sdl: readFileSync(file, 'utf8'), name: `schema.graphql in the working tree (${why})` };
}

/**
 * Every version of schema.graphql ever committed (newest first, identical texts once): CI on a
 * branch that already holds the change compares against all of them, so a break committed
 * anywhere in history fails until the README records it, however many commits ago it landed.
 */
export function readHistory(root: string): { sdl: string; name: string }[] {
  const log = spawnSync('git', ['log', '--format=%h', '--', 'schema.graphql'], { cwd: root, encoding: 'utf8' });
  if (log.error || log.status !== 0) return [];
  const seen = new Set<string>();
  const versions: { sdl: string; name: string }[] = [];
  for (const commit of log.stdout.split('\n').filter(Boolean)) {
    const shown = spawnSync('git', ['show', `${commit}:./schema.graphql`], { cwd: root, encoding: 'utf8' });
    if (shown.error || shown.status !== 0 || seen.has(shown.stdout)) continue;
    seen.add(shown.stdout);
    versions.push({ sdl: shown.stdout, name: `${commit}:schema.graphql` });
  }
  return versions;
}

export interface SchemaCheckInput {
  /** The SDL last committed: what clients have been given. */
  base: string;
  /** The SDL of the schema as it runs now (`publicSdl()`). */
  current: string;
  /** schema.graphql as it is in the working tree (null when missing): must be `current`, re-printed. */
  printed: string | null;
  /** Messages recorded as deliberate breaks (`deliberateBreaks(readme)`). */
  deliberate: readonly string[];
}

export interface SchemaChange {
  /** Where, e.g. `Conversation.subject`. */
  path: string | null;
  /** graphql-inspector's message, e.g. `Field 'subject' was removed from object type 'Conversation'`. */
  message: string;
}

export interface SchemaCheckResult {
  ok: boolean;
  /** Breaking changes not recorded as deliberate: each fails the check. */
  breaking: SchemaChange[];
  /** Breaking changes the README records as deliberate. */
  deliberate: SchemaChange[];
  /** Changes that may surprise a client (an enum value added, a default changed): reported, not failed. */
  dangerous: SchemaChange[];
  /** Safe changes (additions). */
  safe: SchemaChange[];
  /** schema.graphql is missing or not the current schema's print. */
  stale: boolean;
}

export async function checkSchema(input: SchemaCheckInput): Promise<SchemaCheckResult> {
  const changes = await diff(buildFromSdl(input.base), buildFromSdl(input.current));
  const recorded = new Set(input.deliberate);
  const result: SchemaCheckResult = { ok: false, breaking: [], deliberate: [], dangerous: [], safe: [], stale: input.printed !== input.current };
  for (const change of changes) {
    const entry = { path: change.path ?? null, message: change.message };
    if (change.criticality.level === CriticalityLevel.Breaking) (recorded.has(change.message) ? result.deliberate : result.breaking).push(entry);
    else if (change.criticality.level === CriticalityLevel.Dangerous) result.dangerous.push(entry);
    else result.safe.push(entry);
  }
  result.ok = result.breaking.length === 0 && !result.stale;
  return result;
}

/** The check's report, one line per change (breaking ones first), and what to do about a failure. */
export function formatReport(result: SchemaCheckResult, baseName: string): string {
  const line = (change: SchemaChange) => `  ${change.path ? `${change.path}: ` : ''}${change.message}`;
  const out: string[] = [];
  if (result.breaking.length > 0) {
    out.push(`schema: ${result.breaking.length} breaking change(s) against ${baseName}:`, ...result.breaking.map(line));
    out.push(
      `If deliberate, add each message as a list item under "${DELIBERATE_HEADING}" in README.md, e.g.`,
      `  - \`${result.breaking[0]!.message}\`: why, and what clients do instead`,
    );
  }
  if (result.deliberate.length > 0) out.push(`schema: ${result.deliberate.length} breaking change(s) recorded as deliberate in README.md:`, ...result.deliberate.map(line));
  if (result.dangerous.length > 0) out.push(`schema: ${result.dangerous.length} change(s) that may surprise clients (not failing):`, ...result.dangerous.map(line));
  if (result.safe.length > 0) out.push(`schema: ${result.safe.length} safe change(s) against ${baseName}`);
  if (result.stale) out.push('schema: schema.graphql is not the current schema: run npm run schema:print and commit it');
  if (result.ok) out.push(`schema: ok (no unrecorded breaking change against ${baseName}; schema.graphql is current)`);
  return out.join('\n');
}
