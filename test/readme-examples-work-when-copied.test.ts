import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../src/config/load.js';
import { configSchema } from '../src/config/schema.js';

/**
 * The README's examples work when copied: every gateway config block loads with the real loader,
 * snippets take the port from $PORT, and the error table lists every code a client can get.
 */
const README = readFileSync('README.md', 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'gw-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fenced(language: string): string[] {
  return [...README.matchAll(new RegExp('^```' + language + '\\n([\\s\\S]*?)^```$', 'gm'))].map((m) => m[1]!);
}

/** A block that looks like gateway configuration: a mapping whose top-level keys are all config keys. */
function looksLikeGatewayConfig(block: string): boolean {
  const topLevel = [...block.matchAll(/^([A-Za-z]\w*):/gm)].map((m) => m[1]!);
  const known = Object.keys(configSchema.shape);
  return topLevel.length > 0 && topLevel.every((key) => known.includes(key));
}

describe('README configuration blocks', () => {
  const blocks = fenced('yaml').filter(looksLikeGatewayConfig);

  it('has at least the full example', () => {
    expect(blocks.length).toBeGreaterThan(0);
    expect(blocks.some((block) => /^tenants:/m.test(block))).toBe(true);
  });

  it.each(blocks.map((block, i) => [i, block] as const))('block %i parses and validates with the real loader', (i, block) => {
    // Every ${NAME} it references is set, as the README tells its reader to do.
    const env: NodeJS.ProcessEnv = {};
    for (const [, name] of block.matchAll(/\$\{([A-Z_][A-Z0-9_]*)\}/g)) env[name!] = `value-of-${name}-long-enough-for-any-secret-0123456789`;
    expect(() => parseYaml(block), 'plain YAML').not.toThrow();
    const path = join(dir, `readme-${i}.yaml`);
    writeFileSync(path, block);
    const withTenants = /^tenants:/m.test(block);
    if (withTenants) {
      expect(() => loadConfigFile(path, env)).not.toThrow();
    } else {
      // A fragment (one section): it must validate as that section of a whole configuration.
      const minimal = `auth:\n  jwt:\n    secret: \${JWT_SECRET}\ntenants:\n  t:\n    sources:\n      v: { type: voxys, baseUrl: http://x, apiAccessToken: "\${T}", accountId: 1 }\n`;
      writeFileSync(path, `${minimal}${block}`);
      expect(() => loadConfigFile(path, { ...env, JWT_SECRET: 'x'.repeat(40), T: 't' })).not.toThrow();
    }
  });
});

describe('README snippets', () => {
  it('take the port from $PORT instead of a hard-coded 4000', () => {
    const snippets = [...fenced('sh'), ...fenced('ts'), ...fenced('js')];
    expect(snippets.length).toBeGreaterThan(0);
    const hardCoded = snippets.filter((snippet) => /(localhost|127\.0\.0\.1):4000\b/.test(snippet));
    expect(hardCoded).toEqual([]);
  });

  it('the TypeScript snippets type-check as written (strict, NodeNext)', async () => {
    const ts = (await import('typescript')).default;
    const folder = 'test/.artifacts';
    mkdirSync(folder, { recursive: true });
    const files = fenced('ts').map((snippet, i) => {
      const file = join(folder, `readme-snippet-${process.pid}-${i}.ts`);
      writeFileSync(file, snippet);
      return file;
    });
    try {
      const program = ts.createProgram(files, {
        strict: true,
        noEmit: true,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        target: ts.ScriptTarget.ES2022,
        types: ['node'],
        skipLibCheck: true,
        esModuleInterop: true,
      });
      const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      expect(problems).toEqual([]);
    } finally {
      for (const file of files) rmSync(file, { force: true });
    }
  });

  it('the Node subscription snippet resumes from the newest cursor (a lazy `variables`)', () => {
    const subscription = fenced('ts').find((snippet) => snippet.includes('createClient'));
    expect(subscription).toBeDefined();
    expect(subscription).toMatch(/get variables\(\)\s*\{\s*return \{ since \}/);
    expect(subscription).toMatch(/since = data\.messageAdded\.cursor/);
  });
});

/** A union of string literals declared in src/errors.ts, by type name. */
function unionOf(source: string, typeName: string): string[] {
  const match = new RegExp(`export type ${typeName} =([^;]*);`).exec(source);
  if (!match) throw new Error(`${typeName} not found in src/errors.ts`);
  return [...match[1]!.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]!);
}

describe('README error table', () => {
  const section = README.slice(README.indexOf('### Errors'), README.indexOf('\n### ', README.indexOf('### Errors') + 1));
  const table = section
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .join('\n');
  // Every code-like token written in backticks (`CODE`, `reason: CODE`, `4403`).
  const listed = new Set([...table.matchAll(/`[^`]*`/g)].flatMap((m) => [...m[0].matchAll(/\b([A-Z][A-Z_]{2,}|\d{4})\b/g)].map((t) => t[1]!)));
  const errorsTs = readFileSync('src/errors.ts', 'utf8');

  it('lists every GraphQL error code and every user error code', () => {
    const codes = [...unionOf(errorsTs, 'ErrorCode'), ...unionOf(errorsTs, 'UserErrorCode')];
    expect(codes.length).toBeGreaterThan(15);
    expect(codes.filter((code) => !listed.has(code))).toEqual([]);
  });

  it('lists the codes the pipeline and Apollo answer with, and the reasons clients act on', () => {
    const more = [
      'BAD_REQUEST',
      'GRAPHQL_PARSE_FAILED',
      'GRAPHQL_VALIDATION_FAILED',
      'OPERATION_RESOLUTION_FAILURE',
      'PERSISTED_DOCUMENT_REQUIRED',
      'PERSISTED_QUERY_NOT_FOUND',
      'PERSISTED_QUERY_NOT_SUPPORTED',
      'CURSOR_TOO_OLD',
      'UNREADABLE_ROW',
      'OUTCOME_UNKNOWN',
      'SEND_IN_PROGRESS',
      'IDEMPOTENCY_STORE_UNAVAILABLE',
      '4403',
      '4429',
    ];
    expect(more.filter((code) => !listed.has(code))).toEqual([]);
  });

  it('lists every code literal the sources send (`code:`, gqlError, UserError, refused)', async () => {
    const { readdirSync } = await import('node:fs');
    const files = readdirSync('src', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.startsWith('generated'));
    const found = new Set<string>();
    for (const file of files) {
      const text = readFileSync(join('src', file), 'utf8');
      for (const m of text.matchAll(/(?:code: |gqlError\(|UserError\(|refused\()'([A-Z][A-Z_]+)'/g)) found.add(m[1]!);
      for (const m of text.matchAll(/reason: '([A-Z][A-Z_]+)'/g)) found.add(m[1]!);
    }
    expect(found.size).toBeGreaterThan(10);
    expect([...found].filter((code) => !listed.has(code))).toEqual([]);
  });
});
