/**
 * The wasm backend: the AssemblyScript kernels in assembly/, wrapped to the `Kernels` contract.
 *
 * Works from an already compiled `WebAssembly.Module` (workerd can only be handed one, and Node,
 * browsers and Deno all can), instantiates synchronously and uses no host APIs.
 */

import { firstNonFinite } from '../ts/col-stats.js';
import type { KernelTable } from '../registry.js';
import { WasmArena } from './arena.js';
import { wasmGesdd } from './gesdd.js';
import { wasmLapackKernels } from './lapack.js';
import { copyIn, need } from './operands.js';
import type { VariantInfo } from './variant.js';

/** What assembly/index.ts exports; pointers are byte offsets into `memory`. */
export interface WasmExports {
  readonly memory: WebAssembly.Memory;
  /** First byte the JS side may use (16-aligned); everything below is static data and scratch. */
  heapBase(): number;
  gemm(
    transA: number,
    transB: number,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: number,
    b: number,
    beta: number,
    c: number,
  ): void;
  /** f64 slots `symEig` needs as `work` (vectors, when wanted, also need the rotation record). */
  symEigWorkSize(n: number, wantVectors: number): number;
  /** `a` (n × n) is destroyed (it ends up holding Zᵀ); returns 0 or i + 1 as the contract says. */
  symEig(n: number, a: number, w: number, z: number, wantVectors: number, work: number): number;
  pairwiseSqDist(m: number, n: number, d: number, x: number, y: number, xx: number, yy: number, dist: number): void;
  /** `storeZ` 0: Z is not stored (A is built in place); pointers as in the contract. */
  denseForward(act: number, n: number, inDim: number, outDim: number, x: number, w: number, b: number, z: number, a: number, storeZ: number): void;
  /** `wantDeltaIn` 0: deltaIn is not computed. */
  denseBackward(
    act: number, n: number, inDim: number, outDim: number, scale: number,
    x: number, w: number, a: number, delta: number, gradW: number, gradB: number, deltaIn: number, wantDeltaIn: number,
  ): void;
  /** acc[j] += Σ_i (a[i·n + j] − ref[j]) over m rows (colMeans' shifted sums). */
  colMeansBlock(m: number, n: number, a: number, ref: number, acc: number): void;
  /** sum, sumSq (about shift) and maxAbs of m more rows, accumulated (colStats' pass). */
  colStatsBlock(m: number, n: number, a: number, shift: number, sum: number, sumSq: number, maxAbs: number): void;
  /** f64 slots `gramAccumulateBlock` needs as `work` for n features. */
  gramAccumulateWorkSize(n: number): number;
  /** lower(C) += lower((A − 1·shiftᵀ)ᵀ(A − 1·shiftᵀ)) for m rows; the upper triangle is left as is. */
  gramAccumulateBlock(m: number, n: number, a: number, shift: number, c: number, work: number): void;
  /** The decompositions (assembly/lapack/): contracts as in kernels.ts, pointers for buffers. */
  trsm(side: number, uplo: number, transA: number, diag: number, m: number, n: number, alpha: number, a: number, b: number): void;
  /** f64 slots `getrf` needs as `work` (one column-major leaf). */
  getrfWorkSize(m: number, n: number): number;
  getrf(m: number, n: number, a: number, ipiv: number, work: number): number;
  /** getrf of m × n at `a` with row stride lda: the panel this thread factors during a look-ahead (LuAheadSplit). */
  getrfStrided(m: number, n: number, a: number, lda: number, ipiv: number, work: number): number;
  getrs(trans: number, n: number, nrhs: number, lu: number, ipiv: number, b: number): void;
  gesvWorkSize(n: number): number;
  /** Factorises a in place, solves into b; returns max|A| (NaN/+Inf: A not finite, nothing solved). */
  gesv(n: number, nrhs: number, a: number, ipiv: number, b: number, work: number): number;
  getri(n: number, lu: number, ipiv: number, inv: number): number;
  potrf(n: number, a: number): number;
  /** f64 slots `symEigRange` needs as `work`. */
  symEigRangeWorkSize(n: number, k: number, wantVectors: number): number;
  /**
   * Eigenpairs il..iu by bisection + inverse iteration; `a` destroyed. Returns 0, or −1 when
   * the caller must take the full symEig route (a large wanted cluster, or no convergence).
   */
  symEigRange(n: number, a: number, il: number, iu: number, w: number, z: number, wantVectors: number, work: number): number;
  /** f64 slots `gesdd` needs as `work` for this jobz and shape. */
  gesddWorkSize(jobz: number, m: number, n: number): number;
  /** The contract's gesdd, pointers for buffers (u, vt unused when jobz is 0). */
  gesdd(jobz: number, m: number, n: number, a: number, s: number, u: number, vt: number, work: number): number;
  /** f64 slots the QR kernels need as `work` for an m × n matrix (ormqr: C's m × n). */
  qrWorkSize(m: number, n: number): number;
  geqrf(m: number, n: number, a: number, tau: number, work: number): void;
  orgqr(m: number, n: number, k: number, a: number, tau: number, work: number): void;
  ormqr(side: number, trans: number, m: number, n: number, k: number, a: number, tau: number, c: number, work: number): void;
  /** From `work` multiply-adds up, products call the `gemmSplit` import (two threads). */
  setGemmSplitFrom(work: number): void;
  /** trsm with alpha 1 on this thread alone: a two-thread trsm's halves. */
  trsmAlone(side: number, uplo: number, transA: number, diag: number, m: number, n: number, a: number, lda: number, b: number, ldb: number): void;
  /** `trsmAlone` packing into `scratch` (gemmPartScratchBytes): the helper's half. */
  trsmPart(side: number, uplo: number, transA: number, diag: number, m: number, n: number, a: number, lda: number, b: number, ldb: number, scratch: number): void;
  /** The parts two threads run (assembly/threads/; threads/threaded-kernels.ts drives them). */
  gemmPartScratchBytes(): number;
  gemmPart(...args: number[]): void;
  gemmBlocking(i: number): number;
  gemmPackPanels(...args: number[]): void;
  gemmRowBlocks(...args: number[]): void;
  gemmAheadPart(...args: number[]): void;
  /** The SVD merge's passes over a range of their pieces (assembly/lapack/bdsdc.ts). */
  secularRoots(k: number, i0: number, i1: number, dl: number, zn: number, rho: number, Us: number, Vs: number, sig: number, failed: number): void;
  lownerWeights(k: number, s0: number, s1: number, dl: number, zz: number, Us: number, Vs: number, w: number): void;
  secularVectors(k: number, i0: number, i1: number, dl: number, w: number, Us: number, Vs: number, gpos: number, scratch: number): void;
  addNormsAndClamp(m: number, n: number, xx: number, yy: number, dist: number): void;
  biasActivate(act: number, n: number, outDim: number, b: number, t: number, a: number, storeZ: number): void;
  deltaSweep(act: number, n: number, outDim: number, scale: number, a: number, delta: number, gradB: number): void;
  gramAccumulatePartBytes(n: number): number;
  gramAccumulatePart(m: number, n: number, a: number, shift: number, c: number, g0: number, g1: number, scratch: number): void;
  /** y ← alpha·op(A)·x + beta·y (A column-major): the bidiagonalisation's gemvs, one thread's share of them. */
  gemvPart(...args: GemvArgs): void;
}

/** Reads an AssemblyScript string (UTF-16, byte length in the 4 bytes before it). */
function readString(memory: WebAssembly.Memory, ptr: number): string {
  if (ptr === 0) return '';
  try {
    const bytes = new DataView(memory.buffer).getUint32(ptr - 4, true);
    return String.fromCharCode(...new Uint16Array(memory.buffer, ptr, bytes >>> 1));
  } catch {
    return `<string @${ptr}>`;
  }
}

/** One instance of the module: its exports and the bump arena over its memory. */
export interface Live {
  exports: WasmExports;
  arena: WasmArena;
}

/** The host's side of the module's two-thread gemm (assembly/gemm.ts `gemmSplit`): 1 if it ran the product. */
export type GemmSplit = (
  transA: number, transB: number, m: number, n: number, k: number, alpha: number,
  a: number, lda: number, b: number, ldb: number, beta: number, c: number, ldc: number,
) => number;

/** The host's side of the module's two-thread trsm (assembly/lapack/trsm.ts `trsmSplit`): 1 if it ran the solve. */
export type TrsmSplit = (side: number, uplo: number, transA: number, diag: number, m: number, n: number, a: number, lda: number, b: number, ldb: number) => number;

/** gemv's arguments (assembly/lapack/gebrd.ts): trans, m, n, alpha, a, lda, x, incx, beta, y, incy. */
export type GemvArgs = [trans: number, m: number, n: number, alpha: number, a: number, lda: number, x: number, incx: number, beta: number, y: number, incy: number];

/** The host's side of the module's two-thread gemv (assembly/lapack/gebrd.ts `gemvSplit`): 1 if it ran the product. */
export type GemvSplit = (...args: GemvArgs) => number;

/**
 * The host's side of the LU's look-ahead (assembly/lapack/getrf.ts `luAheadSplit`): C -= A·B
 * (m × n, depth k, all with row stride lda) on the helper while this thread runs
 * getrfStrided(pm, pn, panel, lda, ipiv, work); the panel's info + 1 if it did both, else 0.
 */
export type LuAheadSplit = (
  m: number, n: number, k: number, a: number, b: number, c: number, lda: number,
  pm: number, pn: number, panel: number, ipiv: number, work: number,
) => number;

/**
 * The host's side of the SVD merges' O(k²) passes (assembly/lapack/bdsdc.ts `mergeSplit`):
 * pass 0 secularRoots, 1 lownerWeights, 2 secularVectors over pieces [0, cut) here and
 * [cut, k) on the helper; 1 if it ran both halves.
 */
export type MergeSplit = (
  pass: number, k: number, cut: number, dl: number, zn: number, rho: number, Us: number, Vs: number,
  sig: number, w: number, zz: number, gpos: number, scratch: number,
) => number;

/** What the module calls on its host for two threads; by default nothing is split. */
export interface SplitHooks {
  gemmSplit: GemmSplit;
  trsmSplit: TrsmSplit;
  gemvSplit: GemvSplit;
  luAheadSplit: LuAheadSplit;
  mergeSplit: MergeSplit;
}

/** The hooks of a one-thread instance: everything stays on this thread. */
export const NO_SPLITS: SplitHooks = { gemmSplit: () => 0, trsmSplit: () => 0, gemvSplit: () => 0, luAheadSplit: () => 0, mergeSplit: () => 0 };

/** Pages the module's memory starts with (assembly/asconfig.json's initialMemory: its static data fits). */
export const INITIAL_PAGES = 64;
/** Its maximum: 4 GiB, all a wasm32 memory can address (a shared memory must declare one). */
export const MAX_PAGES = 65536;

/**
 * Instantiates `module` over `memory` (a fresh unshared one by default). `hooks` are called
 * for the products and solves the module offers to two threads: only an instance told to
 * offer them (`setGemmSplitFrom`) ever calls them; by default all stays on this thread.
 */
export function instantiate(module: WebAssembly.Module, memory?: WebAssembly.Memory, hooks: SplitHooks = NO_SPLITS): Live {
  const mem = memory ?? new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES });
  const imports = {
    env: {
      memory: mem,
      gemmSplit: hooks.gemmSplit,
      trsmSplit: hooks.trsmSplit,
      gemvSplit: hooks.gemvSplit,
      luAheadSplit: hooks.luAheadSplit,
      mergeSplit: hooks.mergeSplit,
      // Only reachable if the module is built with assertions on; release builds use noAssert.
      abort(message: number, file: number, line: number, column: number): never {
        throw new Error(`mmlkit wasm abort: ${readString(mem, message)} at ${readString(mem, file)}:${line}:${column}`);
      },
    },
  };
  const exports = new WebAssembly.Instance(module, imports).exports as unknown as WasmExports;
  return { exports, arena: new WasmArena(mem, exports.heapBase()) };
}

/**
 * Wasm linear memory can grow but never shrink: after one 3 000² matmul an instance would hold
 * its ~220 MB high-water mark for good. So an instance whose memory passed RELEASE_ABOVE_BYTES
 * is dropped once the backend has been idle for IDLE_RELEASE_MS (or at once by `release()`),
 * and the next call instantiates the already compiled module again (well under a millisecond;
 * the memory then grows again only as far as that call needs).
 */
const RELEASE_ABOVE_BYTES = 64 * 2 ** 20;
const IDLE_RELEASE_MS = 10_000;

/** `variant`: which build `module` is and why it was chosen, reported by `backends()`. */
export function instantiateWasmKernels(module: WebAssembly.Module, variant?: VariantInfo): KernelTable {
  // Instantiated now, so a module that cannot be instantiated makes the backend unavailable
  // at load (with the reason) rather than failing its first call.
  let live: Live | undefined = instantiate(module);
  let lastUse = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const release = () => {
    live = undefined;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  // Fires at most once per idle period while the backend is in use; drops a big instance once
  // no call came for IDLE_RELEASE_MS.
  const check = () => {
    timer = undefined;
    if (!live || live.exports.memory.buffer.byteLength <= RELEASE_ABOVE_BYTES) return;
    const idle = Date.now() - lastUse;
    if (idle >= IDLE_RELEASE_MS) release();
    else arm(IDLE_RELEASE_MS - idle);
  };
  const arm = (ms: number) => {
    try {
      timer = setTimeout(check, ms);
      (timer as { unref?: () => void }).unref?.(); // an idle timer must not keep Node alive
    } catch {
      timer = undefined; // a host without timers here: only release() frees the memory
    }
  };
  const use = (): Live => {
    lastUse = Date.now();
    if (timer === undefined) arm(IDLE_RELEASE_MS);
    return (live ??= instantiate(module));
  };
  return { ...kernelsOver(use), release, variant, module };
}

/**
 * The kernel table over the instance `use` yields (the one-thread table's own, or the
 * two-thread team's: threads/threaded-kernels.ts): check the operands, copy them into the
 * instance's arena, run, copy the results out.
 */
export function kernelsOver(use: () => Live): KernelTable {
  const table: KernelTable = {
    gemm(transA, transB, m, n, k, alpha, a, b, beta, c) {
      if (m === 0 || n === 0) return;
      const sizeA = m * k;
      const sizeB = k * n;
      const sizeC = m * n;
      need('gemm', 'a', a, sizeA);
      need('gemm', 'b', b, sizeB);
      need('gemm', 'c', c, sizeC);
      const { exports, arena } = use();
      arena.reset();
      const pa = arena.alloc(sizeA);
      const pb = arena.alloc(sizeB);
      const pc = arena.alloc(sizeC);
      // Views only after the last alloc: growing memory detaches earlier ones.
      if (sizeA > 0) arena.view(pa, sizeA).set(a.length === sizeA ? a : a.subarray(0, sizeA));
      if (sizeB > 0) arena.view(pb, sizeB).set(b.length === sizeB ? b : b.subarray(0, sizeB));
      const cv = arena.view(pc, sizeC);
      // beta === 0 must not read C (NaN/Inf in it must not leak), so it is not copied in.
      if (beta !== 0) cv.set(c.length === sizeC ? c : c.subarray(0, sizeC));
      exports.gemm(transA, transB, m, n, k, alpha, pa, pb, beta, pc);
      c.set(cv);
    },

    symEig(n, a, w, z, wantVectors) {
      if (n === 0) return 0;
      const size = n * n;
      need('symEig', 'a', a, size);
      need('symEig', 'w', w, n);
      if (wantVectors) need('symEig', 'z', z, size);
      const { exports, arena } = use();
      arena.reset();
      const pa = arena.alloc(size);
      const pw = arena.alloc(n);
      const pz = wantVectors ? arena.alloc(size) : 0;
      const pwork = arena.alloc(exports.symEigWorkSize(n, wantVectors));
      // Views only after the last alloc: growing memory detaches earlier ones. The kernel
      // destroys its copy of a (it ends up holding Zᵀ); the caller's a is left as it was.
      arena.view(pa, size).set(a.length === size ? a : a.subarray(0, size));
      const info = exports.symEig(n, pa, pw, pz, wantVectors, pwork);
      w.set(arena.view(pw, n));
      if (wantVectors) z.set(arena.view(pz, size));
      return info;
    },

    symEigRange(n, a, il, iu, w, z, wantVectors) {
      if (n === 0) return 0;
      const size = n * n;
      const k = iu - il + 1;
      need('symEigRange', 'a', a, size);
      need('symEigRange', 'w', w, k);
      if (wantVectors) need('symEigRange', 'z', z, n * k);
      const { exports, arena } = use();
      // Bisection + inverse iteration (assembly/sym-eig/range.ts), unless half the spectrum or
      // more is wanted with vectors: the full symEig is cheaper then.
      if (!wantVectors || 2 * k < n) {
        arena.reset();
        const pa = arena.alloc(size);
        const pw = arena.alloc(k);
        const pz = wantVectors ? arena.alloc(n * k) : 0;
        const pwork = arena.alloc(exports.symEigRangeWorkSize(n, k, wantVectors));
        copyIn(arena, pa, a, size);
        const info = exports.symEigRange(n, pa, il, iu, pw, pz, wantVectors, pwork);
        if (info === 0) {
          w.set(arena.view(pw, k));
          if (wantVectors) z.set(arena.view(pz, n * k));
          return 0;
        }
        // −1: a wanted cluster too large for inverse iteration, or vectors that did not
        // converge; the full decomposition below gives them.
      }
      arena.reset();
      const pa = arena.alloc(size);
      const pw = arena.alloc(n);
      const pz = wantVectors ? arena.alloc(size) : 0;
      const pwork = arena.alloc(exports.symEigWorkSize(n, wantVectors));
      copyIn(arena, pa, a, size);
      const info = exports.symEig(n, pa, pw, pz, wantVectors, pwork);
      if (info !== 0) return info;
      w.set(arena.view(pw + 8 * il, k));
      if (wantVectors) {
        const all = arena.view(pz, size);
        for (let i = 0; i < n; i++) z.set(all.subarray(i * n + il, i * n + il + k), i * k);
      }
      return 0;
    },

    pairwiseSqDist(m, n, d, x, y, xx, yy, dist) {
      if (m === 0 || n === 0) return;
      const sizeX = m * d;
      const sizeY = n * d;
      const sizeD = m * n;
      need('pairwiseSqDist', 'x', x, sizeX);
      need('pairwiseSqDist', 'y', y, sizeY);
      need('pairwiseSqDist', 'xx', xx, m);
      need('pairwiseSqDist', 'yy', yy, n);
      need('pairwiseSqDist', 'dist', dist, sizeD);
      const { exports, arena } = use();
      arena.reset();
      const px = arena.alloc(sizeX);
      const py = arena.alloc(sizeY);
      const pxx = arena.alloc(m);
      const pyy = arena.alloc(n);
      const pd = arena.alloc(sizeD);
      // Views only after the last alloc: growing memory detaches earlier ones. D is written
      // before it is read, so it is not copied in.
      if (sizeX > 0) arena.view(px, sizeX).set(x.length === sizeX ? x : x.subarray(0, sizeX));
      if (sizeY > 0) arena.view(py, sizeY).set(y.length === sizeY ? y : y.subarray(0, sizeY));
      arena.view(pxx, m).set(xx.length === m ? xx : xx.subarray(0, m));
      arena.view(pyy, n).set(yy.length === n ? yy : yy.subarray(0, n));
      exports.pairwiseSqDist(m, n, d, px, py, pxx, pyy, pd);
      dist.set(arena.view(pd, sizeD));
    },

    denseForward(act, n, inDim, outDim, x, w, b, z, a) {
      if (n === 0 || outDim === 0) return;
      const sizeX = n * inDim;
      const sizeW = outDim * inDim;
      const sizeA = n * outDim;
      const keepZ = z.length > 0;
      need('denseForward', 'x', x, sizeX);
      need('denseForward', 'w', w, sizeW);
      need('denseForward', 'b', b, outDim);
      if (keepZ) need('denseForward', 'z', z, sizeA);
      need('denseForward', 'a', a, sizeA);
      const { exports, arena } = use();
      arena.reset();
      const px = arena.alloc(sizeX);
      const pw = arena.alloc(sizeW);
      const pb = arena.alloc(outDim);
      const pz = keepZ ? arena.alloc(sizeA) : 0;
      const pa = arena.alloc(sizeA);
      // Views only after the last alloc: growing memory detaches earlier ones. Z and A are
      // written before they are read, so they are not copied in.
      copyIn(arena, px, x, sizeX);
      copyIn(arena, pw, w, sizeW);
      copyIn(arena, pb, b, outDim);
      exports.denseForward(act, n, inDim, outDim, px, pw, pb, pz, pa, keepZ ? 1 : 0);
      if (keepZ) z.set(arena.view(pz, sizeA));
      a.set(arena.view(pa, sizeA));
    },

    denseBackward(act, n, inDim, outDim, scale, x, w, a, delta, gradW, gradB, deltaIn) {
      const wantIn = deltaIn.length > 0;
      const sizeX = n * inDim;
      const sizeW = outDim * inDim;
      const sizeA = n * outDim;
      need('denseBackward', 'x', x, sizeX);
      if (wantIn) need('denseBackward', 'w', w, sizeW);
      need('denseBackward', 'a', a, sizeA);
      need('denseBackward', 'delta', delta, sizeA);
      need('denseBackward', 'gradW', gradW, sizeW);
      need('denseBackward', 'gradB', gradB, outDim);
      if (wantIn) need('denseBackward', 'deltaIn', deltaIn, sizeX);
      const { exports, arena } = use();
      arena.reset();
      const px = arena.alloc(sizeX);
      const pw = wantIn ? arena.alloc(sizeW) : 0;
      const pa = arena.alloc(sizeA);
      const pd = arena.alloc(sizeA);
      const pgw = arena.alloc(sizeW);
      const pgb = arena.alloc(outDim);
      const pdi = wantIn ? arena.alloc(sizeX) : 0;
      copyIn(arena, px, x, sizeX);
      if (wantIn) copyIn(arena, pw, w, sizeW);
      copyIn(arena, pa, a, sizeA);
      copyIn(arena, pd, delta, sizeA);
      exports.denseBackward(act, n, inDim, outDim, scale, px, pw, pa, pd, pgw, pgb, pdi, wantIn ? 1 : 0);
      if (sizeA > 0) delta.set(arena.view(pd, sizeA));
      if (sizeW > 0) gradW.set(arena.view(pgw, sizeW));
      if (outDim > 0) gradB.set(arena.view(pgb, outDim));
      if (wantIn && sizeX > 0) deltaIn.set(arena.view(pdi, sizeX));
    },

    colMeans(m, n, a, out) {
      if (n === 0) return;
      need('colMeans', 'a', a, m * n);
      need('colMeans', 'out', out, n);
      if (m === 0) {
        out.fill(NaN, 0, n);
        return;
      }
      // Streamed through in row blocks: wasm memory grows to one block, not to the whole of A.
      const rows = streamRows(m, n);
      const { exports, arena } = use();
      arena.reset();
      const pref = arena.alloc(n);
      const pacc = arena.alloc(n);
      const pa = arena.alloc(rows * n);
      arena.view(pref, n).set(a.subarray(0, n));
      arena.view(pacc, n).fill(0);
      for (let r0 = 0; r0 < m; r0 += rows) {
        const rb = Math.min(rows, m - r0);
        arena.view(pa, rb * n).set(a.subarray(r0 * n, (r0 + rb) * n));
        exports.colMeansBlock(rb, n, pa, pref, pacc);
      }
      const acc = arena.view(pacc, n);
      for (let j = 0; j < n; j++) out[j] = a[j] + acc[j] / m;
    },

    colStats(m, n, a, shift, sum, sumSq, maxAbs) {
      if (n === 0) return -1;
      need('colStats', 'a', a, m * n);
      need('colStats', 'shift', shift, n);
      need('colStats', 'sum', sum, n);
      need('colStats', 'sumSq', sumSq, n);
      need('colStats', 'maxAbs', maxAbs, n);
      const rows = streamRows(m, n);
      const { exports, arena } = use();
      arena.reset();
      const pshift = arena.alloc(n);
      const psum = arena.alloc(n);
      const psq = arena.alloc(n);
      const pmax = arena.alloc(n);
      const pa = arena.alloc(rows * n);
      // Views only after the last alloc: growing memory detaches earlier ones. The shift has a
      // slot of its own even when it is a's first row: the block slot is reused block by block.
      arena.view(pshift, n).set(shift.subarray(0, n));
      arena.view(psum, n).fill(0);
      arena.view(psq, n).fill(0);
      arena.view(pmax, n).fill(0);
      for (let r0 = 0; r0 < m; r0 += rows) {
        const rb = Math.min(rows, m - r0);
        arena.view(pa, rb * n).set(a.subarray(r0 * n, (r0 + rb) * n));
        exports.colStatsBlock(rb, n, pa, pshift, psum, psq, pmax);
      }
      sum.set(arena.view(psum, n));
      sumSq.set(arena.view(psq, n));
      maxAbs.set(arena.view(pmax, n));
      return firstNonFinite(m, n, a, maxAbs);
    },

    gramAccumulate(m, n, a, shift, c) {
      if (n === 0) return;
      const size = n * n;
      need('gramAccumulate', 'a', a, m * n);
      need('gramAccumulate', 'shift', shift, n);
      need('gramAccumulate', 'c', c, size);
      if (m > 0) {
        const rows = streamRows(m, n);
        const { exports, arena } = use();
        arena.reset();
        const pc = arena.alloc(size);
        const ps = arena.alloc(n);
        const pa = arena.alloc(rows * n);
        const pwork = arena.alloc(exports.gramAccumulateWorkSize(n));
        // Views only after the last alloc: growing memory detaches earlier ones.
        arena.view(pc, size).set(c.length === size ? c : c.subarray(0, size));
        arena.view(ps, n).set(shift.subarray(0, n));
        for (let r0 = 0; r0 < m; r0 += rows) {
          const rb = Math.min(rows, m - r0);
          arena.view(pa, rb * n).set(a.subarray(r0 * n, (r0 + rb) * n));
          exports.gramAccumulateBlock(rb, n, pa, ps, pc, pwork);
        }
        c.set(arena.view(pc, size));
      }
      for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) c[j * n + i] = c[i * n + j];
    },

    ...wasmLapackKernels(use),
  };
  table.gesdd = wasmGesdd(use);
  return table;
}

/** Rows copied into wasm memory per kernel call when a matrix is streamed through: about 4 MB. */
export function streamRows(m: number, n: number): number {
  return Math.min(m, Math.max(256, Math.floor((1 << 19) / Math.max(1, n))));
}
