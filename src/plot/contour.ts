/**
 * Contour lines of a function sampled on a rectangular grid, by marching squares: each grid
 * cell is classified by which corners lie at or above the level, the level's crossing on each
 * cut edge is placed by linear interpolation, and the resulting segments are chained into
 * polylines (one per connected piece; pieces separated by NaN, the SvgFigure convention).
 *
 * Grid convention (as matplotlib's contour(X, Y, Z) with Z indexed [row, col], and as
 * `chi2Surface`): entry (i, j) is the value at (xs[j], ys[i]) — rows follow y, columns x.
 */
import { OptionError, ShapeError } from '../errors.js';
import { Matrix, type MatrixLike, type VectorLike } from '../matrix.js';
import { asMatrix, asVector } from '../validate.js';

/** All the pieces of one level: polylines joined with NaN breaks. */
export interface ContourLine {
  level: number;
  xs: Float64Array;
  ys: Float64Array;
}

/**
 * The contour lines of `grid` (ys.length × xs.length, see the module comment) at each level.
 * `levels` is a list of values, or a count k: k levels evenly spaced strictly between the
 * grid's smallest and largest finite values. Returns one `ContourLine` per level, in the
 * order given (an empty line when the level is never crossed). Cells with a non-finite
 * corner are skipped (a hole in the plot, not an error). Saddle cells are resolved by the
 * mean of the four corners. Closed contours end on their first point.
 * @example
 * const z = sampleGrid((x, y) => x * x + y * y, [-1, 0, 1], [-1, 0, 1]);
 * contourLines(z, [-1, 0, 1], [-1, 0, 1], [0.5])[0]; // a diamond through (±0.5, 0), (0, ±0.5)
 */
export function contourLines(grid: MatrixLike, xs: VectorLike, ys: VectorLike, levels: number | VectorLike): ContourLine[] {
  const z = asMatrix(grid, 'contourLines: grid');
  const x = asVector(xs, 'contourLines: xs');
  const y = asVector(ys, 'contourLines: ys');
  if (z.rows !== y.length || z.cols !== x.length) {
    throw new ShapeError(
      `contourLines: grid is ${z.rows}×${z.cols} but ys has ${y.length} and xs ${x.length} entries; ` +
        'the grid needs ys.length rows and xs.length columns',
      [z.shape, [y.length], [x.length]],
    );
  }
  for (const [v, name] of [[x, 'xs'], [y, 'ys']] as const) {
    for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) throw new ShapeError(`contourLines: ${name}[${i}] is ${v[i]}; coordinates must be finite`);
  }
  return levelList(z, levels).map((level) => traceLevel(z, x, y, level));
}

/**
 * The values of f on a grid: entry (i, j) = f(xs[j], ys[i]) (ys.length × xs.length).
 * @example sampleGrid((x, y) => x + 10 * y, [0, 1], [0, 1, 2]).toArray(); // [[0, 1], [10, 11], [20, 21]]
 */
export function sampleGrid(f: (x: number, y: number) => number, xs: VectorLike, ys: VectorLike): Matrix {
  const x = asVector(xs, 'sampleGrid: xs');
  const y = asVector(ys, 'sampleGrid: ys');
  const out = new Matrix(y.length, x.length);
  for (let i = 0; i < y.length; i++) for (let j = 0; j < x.length; j++) out.data[i * x.length + j] = f(x[j], y[i]);
  return out;
}

/** n evenly spaced values from a to b inclusive (numpy's linspace). @example linspace(0, 1, 5) // [0, 0.25, 0.5, 0.75, 1] */
export function linspace(a: number, b: number, n: number): Float64Array {
  if (!Number.isSafeInteger(n) || n < 0) throw new OptionError('linspace: n', 'an integer ≥ 0', n);
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = n === 1 ? a : a + ((b - a) * k) / (n - 1);
  return out;
}

/**
 * A colour for position t ∈ [0, 1] on a perceptually ordered ramp (viridis' anchor colours,
 * linearly interpolated): low levels dark blue, high levels yellow.
 * @example levelColor(0) // '#440154'
 */
export function levelColor(t: number): string {
  const stops = [
    [0x44, 0x01, 0x54],
    [0x3b, 0x52, 0x8b],
    [0x21, 0x91, 0x8c],
    [0x5e, 0xc9, 0x62],
    [0xfd, 0xe7, 0x25],
  ];
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const k = Math.min(stops.length - 2, Math.floor(u));
  const w = u - k;
  const c = stops[k].map((v, i) => Math.round(v + w * (stops[k + 1][i] - v)));
  return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

function levelList(z: Matrix, levels: number | VectorLike): number[] {
  if (typeof levels === 'number') {
    if (!Number.isSafeInteger(levels) || levels < 0) throw new OptionError('contourLines: levels', 'an integer count ≥ 0 or an array of levels', levels);
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of z.data) if (Number.isFinite(v)) ((lo = Math.min(lo, v)), (hi = Math.max(hi, v)));
    if (!(lo < hi)) return [];
    return Array.from({ length: levels }, (_, k) => lo + ((hi - lo) * (k + 1)) / (levels + 1));
  }
  const list = Array.from(asVector(levels, 'contourLines: levels'));
  list.forEach((v, k) => {
    if (!Number.isFinite(v)) throw new OptionError(`contourLines: levels[${k}]`, 'a finite number', v);
  });
  return list;
}

/** Marching squares for one level, then segments chained into polylines. */
function traceLevel(z: Matrix, xs: Float64Array, ys: Float64Array, level: number): ContourLine {
  const { rows, cols, data } = z;
  // Edge ids: 2·(i·cols + j) is the horizontal edge (i, j)–(i, j+1); +1 the vertical (i, j)–(i+1, j).
  const hEdge = (i: number, j: number) => 2 * (i * cols + j);
  const vEdge = (i: number, j: number) => 2 * (i * cols + j) + 1;
  const segA: number[] = [];
  const segB: number[] = [];
  const seg = (a: number, b: number) => (segA.push(a), segB.push(b));
  for (let i = 0; i + 1 < rows; i++) {
    for (let j = 0; j + 1 < cols; j++) {
      const bl = data[i * cols + j];
      const br = data[i * cols + j + 1];
      const tl = data[(i + 1) * cols + j];
      const tr = data[(i + 1) * cols + j + 1];
      if (!(Number.isFinite(bl) && Number.isFinite(br) && Number.isFinite(tl) && Number.isFinite(tr))) continue;
      const c = (bl >= level ? 1 : 0) | (br >= level ? 2 : 0) | (tr >= level ? 4 : 0) | (tl >= level ? 8 : 0);
      if (c === 0 || c === 15) continue;
      const bottom = hEdge(i, j);
      const top = hEdge(i + 1, j);
      const left = vEdge(i, j);
      const right = vEdge(i, j + 1);
      if (c === 5 || c === 10) {
        // Saddle: whether the centre is above decides which diagonal pair of corners connects.
        const centreAbove = (bl + br + tl + tr) / 4 >= level;
        if ((c === 5) === centreAbove) (seg(bottom, right), seg(top, left)); // cut off br and tl
        else (seg(left, bottom), seg(right, top)); // cut off bl and tr
        continue;
      }
      const cut: number[] = [];
      if ((c & 1) !== (c & 2) >> 1) cut.push(bottom);
      if ((c & 2) >> 1 !== (c & 4) >> 2) cut.push(right);
      if ((c & 4) >> 2 !== (c & 8) >> 3) cut.push(top);
      if ((c & 8) >> 3 !== (c & 1)) cut.push(left);
      seg(cut[0], cut[1]);
    }
  }

  // The crossing on an edge depends only on the edge, so pieces meet at identical points.
  const point = (e: number): [number, number] => {
    const k = e >> 1;
    const i = Math.floor(k / cols);
    const j = k % cols;
    const [i2, j2] = e & 1 ? [i + 1, j] : [i, j + 1];
    const v0 = data[i * cols + j];
    const v1 = data[i2 * cols + j2];
    const t = v1 === v0 ? 0.5 : (level - v0) / (v1 - v0);
    return [xs[j] + t * (xs[j2] - xs[j]), ys[i] + t * (ys[i2] - ys[i])];
  };

  // Chain segments: every edge is shared by at most two cells, so at most two segments.
  const byEdge = new Map<number, number[]>();
  for (let s = 0; s < segA.length; s++) {
    for (const e of [segA[s], segB[s]]) {
      const list = byEdge.get(e);
      if (list) list.push(s);
      else byEdge.set(e, [s]);
    }
  }
  const used = new Uint8Array(segA.length);
  const follow = (from: number, edge: number, chain: number[]) => {
    let prev = from;
    let e = edge;
    for (;;) {
      const next = byEdge.get(e)!.find((s) => s !== prev && !used[s]);
      if (next === undefined) return;
      used[next] = 1;
      e = segA[next] === e ? segB[next] : segA[next];
      chain.push(e);
      prev = next;
    }
  };
  const outX: number[] = [];
  const outY: number[] = [];
  for (let s = 0; s < segA.length; s++) {
    if (used[s]) continue;
    used[s] = 1;
    const forward: number[] = [segA[s], segB[s]];
    follow(s, segB[s], forward);
    const backward: number[] = [];
    if (forward[forward.length - 1] !== forward[0]) follow(s, segA[s], backward);
    const chain = [...backward.reverse(), ...forward];
    if (outX.length > 0) (outX.push(NaN), outY.push(NaN));
    for (const e of chain) {
      const [px, py] = point(e);
      outX.push(px);
      outY.push(py);
    }
  }
  return { level, xs: Float64Array.from(outX), ys: Float64Array.from(outY) };
}
