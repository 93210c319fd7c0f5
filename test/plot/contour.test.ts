import { describe, expect, it } from 'vitest';
import { OptionError, ShapeError } from '../../src/entry/node.js';
import { contourLines, levelColor, linspace, sampleGrid } from '../../src/plot/contour.js';
import { SvgFigure } from '../../src/plot/svg.js';

/** Splits a NaN-separated polyline into its pieces. */
function pieces(xs: Float64Array, ys: Float64Array): [number, number][][] {
  const out: [number, number][][] = [[]];
  for (let i = 0; i < xs.length; i++) {
    if (Number.isNaN(xs[i])) out.push([]);
    else out[out.length - 1].push([xs[i], ys[i]]);
  }
  return out.filter((p) => p.length > 0);
}

describe('contourLines (marching squares)', () => {
  const xs = linspace(-2, 2, 81);
  const ys = linspace(-1.5, 1.5, 61); // a different y grid: rows follow y, columns x
  const bowl = sampleGrid((x, y) => x * x + y * y, xs, ys);

  it('circles of x² + y²: one closed piece per level, every point at radius √level (to interpolation error)', () => {
    const lines = contourLines(bowl, xs, ys, [0.25, 1]);
    expect(lines.map((l) => l.level)).toEqual([0.25, 1]);
    for (const line of lines) {
      const ps = pieces(line.xs, line.ys);
      expect(ps.length).toBe(1);
      const ring = ps[0];
      expect(ring[0]).toEqual(ring[ring.length - 1]); // closed
      for (const [x, y] of ring) expect(Math.abs(Math.hypot(x, y) - Math.sqrt(line.level))).toBeLessThan(2e-3);
    }
  });

  it('a level cut by the grid edge gives open pieces; two hills give two pieces separated by NaN', () => {
    const open = contourLines(bowl, xs, ys, [3])[0]; // circle of radius 1.73 leaves the y range
    const ps = pieces(open.xs, open.ys);
    expect(ps.length).toBe(2);
    for (const p of ps) expect(p[0]).not.toEqual(p[p.length - 1]);
    const hills = sampleGrid((x, y) => Math.exp(-((x - 1) ** 2 + y * y) * 4) + Math.exp(-((x + 1) ** 2 + y * y) * 4), xs, ys);
    const two = contourLines(hills, xs, ys, [0.5])[0];
    expect(pieces(two.xs, two.ys).length).toBe(2);
    expect(Array.from(two.xs).filter(Number.isNaN).length).toBe(1);
  });

  it('a count of levels spreads them strictly inside the value range; a level never crossed is empty', () => {
    const lines = contourLines([[0, 1], [2, 3]], [0, 1], [0, 1], 3);
    expect(lines.map((l) => l.level)).toEqual([0.75, 1.5, 2.25]);
    expect(contourLines([[0, 1], [2, 3]], [0, 1], [0, 1], [10])[0].xs.length).toBe(0);
  });

  it('a single cell: crossings placed by linear interpolation along the cut edges', () => {
    // Values 0 (bottom-left), 1 (bottom-right), 2 (top-left), 3 (top-right); level 1.5 cuts the
    // left edge at y = 0.75 and the right edge at y = 0.25.
    const [line] = contourLines([[0, 1], [2, 3]], [0, 1], [0, 1], [1.5]);
    const pts = Array.from(line.xs, (x, i) => [x, line.ys[i]]).sort((a, b) => a[0] - b[0]);
    expect(pts).toEqual([[0, 0.75], [1, 0.25]]);
  });

  it('saddle cells are split by the centre value', () => {
    // Corners 1 (bl), 0 (br), 1 (tr), 0 (tl): centre 0.5 ≥ 0.4 joins the high corners, so the
    // two segments cut off the low corners br and tl.
    const [line] = contourLines([[1, 0], [0, 1]], [0, 1], [0, 1], [0.4]);
    const ps = pieces(line.xs, line.ys).map((p) => p.map(([x, y]) => [Number(x.toFixed(12)), Number(y.toFixed(12))]));
    expect(ps.length).toBe(2);
    const corners = ps.map((p) => [(p[0][0] + p[1][0]) / 2, (p[0][1] + p[1][1]) / 2].map((v) => Math.round(v)));
    expect(corners.sort()).toEqual([[0, 1], [1, 0]]);
  });

  it('cells with a NaN corner are skipped, not an error', () => {
    const z = sampleGrid((x, y) => (x > 0.5 && y > 0.5 ? NaN : x * x + y * y), xs, ys);
    const [line] = contourLines(z, xs, ys, [1]);
    for (let i = 0; i < line.xs.length; i++) if (!Number.isNaN(line.xs[i])) expect(line.xs[i] > 0.55 && line.ys[i] > 0.55).toBe(false);
    expect(pieces(line.xs, line.ys).length).toBe(1); // the circle, broken open by the hole
  });

  it('errors: grid shape must be ys.length × xs.length; levels must be finite; count an integer', () => {
    expect(() => contourLines(bowl, ys, xs, 3)).toThrow(ShapeError);
    expect(() => contourLines(bowl, ys, xs, 3)).toThrow('contourLines: grid is 61×81 but ys has 81 and xs 61 entries');
    expect(() => contourLines(bowl, xs, ys, [NaN])).toThrow(OptionError);
    expect(() => contourLines(bowl, xs, ys, 2.5)).toThrow(OptionError);
  });
});

describe('SvgFigure.contour and helpers', () => {
  it('draws one path per level in ramp colours', () => {
    const xs = linspace(0, 1, 11);
    const svg = new SvgFigure().contour(sampleGrid((x, y) => x + y, xs, xs), xs, xs, 4, { label: 'x + y' }).toString();
    expect(svg.match(/<path /g)?.length).toBe(4);
    expect(svg).toContain(levelColor(0));
    expect(svg).toContain(levelColor(1));
    expect(svg).toContain('x + y');
  });

  it('levelColor runs from viridis dark blue to yellow; linspace matches numpy', () => {
    expect([levelColor(0), levelColor(1), levelColor(-3), levelColor(NaN)]).toEqual(['#440154', '#fde725', '#440154', '#440154']);
    expect(Array.from(linspace(0, 1, 5))).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(Array.from(linspace(2, 3, 1))).toEqual([2]);
  });
});
