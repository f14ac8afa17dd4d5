import { describe, expect, it } from 'vitest';
import { ResponseCache } from '../src/cache.js';

/** Unit test of the cross-request cache's partitioning, tags and write fencing. */
describe('ResponseCache', () => {
  const a = ResponseCache.partition('tenant-a', 'voxys', 'cred');
  const b = ResponseCache.partition('tenant-b', 'voxys', 'cred');

  it('invalidates by tag within one partition only', () => {
    const cache = new ResponseCache();
    cache.set(`${a}|1`, 'A1', 60_000, a, ['conversation:1']);
    cache.set(`${b}|1`, 'B1', 60_000, b, ['conversation:1']);
    expect(cache.invalidate(a, ['conversation:1'])).toBe(1);
    expect(cache.get(`${a}|1`)).toEqual({ hit: false });
    expect(cache.get(`${b}|1`)).toEqual({ hit: true, value: 'B1' });
  });

  it('a read that started before a write is neither shared with nor cached for reads after it', async () => {
    const cache = new ResponseCache();
    const key = `${a}|conversation`;
    let release!: (value: string) => void;
    const generation = cache.generation(a);
    const stale = cache.share(
      key,
      new Promise<string>((resolve) => (release = resolve)).then((v) => (cache.set(key, v, 60_000, a, ['list'], generation), v)),
    );
    expect(cache.running(key)).toBeDefined(); // a read after it would join it…
    cache.invalidate(a, ['conversation:1']); // …but the write happens while the read is in flight
    expect(cache.running(key)).toBeUndefined(); // so the next read does not join it
    const fresh = cache.share(key, Promise.resolve('FRESH'));
    release('STALE');
    expect(await stale).toBe('STALE');
    expect(await fresh).toBe('FRESH');
    expect(cache.get(key)).toEqual({ hit: false }); // the stale answer was not cached
  });

  it("tells listeners of its own invalidations only (not a peer's), and clear drops everything, reads in flight included", () => {
    const cache = new ResponseCache();
    const heard: [string, readonly string[]][] = [];
    const stop = cache.onInvalidate((partition, tags) => void heard.push([partition, tags]));
    cache.set(`${a}|1`, 'A1', 60_000, a, ['list']);
    cache.invalidate(a, ['list']);
    cache.invalidate(b, ['list'], { fromPeer: true });
    expect(heard).toEqual([[a, ['list']]]);
    stop();
    cache.invalidate(a, ['list']);
    expect(heard).toHaveLength(1);

    cache.set(`${a}|2`, 'A2', 60_000, a, ['list']);
    cache.set(`${b}|2`, 'B2', 60_000, b, []);
    const startedBefore = cache.generation(b);
    cache.clear();
    expect(cache.size).toBe(0);
    cache.set(`${b}|3`, 'late', 60_000, b, [], startedBefore); // a read that began before the clear
    expect(cache.get(`${b}|3`)).toEqual({ hit: false });
    cache.set(`${b}|3`, 'new', 60_000, b, [], cache.generation(b));
    expect(cache.get(`${b}|3`)).toEqual({ hit: true, value: 'new' });
  });
});
