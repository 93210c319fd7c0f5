/** The heart example trains, prints its cost curve, and writes both pictures. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { heartData, main } from '../examples/heart-mlp.js';

describe('course 2 example: backpropagation on the heart curve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mmlkit-heart-'));
  beforeAll(() => void vi.spyOn(console, 'log').mockImplementation(() => undefined));
  afterAll(() => {
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uses the course data: y(0) = [0.5, 0.625], N = 100', () => {
    const { X, Y } = heartData();
    expect(X.shape).toEqual([100, 1]);
    expect([Y.data[0], Y.data[1]]).toEqual([0.5, 0.625]);
  });

  it('3000 steps at learning rate 7 cut the cost at least tenfold and draw the fit', () => {
    const r = main(3000, dir);
    expect(r.checkpoints.map(([s]) => s)).toEqual([0, 10, 100, 1000, 3000]);
    expect(r.checkpoints[0][1]).toBe(r.initialCost);
    expect(r.finalCost).toBeLessThan(r.initialCost / 10);
    for (const f of r.files) expect(existsSync(f)).toBe(true);
    const svg = readFileSync(r.files[0], 'utf8');
    expect(svg).toContain('network output');
    expect(svg.match(/<circle /g)?.length).toBeGreaterThanOrEqual(100); // the samples (+ legend)
  });
});
