import { readFileSync, writeFileSync } from 'node:fs';
import { capabilityTable, README_TABLE_END, README_TABLE_START } from '../src/capabilities.js';

/**
 * `npm run capabilities`: rewrites the README's capability table from the platform modules'
 * action tables (test/capability-matrix.test.ts fails while the two disagree).
 */
const path = new URL('../README.md', import.meta.url);
const readme = readFileSync(path, 'utf8');
const start = readme.indexOf(README_TABLE_START);
const end = readme.indexOf(README_TABLE_END);
if (start < 0 || end < start) throw new Error(`README.md has no ${README_TABLE_START} … ${README_TABLE_END} section`);
const updated = `${readme.slice(0, start + README_TABLE_START.length)}\n${capabilityTable()}\n${readme.slice(end)}`;
writeFileSync(path, updated);
console.log(updated === readme ? 'README.md capability table is up to date' : 'README.md capability table rewritten');
