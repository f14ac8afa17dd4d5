import { describe, expect, it } from 'vitest';
import { sparsify, type SparseShape } from '../simulators/common/sparse.js';
import { createIronSimulator } from '../simulators/iron/index.js';
import { startSimulators } from '../simulators/index.js';
import { serveSimulator } from './support/platform-harness.js';
import { SimulatorAdmin } from './support/simulator-admin.js';

/**
 * The `sparse` knob itself (simulators/common/sparse.ts, server.ts): what it may take away, that
 * the draw is fixed by its seed, and how it is set (admin API, start option, knob reset).
 */

const shape: SparseShape = {
  name: 'row',
  required: ['id', 'at'],
  nested: { owner: { name: 'owner', required: ['userId'] }, items: { name: 'item', required: ['k'] } },
  keep: ['meta'],
};

const rows = Array.from({ length: 200 }, (_, i) => ({
  id: `r${i}`,
  at: i,
  title: `t${i}`,
  note: 'n',
  meta: { a: 1 },
  owner: { userId: `u${i}`, name: 'x' },
  items: [{ k: 1, v: 2 }],
}));

describe('sparsify', () => {
  it('never touches required or kept keys, recurses into nested shapes, and leaves the input as it was', () => {
    const before = structuredClone(rows);
    const out = sparsify(rows, shape, { rate: 1, seed: 's' }) as Record<string, unknown>[];
    expect(rows).toEqual(before);
    for (const [i, row] of out.entries()) {
      expect(row.id).toBe(`r${i}`);
      expect(row.at).toBe(i);
      expect(row.meta).toEqual({ a: 1 });
      // At rate 1 every optional key is gone or null; a kept nested object keeps its required key.
      for (const key of ['title', 'note']) expect(row[key] ?? null).toBeNull();
      if (row.owner) expect(row.owner).toEqual({ userId: `u${i}`, ...('name' in (row.owner as object) ? { name: null } : {}) });
      if (row.items) for (const item of row.items as Record<string, unknown>[]) expect(item.k).toBe(1);
    }
  });

  it('drops about half of the optional fields at rate 0.5 (some left out, some nulled); same seed, same draw; another seed, another draw', () => {
    const a = sparsify(rows, shape, { rate: 0.5, seed: 's' }) as Record<string, unknown>[];
    const titles = a.map((row) => ('title' in row ? (row.title === null ? 'null' : 'kept') : 'gone'));
    const count = (what: string): number => titles.filter((t) => t === what).length;
    expect(count('kept')).toBeGreaterThan(60);
    expect(count('gone')).toBeGreaterThan(20);
    expect(count('null')).toBeGreaterThan(20);
    expect(sparsify(rows, shape, { rate: 0.5, seed: 's' })).toEqual(a);
    expect(sparsify(rows, shape, { rate: 0.5, seed: 'other' })).not.toEqual(a);
    // The draw depends on the record, not on where it sits: one record alone is made sparse alike.
    expect(sparsify(rows[17], shape, { rate: 0.5, seed: 's' })).toEqual(a[17]);
  });
});

describe('the knob on a simulator', () => {
  const sim = serveSimulator(createIronSimulator({ seed: 'knob' }));
  const admin = new SimulatorAdmin(sim.server);

  it('is set over the admin API as a rate or {rate, seed}, refuses anything else, and is off after a reset', async () => {
    expect((await admin.setKnobs({ sparse: 0.25 })).body).toMatchObject({ sparse: { rate: 0.25, seed: 'sparse' } });
    expect((await admin.setKnobs({ sparse: { rate: 0.5, seed: 'x' } })).body).toMatchObject({ sparse: { rate: 0.5, seed: 'x' } });
    for (const bad of [2, -1, 'yes', { rate: 0.5, extra: 1 }, { seed: 'x' }]) expect((await admin.setKnobs({ sparse: bad })).status).toBe(400);
    expect((await admin.resetKnobs()).body.sparse).toBeNull();
  });

  it('makes the declared answers sparse, the same way on every call', async () => {
    const headers = { authorization: `Bearer ${sim.db.token}`, 'x-org-id': sim.db.orgId };
    const read = async (): Promise<Record<string, unknown>[]> =>
      ((await (await fetch(`${sim.server.url}/api/v1/conversations?limit=100`, { headers })).json()) as { items: Record<string, unknown>[] }).items;
    const whole = await read();
    await admin.setKnobs({ sparse: 0.8 });
    const sparse = await read();
    expect(await read()).toEqual(sparse);
    await admin.resetKnobs();
    expect(sparse.map((row) => row.id)).toEqual(whole.map((row) => row.id));
    const keys = (list: Record<string, unknown>[]): number => list.reduce((n, row) => n + Object.values(row).filter((v) => v !== null).length, 0);
    expect(keys(sparse)).toBeLessThan(keys(whole));
  });
});

describe('the start setting', () => {
  it('startSimulators({sparse}) turns it on for every platform, and a knob reset goes back to it', async () => {
    const sims = await startSimulators({ seed: 'knob', size: 4, sparse: 0.3 });
    try {
      for (const name of ['voxys', 'chatvolt', 'voiceglow', 'iron'] as const) {
        const admin = new SimulatorAdmin(sims[name].server);
        expect((await admin.resetKnobs()).body.sparse).toEqual({ rate: 0.3, seed: 'sparse' });
      }
    } finally {
      await sims.close();
    }
  });
});
