import type { GraphQLFormattedError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { summarizeErrors } from '../src/pipeline/error-summary.js';
import { onePerSource } from '../src/pipeline/partial-errors.js';

/** A failing source is one error entry whose `affectedFields` lists the paths it cost, not a count. */
const down = (path: (string | number)[]): GraphQLFormattedError => ({
  message: 'Voxys is unavailable',
  path,
  extensions: { code: 'UPSTREAM_UNAVAILABLE', source: 'VOXYS', sourceKey: 'voxys' },
});

describe('onePerSource', () => {
  it('keeps the first entry per source and code, with every affected path', () => {
    const errors = [
      down(['conversations', 'edges', 0, 'node', 'lead']),
      down(['conversations', 'edges', 3, 'node', 'lead']),
      { message: 'bad cursor', extensions: { code: 'BAD_USER_INPUT' } },
      down(['conversations', 'counts']),
    ];
    const out = onePerSource(errors);
    expect(out).toHaveLength(2);
    expect(out[0]!.path).toEqual(['conversations', 'edges', 0, 'node', 'lead']);
    expect(out[0]!.extensions!.affectedFields).toEqual([
      ['conversations', 'edges', 0, 'node', 'lead'],
      ['conversations', 'edges', 3, 'node', 'lead'],
      ['conversations', 'counts'],
    ]);
    expect(out[1]!.extensions).toEqual({ code: 'BAD_USER_INPUT' });
    // The log line still counts the fields a source cost.
    expect(summarizeErrors(out)).toEqual({ 'voxys:UPSTREAM_UNAVAILABLE': 3, BAD_USER_INPUT: 1 });
  });

  it('a source that cost one field has its path and no affectedFields', () => {
    const [only] = onePerSource([down(['conversation', 'lead'])]);
    expect(only!.extensions!.affectedFields).toBeUndefined();
    expect(only!.path).toEqual(['conversation', 'lead']);
  });
});
