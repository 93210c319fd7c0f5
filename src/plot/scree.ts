/** The scree plot of a PCA: explained-variance ratio per component (bars) and its running total (line). */
import { optionsObject } from '../validate.js';
import { SvgFigure } from './svg.js';

export interface ScreePlotOptions {
  title?: string;
  width?: number;
  height?: number;
}

/**
 * An SVG scree plot: bar k is the share of variance component k explains, the line the
 * cumulative share up to k. The y axis runs from 0 to 1 so plots of different fits compare.
 * @example writeFileSync('scree.svg', screePlot(model.explainedVarianceRatio)); // ratios: length k
 */
export function screePlot(ratios: ArrayLike<number>, options: ScreePlotOptions = {}): string {
  options = optionsObject(options, 'screePlot', ['title', 'width', 'height']);
  const k = ratios.length;
  const xs = Array.from({ length: k }, (_, i) => i + 1);
  const cumulative: number[] = [];
  let total = 0;
  for (let i = 0; i < k; i++) cumulative.push((total += ratios[i]));
  const fig = new SvgFigure({
    width: options.width ?? 640,
    height: options.height ?? 440,
    padding: 56,
    xRange: [0.4, k + 0.6],
    yRange: [0, 1],
    title: options.title ?? 'Scree plot',
    // The bars are tallest on the left, the cumulative line highest on the right.
    legend: ratios[0] > 0.55 ? 'bottom-right' : 'top-left',
  });
  fig.bars(xs, Array.from(ratios), { fill: '#4e79a7', width: 0.7, label: 'explained variance ratio' });
  fig.polyline(xs, cumulative, { stroke: '#e15759', strokeWidth: 2, label: 'cumulative' });
  fig.points(xs, cumulative, { fill: '#e15759', radius: 3 });
  if (k <= 20) {
    for (let i = 0; i < k; i++) fig.text(xs[i], ratios[i], `${(100 * ratios[i]).toFixed(1)}%`, { size: 10, anchor: 'middle', dy: -4, color: '#333' });
  }
  fig.axes({ grid: true, xLabel: 'principal component', yLabel: 'share of variance', ticks: k <= 20 ? k + 1 : 10 });
  return fig.toString();
}
