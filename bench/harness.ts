/**
 * Runs a workload's cases with tinybench (numpy in its own warm python process), prints one
 * table per workload and writes `bench/results/<workload>.json`. Timings are medians;
 * GFLOP/s derive from the median.
 *
 * Slow cases are kept bounded: a case whose one call is predicted (from the same
 * implementation's time at the previous, smaller size, scaled by n^costExponent) to take
 * longer than `maxCallMs` is skipped with a note instead of a number (numpy rows never are);
 * a case whose first call
 * takes ≥ 10 s is timed by that one call; one ≥ the time budget by three.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Bench } from 'tinybench';
import { loadNative } from '../src/backend/native/load.js';
import { backends } from '../src/entry/node.js';
import { CORENAME_METHOD, describeNumpy, NUMPY_VARIANTS, WORKER_VARIANTS, numpyInfo, numpyWorker, type NumpyInfo, type NumpyVariant, type TimeRequest } from './anchors/numpy.js';

/** One timed thing: a backend (or anchor library) at one problem size. */
export interface BenchCase {
  /** Problem label, e.g. `n=1024`. */
  size: string;
  /** Backend or library name, e.g. `native`, `ml-matrix`, `numpy`, `numpy-env`. */
  impl: string;
  /** Floating-point operations per call, for GFLOP/s (0 when not meaningful). */
  flops: number;
  fn: () => unknown;
  /** The size parameter, for predicting a bigger size's time from a smaller one's. */
  n?: number;
  /** Time grows as n^costExponent (default 3). */
  costExponent?: number;
  /** Timed in a warm python worker instead of `fn`. */
  python?: TimeRequest & { variant: NumpyVariant };
  /** Timed outside tinybench by the workload itself: median milliseconds. */
  externalMedianMs?: number;
  /** Not run: the reason, shown in the table instead of a number. */
  skip?: string;
  /** Extra note for the row. */
  note?: string;
}

export interface BenchRow {
  size: string;
  impl: string;
  /** null when the case was skipped (see note). */
  medianMs: number | null;
  meanMs: number | null;
  bestMs: number | null;
  rmePercent: number;
  samples: number;
  gflops: number | null;
  /** numpy rows: the OpenBLAS kernel(s) the worker reported after the call. */
  kernel?: string;
  note?: string;
}

export interface BenchOptions {
  /** Time budget per case in milliseconds. */
  timeMs: number;
  outDir: string;
  /** Skip a case whose one call is predicted to take longer than this (default 30 s). */
  maxCallMs?: number;
}

export const DEFAULT_MAX_CALL_MS = 30_000;
const ONE_CALL_MS = 10_000;

export async function runCases(workload: string, cases: BenchCase[], opts: BenchOptions, notes: string[] = []): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const maxCall = opts.maxCallMs ?? DEFAULT_MAX_CALL_MS;
  const last = new Map<string, { n: number; ms: number }>();
  for (const c of cases) {
    if (c.skip) {
      rows.push(skipped(c, c.skip));
      continue;
    }
    // numpy is exempt: it is the anchor every row is read against, and its small-n times
    // (thread start-up on a busy machine) would predict nonsense for the big sizes.
    const prev = c.python ? undefined : last.get(c.impl);
    if (prev && c.n !== undefined && c.n > prev.n) {
      const predicted = prev.ms * (c.n / prev.n) ** (c.costExponent ?? 3);
      if (predicted > maxCall) {
        rows.push(skipped(c, `skipped: one call predicted ≈${(predicted / 1000).toFixed(0)} s (best at n=${prev.n}: ${fmt(prev.ms)} ms) > cap ${maxCall / 1000} s`));
        continue;
      }
    }
    let r: BenchRow;
    if (c.externalMedianMs !== undefined) {
      r = row(c, [c.externalMedianMs], 'timed by the workload itself');
    } else if (c.python) {
      try {
        const { variant, ...req } = c.python;
        const res = await numpyWorker(variant).time({ warmup: 1, min: 3, budgetMs: opts.timeMs, max: 50, ...req });
        r = row(c, res.ms, c.note);
        r.kernel = [...new Set(res.libs.map((l) => l.corename))].join('/') || 'unknown';
      } catch (e) {
        r = skipped(c, `skipped: ${(e as Error).message}`);
      }
    } else {
      r = await timeInProcess(c, opts.timeMs);
    }
    // The best time predicts: the median of a few slow calls may include the first (JIT) one.
    if (r.bestMs !== null && c.n !== undefined) last.set(c.impl, { n: c.n, ms: r.bestMs });
    rows.push(r);
  }
  const header = await headerLines(cases);
  printTable(workload, rows, [...header.lines, ...notes]);
  writeResults(workload, rows, opts.outDir, { ...header.json, notes });
  return rows;
}

async function timeInProcess(c: BenchCase, timeMs: number): Promise<BenchRow> {
  // The first call warms up, and tells whether this case is too slow for tinybench's loop.
  const t0 = performance.now();
  c.fn();
  const first = performance.now() - t0;
  if (first >= ONE_CALL_MS) return row(c, [first], appendNote(c.note, 'one call'));
  if (first >= timeMs) {
    const ts = [first];
    for (let i = 0; i < 2; i++) {
      const t = performance.now();
      c.fn();
      ts.push(performance.now() - t);
    }
    return row(c, ts, c.note);
  }
  // Few iterations for slow cases: tinybench runs until both the time and the count are met.
  const bench = new Bench({ time: timeMs, iterations: 3, warmupIterations: 1, warmupTime: 0, throws: true });
  bench.add(`${c.impl} ${c.size}`, c.fn);
  await bench.run();
  const r = bench.tasks[0].result;
  if (r.state !== 'completed') throw new Error(`bench ${c.impl} ${c.size}: ${r.state}`);
  return {
    ...row(c, [r.latency.p50], c.note),
    meanMs: r.latency.mean,
    bestMs: r.latency.min,
    rmePercent: r.latency.rme,
    samples: r.latency.samplesCount,
  };
}

function appendNote(a: string | undefined, b: string): string {
  return a ? `${a}; ${b}` : b;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/** A row from raw per-call times. */
function row(c: BenchCase, ms: number[], note?: string): BenchRow {
  const med = median(ms);
  const mean = ms.reduce((a, b) => a + b, 0) / ms.length;
  const sd = ms.length > 1 ? Math.sqrt(ms.reduce((a, b) => a + (b - mean) ** 2, 0) / (ms.length - 1)) : 0;
  return {
    size: c.size,
    impl: c.impl,
    medianMs: med,
    meanMs: mean,
    bestMs: Math.min(...ms),
    // ~95 % relative margin of error of the mean (normal approximation), as tinybench reports it.
    rmePercent: ms.length > 1 ? (100 * 1.96 * sd) / Math.sqrt(ms.length) / mean : 0,
    samples: ms.length,
    gflops: c.flops > 0 && med > 0 ? c.flops / (med * 1e6) : null,
    ...(note ? { note } : {}),
  };
}

function skipped(c: BenchCase, note: string): BenchRow {
  return { size: c.size, impl: c.impl, medianMs: null, meanMs: null, bestMs: null, rmePercent: 0, samples: 0, gflops: null, note };
}

/** Machine facts for the table header and the JSON: native ISA, numpy's OpenBLAS kernel. */
export async function headerLines(cases: BenchCase[]): Promise<{ lines: string[]; json: Record<string, unknown> }> {
  const lines: string[] = [];
  const json: Record<string, unknown> = {};
  const load = loadavg();
  if (load[0] > 0) lines.push(`load average ${load.map((x) => x.toFixed(2)).join(' ')} (1/5/15 min) on ${cpus().length} cores`);
  try {
    const info = loadNative().info();
    json.native = { isa: info.isa, threads: info.threads };
    lines.push(`native: ${info.isa}, ${info.threads} threads`);
  } catch {
    json.native = null;
  }
  // Which wasm build the wasm rows ran (MMLKIT_WASM_VARIANT=plain|relaxed chooses).
  const wasm = backends().find((b) => b.name === 'wasm');
  json.wasm = wasm?.variant ?? null;
  if (wasm?.variant) lines.push(`wasm: ${wasm.variant.name} build (${wasm.variant.why})`);
  const used = new Set(cases.flatMap((c) => (c.python ? [c.python.variant] : [])));
  if (used.size) {
    const openblas: Record<string, NumpyInfo | string> = {};
    for (const v of WORKER_VARIANTS) {
      if (!used.has(v)) continue;
      openblas[v] = await numpyInfo(v);
      const how = v === 'numpy' ? 'OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE removed' : v === 'sklearn' ? 'scikit-learn\'s python, environment as set' : 'environment as set';
      lines.push(`${v} (${how}): ${describeNumpy(openblas[v])}`);
    }
    // How the kernel is told (threadpoolctl is not installed): see bench/anchors/numpy.ts.
    json.openblas = { method: CORENAME_METHOD, ...openblas };
  }
  return { lines, json };
}

function printTable(workload: string, rows: BenchRow[], notes: string[]): void {
  const header = ['size', 'impl', 'median ms', '±rme %', 'samples', 'GFLOP/s', 'vs fastest', 'note'];
  const fastest = new Map<string, number>();
  for (const r of rows) if (r.medianMs !== null) fastest.set(r.size, Math.min(fastest.get(r.size) ?? Infinity, r.medianMs));
  const body = rows.map((r) => [
    r.size,
    r.impl,
    r.medianMs === null ? '-' : fmt(r.medianMs),
    r.samples > 1 ? r.rmePercent.toFixed(1) : '-',
    r.samples ? String(r.samples) : '-',
    r.gflops === null ? '-' : r.gflops.toFixed(2),
    r.medianMs === null ? '-' : `${(r.medianMs / fastest.get(r.size)!).toFixed(2)}×`,
    [r.kernel ? `OpenBLAS ${r.kernel}` : '', r.note ?? ''].filter(Boolean).join('; '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((s, i) => (i < 2 || i === cells.length - 1 ? s.padEnd(widths[i]) : s.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  console.log(`\n${workload}`);
  for (const n of notes) console.log(`  ${n}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
}

export function fmt(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(4);
}

/** Writes `<outDir>/<name>.json` with the machine facts; temp file + rename. */
export function writeJson(name: string, outDir: string, body: Record<string, unknown>): string {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${name}.json`);
  const cpu = cpus();
  const doc = {
    ...('workload' in body ? {} : { workload: name }),
    ...body,
    date: new Date().toISOString(),
    machine: {
      cpu: cpu[0]?.model ?? 'unknown',
      cores: cpu.length,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      // 1/5/15-minute load when the file is written: how shared the machine was.
      loadavg: loadavg().map((x) => Math.round(x * 100) / 100),
    },
  };
  // Temp file + rename: an interrupted run never leaves half a JSON file behind.
  writeFileSync(`${file}.tmp`, `${JSON.stringify(doc, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  console.log(`wrote ${file}`);
  return file;
}

function writeResults(workload: string, rows: BenchRow[], outDir: string, extra: Record<string, unknown>): void {
  writeJson(workload, outDir, { workload, ...extra, rows });
}

/** The numpy rows of one size: `numpy` (best kernel) and `numpy-env`, those wanted. */
export function numpyCases(
  base: { size: string; flops: number; n?: number },
  want: (impl: string) => boolean,
  setup: string,
  stmt: string,
  extra: { note?: string; min?: number } = {},
): BenchCase[] {
  return NUMPY_VARIANTS.filter(want).map((variant) => ({
    ...base,
    impl: variant,
    fn: () => undefined,
    python: { variant, setup, stmt, ...(extra.min ? { min: extra.min } : {}) },
    ...(extra.note ? { note: extra.note } : {}),
  }));
}
