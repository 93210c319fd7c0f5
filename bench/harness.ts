/**
 * Runs a workload's cases with tinybench, prints one table per workload and writes
 * `bench/results/<workload>.json`. Timings are medians; GFLOP/s derive from the median.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Bench } from 'tinybench';

/** One timed thing: a backend (or anchor library) at one problem size. */
export interface BenchCase {
  /** Problem label, e.g. `n=1024`. */
  size: string;
  /** Backend or library name, e.g. `native`, `ml-matrix`. */
  impl: string;
  /** Floating-point operations per call, for GFLOP/s (0 when not meaningful). */
  flops: number;
  fn: () => unknown;
  /** Timed outside tinybench (e.g. numpy in a subprocess): median milliseconds. */
  externalMedianMs?: number;
}

export interface BenchRow {
  size: string;
  impl: string;
  medianMs: number;
  meanMs: number;
  rmePercent: number;
  samples: number;
  gflops: number | null;
  note?: string;
}

export interface BenchOptions {
  /** Time budget per case in milliseconds. */
  timeMs: number;
  outDir: string;
}

export async function runCases(workload: string, cases: BenchCase[], opts: BenchOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const c of cases) {
    if (c.externalMedianMs !== undefined) {
      rows.push(row(c, c.externalMedianMs, c.externalMedianMs, 0, 0, 'timed in its own process'));
      continue;
    }
    // Few iterations for slow cases: tinybench runs until both the time and the count are met.
    const bench = new Bench({ time: opts.timeMs, iterations: 3, warmupIterations: 1, warmupTime: 0, throws: true });
    bench.add(`${c.impl} ${c.size}`, c.fn);
    await bench.run();
    const r = bench.tasks[0].result;
    if (r.state !== 'completed') throw new Error(`bench ${workload} ${c.impl} ${c.size}: ${r.state}`);
    rows.push(row(c, r.latency.p50, r.latency.mean, r.latency.rme, r.latency.samplesCount));
  }
  printTable(workload, rows);
  writeResults(workload, rows, opts.outDir);
  return rows;
}

function row(c: BenchCase, median: number, mean: number, rme: number, samples: number, note?: string): BenchRow {
  return {
    size: c.size,
    impl: c.impl,
    medianMs: median,
    meanMs: mean,
    rmePercent: rme,
    samples,
    gflops: c.flops > 0 && median > 0 ? c.flops / (median * 1e6) : null,
    ...(note ? { note } : {}),
  };
}

function printTable(workload: string, rows: BenchRow[]): void {
  const header = ['size', 'impl', 'median ms', '±rme %', 'samples', 'GFLOP/s', 'vs fastest'];
  const fastest = new Map<string, number>();
  for (const r of rows) fastest.set(r.size, Math.min(fastest.get(r.size) ?? Infinity, r.medianMs));
  const body = rows.map((r) => [
    r.size,
    r.impl,
    fmt(r.medianMs),
    r.samples ? r.rmePercent.toFixed(1) : '-',
    r.samples ? String(r.samples) : 'ext',
    r.gflops === null ? '-' : r.gflops.toFixed(2),
    `${(r.medianMs / fastest.get(r.size)!).toFixed(2)}×`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((s, i) => (i < 2 ? s.padEnd(widths[i]) : s.padStart(widths[i]))).join('  ');
  console.log(`\n${workload}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
}

function fmt(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(4);
}

function writeResults(workload: string, rows: BenchRow[], outDir: string): void {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${workload}.json`);
  const cpu = cpus();
  const doc = {
    workload,
    date: new Date().toISOString(),
    machine: { cpu: cpu[0]?.model ?? 'unknown', cores: cpu.length, node: process.version, platform: `${process.platform}-${process.arch}` },
    rows,
  };
  // Temp file + rename: an interrupted run never leaves half a JSON file behind.
  writeFileSync(`${file}.tmp`, `${JSON.stringify(doc, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  console.log(`wrote ${file}`);
}
