import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PACKAGE_ROOT } from '../src/package-root.js';
import { checkSchema, deliberateBreaks, formatReport, publicSdl, readBase } from './schema-contract.js';

/**
 * `npm run schema:check [-- --base <git revision>]`: fails (exit 1) on a breaking change against
 * schema.graphql as committed in the base revision (default HEAD, or SCHEMA_BASE; a pull request's
 * CI passes its target branch) that the README does not record as deliberate, and when
 * schema.graphql is not the current schema's print.
 */
const { values } = parseArgs({ options: { base: { type: 'string' } } });
const revision = values.base ?? process.env.SCHEMA_BASE ?? 'HEAD';
const file = join(PACKAGE_ROOT, 'schema.graphql');
const base = readBase(PACKAGE_ROOT, revision);
if (!base) {
  console.error('schema: no schema.graphql to compare with: run npm run schema:print and commit it');
  process.exit(1);
}
const result = await checkSchema({
  base: base.sdl,
  current: publicSdl(),
  printed: existsSync(file) ? readFileSync(file, 'utf8') : null,
  deliberate: deliberateBreaks(readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8')),
});
const report = formatReport(result, base.name);
if (result.ok) console.log(report);
else {
  console.error(report);
  process.exit(1);
}
