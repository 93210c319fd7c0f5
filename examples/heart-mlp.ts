/**
 * Course 2, "Backpropagation": a 1 → 6 → 7 → 2 sigmoid network learns to draw a heart. The input
 * is x ∈ [0, 1); the two outputs are the heart's coordinates at angle 2πx. Trained by full-batch
 * gradient descent with the course's learning rate 7 on N = 100 samples.
 *
 * Writes examples/out/heart.svg (target curve, samples and the network's curve) and
 * examples/out/heart-cost.svg (log₁₀ cost against the step).
 *
 * Run: npm run build:ts && node dist/examples/heart-mlp.js [iterations]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Matrix, Mlp, getBackend } from '../src/entry/node.js';
import { SvgFigure } from '../src/plot/svg.js';
import { isMain } from './run-main.js';

/** The course's target: y(x) = ([16 sin³ t, 13 cos t − 5 cos 2t − 2 cos 3t − cos 4t] / 20 + 1) / 2, t = 2πx. */
export function heartTarget(x: number): [number, number] {
  const t = 2 * Math.PI * x;
  return [
    ((16 * Math.sin(t) ** 3) / 20 + 1) / 2,
    ((13 * Math.cos(t) - 5 * Math.cos(2 * t) - 2 * Math.cos(3 * t) - Math.cos(4 * t)) / 20 + 1) / 2,
  ];
}

/** The training set: x = 0, 1/N, …, (N−1)/N as an N × 1 matrix, targets as N × 2. */
export function heartData(n = 100): { X: Matrix; Y: Matrix } {
  const X = new Matrix(n, 1);
  const Y = new Matrix(n, 2);
  for (let i = 0; i < n; i++) {
    X.data[i] = i / n;
    Y.data.set(heartTarget(i / n), 2 * i);
  }
  return { X, Y };
}

export interface HeartResult {
  /** [step, cost before that step] at 0, 10, 100, … and the end. */
  checkpoints: [number, number][];
  initialCost: number;
  finalCost: number;
  milliseconds: number;
  files: string[];
}

export function main(iterations = 50_000, outDir = join('examples', 'out')): HeartResult {
  const { X, Y } = heartData(100);
  const net = new Mlp([1, 6, 7, 2], { init: 'course', seed: 1 });
  const t0 = performance.now();
  const { costs, cost } = net.train(X, Y, { iterations, learningRate: 7 });
  const milliseconds = performance.now() - t0;

  const checkpoints: [number, number][] = [];
  for (let step = 0; step < iterations; step = step === 0 ? 10 : step * 10) checkpoints.push([step, costs[step]]);
  checkpoints.push([iterations, cost]);
  console.log(`1-6-7-2 sigmoid MLP on the heart curve (N = 100, learning rate 7, ${iterations} steps, backend ${getBackend()})`);
  for (const [step, c] of checkpoints) console.log(`  step ${String(step).padStart(6)}: cost ${c.toExponential(4)}`);
  console.log(`  ${(milliseconds / Math.max(1, iterations) * 1000).toFixed(1)} µs per step, ${milliseconds.toFixed(0)} ms in all`);

  mkdirSync(outDir, { recursive: true });
  const files = [join(outDir, 'heart.svg'), join(outDir, 'heart-cost.svg')];
  writeFileSync(files[0], heartFigure(net, X, Y, iterations, cost));
  writeFileSync(files[1], costFigure(costs, cost));
  console.log(`  wrote ${files.join(', ')}`);
  return { checkpoints, initialCost: costs.length > 0 ? costs[0] : cost, finalCost: cost, milliseconds, files };
}

/** Target curve, the samples, and the network's curve over a fine grid of x. */
function heartFigure(net: Mlp, X: Matrix, Y: Matrix, iterations: number, cost: number): string {
  const m = 400;
  const grid = new Matrix(m + 1, 1, Float64Array.from({ length: m + 1 }, (_, i) => i / m));
  const fit = net.predict(grid);
  const target = Array.from({ length: m + 1 }, (_, i) => heartTarget(i / m));
  const fig = new SvgFigure({
    width: 640,
    height: 640,
    equalAspect: true,
    title: `Heart: 1-6-7-2 sigmoid MLP, ${iterations} steps, cost ${cost.toExponential(2)}`,
    legend: 'bottom-right',
  });
  fig.polyline(target.map((p) => p[0]), target.map((p) => p[1]), { stroke: '#bbb', strokeWidth: 6, label: 'target' });
  fig.points(
    Array.from({ length: X.rows }, (_, i) => Y.data[2 * i]),
    Array.from({ length: X.rows }, (_, i) => Y.data[2 * i + 1]),
    { radius: 2.5, fill: '#555', label: 'training samples' },
  );
  fig.polyline(
    Array.from({ length: m + 1 }, (_, i) => fit.data[2 * i]),
    Array.from({ length: m + 1 }, (_, i) => fit.data[2 * i + 1]),
    { stroke: '#d62728', strokeWidth: 2, label: 'network output' },
  );
  fig.axes({ grid: true, xLabel: 'output 1', yLabel: 'output 2' });
  return fig.toString();
}

/** log₁₀ of the cost before each step, thinned to ~500 points. */
function costFigure(costs: Float64Array, final: number): string {
  const n = costs.length;
  const stride = Math.max(1, Math.floor(n / 500));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i += stride) (xs.push(i), ys.push(Math.log10(costs[i])));
  xs.push(n);
  ys.push(Math.log10(final));
  const fig = new SvgFigure({ width: 640, height: 400, title: 'Training cost (learning rate 7)', legend: 'none' });
  fig.polyline(xs, ys, { stroke: '#1f77b4', strokeWidth: 1.5 });
  fig.axes({ grid: true, xLabel: 'step', yLabel: 'log10 cost' });
  return fig.toString();
}

if (isMain(import.meta.url)) main(process.argv[2] ? Number(process.argv[2]) : undefined);
