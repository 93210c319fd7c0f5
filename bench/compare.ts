/**
 * Interleaved comparison (`mmlkit bench <workload> --interleave R`): the machine is shared and
 * its speed swings 2× minute to minute, so a ratio taken from two runs minutes apart measures
 * the machine, not the code. Here each round times ONE call of every side back to back
 * (native in this process, numpy in its warm worker, which times the call itself), the order
 * reversed every other round, R rounds; then best and median of each side, and best/best and
 * median/median against the reference side (numpy, best kernel). A slow minute hits both sides
 * of a round alike; the best times show what each side does on a quiet machine, the medians
 * whether it keeps its speed when a core is contended.
 *
 * The issue #8 targets are printed beside the ratios where one exists for the size.
 *
 * Before every timed call the process idles `gapMs` (default 200 ms): OpenBLAS's worker
 * threads keep spinning for 2^28 cycles (THREAD_TIMEOUT, ~70–100 ms here) after a numpy call
 * returns, so without the gap the side timed right after numpy runs against a busy core (and a
 * pool that spins would do the same to numpy). Each side thus starts from idle threads, as a
 * single call from an application does.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { backends } from '../src/entry/node.js';
import { numpyWorker } from './anchors/numpy.js';
import { fmt, headerLines, writeJson, type BenchCase } from './harness.js';

export interface InterleaveOptions {
  rounds: number;
  /** Implementations to alternate, e.g. ['native', 'numpy']. */
  sides: string[];
  outDir: string;
  /** Idle milliseconds before each timed call (default 200), see the header comment. */
  gapMs?: number;
}

/** Issue #8's targets: side/numpy on best times (and on medians where given). */
export const TARGETS: Record<string, Record<number, { best: number; median?: number }>> = {
  matmul: { 1024: { best: 1.0, median: 1.15 }, 2048: { best: 1.0, median: 1.15 } },
  solve: { 1000: { best: 1.3 } },
  det: { 1000: { best: 1.3 } },
  inv: { 1000: { best: 1.5 } },
  qr: { 1000: { best: 1.5 } },
  eigh: { 1000: { best: 1.2 }, 2000: { best: 1.2 } },
  svd: { 300: { best: 2 }, 1000: { best: 1.5 } },
};

export const DEFAULT_GAP_MS = 200;

interface SideResult {
  ms: number[];
  /** wasm: how many of the timed calls ran on one thread (threads off, or the busy-machine back-off). */
  oneThreadCalls?: number;
  bestMs: number;
  medianMs: number;
  gflopsBest: number | null;
}

export interface InterleavedSize {
  size: string;
  n: number;
  sides: Record<string, SideResult>;
  /** side → {best: best/best, median: median/median} against the reference side. */
  ratios: Record<string, { best: number; median: number; target?: { best: number; median?: number; met: boolean } }>;
  skipped: Record<string, string>;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

async function once(c: BenchCase, warmup: boolean): Promise<number> {
  if (c.python) {
    const { variant, setup, stmt } = c.python;
    const r = await numpyWorker(variant).time({ setup, stmt, warmup: warmup ? 1 : 0, min: 1, max: 1 });
    return r.ms[0];
  }
  if (warmup) c.fn();
  const t = performance.now();
  c.fn();
  return performance.now() - t;
}

export async function runInterleaved(
  workload: string,
  sizes: number[],
  build: (sizes: number[], impls: Set<string>) => Promise<BenchCase[]>,
  o: InterleaveOptions,
): Promise<InterleavedSize[]> {
  const gap = o.gapMs ?? DEFAULT_GAP_MS;
  const backendNames = new Set<string>(backends().map((b) => b.name));
  const reference = o.sides.includes('numpy') ? 'numpy' : o.sides[o.sides.length - 1];
  const out: InterleavedSize[] = [];
  const allCases: BenchCase[] = [];
  for (const n of sizes) {
    const cases = await build([n], new Set(o.sides));
    allCases.push(...cases);
    const bySide = new Map<string, BenchCase>();
    const skipped: Record<string, string> = {};
    for (const c of cases) {
      if (c.skip) skipped[c.impl] = c.skip;
      else bySide.set(c.impl, c);
    }
    for (const s of o.sides) if (!bySide.has(s) && !skipped[s]) skipped[s] = 'not available here';
    const sides = o.sides.filter((s) => bySide.has(s));
    const times = new Map<string, number[]>(sides.map((s) => [s, []]));
    let wasmOneThread = 0;
    const label = cases[0]?.size ?? `n=${n}`;
    try {
      for (const s of sides) await once(bySide.get(s)!, true); // warm both (and build numpy's inputs)
      for (let r = 0; r < o.rounds; r++) {
        const order = r % 2 ? [...sides].reverse() : sides;
        for (const s of order) {
          await sleep(gap);
          times.get(s)!.push(await once(bySide.get(s)!, false));
          if (s === 'wasm' && wasmOnOneThread()) wasmOneThread++;
        }
      }
    } catch (e) {
      // One side failing (e.g. numpy missing) leaves nothing to compare at this size.
      for (const s of sides) skipped[s] = `failed: ${(e as Error).message}`;
      out.push({ size: label, n, sides: {}, ratios: {}, skipped });
      continue;
    }
    const flops = cases[0]?.flops ?? 0;
    const res: Record<string, SideResult> = {};
    for (const s of sides) {
      const ms = times.get(s)!;
      const bestMs = Math.min(...ms);
      res[s] = { ms, bestMs, medianMs: median(ms), gflopsBest: flops > 0 ? flops / (bestMs * 1e6) : null, ...(s === 'wasm' ? { oneThreadCalls: wasmOneThread } : {}) };
    }
    const ratios: InterleavedSize['ratios'] = {};
    const ref = res[reference];
    if (ref) {
      for (const s of sides) {
        if (s === reference) continue;
        const best = res[s].bestMs / ref.bestMs;
        const med = res[s].medianMs / ref.medianMs;
        // Targets are for mmlkit's backends on the workload's own job, not for anchors or extra rows.
        const t = reference === 'numpy' && backendNames.has(s) ? TARGETS[workload]?.[n] : undefined;
        ratios[s] = { best, median: med, ...(t ? { target: { ...t, met: best <= t.best && (t.median === undefined || med <= t.median) } } : {}) };
      }
    }
    out.push({ size: label, n, sides: res, ratios, skipped });
  }
  const header = await headerLines(allCases);
  print(workload, o, reference, header.lines, out);
  writeJson(`${workload}-interleaved`, o.outDir, {
    workload,
    mode: 'interleaved',
    rounds: o.rounds,
    gapMs: gap,
    sides: o.sides,
    reference,
    ...header.json,
    results: out,
  });
  return out;
}

/**
 * Whether wasm's large calls are on one thread right now (after a call: the state it ran in,
 * unless that very call started the back-off). A wasm figure from such calls is a one-thread one.
 */
function wasmOnOneThread(): boolean {
  const t = backends().find((b) => b.name === 'wasm')?.threads;
  return t !== undefined && (t.count === 1 || t.busy === true);
}

function print(workload: string, o: InterleaveOptions, reference: string, lines: string[], out: InterleavedSize[]): void {
  // Issue #8's targets are against numpy; other references (scikit-learn for pca-wide) have none here.
  const head = ['size', 'side', 'best ms', 'median ms', 'best GFLOP/s', `best/${reference}`, `median/${reference}`, reference === 'numpy' ? 'target (issue #8)' : 'target'];
  const body: string[][] = [];
  for (const r of out) {
    for (const [s, v] of Object.entries(r.sides)) {
      const q = r.ratios[s];
      const t = q?.target;
      const target = t
        ? `best ≤${t.best}${t.median !== undefined ? `, median ≤${t.median}` : ''}: ${t.met ? 'met' : 'missed'}`
        : '';
      body.push([
        r.size,
        s,
        fmt(v.bestMs),
        fmt(v.medianMs),
        v.gflopsBest === null ? '-' : v.gflopsBest.toFixed(1),
        q ? q.best.toFixed(2) : '-',
        q ? q.median.toFixed(2) : '-',
        target,
      ]);
    }
    for (const [s, why] of Object.entries(r.skipped)) body.push([r.size, s, '-', '-', '-', '-', '-', why]);
  }
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < 2 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  console.log(`\n${workload}: ${o.rounds} interleaved rounds of ${o.sides.join(' / ')} (order reversed every other round, ${o.gapMs ?? DEFAULT_GAP_MS} ms idle before each call)`);
  for (const l of lines) console.log(`  ${l}`);
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
  for (const r of out) {
    const wasm = r.sides.wasm;
    if (wasm?.oneThreadCalls) console.log(`  ${r.size}: wasm ran ${wasm.oneThreadCalls} of its ${wasm.ms.length} timed calls on one thread (threads off, or the back-off of a machine that looks busy; see backends())`);
  }
}
