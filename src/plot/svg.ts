/**
 * A tiny SVG writer for the library's plots: polylines (NaN breaks a line into pieces, the
 * course's convention for drawings), points, text, axes with "nice" ticks, a legend. Data
 * coordinates map to pixels with y pointing up. Returns a string; writing it to a file is the
 * caller's business (so this module also runs in browsers and workers).
 */
import { optionsObject } from '../validate.js';
import type { MatrixLike, VectorLike } from '../matrix.js';
import { contourLines, levelColor } from './contour.js';

export interface FigureOptions {
  /** Pixel size of the whole picture (default 600 × 600). */
  width?: number;
  height?: number;
  /** Pixels between the picture's edge and the plot area (default 48; room for tick labels). */
  padding?: number;
  /** Data ranges shown; default: the extent of everything drawn, plus 5 % on each side. */
  xRange?: readonly [number, number];
  yRange?: readonly [number, number];
  /** Same data-units-per-pixel on both axes (default false): needed for geometry (angles, mirrors). */
  equalAspect?: boolean;
  title?: string;
  /** Fill of the whole picture (default 'white'; 'none' for transparent). */
  background?: string;
  /** Font family for all text (default a system sans-serif stack). */
  font?: string;
  /** Corner of the plot area for the legend of labelled lines and points (default 'top-right'). */
  legend?: 'top-right' | 'top-left' | 'bottom-right' | 'bottom-left' | 'none';
}

export interface LineStyle {
  stroke?: string;
  strokeWidth?: number;
  /** Fill colour of each piece (default 'none'). Pieces are closed when `closed` is true. */
  fill?: string;
  opacity?: number;
  /** SVG stroke-dasharray, e.g. '6 4'. */
  dash?: string;
  /** Join each piece's last point back to its first. */
  closed?: boolean;
  /** Legend text; lines without a label are left out of the legend. */
  label?: string;
}

/** Style of `SvgFigure.contour`. */
export interface ContourStyle {
  /** One colour for every level, or a colour per level (default: a dark-blue → yellow ramp). */
  stroke?: string | ((level: number, index: number, count: number) => string);
  /** Default 1. */
  strokeWidth?: number;
  opacity?: number;
  dash?: string;
  /** Legend text (shown once, with the first level's colour). */
  label?: string;
}

export interface PointStyle {
  radius?: number;
  fill?: string;
  stroke?: string;
  /** Fill opacity of the markers (default 1); lower it for dense scatters. */
  opacity?: number;
  label?: string;
}

export interface BarStyle {
  /** Bar width in data units (default 0.8). */
  width?: number;
  fill?: string;
  stroke?: string;
  label?: string;
}

/** Ten distinct colours for categories (Tableau 10), in order of use. */
export const PALETTE: readonly string[] = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac',
];

export interface TextStyle {
  size?: number;
  color?: string;
  anchor?: 'start' | 'middle' | 'end';
  /** Pixel offset from the anchor point (y positive = down, as on screen). */
  dx?: number;
  dy?: number;
}

export interface AxesOptions {
  /** Approximate number of ticks per axis (default 5). */
  ticks?: number;
  /** Light grid lines at the ticks (default false). */
  grid?: boolean;
  /** Draw the lines x = 0 and y = 0 when they are in view (default false). */
  origin?: boolean;
  xLabel?: string;
  yLabel?: string;
}

type Item =
  | { kind: 'line'; xs: Float64Array; ys: Float64Array; style: LineStyle }
  | { kind: 'points'; xs: Float64Array; ys: Float64Array; style: PointStyle }
  | { kind: 'bars'; xs: Float64Array; ys: Float64Array; style: BarStyle }
  | { kind: 'text'; x: number; y: number; text: string; style: TextStyle };

/**
 * Builds one SVG picture in data coordinates.
 * @example
 * const fig = new SvgFigure({ equalAspect: true, title: 'Two pieces' });
 * fig.polyline([0, 1, NaN, 2, 3], [0, 1, NaN, 0, 1], { stroke: 'navy' }).axes({ origin: true });
 * fig.toString(); // '<svg xmlns=…>…</svg>'
 */
export class SvgFigure {
  private readonly items: Item[] = [];
  private axesOptions: AxesOptions | undefined;
  private readonly options: Required<Omit<FigureOptions, 'xRange' | 'yRange' | 'title'>> & Pick<FigureOptions, 'xRange' | 'yRange' | 'title'>;

  constructor(options: FigureOptions = {}) {
    options = optionsObject(options, 'Figure', ['width', 'height', 'padding', 'xRange', 'yRange', 'equalAspect', 'title', 'background', 'font', 'legend']);
    this.options = {
      width: options.width ?? 600,
      height: options.height ?? 600,
      padding: options.padding ?? 48,
      equalAspect: options.equalAspect ?? false,
      background: options.background ?? 'white',
      font: options.font ?? 'Helvetica, Arial, sans-serif',
      legend: options.legend ?? 'top-right',
      xRange: options.xRange,
      yRange: options.yRange,
      title: options.title,
    };
  }

  /** A line through (xs[i], ys[i]); a non-finite coordinate ends one piece and starts the next. */
  polyline(xs: ArrayLike<number>, ys: ArrayLike<number>, style: LineStyle = {}): this {
    this.items.push({ kind: 'line', ...pair(xs, ys), style });
    return this;
  }

  /**
   * Contour lines of a grid of values (ys.length × xs.length; entry (i, j) is the value at
   * (xs[j], ys[i]), as `sampleGrid` makes it), at the given levels or at a count of evenly
   * spaced ones (see `contourLines`). Each level is coloured along a dark-blue → yellow ramp
   * from the lowest to the highest, unless `stroke` says otherwise.
   * @example new SvgFigure().contour(sampleGrid((x, y) => x * x + y * y, xs, ys), xs, ys, 10)
   */
  contour(grid: MatrixLike, xs: VectorLike, ys: VectorLike, levels: number | VectorLike, style: ContourStyle = {}): this {
    const lines = contourLines(grid, xs, ys, levels);
    const count = lines.length;
    lines.forEach((line, k) => {
      const stroke =
        typeof style.stroke === 'function' ? style.stroke(line.level, k, count) : (style.stroke ?? levelColor(count === 1 ? 0.5 : k / (count - 1)));
      this.polyline(line.xs, line.ys, {
        stroke,
        strokeWidth: style.strokeWidth ?? 1,
        ...(style.opacity !== undefined ? { opacity: style.opacity } : {}),
        ...(style.dash !== undefined ? { dash: style.dash } : {}),
        ...(k === 0 && style.label !== undefined ? { label: style.label } : {}),
      });
    });
    return this;
  }

  /** Markers (circles) at the finite points. */
  points(xs: ArrayLike<number>, ys: ArrayLike<number>, style: PointStyle = {}): this {
    this.items.push({ kind: 'points', ...pair(xs, ys), style });
    return this;
  }

  /** Vertical bars from y = 0 to ys[i], centred on xs[i] (non-finite entries are skipped). */
  bars(xs: ArrayLike<number>, ys: ArrayLike<number>, style: BarStyle = {}): this {
    this.items.push({ kind: 'bars', ...pair(xs, ys), style });
    return this;
  }

  /** Text anchored at a data point (escaped; never interpreted as markup). */
  text(x: number, y: number, text: string, style: TextStyle = {}): this {
    this.items.push({ kind: 'text', x, y, text, style });
    return this;
  }

  /** A frame with ticks and labels on the left and bottom (drawn under the data). */
  axes(options: AxesOptions = {}): this {
    options = optionsObject(options, 'Figure.axes', ['ticks', 'grid', 'origin', 'xLabel', 'yLabel']);
    this.axesOptions = options;
    return this;
  }

  /** The SVG document. */
  toString(): string {
    const { width, height, padding, background, font, title } = this.options;
    const [x0, x1, y0, y1] = this.ranges();
    const left = padding;
    const top = padding + (title ? 8 : 0);
    const plotW = Math.max(1, width - 2 * padding);
    const plotH = Math.max(1, height - padding - top);
    const px = (x: number) => left + ((x - x0) / (x1 - x0)) * plotW;
    const py = (y: number) => top + plotH - ((y - y0) / (y1 - y0)) * plotH;

    const out: string[] = [];
    out.push(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
        `font-family="${escapeXml(font)}" font-size="12">`,
    );
    if (background !== 'none') out.push(`<rect width="${width}" height="${height}" fill="${escapeXml(background)}"/>`);
    if (title) out.push(`<text x="${fmt(width / 2)}" y="${fmt(padding * 0.6)}" text-anchor="middle" font-size="16">${escapeXml(title)}</text>`);
    out.push(`<defs><clipPath id="plot-area"><rect x="${fmt(left)}" y="${fmt(top)}" width="${fmt(plotW)}" height="${fmt(plotH)}"/></clipPath></defs>`);

    const ax = this.axesOptions;
    if (ax) {
      const xt = niceTicks(x0, x1, ax.ticks ?? 5);
      const yt = niceTicks(y0, y1, ax.ticks ?? 5);
      const g: string[] = ['<g class="axes" stroke="#444" stroke-width="1" fill="none">'];
      if (ax.grid) {
        for (const t of xt) g.push(`<line x1="${fmt(px(t))}" y1="${fmt(top)}" x2="${fmt(px(t))}" y2="${fmt(top + plotH)}" stroke="#ddd"/>`);
        for (const t of yt) g.push(`<line x1="${fmt(left)}" y1="${fmt(py(t))}" x2="${fmt(left + plotW)}" y2="${fmt(py(t))}" stroke="#ddd"/>`);
      }
      if (ax.origin) {
        if (x0 <= 0 && 0 <= x1) g.push(`<line x1="${fmt(px(0))}" y1="${fmt(top)}" x2="${fmt(px(0))}" y2="${fmt(top + plotH)}" stroke="#999"/>`);
        if (y0 <= 0 && 0 <= y1) g.push(`<line x1="${fmt(left)}" y1="${fmt(py(0))}" x2="${fmt(left + plotW)}" y2="${fmt(py(0))}" stroke="#999"/>`);
      }
      g.push(`<rect x="${fmt(left)}" y="${fmt(top)}" width="${fmt(plotW)}" height="${fmt(plotH)}"/>`);
      for (const t of xt) g.push(`<line x1="${fmt(px(t))}" y1="${fmt(top + plotH)}" x2="${fmt(px(t))}" y2="${fmt(top + plotH + 5)}"/>`);
      for (const t of yt) g.push(`<line x1="${fmt(left - 5)}" y1="${fmt(py(t))}" x2="${fmt(left)}" y2="${fmt(py(t))}"/>`);
      g.push('</g>', '<g class="tick-labels" fill="#222">');
      for (const t of xt) g.push(`<text x="${fmt(px(t))}" y="${fmt(top + plotH + 18)}" text-anchor="middle">${tickLabel(t)}</text>`);
      for (const t of yt) g.push(`<text x="${fmt(left - 8)}" y="${fmt(py(t) + 4)}" text-anchor="end">${tickLabel(t)}</text>`);
      if (ax.xLabel) g.push(`<text x="${fmt(left + plotW / 2)}" y="${fmt(height - 6)}" text-anchor="middle">${escapeXml(ax.xLabel)}</text>`);
      if (ax.yLabel) {
        g.push(`<text transform="translate(12 ${fmt(top + plotH / 2)}) rotate(-90)" text-anchor="middle">${escapeXml(ax.yLabel)}</text>`);
      }
      g.push('</g>');
      out.push(g.join(''));
    }

    out.push('<g clip-path="url(#plot-area)">');
    for (const item of this.items) {
      if (item.kind === 'line') out.push(linePath(item.xs, item.ys, item.style, px, py));
      else if (item.kind === 'bars') {
        const { width: bw = 0.8, fill = '#4e79a7', stroke = 'none' } = item.style;
        const c: string[] = [`<g fill="${escapeXml(fill)}" stroke="${escapeXml(stroke)}">`];
        for (let i = 0; i < item.xs.length; i++) {
          if (!Number.isFinite(item.xs[i]) || !Number.isFinite(item.ys[i])) continue;
          const xa = px(item.xs[i] - bw / 2);
          const xb = px(item.xs[i] + bw / 2);
          const ya = py(Math.max(0, item.ys[i]));
          const yb = py(Math.min(0, item.ys[i]));
          c.push(`<rect x="${fmt(xa)}" y="${fmt(ya)}" width="${fmt(xb - xa)}" height="${fmt(yb - ya)}"/>`);
        }
        c.push('</g>');
        out.push(c.join(''));
      } else if (item.kind === 'points') {
        const { radius = 3, fill = 'black', stroke = 'none', opacity } = item.style;
        const c: string[] = [`<g fill="${escapeXml(fill)}" stroke="${escapeXml(stroke)}"${opacity === undefined ? '' : ` fill-opacity="${fmt(opacity)}"`}>`];
        for (let i = 0; i < item.xs.length; i++) {
          if (Number.isFinite(item.xs[i]) && Number.isFinite(item.ys[i])) {
            c.push(`<circle cx="${fmt(px(item.xs[i]))}" cy="${fmt(py(item.ys[i]))}" r="${fmt(radius)}"/>`);
          }
        }
        c.push('</g>');
        out.push(c.join(''));
      }
    }
    out.push('</g>');
    for (const item of this.items) {
      if (item.kind !== 'text') continue;
      const { size = 12, color = '#222', anchor = 'start', dx = 0, dy = 0 } = item.style;
      out.push(
        `<text x="${fmt(px(item.x) + dx)}" y="${fmt(py(item.y) + dy)}" font-size="${fmt(size)}" fill="${escapeXml(color)}" ` +
          `text-anchor="${anchor}">${escapeXml(item.text)}</text>`,
      );
    }
    out.push(this.legend(left, top, plotW, plotH));
    out.push('</svg>');
    return out.join('\n') + '\n';
  }

  private legend(left: number, top: number, plotW: number, plotH: number): string {
    const corner = this.options.legend;
    const entries = this.items.filter((it) => it.kind !== 'text' && it.style.label);
    if (entries.length === 0 || corner === 'none') return '';
    const rowH = 18;
    const w = 24 + 7 * Math.max(...entries.map((it) => (it.kind === 'text' ? '' : it.style.label!).length)) + 16;
    const h = entries.length * rowH + 8;
    const x = corner.endsWith('right') ? left + plotW - w - 8 : left + 8;
    const y = corner.startsWith('top') ? top + 8 : top + plotH - h - 8;
    const g: string[] = [`<g class="legend"><rect x="${fmt(x)}" y="${fmt(y)}" width="${fmt(w)}" height="${h}" fill="white" fill-opacity="0.85" stroke="#bbb"/>`];
    entries.forEach((it, k) => {
      const cy = y + 4 + rowH * k + rowH / 2;
      if (it.kind === 'line') {
        const { stroke = 'black', strokeWidth = 1.5, dash } = it.style;
        g.push(
          `<line x1="${fmt(x + 6)}" y1="${fmt(cy)}" x2="${fmt(x + 26)}" y2="${fmt(cy)}" stroke="${escapeXml(stroke)}" ` +
            `stroke-width="${fmt(strokeWidth)}"${dash ? ` stroke-dasharray="${escapeXml(dash)}"` : ''}/>`,
        );
      } else if (it.kind === 'bars') {
        g.push(`<rect x="${fmt(x + 9)}" y="${fmt(cy - 6)}" width="14" height="12" fill="${escapeXml(it.style.fill ?? '#4e79a7')}"/>`);
      } else if (it.kind === 'points') {
        g.push(`<circle cx="${fmt(x + 16)}" cy="${fmt(cy)}" r="${fmt(it.style.radius ?? 3)}" fill="${escapeXml(it.style.fill ?? 'black')}"/>`);
      }
      g.push(`<text x="${fmt(x + 32)}" y="${fmt(cy + 4)}">${escapeXml(it.kind === 'text' ? '' : it.style.label!)}</text>`);
    });
    g.push('</g>');
    return g.join('');
  }

  /** [x0, x1, y0, y1] in data units, never empty, honouring equalAspect. */
  private ranges(): [number, number, number, number] {
    let [x0, x1] = this.options.xRange ?? [Infinity, -Infinity];
    let [y0, y1] = this.options.yRange ?? [Infinity, -Infinity];
    const autoX = !this.options.xRange;
    const autoY = !this.options.yRange;
    for (const it of this.items) {
      const xs = it.kind === 'text' ? [it.x] : it.xs;
      const ys = it.kind === 'text' ? [it.y] : it.ys;
      for (let i = 0; i < xs.length; i++) {
        if (!Number.isFinite(xs[i]) || !Number.isFinite(ys[i])) continue;
        if (autoX) ((x0 = Math.min(x0, xs[i])), (x1 = Math.max(x1, xs[i])));
        if (autoY) ((y0 = Math.min(y0, ys[i])), (y1 = Math.max(y1, ys[i])));
        if (it.kind === 'bars') {
          // A bar spans its width and reaches down (or up) to y = 0.
          const half = (it.style.width ?? 0.8) / 2;
          if (autoX) ((x0 = Math.min(x0, xs[i] - half)), (x1 = Math.max(x1, xs[i] + half)));
          if (autoY) ((y0 = Math.min(y0, 0)), (y1 = Math.max(y1, 0)));
        }
      }
    }
    [x0, x1] = widen(x0, x1, autoX);
    [y0, y1] = widen(y0, y1, autoY);
    if (this.options.equalAspect) {
      const { width, height, padding } = this.options;
      const plotW = Math.max(1, width - 2 * padding);
      const plotH = Math.max(1, height - 2 * padding - (this.options.title ? 8 : 0));
      const unit = Math.max((x1 - x0) / plotW, (y1 - y0) / plotH);
      const cx = (x0 + x1) / 2;
      const cy = (y0 + y1) / 2;
      [x0, x1] = [cx - (unit * plotW) / 2, cx + (unit * plotW) / 2];
      [y0, y1] = [cy - (unit * plotH) / 2, cy + (unit * plotH) / 2];
    }
    return [x0, x1, y0, y1];
  }
}

function pair(xs: ArrayLike<number>, ys: ArrayLike<number>): { xs: Float64Array; ys: Float64Array } {
  if (xs.length !== ys.length) throw new RangeError(`SvgFigure: ${xs.length} x values but ${ys.length} y values`);
  return { xs: Float64Array.from(xs), ys: Float64Array.from(ys) };
}

function widen(lo: number, hi: number, auto: boolean): [number, number] {
  if (!(lo <= hi)) return [0, 1]; // nothing finite drawn
  if (lo === hi) return [lo - 0.5, hi + 0.5];
  if (!auto) return [lo, hi];
  const m = 0.05 * (hi - lo);
  return [lo - m, hi + m];
}

function linePath(
  xs: Float64Array,
  ys: Float64Array,
  style: LineStyle,
  px: (x: number) => number,
  py: (y: number) => number,
): string {
  const { stroke = 'black', strokeWidth = 1.5, fill = 'none', opacity, dash, closed = false } = style;
  const d: string[] = [];
  let inPiece = false;
  let count = 0;
  const endPiece = () => {
    if (inPiece) d.push(count === 1 ? 'h0' : closed ? 'Z' : '');
    inPiece = false;
    count = 0;
  };
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(xs[i]) || !Number.isFinite(ys[i])) {
      endPiece();
      continue;
    }
    d.push(`${inPiece ? 'L' : 'M'}${fmt(px(xs[i]))} ${fmt(py(ys[i]))}`);
    inPiece = true;
    count++;
  }
  endPiece();
  const attrs = [
    `d="${d.filter((s) => s !== '').join(' ')}"`,
    `fill="${escapeXml(fill)}"`,
    `stroke="${escapeXml(stroke)}"`,
    `stroke-width="${fmt(strokeWidth)}"`,
    'stroke-linejoin="round" stroke-linecap="round"',
  ];
  if (fill !== 'none') attrs.push('fill-rule="evenodd"');
  if (opacity !== undefined) attrs.push(`opacity="${fmt(opacity)}"`);
  if (dash) attrs.push(`stroke-dasharray="${escapeXml(dash)}"`);
  return `<path ${attrs.join(' ')}/>`;
}

/** Escapes text and attribute values (&, <, >, quotes). @example escapeXml('a<b') // 'a&lt;b' */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * About `count` round tick values (steps of 1, 2 or 5 × 10^k) covering [lo, hi].
 * @example niceTicks(0, 1, 5) // [0, 0.2, 0.4, 0.6, 0.8, 1]
 */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo) || !Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((s) => s * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let k = Math.ceil(lo / step); k * step <= hi + step * 1e-9; k++) out.push(Number((k * step).toPrecision(12)));
  return out;
}

/** Pixel coordinates to 2 decimals, without trailing zeros. */
function fmt(v: number): string {
  return String(Math.round(v * 100) / 100);
}

function tickLabel(t: number): string {
  return escapeXml(String(Object.is(t, -0) ? 0 : Number(t.toPrecision(6))));
}
