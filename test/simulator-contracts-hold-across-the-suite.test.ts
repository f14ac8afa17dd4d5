import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STATS_FILE, VIOLATIONS_FILE, type ContractViolation } from '../simulators/common/contract-check.js';
import { captureDir } from './support/capture.js';

/**
 * Runs after every other test file (vitest.config.ts's late group). Every simulator the suite
 * started checked each answer it sent against its own `GET /openapi.json` with Ajv
 * (simulators/common/contract-check.ts; turned on by test/support/contract-setup.ts) and wrote what
 * did not validate into the capture folder: there must be nothing. Garbage-knob answers and
 * Voxys' deliberately unreadable rows are not checked; `sparse` answers are.
 */
const dir = captureDir();
const lines = (file: string): string[] => (dir && existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean) : []);
const stats = lines(STATS_FILE).map((line) => JSON.parse(line) as { simulator: string; checked: Record<string, number> });

describe('every simulator answer of the suite matches its OpenAPI document', () => {
  it.skipIf(stats.length === 0)('no answer of any simulator broke its contract', () => {
    const violations = lines(VIOLATIONS_FILE).map((line) => JSON.parse(line) as ContractViolation);
    const checked = new Map<string, number>();
    for (const { simulator, checked: byOperation } of stats) {
      for (const [operation, count] of Object.entries(byOperation)) checked.set(`${simulator} ${operation}`, (checked.get(`${simulator} ${operation}`) ?? 0) + count);
    }
    const total = [...checked.values()].reduce((a, b) => a + b, 0);
    console.info(`simulator contracts: ${total} answers checked over ${checked.size} operations, ${violations.length} violations`);
    // One line per distinct problem, with how often it happened.
    const distinct = new Map<string, number>();
    for (const v of violations) {
      const key = `${v.simulator} ${v.operation} → ${v.status} ${v.contentType ?? ''}: ${v.problems.join('; ')}`;
      distinct.set(key, (distinct.get(key) ?? 0) + 1);
    }
    expect([...distinct].map(([problem, count]) => `${count}× ${problem}`)).toEqual([]);
    expect(total).toBeGreaterThan(0);
  });
});
