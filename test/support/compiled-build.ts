import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * The compiled production build, laid out as the Docker image's runtime stage lays it out: one
 * folder with package.json, package-lock.json, schema/ and dist/ (tsc's output of
 * tsconfig.build.json), and node_modules (here a link to the checkout's; in the image,
 * `npm ci --omit=dev`). No src/ and no .ts file: nothing a TypeScript loader could run.
 */
export interface CompiledBuild {
  root: string;
  /** dist/src/main.js, the entry `npm run start:prod` runs. */
  main: string;
  /** tsc's exit status and output. */
  status: number | null;
  output: string;
}

const REPO = resolve(import.meta.dirname, '..', '..');

/**
 * Builds with the repository's tsconfig.build.json into a fresh folder under test/.artifacts/.
 * `--noCheck`: the emit is the same, in a third of the time; the types of the same files, under the
 * same options, are CI's `npm run typecheck`, which `npm run build` also runs.
 */
export function buildCompiled(): CompiledBuild {
  const parent = join(REPO, 'test', '.artifacts');
  mkdirSync(parent, { recursive: true });
  const root = mkdtempSync(join(parent, 'compiled-'));
  const tsc = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(REPO, 'tsconfig.build.json'), '--outDir', join(root, 'dist'), '--noCheck'], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 180_000,
  });
  for (const file of ['package.json', 'package-lock.json']) cpSync(join(REPO, file), join(root, file));
  cpSync(join(REPO, 'schema'), join(root, 'schema'), { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
  return { root, main: join(root, 'dist', 'src', 'main.js'), status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Every file of a folder, recursively (relative paths). */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

/** A package the compiled server can load: the first file importing it, and whether every import of it is a dynamic `import()`. */
export interface ReachablePackage {
  firstImporter: string;
  dynamicOnly: boolean;
}

/**
 * The packages the compiled entry can load: every module reachable from `entry` through relative
 * imports (static, `export … from` and dynamic `import('…')` with a literal specifier, which is
 * how main.ts loads demo-only code), and the bare specifiers they name, by package. Node's
 * built-ins are left out.
 */
export function packagesReachableFrom(entry: string): Map<string, ReachablePackage> {
  const builtins = new Set(builtinModules);
  const packages = new Map<string, ReachablePackage>();
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    const { importedFiles } = ts.preProcessFile(text, true, true);
    for (const { fileName: specifier } of importedFiles) {
      if (specifier.startsWith('.') || specifier.startsWith('/')) {
        const target = resolve(dirname(file), specifier);
        if (!existsSync(target)) throw new Error(`${file} imports ${specifier}, which the build did not emit`);
        if (target.endsWith('.js')) queue.push(target);
        continue;
      }
      const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
      if (specifier.startsWith('node:') || builtins.has(name)) continue;
      // `import x from 'p'`, `export … from 'p'`, `import 'p'`: loaded with the module, unlike `import('p')`.
      const quoted = specifier.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const isStatic = new RegExp(`(?:from|import)\\s*['"]${quoted}['"]`).test(text);
      const known = packages.get(name);
      if (known) known.dynamicOnly &&= !isStatic;
      else packages.set(name, { firstImporter: file, dynamicOnly: !isStatic });
    }
  }
  return packages;
}
