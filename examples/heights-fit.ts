/**
 * Course 2, "Fitting the distribution of heights data": steepest descent on
 * χ² = Σ (y − f(x; μ, σ))² from the course's start (μ = 155, σ = 6, aggression 2000,
 * 50 steps). Prints the fit and writes two pictures:
 *   examples/out/heights-fit.svg      the histogram with the starting and the fitted curve
 *   examples/out/heights-chi2.svg     χ² contours over (μ, σ) with the descent path
 *
 * Run: npm run build:ts && node dist/examples/heights-fit.js
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chi2Surface, fitGaussian, gaussianPdf, heightsData, type FitGaussianResult } from '../src/entry/node.js';
import { linspace } from '../src/plot/contour.js';
import { SvgFigure } from '../src/plot/svg.js';
import { isMain } from './run-main.js';

const COURSE = { mu: 155, sigma: 6, learningRate: 2000, steps: 50 };
const BIN_WIDTH = 2.5;

function histogramFigure(x: Float64Array, y: Float64Array, fit: FitGaussianResult): string {
  const fig = new SvgFigure({ width: 700, height: 480, title: 'Heights: histogram and fitted Gaussian', xRange: [145, 215], yRange: [0, 0.07] });
  // Bars as closed pieces of one polyline, separated by NaN.
  const bx: number[] = [];
  const by: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (y[i] === 0) continue;
    const [l, r] = [x[i] - BIN_WIDTH / 2, x[i] + BIN_WIDTH / 2];
    bx.push(l, l, r, r, NaN);
    by.push(0, y[i], y[i], 0, NaN);
  }
  fig.polyline(bx, by, { stroke: '#5b7fa6', strokeWidth: 1, fill: '#c6d8ec', closed: true, label: 'heights (density)' });
  const xs = linspace(145, 215, 281);
  fig.polyline(xs, gaussianPdf(xs, COURSE.mu, COURSE.sigma), { stroke: '#999', dash: '6 4', label: `start μ=${COURSE.mu}, σ=${COURSE.sigma}` });
  fig.polyline(xs, gaussianPdf(xs, fit.mu, fit.sigma), {
    stroke: '#c0392b',
    strokeWidth: 2.5,
    label: `fit μ=${fit.mu.toFixed(2)}, σ=${fit.sigma.toFixed(2)}`,
  });
  fig.axes({ xLabel: 'height (cm)', yLabel: 'density', grid: true });
  return fig.toString();
}

function contourFigure(x: Float64Array, y: Float64Array, fit: FitGaussianResult): { svg: string; levels: number[] } {
  const mus = linspace(145, 200, 221);
  const sigmas = linspace(2, 26, 193);
  const z = chi2Surface(x, y, mus, sigmas);
  // χ² spans two decades between the minimum (4.4e-4) and the flat far field (≈0.0153, where
  // f ≈ 0 and χ² = Σy²), and rises to 0.032 at the start, where a narrow f misses the data:
  // logarithmically spaced levels show the valley, the plateau and the start's slope.
  const levels = Array.from({ length: 18 }, (_, k) => 5e-4 * (0.035 / 5e-4) ** (k / 17));
  const fig = new SvgFigure({
    width: 700,
    height: 600,
    title: 'χ²(μ, σ) with the steepest-descent path',
    xRange: [145, 200],
    yRange: [2, 26],
    legend: 'top-left',
  });
  fig.contour(z, mus, sigmas, levels, { strokeWidth: 1.2, label: 'χ² levels (log-spaced)' });
  const px = Float64Array.from({ length: fit.path.rows }, (_, k) => fit.path.get(k, 0));
  const py = Float64Array.from({ length: fit.path.rows }, (_, k) => fit.path.get(k, 1));
  fig.polyline(px, py, { stroke: 'black', strokeWidth: 1.5, label: `descent path (${fit.steps} steps)` });
  fig.points(px, py, { radius: 2.5, fill: 'black' });
  fig.points([px[0]], [py[0]], { radius: 5, fill: '#2e86de', label: 'start (155, 6)' });
  fig.points([fit.mu], [fit.sigma], { radius: 5, fill: '#c0392b', label: `end (${fit.mu.toFixed(2)}, ${fit.sigma.toFixed(2)})` });
  fig.axes({ xLabel: 'μ (cm)', yLabel: 'σ (cm)' });
  return { svg: fig.toString(), levels };
}

export function main(outDir = join('examples', 'out')): { mu: number; sigma: number; chi2: number; steps: number; files: string[] } {
  const { x, y } = heightsData();
  const fit = fitGaussian(x, y, COURSE);
  console.log(
    `Steepest descent on χ² from μ = ${COURSE.mu}, σ = ${COURSE.sigma}, aggression ${COURSE.learningRate}, ` +
      `${fit.steps} steps:\n  μ = ${fit.mu.toFixed(6)}, σ = ${fit.sigma.toFixed(6)}, χ² = ${fit.chi2.toExponential(6)}`,
  );
  mkdirSync(outDir, { recursive: true });
  const files = [join(outDir, 'heights-fit.svg'), join(outDir, 'heights-chi2.svg')];
  writeFileSync(files[0], histogramFigure(x, y, fit));
  writeFileSync(files[1], contourFigure(x, y, fit).svg);
  console.log(`  wrote ${files.join(', ')}`);
  return { mu: fit.mu, sigma: fit.sigma, chi2: fit.chi2, steps: fit.steps, files };
}

if (isMain(import.meta.url)) main();
