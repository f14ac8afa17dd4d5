import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gatewayCommand } from '../bench/gateway-process.js';
import { nodeFlagsOf, productionNodeFlags } from '../bench/production-flags.js';

/**
 * Production runs the gateway with Node flags written in one place, `npm run start:prod`: the
 * container's command and the benchmark use the same (the compiled build's own test runs with them
 * too, and cluster workers inherit them: test/cluster-workers-share-one-port.test.ts).
 */
describe('production Node flags', () => {
  it('are read from start:prod', () => {
    expect(nodeFlagsOf('node --enable-source-maps --max-semi-space-size=32 dist/src/main.js')).toEqual(['--enable-source-maps', '--max-semi-space-size=32']);
    expect(nodeFlagsOf('node dist/src/main.js')).toEqual([]);
    expect(() => nodeFlagsOf('tsx src/main.ts')).toThrow(/plain `node/);
    expect(() => nodeFlagsOf('node --enable-source-maps server.js')).toThrow(/dist\/src\/main\.js/);
  });

  it('are the container’s command', () => {
    const cmd = readFileSync('Dockerfile', 'utf8')
      .split('\n')
      .find((line) => line.startsWith('CMD '));
    expect(JSON.parse(cmd!.slice('CMD '.length))).toEqual(['node', ...productionNodeFlags(), 'dist/src/main.js']);
  });

  it('are the benchmark’s, with its own flags after them (a later flag wins)', () => {
    const saved = process.env.BENCH_GATEWAY_ENTRY;
    process.env.BENCH_GATEWAY_ENTRY = 'node_modules/.bench-build-x/src/main.js';
    try {
      expect(gatewayCommand(['--cpu-prof'])).toEqual([...productionNodeFlags(), '--cpu-prof', 'node_modules/.bench-build-x/src/main.js']);
    } finally {
      if (saved === undefined) delete process.env.BENCH_GATEWAY_ENTRY;
      else process.env.BENCH_GATEWAY_ENTRY = saved;
    }
  });
});
