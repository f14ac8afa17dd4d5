import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kind, parse, print, visit } from 'graphql';
import { describe, expect, it } from 'vitest';
import { checkSchema, DELIBERATE_HEADING, deliberateBreaks, formatReport, publicSdl, readBase } from '../scripts/schema-contract.js';

/**
 * `npm run schema:check`: the schema as it runs now against the last committed schema.graphql
 * (graphql-inspector's diff). A breaking change fails, named, unless the README records it as
 * deliberate; additions pass; a schema.graphql that was not re-printed fails as stale.
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
});
