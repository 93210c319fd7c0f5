/**
 * Course 2, "the sandpit": numerical gradients and Hessians by central differences (h = 0.01)
 * and the three step rules — steepest descent, Newton, and the hybrid — on the course's test
 * function q(x, y) = (x−1)² + 2(y+0.5)² + xy, then a search of the "intro" surface from one
 * start with each rule. Writes examples/out/sandpit.svg: the surface's contours with the
 * three descent paths (a refused step that would leave the box is drawn dashed).
 *
 * Run: npm run build:ts && node dist/examples/sandpit.js   (writes examples/out/sandpit.svg)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  descend,
  gradient,
  hessian,
  hybridStep,
  newtonStep,
  sandpit,
  steepestStep,
  type DescendResult,
  type StepRule,
} from '../src/entry/node.js';
import { linspace, sampleGrid } from '../src/plot/contour.js';
import { SvgFigure } from '../src/plot/svg.js';
import { isMain } from './run-main.js';

/** The course's test function. */
export const q = (p: ArrayLike<number>): number => (p[0] - 1) ** 2 + 2 * (p[1] + 0.5) ** 2 + p[0] * p[1];

/** Where the intro search starts, and the learning rate of steepest descent and the hybrid's fallback there. */
export const START: readonly [number, number] = [3, 2];
/**
 * The course's γ = 0.5 overshoots the box from START on the intro surface (its gradient there is
 * about 11 long): the drawing uses a gentler rate so every rule's path is visible.
 */
export const DRAWING_RATE = 0.1;

export interface SandpitRun {
  rule: 'steepest' | 'newton' | 'hybrid';
  result: DescendResult;
}

export function main(outFile = join('examples', 'out', 'sandpit.svg')) {
  const probe = { f: q, h: 0.01 };
  const at = [2, 1];
  const grad = gradient(q, at, { h: 0.01 });
  const hess = hessian(q, at, { h: 0.01 });
  const steps = {
    steepest: steepestStep({ learningRate: 0.5 })(probe, at),
    newton: newtonStep()(probe, at),
    hybrid: hybridStep()(probe, at),
  };
  const fiveSteps = descend(probe, at, steepestStep({ learningRate: 0.25 }), { maxSteps: 5 }).x;
  const show = (v: ArrayLike<number>) => `[${Array.from(v, (x) => Number(x.toFixed(12))).join(', ')}]`;
  console.log(`q at (2, 1), h = 0.01: gradient ${show(grad)}, Hessian [${hess.toArray().map(show).join(', ')}]`);
  console.log(`steepest (γ = 0.5) step ${show(steps.steepest)}; Newton step ${show(steps.newton)}; hybrid step ${show(steps.hybrid)}`);
  console.log(`five steepest steps (γ = 0.25) from (2, 1) end at ${show(fiveSteps)}`);

  const surface = sandpit.intro;
  const course = { maxSteps: 5, tol: 0.15 }; // the sandpit: 5 steps, "found it" within 0.15
  const rules: [SandpitRun['rule'], StepRule][] = [
    ['steepest', steepestStep({ learningRate: DRAWING_RATE })],
    ['newton', newtonStep()],
    ['hybrid', hybridStep({ learningRate: DRAWING_RATE })],
  ];
  const runs: SandpitRun[] = rules.map(([rule, step]) => ({ rule, result: descend(surface, START, step, course) }));
  const overshoot = descend(surface, START, steepestStep({ learningRate: 0.5 }), course);
  console.log(`intro surface from (${START.join(', ')}), minimum near ${show(surface.minimum!)}:`);
  for (const { rule, result } of runs) {
    console.log(`  ${rule.padEnd(8)} ${result.reason.padEnd(15)} after ${result.steps} steps at ${show(result.x)}, depth ${surface.f(result.x).toFixed(4)}`);
  }
  console.log(`  steepest with the course's γ = 0.5: ${overshoot.reason} after ${overshoot.steps} steps (first step to ${show(overshoot.outside ?? [])})`);

  const file = drawSandpit(surface, runs, outFile);
  console.log(`wrote ${file}`);
  return { gradient: grad, hessian: hess.toArray(), steps, fiveSteps, runs, overshoot, file };
}

const COLORS: Record<SandpitRun['rule'], string> = { steepest: '#d62728', newton: '#222222', hybrid: '#e377c2' };

function drawSandpit(surface: typeof sandpit.intro, runs: SandpitRun[], outFile: string): string {
  const [[x0, x1], [y0, y1]] = surface.bounds;
  const xs = linspace(x0, x1, 121);
  const ys = linspace(y0, y1, 121);
  const grid = sampleGrid((x, y) => surface.f([x, y]), xs, ys);
  const fig = new SvgFigure({
    width: 640,
    height: 660,
    xRange: [x0, x1],
    yRange: [y0, y1],
    equalAspect: true,
    title: `Sandpit "${surface.name}": three step rules from (${START.join(', ')})`,
    legend: 'top-right',
  });
  fig.contour(grid, xs, ys, 24, { strokeWidth: 1, opacity: 0.75 });
  for (const { rule, result } of runs) {
    const { path } = result;
    const px = Array.from({ length: path.rows }, (_, i) => path.get(i, 0));
    const py = Array.from({ length: path.rows }, (_, i) => path.get(i, 1));
    const label = `${rule}: ${result.reason} (${result.steps} steps)`;
    // Steepest descent and the hybrid share their first steps (the hybrid falls back to
    // steepest where Newton points uphill): steepest is drawn wide underneath so both show.
    const wide = rule === 'steepest';
    fig.polyline(px, py, { stroke: COLORS[rule], strokeWidth: wide ? 8 : 2.5, opacity: wide ? 0.55 : 1, label });
    fig.points(px, py, { radius: wide ? 6 : 4, fill: COLORS[rule] });
    if (result.outside) {
      fig.polyline([result.x[0], result.outside[0]], [result.x[1], result.outside[1]], { stroke: COLORS[rule], strokeWidth: 2, dash: '6 4' });
    }
  }
  fig.points([START[0]], [START[1]], { radius: 6, fill: 'white', stroke: '#222' });
  fig.text(START[0], START[1], 'start', { dx: 9, dy: 14, size: 13 });
  const [mx, my] = surface.minimum!;
  fig.points([mx], [my], { radius: 5, fill: 'none', stroke: '#222' });
  fig.text(mx, my, 'minimum', { dx: -12, dy: 18, anchor: 'end', size: 13 });
  fig.axes({ xLabel: 'x', yLabel: 'y' });
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, fig.toString());
  return outFile;
}

if (isMain(import.meta.url)) main();
