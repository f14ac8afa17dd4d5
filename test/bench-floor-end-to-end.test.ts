import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `npm run bench` end to end on its smallest scenario: the simulators and the gateway each in their
 * own process, a second of `{ __typename }` from 2 clients, a table on stdout and the JSON file.
 * Counts only (requests made, errors, upstream calls), never timings.
 */
const dir = mkdtempSync(join(tmpdir(), 'bench-results-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run bench', () => {
  it('measures the floor in separate processes and writes a table and its JSON', { timeout: 90_000 }, async () => {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'bench/run.ts', '--scenarios', 'floor', '--latency', '0', '--seconds', '1', '--warmup', '0', '--connections', '2'],
      { env: { ...process.env, BENCH_RESULTS_DIR: dir, LOG_LEVEL: 'warn' }, timeout: 85_000 },
    );
    expect(stderr).toMatch(/\[bench\] floor\s+0 ms × +2: .* errors 0, 0\.00 calls\/req/);
    expect(stdout).toMatch(/^\| floor \| 0 ms \| 2 \| [\d,]+ \|/m);

    expect(readdirSync(dir).sort()).toEqual([expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d-]+Z\.json$/), 'latest.json']);
    const report = JSON.parse(readFileSync(join(dir, 'latest.json'), 'utf8')) as {
      machine: { cores: number };
      scenarios: { scenario: string; requests: number; errors: { total: number }; upstreamCallsPerRequest: number; gatewayCpuMsPerRequest: number; gatewayRssMb: number }[];
    };
    expect(report.machine.cores).toBeGreaterThan(0);
    expect(report.scenarios).toHaveLength(1);
    const [floor] = report.scenarios;
    expect(floor).toMatchObject({ scenario: 'floor', errors: { total: 0 }, upstreamCallsPerRequest: 0 });
    expect(floor!.requests).toBeGreaterThan(0);
    // Read from the gateway process's own /proc entries: a live process has CPU time and memory.
    expect(floor!.gatewayCpuMsPerRequest).toBeGreaterThan(0);
    expect(floor!.gatewayRssMb).toBeGreaterThan(0);
  });
});
