/** The benchmark's command line (`npm run bench -- …`), parsed and checked. */

export const SCENARIOS = ['floor', 'inbox-warm', 'inbox-cold', 'conversation-warm', 'conversation-cold', 'send-message', 'subscriptions'] as const;
/** Run only when named in --scenarios (not part of the default set). */
export const OPT_IN_SCENARIOS = ['scale-out'] as const;
export const KNOWN_SCENARIOS = [...SCENARIOS, ...OPT_IN_SCENARIOS] as const;
export type ScenarioName = (typeof KNOWN_SCENARIOS)[number];

export interface BenchOptions {
  scenarios: ScenarioName[];
  /** Simulator latency settings (ms per platform call); every scenario runs at each. */
  latencies: number[];
  /** Measured seconds per scenario (after a warm-up). */
  seconds: number;
  warmupSeconds: number;
  /** Concurrent closed-loop clients of the HTTP scenarios. */
  connections: number;
  subscribers: number;
  eventsPerSecond: number;
  /** Gateway worker processes (`server.workers`); more than 1 shares events through Redis (REDIS_URL, else 127.0.0.1:6379). */
  workers: number;
  /** Soak mode: this many seconds of steady load instead of the scenarios; null: no soak. */
  soakSeconds: number | null;
  /** Simulator data set: conversations per platform. */
  size: number;
  /** scale-out: `cache.crossInstance` of both gateways (src/config/cache.ts); `none`: no Redis, each its own cache (the check's control). */
  crossInstance: 'strict' | 'eventual' | 'none';
  /** scale-out: star/unstar writes per second, alternating between the two gateways. */
  writesPerSecond: number;
  /** The answer cache (`cache.answers`, src/pipeline/answer-cache.ts): off measures every query executed. */
  answers: 'on' | 'off';
}

export const USAGE = `npm run bench -- [--scenarios ${SCENARIOS.join(',')}] [--latency 0,20] [--seconds 5] [--warmup 1]
                 [--connections 50] [--subscribers 200] [--events-per-second 10] [--workers 1] [--size 60] [--soak 10m]
                 [--cross-instance strict|eventual|none] [--writes-per-second 5]   (scale-out: --scenarios scale-out)
                 [--answers on|off]   (off: no answer cache, every query executed)`;

export class UsageError extends Error {}

export const DEFAULTS: Omit<BenchOptions, 'scenarios'> = {
  latencies: [0, 20],
  seconds: 5,
  warmupSeconds: 1,
  connections: 50,
  subscribers: 200,
  eventsPerSecond: 10,
  workers: 1,
  soakSeconds: null,
  size: 60,
  crossInstance: 'strict',
  writesPerSecond: 5,
  answers: 'on',
};

/** `600`, `90s`, `10m`, `1h` → seconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([smh]?)$/.exec(text.trim());
  if (!match) throw new UsageError(`a duration is seconds or like 90s, 10m, 1h; got "${text}"`);
  const seconds = Number(match[1]) * { '': 1, s: 1, m: 60, h: 3600 }[match[2] as '' | 's' | 'm' | 'h'];
  if (!(seconds > 0)) throw new UsageError(`a duration must be more than 0; got "${text}"`);
  return seconds;
}

function wholeNumber(name: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number >= ${min}; got "${text}"`);
  return n;
}

/** Parses `argv` (without node and the script); throws UsageError on anything it does not know. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { ...DEFAULTS, scenarios: [...SCENARIOS] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--scenarios': {
        const names = value()
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const unknown = names.filter((n) => !(KNOWN_SCENARIOS as readonly string[]).includes(n));
        if (unknown.length > 0 || names.length === 0) throw new UsageError(`unknown scenario(s) ${unknown.join(', ') || '(none given)'}; known: ${KNOWN_SCENARIOS.join(', ')}`);
        options.scenarios = KNOWN_SCENARIOS.filter((s) => names.includes(s));
        break;
      }
      case '--latency':
        options.latencies = [
          ...new Set(
            value()
              .split(',')
              .map((s) => wholeNumber('latency', s.trim(), 0)),
          ),
        ];
        break;
      case '--seconds':
        options.seconds = parseDuration(value());
        break;
      case '--warmup': {
        const v = value();
        options.warmupSeconds = v.trim() === '0' ? 0 : parseDuration(v);
        break;
      }
      case '--connections':
        options.connections = wholeNumber('connections', value(), 1);
        break;
      case '--subscribers':
        options.subscribers = wholeNumber('subscribers', value(), 1);
        break;
      case '--events-per-second':
        options.eventsPerSecond = wholeNumber('events-per-second', value(), 1);
        break;
      case '--workers':
        options.workers = wholeNumber('workers', value(), 1);
        break;
      case '--size':
        options.size = wholeNumber('size', value(), 1);
        break;
      case '--cross-instance': {
        const v = value();
        if (v !== 'strict' && v !== 'eventual' && v !== 'none') throw new UsageError(`--cross-instance is strict, eventual or none; got "${v}"`);
        options.crossInstance = v;
        break;
      }
      case '--answers': {
        const v = value();
        if (v !== 'on' && v !== 'off') throw new UsageError(`--answers is on or off; got "${v}"`);
        options.answers = v;
        break;
      }
      case '--writes-per-second':
        options.writesPerSecond = wholeNumber('writes-per-second', value(), 1);
        break;
      case '--soak':
        options.soakSeconds = parseDuration(value());
        break;
      case '--help':
      case '-h':
        throw new UsageError(USAGE);
      default:
        throw new UsageError(`unknown argument "${arg}"\n${USAGE}`);
    }
  }
  return options;
}
