/** The course examples run and print the course's numbers (their main() returns them). */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main as gramSchmidtExample } from '../examples/gram-schmidt.js';
import { main as pageRankExample } from '../examples/pagerank.js';
import { main as specialMatrices } from '../examples/special-matrices.js';

describe('course 1 examples', () => {
  beforeAll(() => void vi.spyOn(console, 'log').mockImplementation(() => undefined));
  afterAll(() => vi.restoreAllMocks());

  it('special matrices: singular first matrix, the course echelon form, det −4', () => {
    const r = specialMatrices();
    expect(r.singularFirst).toBe(true);
    const expected = [[1, 7.5, -2.5, 3.5], [0, 1, -5 / 7, 3 / 7], [0, 0, 1, 1.5], [0, 0, 0, 1]];
    r.echelon.flat().forEach((x, i) => expect(x).toBeCloseTo(expected.flat()[i], 12));
    expect(r.det).toBeCloseTo(-4, 12);
  });

  it('gram-schmidt: dimensions 4, 3, 3, 2', () => {
    expect(gramSchmidtExample().dimensions).toEqual([4, 3, 3, 2]);
  });

  it('pagerank: 18, 131 and 8 iterations', () => {
    expect(pageRankExample().iterations).toEqual([18, 131, 8]);
  });
});
