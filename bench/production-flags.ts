import { readFileSync } from 'node:fs';

/**
 * The Node flags production runs the gateway with: those of `npm run start:prod` (package.json),
 * the one place they are written (the Dockerfile's CMD must match it: test/production-node-flags.test.ts).
 * The benchmark runs the compiled gateway with them, so it measures what production runs.
 */
export function productionNodeFlags(packageJsonPath = 'package.json'): string[] {
  const { scripts } = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { scripts?: Record<string, string> };
  return nodeFlagsOf(scripts?.['start:prod'] ?? '');
}

/** `node --a --b=1 dist/src/main.js` → `['--a', '--b=1']`: the flags between `node` and the entry. */
export function nodeFlagsOf(command: string): string[] {
  const words = command.trim().split(/\s+/);
  if (words[0] !== 'node') throw new Error(`start:prod is not a plain \`node … dist/src/main.js\` command: "${command}"`);
  const entry = words.indexOf('dist/src/main.js');
  if (entry < 0) throw new Error(`start:prod does not run dist/src/main.js: "${command}"`);
  return words.slice(1, entry);
}
