/**
 * Course 1, "Reflecting Bear": a bear drawn as 2 × N point columns (NaN columns separate the
 * pieces) is reflected in the mirror along the first vector of the basis [[1, -1], [1.5, 2]]
 * (columns (1, 1.5) and (-1, 2)), using T = E · diag(1, −1) · E⁻¹ with E the Gram–Schmidt
 * basis. Writes examples/out/bear.svg.
 *
 * Run: npm run build:ts && node dist/examples/reflecting-bear.js   (writes examples/out/bear.svg)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Matrix, gramSchmidt, reflectionMatrix, transformPoints } from '../src/entry/node.js';
import { SvgFigure } from '../src/plot/svg.js';
import { isMain } from './run-main.js';

/** The course's basis: the mirror lies along the first column. */
export const COURSE_BASIS = [
  [1, -1],
  [1.5, 2],
];

/**
 * My bear (head, ears with inner ears, one open eye and one winking eye — so the mirror image
 * is visibly flipped — snout, nose, mouth), as a 2 × N matrix of point columns with NaN
 * columns between the pieces.
 */
export function bear(cx = -1.4, cy = 1.9): Matrix {
  const pieces: [number, number][][] = [];
  const ellipse = (x: number, y: number, rx: number, ry: number, from = 0, to = 2 * Math.PI, steps = 48) => {
    const pts: [number, number][] = [];
    for (let k = 0; k <= steps; k++) {
      const t = from + ((to - from) * k) / steps;
      pts.push([x + rx * Math.cos(t), y + ry * Math.sin(t)]);
    }
    return pts;
  };
  const [hx, hy] = [0.95, 0.82]; // head radii
  const outsideHead = ([x, y]: [number, number]) => ((x - cx) / hx) ** 2 + ((y - cy) / hy) ** 2 >= 1;

  // Ears: the arcs of two circles that stay outside the head, parametrised around the
  // direction away from the head so the visible arc is one unbroken piece.
  for (const side of [-1, 1]) {
    const ex = cx + side * 0.68;
    const ey = cy + 0.68;
    const away = Math.atan2(ey - cy, ex - cx);
    pieces.push(ellipse(ex, ey, 0.34, 0.34, away - Math.PI, away + Math.PI, 96).filter(outsideHead));
    pieces.push(ellipse(ex, ey, 0.17, 0.17, away - 0.9 * Math.PI, away + 0.9 * Math.PI, 32).filter(outsideHead));
  }
  pieces.push(ellipse(cx, cy, hx, hy, 0, 2 * Math.PI, 96)); // head
  pieces.push(ellipse(cx - 0.34, cy + 0.2, 0.09, 0.11, 0, 2 * Math.PI, 24)); // left eye, open
  pieces.push(ellipse(cx + 0.34, cy + 0.24, 0.13, 0.09, 1.15 * Math.PI, 1.85 * Math.PI, 12)); // right eye, winking
  pieces.push(ellipse(cx, cy - 0.3, 0.42, 0.3, 0, 2 * Math.PI, 48)); // snout
  pieces.push([...ellipse(cx, cy - 0.16, 0.12, 0.07, 0, Math.PI, 12), [cx, cy - 0.27], [cx + 0.12, cy - 0.16]]); // nose
  pieces.push([[cx, cy - 0.27], [cx, cy - 0.38]]); // philtrum
  pieces.push(ellipse(cx - 0.1, cy - 0.38, 0.1, 0.08, Math.PI, 2 * Math.PI, 10)); // mouth, left
  pieces.push(ellipse(cx + 0.1, cy - 0.38, 0.1, 0.08, Math.PI, 2 * Math.PI, 10)); // mouth, right

  const cols: [number, number][] = [];
  pieces.forEach((p, k) => {
    if (k > 0) cols.push([NaN, NaN]);
    cols.push(...p);
  });
  const m = new Matrix(2, cols.length);
  cols.forEach(([x, y], j) => {
    m.data[j] = x;
    m.data[cols.length + j] = y;
  });
  return m;
}

export function main(outFile = join('examples', 'out', 'bear.svg')): { T: Matrix; file: string } {
  const T = reflectionMatrix(COURSE_BASIS);
  const points = bear();
  const mirrored = transformPoints(T, points);

  const E = gramSchmidt(COURSE_BASIS).basis;
  const [e1x, e1y] = [E.get(0, 0), E.get(1, 0)];
  const [e2x, e2y] = [E.get(0, 1), E.get(1, 1)];
  const reach = 8; // the mirror line, clipped to the plot area
  const row = (m: Matrix, i: number) => m.data.subarray(i * m.cols, (i + 1) * m.cols);

  const fig = new SvgFigure({ width: 600, height: 600, equalAspect: true, xRange: [-3, 3.8], yRange: [-3, 3.2], title: 'Reflecting Bear', legend: 'bottom-right' });
  fig
    .axes({ origin: true, grid: true, xLabel: 'x', yLabel: 'y' })
    .polyline([-reach * e1x, reach * e1x], [-reach * e1y, reach * e1y], { stroke: '#888', dash: '8 5', strokeWidth: 1.5, label: 'mirror (span of e₁)' })
    .polyline([0, e1x, NaN, 0, e2x], [0, e1y, NaN, 0, e2y], { stroke: '#2a7f3f', strokeWidth: 2.5, label: 'Gram–Schmidt e₁, e₂' })
    .polyline(row(points, 0), row(points, 1), { stroke: '#7a4a1e', strokeWidth: 2, label: 'bear' })
    .polyline(row(mirrored, 0), row(mirrored, 1), { stroke: '#1f5fbf', strokeWidth: 2, label: 'reflected bear' })
    .text(e1x, e1y, 'e₁', { color: '#2a7f3f', dx: 6, dy: -4 })
    .text(e2x, e2y, 'e₂', { color: '#2a7f3f', dx: -18, dy: -4 });

  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, fig.toString());
  const t = T.toArray();
  const det = t[0][0] * t[1][1] - t[0][1] * t[1][0];
  console.log(`T = [[${t[0].map((v) => v.toFixed(6)).join(', ')}], [${t[1].map((v) => v.toFixed(6)).join(', ')}]], det T = ${det.toFixed(12)}`);
  console.log(`wrote ${outFile} (${points.cols} point columns)`);
  return { T, file: outFile };
}

if (isMain(import.meta.url)) main();
