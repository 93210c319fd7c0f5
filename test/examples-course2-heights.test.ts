/** Course 2 "Fitting the distribution of heights data": the example prints the fit and draws it. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../examples/heights-fit.js';

describe('heights-fit example', () => {
  let dir: string;
  beforeAll(() => {
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    dir = mkdtempSync(join(tmpdir(), 'mmlkit-heights-'));
  });
  afterAll(() => {
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('50 course steps end at μ ≈ 178.5198, σ ≈ 7.5499 (numpy of the course loop), and draw two SVGs', () => {
    const r = main(dir);
    expect(r.steps).toBe(50);
    expect(Math.abs(r.mu - 178.51982404192677)).toBeLessThan(1e-9);
    expect(Math.abs(r.sigma - 7.549907722008972)).toBeLessThan(1e-9);
    expect(Math.abs(r.chi2 - 0.000439245367132349)).toBeLessThan(1e-15);
    expect(r.files).toHaveLength(2);
    const [hist, contour] = r.files.map((f) => readFileSync(f, 'utf8'));
    expect(hist.startsWith('<svg')).toBe(true);
    expect(hist).toContain('fit μ=178.52, σ=7.55');
    expect(contour).toContain('descent path (50 steps)');
    // The contour picture carries more than the path: at least one drawn level per level set.
    expect((contour.match(/<path /g) ?? []).length).toBeGreaterThan(10);
    expect(contour).not.toContain('NaN');
  });
});
