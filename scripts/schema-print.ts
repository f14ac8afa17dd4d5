import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/package-root.js';
import { publicSdl } from './schema-contract.js';

/** `npm run schema:print`: writes the running schema's public SDL to schema.graphql (commit it). */
const file = join(PACKAGE_ROOT, 'schema.graphql');
writeFileSync(file, publicSdl());
console.log(`wrote ${file}`);
