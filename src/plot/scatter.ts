/** Scatter of the first two principal components, one colour per label. */
import { optionsObject } from '../validate.js';
import { PALETTE, SvgFigure } from './svg.js';

export interface ScatterPlotOptions {
  /** One label per point; points are coloured by label, with a legend. */
  labels?: readonly string[];
  title?: string;
  xLabel?: string;
  yLabel?: string;
  width?: number;
  height?: number;
}

/**
 * An SVG scatter of (xs[i], ys[i]), coloured by `labels` when given (legend in label order:
 * numeric labels sort as numbers). More than ten labels reuse the palette's colours.
 * @example writeFileSync('scatter.svg', scatterPlot(z1, z2, { labels: digits })); // z1, z2: length n
 */
export function scatterPlot(xs: ArrayLike<number>, ys: ArrayLike<number>, options: ScatterPlotOptions = {}): string {
  options = optionsObject(options, 'scatterPlot', ['labels', 'title', 'xLabel', 'yLabel', 'width', 'height']);
  const { labels } = options;
  if (labels && labels.length !== xs.length) throw new RangeError(`scatterPlot: ${labels.length} labels for ${xs.length} points`);
  const width = options.width ?? 720;
  const padding = 56;
  const fig = new SvgFigure({
    width,
    height: options.height ?? 600,
    padding,
    title: options.title ?? 'First two principal components',
    legend: 'top-right',
    // With a legend, widen the x range so the legend sits beside the points, not on them.
    ...(labels ? { xRange: xRangeWithLegend(xs, labels, width - 2 * padding) } : {}),
  });
  const style = { radius: 2.5, opacity: 0.7 };
  if (!labels) {
    fig.points(xs, ys, { ...style, fill: PALETTE[0] });
  } else {
    const groups = new Map<string, number[]>();
    labels.forEach((l, i) => {
      let g = groups.get(l);
      if (!g) groups.set(l, (g = []));
      g.push(i);
    });
    const names = [...groups.keys()];
    const numeric = names.every((n) => n.trim() !== '' && Number.isFinite(Number(n)));
    names.sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => a.localeCompare(b));
    names.forEach((name, k) => {
      const idx = groups.get(name)!;
      fig.points(idx.map((i) => xs[i]), idx.map((i) => ys[i]), { ...style, fill: PALETTE[k % PALETTE.length], label: name });
    });
  }
  fig.axes({ grid: true, xLabel: options.xLabel ?? 'PC 1', yLabel: options.yLabel ?? 'PC 2' });
  return fig.toString();
}

/** The points' x extent plus 5 % on the left and room for the legend's pixels on the right. */
function xRangeWithLegend(xs: ArrayLike<number>, labels: readonly string[], plotW: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(xs[i])) ((lo = Math.min(lo, xs[i])), (hi = Math.max(hi, xs[i])));
  if (!(lo < hi)) return lo === hi ? [lo - 1, hi + 1] : [0, 1];
  let longest = 1;
  for (const l of new Set(labels)) longest = Math.max(longest, l.length);
  const legendPx = 24 + 7 * longest + 16 + 40; // as SvgFigure sizes its legend, plus margins
  const share = Math.min(0.5, legendPx / plotW);
  const span = (hi - lo) * 1.05;
  return [lo - 0.05 * (hi - lo), lo - 0.05 * (hi - lo) + span / (1 - share)];
}
