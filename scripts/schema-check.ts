import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PACKAGE_ROOT } from '../src/package-root.js';
import { checkSchema, deliberateBreaks, formatReport, publicSdl, readBase, readHistory } from './schema-contract.js';

/**
 * `npm run schema:check [-- --base <git revision>] [-- --root <folder>]`: fails (exit 1) on a
 * breaking change that the README does not record as deliberate, against schema.graphql as
 * committed in the base revision (`--base` or SCHEMA_BASE; a pull request's CI passes its target
 * branch) or, by default, against every version of schema.graphql in the history (so CI on main
 * also catches a break that was committed together with its re-printed schema.graphql); and when
 * schema.graphql is not the current schema's print. `--root` (default: this package) is the
 * folder whose schema.graphql, git history and README are read (a test points it at a throwaway
 * repository); the current schema is always this package's.
 */
const { values } = parseArgs({ options: { base: { type: 'string' }, root: { type: 'string' } } });
const revision = values.base || process.env.SCHEMA_BASE || undefined;
const root = values.root ?? PACKAGE_ROOT;
const file = join(root, 'schema.graphql');
const history = revision ? [] : readHistory(root);
const single = history.length > 0 ? null : readBase(root, revision ?? 'HEAD');
const bases = single ? [single] : history;
if (bases.length === 0) {
  console.error('schema: no schema.graphql to compare with: run npm run schema:print and commit it');
  process.exit(1);
}
const current = publicSdl();
const printed = existsSync(file) ? readFileSync(file, 'utf8') : null;
const readme = join(root, 'README.md');
const deliberate = existsSync(readme) ? deliberateBreaks(readFileSync(readme, 'utf8')) : [];
let failed = false;
for (const base of bases) {
  const result = await checkSchema({ base: base.sdl, current, printed, deliberate });
  const report = formatReport(result, base.name);
  if (result.ok) console.log(report);
  else console.error(report);
  failed ||= !result.ok;
}
if (failed) process.exit(1);
