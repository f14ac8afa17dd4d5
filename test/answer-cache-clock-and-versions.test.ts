import { describe, expect, it } from 'vitest';
import { ResponseCache } from '../src/cache.js';
import { validateConfig } from '../src/config/load.js';
import type { GatewayContext } from '../src/context.js';
import { overdueChangesAt, withOverdue } from '../src/datasources/shared/sla-clock.js';
import { Metrics } from '../src/metrics.js';
import { AnswerCache } from '../src/pipeline/answer-cache.js';
import { Sla } from '../src/resolvers/views.js';
import { AnswerDependencies } from '../src/runtime/answer-dependencies.js';
import { parse } from 'graphql';

/**
 * Unit tests of what the answer cache checks besides the platform reads (the end-to-end cases are
 * in answer-cache-serves-only-what-still-holds.test.ts): a value judged against the clock bounds
 * an answer's life, and in strict mode a read stored under another partition version does not hold.
 * The request context is a stand-in with only what the cache reads.
 */
const config = validateConfig({
  auth: { jwt: { secret: 'unit-secret-that-is-long-enough-0123456789' } },
  tenants: { t1: { sources: { voxys: { type: 'voxys', baseUrl: 'http://127.0.0.1:9', apiAccessToken: 'x', accountId: 1 } }, users: {} } },
});

function contextWith(dependencies: AnswerDependencies, versions?: ReadonlyMap<string, string> | null): GatewayContext {
  const sources = { dependencies, versionsNow: () => (versions === undefined ? undefined : Promise.resolve(versions)), skippedRows: { errors: () => [] } };
  return { viewer: { sub: 'u1', tenant: 't1' }, partialErrors: [], sources } as unknown as GatewayContext;
}

const DOCUMENT = parse('{ __typename }');
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('answer cache: the clock', () => {
  it('an SLA judged by the clock says when its overdue changes; a stated one or one judged at a fixed instant never does', () => {
    const due = new Date(Date.now() + 60_000);
    expect(overdueChangesAt(withOverdue({ dueAt: due }, null, () => new Date(), true))).toBe(due.getTime());
    expect(overdueChangesAt(withOverdue({ dueAt: due }, null, () => new Date(), false))).toBe(due.getTime() + 1);
    expect(overdueChangesAt(withOverdue({ dueAt: due }, false, () => new Date(), true))).toBeNull();
    expect(overdueChangesAt(withOverdue({ dueAt: due }, null, new Date(), true))).toBeNull();
    expect(overdueChangesAt(withOverdue({ dueAt: null }, null, () => new Date(), true))).toBeNull();
  });

  it('resolving Sla.overdue bounds the answer to the instant it changes (a past due date bounds nothing)', () => {
    const dependencies = new AnswerDependencies();
    const soon = new Date(Date.now() + 30_000);
    const later = new Date(Date.now() + 90_000);
    const resolve = Sla.overdue as (sla: object, args: object, ctx: GatewayContext) => boolean;
    expect(
      resolve(
        withOverdue({ dueAt: later }, null, () => new Date(), true),
        {},
        contextWith(dependencies),
      ),
    ).toBe(false);
    expect(
      resolve(
        withOverdue({ dueAt: soon }, null, () => new Date(), true),
        {},
        contextWith(dependencies),
      ),
    ).toBe(false);
    expect(
      resolve(
        withOverdue({ dueAt: new Date(Date.now() - 1_000) }, null, () => new Date(), true),
        {},
        contextWith(dependencies),
      ),
    ).toBe(true);
    expect(dependencies.validUntil).toBe(soon.getTime());
  });

  it('an answer holding a clock-judged value is served until that instant, then built again', async () => {
    const responses = new ResponseCache();
    const answers = new AnswerCache(config, responses, new Metrics());
    const dependencies = new AnswerDependencies();
    dependencies.judgedAgainstClock(Date.now() + 150);
    const ctx = contextWith(dependencies);
    const key = answers.keyOf(ctx, DOCUMENT, null, {})!;
    expect(await answers.lookup(ctx, key)).toBeNull();
    answers.keep(ctx, key, { __typename: 'Query' }, 0);
    answers.settle(ctx, key);
    expect(await answers.lookup(contextWith(new AnswerDependencies()), key)).toEqual({ __typename: 'Query' });
    await wait(200);
    const later = contextWith(new AnswerDependencies());
    expect(await answers.lookup(later, key)).toBeNull();
    answers.settle(later, key);
  });
});

describe('answer cache: the reads beneath', () => {
  const partition = ResponseCache.partition('t1', 'voxys', 'hash');
  const readKey = `${partition}\u0000GET /conversations`;

  async function keptOver(responses: ResponseCache, version: string | undefined) {
    const answers = new AnswerCache(config, responses, new Metrics());
    const value = { rows: [] };
    responses.set(readKey, value, 60_000, partition, ['list'], undefined, version);
    const dependencies = new AnswerDependencies();
    dependencies.read({ key: readKey, partition, value, version });
    const ctx = contextWith(dependencies, version === undefined ? undefined : new Map([[partition, version]]));
    const key = answers.keyOf(ctx, DOCUMENT, null, {})!;
    await answers.lookup(ctx, key);
    answers.keep(ctx, key, { __typename: 'Query' }, 0);
    answers.settle(ctx, key);
    return { answers, key, value };
  }

  it('holds while the response cache holds the very value read, and not once it holds another', async () => {
    const responses = new ResponseCache();
    const { answers, key } = await keptOver(responses, undefined);
    expect(await answers.lookup(contextWith(new AnswerDependencies()), key)).not.toBeNull();
    responses.set(readKey, { rows: [] }, 60_000, partition, ['list']); // an equal value, read again: another object
    const ctx = contextWith(new AnswerDependencies());
    expect(await answers.lookup(ctx, key)).toBeNull();
    answers.settle(ctx, key);
  });

  it('holds after an invalidation of other tags, not after one of its own', async () => {
    const responses = new ResponseCache();
    const { answers, key } = await keptOver(responses, undefined);
    responses.invalidate(partition, ['conversation:9']);
    expect(await answers.lookup(contextWith(new AnswerDependencies()), key)).not.toBeNull();
    responses.invalidate(partition, ['list']);
    const ctx = contextWith(new AnswerDependencies());
    expect(await answers.lookup(ctx, key)).toBeNull();
    answers.settle(ctx, key);
  });

  it('strict across instances: holds under the version it was read under, not once another instance moved it, nor when Redis cannot say', async () => {
    const responses = new ResponseCache();
    const { answers, key } = await keptOver(responses, '0.4');
    expect(await answers.lookup(contextWith(new AnswerDependencies(), new Map([[partition, '0.4']])), key)).not.toBeNull();
    const unreadable = contextWith(new AnswerDependencies(), null);
    expect(await answers.lookup(unreadable, key)).toBeNull();
    answers.settle(unreadable, key);
    // Dropped by the failed lookup: keep it again, then move the version.
    const again = await keptOver(responses, '0.4');
    const moved = contextWith(new AnswerDependencies(), new Map([[partition, '0.5']]));
    expect(await again.answers.lookup(moved, again.key)).toBeNull();
    again.answers.settle(moved, again.key);
  });

  it('keeps nothing a request refused (a write, an uncached or failed read)', async () => {
    const answers = new AnswerCache(config, new ResponseCache(), new Metrics());
    const dependencies = new AnswerDependencies();
    dependencies.refuse('failed read');
    const ctx = contextWith(dependencies);
    const key = answers.keyOf(ctx, DOCUMENT, null, {})!;
    await answers.lookup(ctx, key);
    answers.keep(ctx, key, { __typename: 'Query' }, 0);
    answers.settle(ctx, key);
    const next = contextWith(new AnswerDependencies());
    expect(await answers.lookup(next, key)).toBeNull();
    answers.settle(next, key);
  });

  it('a query whose last answer was not kept is not waited for: identical ones arriving together each execute', async () => {
    const answers = new AnswerCache(config, new ResponseCache(), new Metrics());
    const refused = new AnswerDependencies();
    refused.refuse('filter relative to now');
    const first = contextWith(refused);
    const key = answers.keyOf(first, DOCUMENT, null, {})!;
    await answers.lookup(first, key);
    answers.keep(first, key, { __typename: 'Query' }, 0);
    answers.settle(first, key);
    const second = contextWith(new AnswerDependencies());
    expect(await answers.lookup(second, key)).toBeNull(); // executes, and registers no build
    const third = answers.lookup(contextWith(new AnswerDependencies()), key);
    // Without a build to wait for it answers at once (a wait would last until `second` settles, or 2 s).
    expect(await Promise.race([third, wait(1_000).then(() => 'waited')])).toBeNull();
  });

  it('a tenant whose sources cache nothing gets no key: nothing looked up, nothing kept', () => {
    const uncached = validateConfig({
      auth: { jwt: { secret: 'unit-secret-that-is-long-enough-0123456789' } },
      tenants: { t1: { sources: { voxys: { type: 'voxys', baseUrl: 'http://127.0.0.1:9', apiAccessToken: 'x', accountId: 1, cacheTtlMs: 0 } }, users: {} } },
    });
    const answers = new AnswerCache(uncached, new ResponseCache(), new Metrics());
    expect(answers.keyOf(contextWith(new AnswerDependencies()), DOCUMENT, null, {})).toBeNull();
  });
});
