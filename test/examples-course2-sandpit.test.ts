/** The sandpit example prints the course's values and draws the three descent paths. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../examples/sandpit.js';
import { sandpit } from '../src/entry/node.js';

describe('course 2 example: sandpit', () => {
  beforeAll(() => void vi.spyOn(console, 'log').mockImplementation(() => undefined));
  afterAll(() => vi.restoreAllMocks());

  it('reproduces the course values on q and draws three paths over the intro surface', () => {
    const r = main();
    Array.from(r.gradient).forEach((g, i) => expect(g).toBeCloseTo([3, 8][i], 10));
    r.hessian.flat().forEach((h, i) => expect(Math.abs(h - [2, 1, 1, 4][i])).toBeLessThan(1e-8));
    Array.from(r.steps.steepest).forEach((s, i) => expect(s).toBeCloseTo([-1.5, -4][i], 10));
    Array.from(r.steps.newton).forEach((s, i) => expect(s).toBeCloseTo([-0.571428571429, -1.857142857143][i], 10));
    Array.from(r.steps.hybrid).forEach((s, i) => expect(s).toBe(r.steps.newton[i]));
    Array.from(r.fiveSteps).forEach((x, i) => expect(x).toBeCloseTo([1.4150390625, -0.8515625][i], 12));

    const byRule = Object.fromEntries(r.runs.map((run) => [run.rule, run.result]));
    expect(byRule.steepest.reason).toBe('reached-minimum');
    expect(byRule.hybrid.reason).toBe('reached-minimum');
    // Pure Newton climbs to the paraboloid's top near (4.19, 0.80): a maximum, not the minimum.
    expect(byRule.newton.reason).toBe('small-step');
    expect(sandpit.intro.f(byRule.newton.x)).toBeGreaterThan(sandpit.intro.f([3, 2]));
    expect(r.overshoot.reason).toBe('left-bounds');

    const svg = readFileSync(r.file, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    for (const label of ['steepest: reached-minimum', 'newton: small-step', 'hybrid: reached-minimum']) expect(svg).toContain(label);
  });
});
