/**
 * A grid of small grey-scale images (e.g. 8×8 digits and their PCA reconstructions) as SVG, one
 * <rect> per pixel. It is a layout in pixels, not a plot in data coordinates, so it is written
 * directly rather than through `SvgFigure` (no axes, no data ranges to fit).
 */
import { OptionError, ShapeError } from '../errors.js';
import type { MatrixLike } from '../matrix.js';
import { asMatrix, integerOption, optionsObject } from '../validate.js';
import { escapeXml } from './svg.js';

export interface ImageGridOptions {
  /** Pixels per image row; default √d when the row length d is a perfect square. */
  imageWidth?: number;
  /** Images per grid row (default: all of them in one row). */
  columns?: number;
  /** Screen pixels per image pixel (default 6). */
  pixelSize?: number;
  /** Screen pixels between images (default 6). */
  gap?: number;
  /**
   * Values mapped to white and black: [lo, hi] (default: the smallest and largest finite value
   * of all images, so images in one grid share one scale). Values outside are clamped.
   */
  range?: readonly [number, number];
  /** Text left of each grid row (one per row; fewer leaves the rest blank). */
  rowLabels?: readonly string[];
  /** Text above each grid column. */
  columnLabels?: readonly string[];
  title?: string;
}

const FONT = 'Helvetica, Arial, sans-serif';

/**
 * An SVG picture of the rows of `images` (n × d: one image per row, its pixels row by row, as
 * the UCI digits' 64 columns are), laid out `columns` to a grid row. Low values are white and
 * high values black (the digits' own look); a non-finite pixel is left out (background shows).
 * @throws ShapeError when d is not a multiple of `imageWidth` (or not a square without one);
 *   OptionError for a bad count, size or range.
 * @example
 * // rows: 5 digits (8×8 = 64 pixels each), then their 5 reconstructions → two grid rows of five
 * writeFileSync('grid.svg', imageGrid(tenRows, { columns: 5, range: [0, 16], rowLabels: ['original', 'k = 8'] }));
 */
export function imageGrid(images: MatrixLike, options: ImageGridOptions = {}): string {
  options = optionsObject(options, 'imageGrid', ['imageWidth', 'columns', 'pixelSize', 'gap', 'range', 'rowLabels', 'columnLabels', 'title']);
  const m = asMatrix(images, 'imageGrid: images');
  const [n, d] = [m.rows, m.cols];
  const w = integerOption(options.imageWidth, 'imageWidth', Math.round(Math.sqrt(d)), 1);
  if (d === 0 || d % w !== 0 || (options.imageWidth === undefined && w * w !== d)) {
    const want = options.imageWidth === undefined ? 'a square number of pixels per row (or give imageWidth)' : `a multiple of imageWidth ${w}`;
    throw new ShapeError(`imageGrid: images are ${n}×${d}; each row needs ${want}`, [m.shape]);
  }
  const h = d / w;
  const columns = integerOption(options.columns, 'columns', Math.max(1, n), 1);
  const px = numberAtLeast(options.pixelSize, 'pixelSize', 6, 0, true);
  const gap = numberAtLeast(options.gap, 'gap', 6, 0, false);
  const [lo, hi] = valueRange(m.data, options.range);
  const rowLabels = options.rowLabels ?? [];
  const columnLabels = options.columnLabels ?? [];

  const gridRows = Math.ceil(n / columns);
  const font = 12;
  // Room for labels: ~7 px per character at 12 px, as SvgFigure sizes its legend.
  const left = gap + (rowLabels.length > 0 ? 7 * Math.max(...rowLabels.map((s) => s.length)) + 10 : 0);
  const top = gap + (options.title ? 24 : 0) + (columnLabels.length > 0 ? font + 6 : 0);
  const cellW = w * px + gap;
  const cellH = h * px + gap;
  const width = left + columns * cellW;
  const height = top + gridRows * cellH;

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${fmt(width)}" height="${fmt(height)}" viewBox="0 0 ${fmt(width)} ${fmt(height)}" ` +
      `font-family="${FONT}" font-size="${font}">`,
    `<rect width="${fmt(width)}" height="${fmt(height)}" fill="white"/>`,
  ];
  if (options.title) out.push(`<text x="${fmt(width / 2)}" y="18" text-anchor="middle" font-size="15">${escapeXml(options.title)}</text>`);
  columnLabels.slice(0, columns).forEach((label, c) => {
    out.push(`<text x="${fmt(left + c * cellW + (w * px) / 2)}" y="${fmt(top - 6)}" text-anchor="middle">${escapeXml(label)}</text>`);
  });
  rowLabels.slice(0, gridRows).forEach((label, r) => {
    out.push(`<text x="${fmt(left - 8)}" y="${fmt(top + r * cellH + (h * px) / 2 + 4)}" text-anchor="end">${escapeXml(label)}</text>`);
  });
  const span = hi - lo;
  for (let i = 0; i < n; i++) {
    const x0 = left + (i % columns) * cellW;
    const y0 = top + Math.floor(i / columns) * cellH;
    // Unit rects scaled by the pixel size keep the file small; crispEdges avoids seams between them.
    const g: string[] = [`<g class="image" transform="translate(${fmt(x0)} ${fmt(y0)}) scale(${fmt(px)})" shape-rendering="crispEdges">`];
    for (let p = 0; p < d; p++) {
      const v = m.data[i * d + p];
      if (!Number.isFinite(v)) continue;
      const t = span > 0 ? Math.min(1, Math.max(0, (v - lo) / span)) : 0;
      const grey = Math.round(255 * (1 - t));
      g.push(`<rect x="${p % w}" y="${Math.floor(p / w)}" width="1" height="1" fill="rgb(${grey},${grey},${grey})"/>`);
    }
    g.push(`<rect width="${w}" height="${h}" fill="none" stroke="#999" stroke-width="${fmt(1 / px)}"/></g>`);
    out.push(g.join(''));
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}

function numberAtLeast(value: unknown, name: string, fallback: number, min: number, exclusive: boolean): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || (exclusive ? value <= min : value < min)) {
    throw new OptionError(name, `a finite number ${exclusive ? '>' : '≥'} ${min}`, value);
  }
  return value;
}

function valueRange(data: Float64Array, range: readonly [number, number] | undefined): [number, number] {
  if (range !== undefined) {
    if (!Array.isArray(range) || range.length !== 2 || !range.every(Number.isFinite) || !(range[0] < range[1])) {
      throw new OptionError('range', 'two finite numbers [lo, hi] with lo < hi', range);
    }
    return [range[0], range[1]];
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of data) if (Number.isFinite(v)) ((lo = Math.min(lo, v)), (hi = Math.max(hi, v)));
  return lo <= hi ? [lo, hi] : [0, 1];
}

function fmt(v: number): string {
  return String(Math.round(v * 100) / 100);
}
