import { describe, expect, it } from 'vitest';
import { eventContent, parseEventContent } from '../bench/event-marker.js';
import { counterByLabel, counterTotal } from '../bench/gateway-process.js';
import { bodyHasErrors } from '../bench/graphql.js';
import type { ScenarioResult } from '../bench/http-scenario.js';
import { parseBenchArgs, parseDuration, SCENARIOS, UsageError } from '../bench/options.js';
import { cpuTicksFromStat, rssMbFromStatus } from '../bench/procfs.js';
import { planGroups } from '../bench/scenario-plan.js';
import { rssDrift } from '../bench/soak.js';
import { median, percentile, summarize } from '../bench/stats.js';
import { formatMs, formatSigned, markdownTable, SCENARIO_HEADERS, scenarioRow } from '../bench/table.js';

describe('percentiles', () => {
  it('are nearest-rank over the sorted values', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 90)).toBe(90);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBe(0);
  });

  it('a summary sorts numerically (not as strings) and counts', () => {
    expect(summarize([10, 9, 100, 2, 1])).toEqual({ count: 5, p50: 9, p90: 100, p99: 100, max: 100 });
    expect(median([3, 1, 2])).toBe(2);
  });
});

describe('formatting', () => {
  it('durations: one decimal below 100 ms, whole ms above, seconds from 10 s', () => {
    expect(formatMs(0.234)).toBe('0.2 ms');
    expect(formatMs(99.94)).toBe('99.9 ms');
    expect(formatMs(236.4)).toBe('236 ms');
    expect(formatMs(30_500)).toBe('30.5 s');
    expect(formatSigned(-4.21)).toBe('−4.2 ms');
    expect(formatSigned(30)).toBe('+30.0 ms');
  });

  it('a Markdown table has a header, a separator and one line per row, pipes escaped', () => {
    expect(markdownTable(['a', 'b'], [['1', 'x|y']])).toBe('| a | b |\n| --- | --- |\n| 1 | x\\|y |');
  });

  it('a scenario row has a cell per header, and the critical path only where measured', () => {
    const row: ScenarioResult = {
      scenario: 'inbox-cold',
      platformLatencyMs: 20,
      connections: 1,
      seconds: 5,
      requests: 45,
      requestsPerSecond: 9.04,
      latencyMs: { count: 45, p50: 110.2, p90: 130, p99: 145.6, max: 150 },
      errors: { non2xx: 0, transport: 0, graphql: 1, sample: '{"errors":[]}', total: 1 },
      upstreamCallsPerRequest: 37,
      gatewayCpuMsPerRequest: 8.123,
      gatewayRssMb: 280.4,
      simulatorsCpuPercentOfCore: 12,
      criticalPath: {
        roundTrips: 4,
        criticalPathMs: 86.4,
        overheadP50Ms: 3.1,
        overheadP99Ms: 9.7,
        nominal: { criticalPathMs: 80, overheadP50Ms: 30.2, overheadP99Ms: 65.6 },
        probes: [{ depth: 4, latencyMs: 89.5, platformMs: 86.4 }],
      },
      notes: [],
    };
    const cells = scenarioRow(row);
    expect(cells).toHaveLength(SCENARIO_HEADERS.length);
    expect(cells).toEqual([
      'inbox-cold',
      '20 ms',
      '1',
      '9',
      '110 ms',
      '130 ms',
      '146 ms',
      '1 of 45',
      '37.00',
      '8.12 ms',
      '280 MB',
      '4',
      '86.4 ms',
      '+3.1 ms / +9.7 ms',
      '+30.2 ms / +65.6 ms',
    ]);
    expect(scenarioRow({ ...row, criticalPath: null }).slice(-4)).toEqual(['', '', '', '']);
  });
});

describe('command line', () => {
  it('defaults run every scenario at 0 and 20 ms with 50 clients', () => {
    const options = parseBenchArgs([]);
    expect(options.scenarios).toEqual([...SCENARIOS]);
    expect(options.latencies).toEqual([0, 20]);
    expect(options.connections).toBe(50);
    expect(options.soakSeconds).toBeNull();
  });

  it('reads each flag, in both spellings', () => {
    const options = parseBenchArgs([
      '--scenarios',
      'inbox-cold,floor',
      '--latency=0,20,50',
      '--seconds',
      '10',
      '--connections=1',
      '--subscribers',
      '1000',
      '--events-per-second',
      '100',
      '--soak',
      '10m',
      '--warmup',
      '0',
      '--answers',
      'off',
    ]);
    // Scenarios run in their canonical order whatever the order given.
    expect(options.scenarios).toEqual(['floor', 'inbox-cold']);
    expect(options).toMatchObject({
      latencies: [0, 20, 50],
      seconds: 10,
      connections: 1,
      subscribers: 1000,
      eventsPerSecond: 100,
      soakSeconds: 600,
      warmupSeconds: 0,
      answers: 'off',
    });
    expect(parseBenchArgs([]).answers).toBe('on');
    expect(() => parseBenchArgs(['--answers', 'maybe'])).toThrow(/on or off/);
  });

  it('refuses what it does not know, naming it', () => {
    expect(() => parseBenchArgs(['--scenarios', 'inbox,floor'])).toThrow(/unknown scenario\(s\) inbox/);
    expect(() => parseBenchArgs(['--connections', '0'])).toThrow(UsageError);
    expect(() => parseBenchArgs(['--latency', '-5'])).toThrow(/--latency/);
    expect(() => parseBenchArgs(['--bogus'])).toThrow(/unknown argument "--bogus"/);
    expect(() => parseBenchArgs(['--seconds'])).toThrow(/needs a value/);
    expect(() => parseDuration('ten')).toThrow(UsageError);
    expect([parseDuration('90s'), parseDuration('10m'), parseDuration('1h'), parseDuration('2.5')]).toEqual([90, 600, 3600, 2.5]);
  });

  it('groups scenarios by the gateway configuration they need', () => {
    expect(planGroups(['floor', 'inbox-cold', 'subscriptions', 'send-message'])).toEqual([
      { group: 'uncached', scenarios: ['inbox-cold'] },
      { group: 'cached', scenarios: ['floor', 'send-message'] },
      { group: 'subscriptions', scenarios: ['subscriptions'] },
    ]);
  });
});

describe('reading the gateway process', () => {
  it('CPU ticks are utime + stime, even when the command name holds spaces and parentheses', () => {
    const stat = '4242 (node (main) x) S 1 4242 4242 0 -1 4194304 1000 0 0 0 1234 567 0 0 20 0 11 0 100 1000000 25000 18446744073709551615';
    expect(cpuTicksFromStat(stat)).toBe(1234 + 567);
  });

  it('RSS comes from VmRSS in kB', () => {
    expect(rssMbFromStatus('Name:\tnode\nVmPeak:\t 999 kB\nVmRSS:\t  262144 kB\n')).toBeCloseTo(268.435, 3);
  });

  it('Prometheus counters are summed, or split by a label', () => {
    const text = [
      '# HELP gateway_events_dropped_total Events not delivered, by reason.',
      'gateway_events_dropped_total{reason="duplicate"} 19',
      'gateway_events_dropped_total{reason="slow_consumer"} 3',
      'gateway_events_dropped_total_other 7',
      'gateway_subscriptions_active 200',
    ].join('\n');
    expect(counterTotal(text, 'gateway_events_dropped_total')).toBe(22);
    expect(counterByLabel(text, 'gateway_events_dropped_total', 'reason')).toEqual({ duplicate: 19, slow_consumer: 3 });
    expect(counterTotal(text, 'gateway_subscriptions_active')).toBe(200);
  });

  it('errors are GraphQL errors or userErrors in a 200 body', () => {
    expect(bodyHasErrors('{"data":{"__typename":"Query"}}')).toBe(false);
    expect(bodyHasErrors('{"errors":[{"message":"x"}],"data":null}')).toBe(true);
    expect(bodyHasErrors('{"data":{"sendMessage":{"message":{},"userErrors":[]}}}')).toBe(false);
    expect(bodyHasErrors('{"data":{"sendMessage":{"message":null,"userErrors":[{"code":"CONFLICT"}]}}}')).toBe(true);
  });
});

describe('subscriptions and soak', () => {
  it('an injected message carries its run, sequence and injection time; other content is ignored', () => {
    const content = eventContent('ab12', 7, 1796283290888.123);
    expect(parseEventContent('ab12', content)).toEqual({ seq: 7, injectedAtMs: 1796283290888.123 });
    expect(parseEventContent('other', content)).toBeNull();
    expect(parseEventContent('ab12', 'Hello, is anyone there?')).toBeNull();
    expect(parseEventContent('ab12', null)).toBeNull();
  });

  it('RSS drift compares the lows (and highs) of the window from 1 minute on with those of the last window', () => {
    // 10 minutes of a sawtooth between 250 and 500 MB, its low rising by 10 MB over the run.
    const samples = Array.from({ length: 60 }, (_, i) => {
      const atSeconds = (i + 1) * 10;
      return { atSeconds, rssMb: (i % 6 === 0 ? 250 : 250 + 50 * (i % 6)) + (atSeconds >= 480 ? 10 : 0) };
    });
    const drift = rssDrift(samples);
    expect(drift).toMatchObject({ baseline: 250, baselineAtSeconds: 60, end: 260, peakBaseline: 500, peakEnd: 510 });
    expect(drift.driftPercent).toBeCloseTo(4);
    expect(drift.peakDriftPercent).toBeCloseTo(2);
    // A short soak compares from its first sample.
    const short = rssDrift([
      { atSeconds: 10, rssMb: 200 },
      { atSeconds: 20, rssMb: 210 },
      { atSeconds: 30, rssMb: 210 },
    ]);
    expect(short.baselineAtSeconds).toBe(10);
    expect(short.driftPercent).toBeCloseTo(5);
  });
});
