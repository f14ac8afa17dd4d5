import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kind, parse, print, visit } from 'graphql';
import { describe, expect, it } from 'vitest';
import { checkSchema, DELIBERATE_HEADING, deliberateBreaks, formatReport, publicSdl, readBase, readHistory } from '../scripts/schema-contract.js';
import { PACKAGE_ROOT } from '../src/package-root.js';

/**
 * `npm run schema:check`: the schema as it runs now against every committed version of
 * schema.graphql (or one base revision), with graphql-inspector's diff. A breaking change fails,
 * named, unless the README records it as deliberate; additions pass; a schema.graphql that was
 * not re-printed fails as stale. The script itself runs against throwaway git repositories.
 */
const current = publicSdl();

/** The public SDL without one field of one type. */
function withoutField(sdl: string, type: string, field: string): string {
  const edited = visit(parse(sdl), {
    FieldDefinition: { enter: (node, _key, _parent, _path, ancestors) => (node.name.value === field && ancestorName(ancestors) === type ? null : undefined) },
  });
  return print(edited) + '\n';
}

function ancestorName(ancestors: readonly unknown[]): string | undefined {
  const owner = [...ancestors]
    .reverse()
    .find((node): node is { kind: Kind; name: { value: string } } => typeof node === 'object' && node !== null && 'kind' in node && node.kind === Kind.OBJECT_TYPE_DEFINITION);
  return owner?.name.value;
}

/** A throwaway git repository (its own identity, no global config needed); removed by `cleanup`. */
function throwawayRepo(): { dir: string; git: (...args: string[]) => void; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'schema-repo-'));
  const git = (...args: string[]) => expect(spawnSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd: dir }).status).toBe(0);
  return { dir, git, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs the real `scripts/schema-check.ts` (through tsx, as `npm run schema:check` does) on `root`. */
function runScript(root: string, env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(PACKAGE_ROOT, 'scripts/schema-check.ts'), '--root', root], {
    cwd: PACKAGE_ROOT,
    encoding: 'utf8',
    env: { ...process.env, SCHEMA_BASE: '', ...env },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The public SDL with one more field on Conversation (what an older commit had, before the field was removed). */
const withExtraField = current.replace(/^type Conversation implements Node \{\n/m, (head) => `${head}  """Removed since."""\n  legacyTitle: String\n`);

const check = (base: string, next: string, deliberate: string[] = []) => checkSchema({ base, current: next, printed: next, deliberate });

describe('schema check', () => {
  it('removing a field fails, naming that field', async () => {
    const removed = withoutField(current, 'Conversation', 'title');
    expect(removed).not.toEqual(current);
    const result = await check(current, removed);
    expect(result.ok).toBe(false);
    expect(result.breaking).toEqual([{ path: 'Conversation.title', message: "Field 'title' was removed from object type 'Conversation'" }]);
    const report = formatReport(result, 'HEAD:schema.graphql');
    expect(report).toContain("Conversation.title: Field 'title' was removed from object type 'Conversation'");
    expect(report).toContain(DELIBERATE_HEADING);
  });

  it('adding a field and a type passes', async () => {
    const added =
      current.replace(/^type Conversation implements Node \{\n/m, (head) => `${head}  """A field added later."""\n  addedLater: String\n`) +
      '\n"""A type added later."""\ntype AddedLater {\n  """Its name."""\n  name: String\n}\n';
    expect(added).toContain('addedLater: String');
    const result = await check(current, added);
    expect(result.breaking).toEqual([]);
    expect(result.safe.map((change) => change.path)).toEqual(expect.arrayContaining(['Conversation.addedLater', 'AddedLater']));
    expect(result.ok).toBe(true);
  });

  it('a break recorded under "Deliberate breaking changes" in the README passes, listed as deliberate', async () => {
    const readme = [
      '## Schema changelog',
      '',
      DELIBERATE_HEADING,
      '',
      "- `Field 'title' was removed from object type 'Conversation'`: replaced by `subject` (v2).",
      '',
      '## Next section',
      "- `Field 'id' was removed from object type 'Lead'`",
    ].join('\n');
    const recorded = deliberateBreaks(readme);
    expect(recorded).toEqual(["Field 'title' was removed from object type 'Conversation'"]);
    const result = await check(current, withoutField(current, 'Conversation', 'title'), recorded);
    expect(result).toMatchObject({ ok: true, breaking: [], deliberate: [{ path: 'Conversation.title' }] });
    // A recorded break does not cover another one.
    const other = await check(current, withoutField(withoutField(current, 'Conversation', 'title'), 'Lead', 'name'), recorded);
    expect(other.ok).toBe(false);
    expect(other.breaking.map((change) => change.path)).toEqual(['Lead.name']);
  });

  it('a schema.graphql that is not the current print fails as stale, without any break', async () => {
    const result = await checkSchema({ base: current, current, printed: current.replace(/\n$/, '\n\n'), deliberate: [] });
    expect(result).toMatchObject({ ok: false, stale: true, breaking: [] });
    expect(formatReport(result, 'HEAD:schema.graphql')).toContain('run npm run schema:print');
    expect((await checkSchema({ base: current, current, printed: null, deliberate: [] })).stale).toBe(true);
  });

  it('compares with the committed file, or with the working tree file when there is no git history', () => {
    const dir = mkdtempSync(join(tmpdir(), 'schema-base-'));
    const git = (...args: string[]) => expect(spawnSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd: dir }).status).toBe(0);
    try {
      expect(readBase(dir, 'HEAD')).toBeNull();
      writeFileSync(join(dir, 'schema.graphql'), 'type Query { a: Int }\n');
      expect(readBase(dir, 'HEAD')).toEqual({ sdl: 'type Query { a: Int }\n', name: 'schema.graphql in the working tree (not a git repository)' });
      // A throwaway repository of its own: the last commit's file wins over the edited working tree.
      git('init', '-q');
      git('add', 'schema.graphql');
      git('commit', '-q', '-m', 'schema');
      writeFileSync(join(dir, 'schema.graphql'), 'type Query { b: Int }\n');
      expect(readBase(dir, 'HEAD')).toEqual({ sdl: 'type Query { a: Int }\n', name: 'HEAD:schema.graphql' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('readHistory: every committed version of schema.graphql, newest first, each text once', () => {
    const { dir, git, cleanup } = throwawayRepo();
    try {
      expect(readHistory(dir)).toEqual([]); // not a git repository
      git('init', '-q');
      for (const sdl of ['type Query { a: Int }\n', 'type Query { a: Int b: Int }\n', 'type Query { a: Int }\n']) {
        writeFileSync(join(dir, 'schema.graphql'), sdl);
        git('add', 'schema.graphql');
        git('commit', '-q', '-m', 'schema');
      }
      writeFileSync(join(dir, 'other.txt'), 'not the schema');
      git('add', 'other.txt');
      git('commit', '-q', '-m', 'other');
      const history = readHistory(dir);
      expect(history.map((version) => version.sdl)).toEqual(['type Query { a: Int }\n', 'type Query { a: Int b: Int }\n']);
      for (const version of history) expect(version.name).toMatch(/^[0-9a-f]{7,}:schema\.graphql$/);
    } finally {
      cleanup();
    }
  });

  it('the script fails (exit 1) naming a field removed since any committed version, and passes once the README records it', () => {
    const { dir, git, cleanup } = throwawayRepo();
    try {
      git('init', '-q');
      // History: the schema with Conversation.legacyTitle, then the current print (the removal
      // committed together with its re-printed schema.graphql: HEAD alone would not show it).
      writeFileSync(join(dir, 'schema.graphql'), withExtraField);
      git('add', 'schema.graphql');
      git('commit', '-q', '-m', 'with legacyTitle');
      writeFileSync(join(dir, 'schema.graphql'), current);
      writeFileSync(join(dir, 'README.md'), '# a service\n');
      git('add', 'schema.graphql', 'README.md');
      git('commit', '-q', '-m', 'legacyTitle removed');

      const failed = runScript(dir);
      expect(failed.status).toBe(1);
      expect(failed.stderr).toContain("Conversation.legacyTitle: Field 'legacyTitle' was removed from object type 'Conversation'");

      // Against HEAD only (a base revision), the same tree passes: the break is older than HEAD.
      expect(runScript(dir, { SCHEMA_BASE: 'HEAD' }).status).toBe(0);

      writeFileSync(join(dir, 'README.md'), `${DELIBERATE_HEADING}\n\n- \`Field 'legacyTitle' was removed from object type 'Conversation'\`: replaced by title.\n`);
      const recorded = runScript(dir);
      expect(recorded.stderr).toBe('');
      expect(recorded.status).toBe(0);
    } finally {
      cleanup();
    }
  });
});
