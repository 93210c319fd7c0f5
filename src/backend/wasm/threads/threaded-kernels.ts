/**
 * The wasm kernel table with large calls split across two threads: the plain table (its own,
 * unshared instance) runs everything else — small calls, the kernels not split, and any call
 * whose helper half failed (the JS output is written only after both halves are done, so
 * redoing the call from the caller's arrays is always safe).
 *
 * The team (team.ts) runs the same module over a shared memory in this thread and in the
 * helper. The products below are split from here; the decompositions run whole on the team's
 * instance here, which hands each large product inside them (their trailing updates) back to
 * `gemmOnTeam` through the module's `gemmSplit` import, so nothing is copied between them.
 */
import { ShapeError } from '../../../errors.js';
import type { Kernels } from '../../kernels.js';
import type { KernelTable, ThreadsStatus } from '../../registry.js';
import type { WasmArena } from '../arena.js';
import { kernelsOver, streamRows, type GemvArgs, type Live, type WasmExports } from '../kernels.js';
import { copyIn, need } from '../operands.js';
import { WASM_FILES, type WasmVariant } from '../variant.js';
import { splitGemm, type Block } from './split.js';
import { Team, type TeamOptions } from './team.js';


/**
 * Products below this many multiply-adds (m·n·k) stay on one thread: waking the helper costs
 * more than half of a call this small saves. Measured (bench/wasm-threads.mjs and the sizes
 * around it, on a loaded 2-core machine, best of hundreds): two threads lost up to 96³ and tied
 * near 128³ (~0.3 ms on one thread).
 */
export const GEMM_MIN_WORK = 128 ** 3;

export interface ThreadedOptions extends TeamOptions {
  /** The host facts that allow two threads, for `backends()`. */
  why: string;
  /** Which build the one-thread table (and so the team) runs: plain or relaxed SIMD, or `given`. */
  variant: WasmVariant | 'given';
  /** Overrides GEMM_MIN_WORK (the tests split every product they can). */
  gemmMinWork?: number;
  /** Overrides the smallest product split inside a decomposition (default gemmMinWork / INNER_SPLIT_DIVISOR). */
  innerMinWork?: number;
  /** Overrides DECOMPOSITION_MIN_WORK, the least work (in LU-n³ units, WORK_WEIGHT) a decomposition runs on two threads from. */
  decompositionMinWork?: number;
}

/** The kernels that run whole on the team's instance, with their large products split. */
type DecompositionKernel = 'trsm' | 'getrf' | 'getrs' | 'gesv' | 'getri' | 'potrf' | 'geqrf' | 'orgqr' | 'ormqr' | 'gesdd' | 'symEig' | 'symEigRange';

/**
 * A decomposition goes to the team from this much work, counted as an LU's n³ (about 4 ms of
 * one thread's time). Below it, a call that finds the helper asleep loses: waking it on this
 * VM took 1–5 ms after an idle gap, and a helper that takes up a half and is then descheduled
 * makes this thread wait. Measured with 200 ms idle before each call (Node 24, relaxed, best /
 * median of 12): LU 300 one thread 2.30 / 3.15 ms, two 2.90 / 6.41; 500 and 700 a wash;
 * 1000 one 42.5 / 50.2, two 27.8 / 41.3.
 */
const DECOMPOSITION_MIN_WORK = 400 ** 3;

/**
 * One unit of each kernel's work (the `decomposition` calls below) in LU-n³ units: its
 * one-thread time over an LU's at the same size, roughly (the SVD and eigh do ~18× and ~15×
 * an LU's time; getri's and the QR's flops are 2×, the triangular solves' 1.5–3×).
 */
const WORK_WEIGHT: Record<DecompositionKernel, number> = {
  trsm: 1.5, getrf: 1, getrs: 3, gesv: 1, getri: 2, potrf: 0.5, geqrf: 2, orgqr: 2, ormqr: 3, gesdd: 18, symEig: 15, symEigRange: 6,
};

/**
 * Products inside a decomposition split from GEMM_MIN_WORK / this (64³ multiply-adds): the
 * helper spins between them, so there is no wake-up to pay for.
 */
const INNER_SPLIT_DIVISOR = 8;

/** Thrown through a decomposition's wasm frames when the helper failed in a product inside it. */
class HelperLost extends Error {}

export interface Threaded {
  table: KernelTable;
  team: Team;
}

/** Each thread's gemmPart scratch, the i32 the two take row blocks from, the shared packed panels. */
interface Scratch {
  mine: number;
  theirs: number;
  counter: number;
  panels: number;
}

/** Packed op(B) panels per group (8 × 256 deep: k ≤ 2048 in one group): 16 MB of shared scratch. */
const PANELS_PER_GROUP = 8;

/**
 * Products with at least this many rows run panel by panel with row blocks taken from a shared
 * counter (A and B packed once, and a helper that wakes late or runs on a busy core simply
 * takes fewer blocks: measured under load, this beat cutting C in two halves up front at every
 * size); shorter ones are cut in two blocks of C up front (split.ts), by columns when wider.
 * A block is a quarter of the rows left (assembly/threads/gemm-part.ts), from MC rows (what
 * one thread packs at a time) down to two register tiles at the end, always in whole tiles
 * (MR rows: a block starting elsewhere would round differently from one thread, see split.ts).
 */
const CLAIM_FROM_ROWS = 64;

/** A row-major product on pointers into the team's memory; leading dimensions in elements. */
interface GemmOnMemory {
  transA: number;
  transB: number;
  m: number;
  n: number;
  k: number;
  alpha: number;
  a: number;
  lda: number;
  b: number;
  ldb: number;
  beta: number;
  c: number;
  ldc: number;
}

/**
 * The module's blocking [KC, NC, NR, MC, MR] (assembly/threads/gemm-part.ts), and where a
 * thread's edge tile lies in its gemmPart scratch: after the packed A block and B panel.
 */
function blockingOf(exports: WasmExports): { KC: number; NC: number; NR: number; MC: number; MR: number; edge: number } {
  const [KC, NC, NR, MC, MR] = [0, 1, 2, 3, 4].map((i) => exports.gemmBlocking(i)) as [number, number, number, number, number];
  return { KC, NC, NR, MC, MR, edge: MC * KC * 8 + KC * NC * 8 };
}

/** The gemmPart arguments for one block of C. */
function partArgs(g: GemmOnMemory, { i0, i1, j0, j1 }: Block, scratch: number): number[] {
  return [
    g.transA, g.transB, i1 - i0, j1 - j0, g.k, g.alpha,
    g.transA ? g.a + i0 * 8 : g.a + i0 * g.lda * 8, g.lda,
    g.transB ? g.b + j0 * g.ldb * 8 : g.b + j0 * 8, g.ldb,
    g.beta, g.c + (i0 * g.ldc + j0) * 8, g.ldc, scratch,
  ];
}

export function withThreads(plain: KernelTable, options: ThreadedOptions): Threaded {
  const team = new Team(options);
  const idle = idleRelease(() => team.bytes(), () => team.stop());
  const gemmMinWork = options.gemmMinWork ?? GEMM_MIN_WORK;
  // The row grain before the module is instantiated: 4, the smaller MR (gemmOnTeam has the exact one).
  const worthSplitting = (m: number, n: number, k: number, minWork = gemmMinWork) => k > 0 && m * n * k >= minWork && splitGemm(m, n, 4) !== undefined;
  // Inside a decomposition the helper is spinning (stayAwake), so a split costs microseconds
  // rather than a wake-up: smaller products are worth it there.
  const innerMinWork = options.innerMinWork ?? gemmMinWork / INNER_SPLIT_DIVISOR;
  const decompositionMinWork = options.decompositionMinWork ?? DECOMPOSITION_MIN_WORK;

  /** Readies the team for a call: its arena reset; `scratch(k)` (after the operands) places the scratch of a depth-k product. */
  const begin = (): { exports: WasmExports; arena: WasmArena; scratch: (k: number) => Scratch } => {
    idle.used();
    const { exports, arena } = team;
    arena.reset();
    const bytes = exports.gemmPartScratchBytes();
    // The shared panels: PANELS_PER_GROUP packed op(B) panels of KC × NC (16 MB; k ≤ 512 needs at most 4 MB).
    const panelBytes = exports.gemmBlocking(0) * exports.gemmBlocking(1) * 8;
    return {
      exports,
      arena,
      scratch: (k: number) => ({
        mine: arena.alloc(bytes / 8),
        theirs: arena.alloc(bytes / 8),
        counter: arena.alloc(2),
        panels: arena.alloc((Math.min(PANELS_PER_GROUP, Math.ceil(k / exports.gemmBlocking(0))) * panelBytes) / 8),
      }),
    };
  };

  /**
   * Runs `g` on both threads (or on this one, when too small to cut); false if the helper failed.
   * `stage` copies in the operands other than op(B) (which must be in place): where the product
   * goes by panels, this thread runs it while the helper already packs its half of op(B).
   */
  const gemmOnTeam = (exports: WasmExports, g: GemmOnMemory, scratch: Scratch, stage: () => void = () => {}): boolean => {
    const { mine, theirs } = scratch;
    if (g.k > 0 && g.m >= CLAIM_FROM_ROWS) return gemmByPanels(exports, g, scratch, stage);
    stage();
    const blocks = g.k > 0 ? splitGemm(g.m, g.n, exports.gemmBlocking(4)) : undefined;
    if (!blocks) {
      exports.gemmPart(...partArgs(g, { i0: 0, i1: g.m, j0: 0, j1: g.n }, mine));
      return true;
    }
    const own = partArgs(g, blocks[0], mine);
    return team.run('gemmPart', partArgs(g, blocks[1], theirs), () => exports.gemmPart(...own), () => exports.gemmPart(...partArgs(g, blocks[1], mine)));
  };

  /**
   * The product by groups of panels (assembly/threads/gemm-part.ts): both threads pack half of
   * every op(B) panel of a group into the shared buffer, then both take row blocks of C from
   * the counter and carry each through the group's panels. `stage` runs here before this
   * thread's first packing (see gemmOnTeam).
   */
  const gemmByPanels = (exports: WasmExports, g: GemmOnMemory, { mine, theirs, counter, panels }: Scratch, stage: () => void): boolean => {
    const { KC, NC, NR, MC, MR, edge } = blockingOf(exports);
    const edgeMine = mine + edge;
    const edgeTheirs = theirs + edge;
    const claims = new Int32Array(team.arena.view(counter, 1).buffer, counter, 1);
    const depth = PANELS_PER_GROUP * KC;
    for (let jc = 0; jc < g.n; jc += NC) {
      const nc = Math.min(NC, g.n - jc);
      const strips = Math.ceil(nc / NR);
      const half = Math.ceil(strips / 2);
      for (let pc0 = 0; pc0 < g.k; pc0 += depth) {
        const pcEnd = Math.min(g.k, pc0 + depth);
        const packed = team.run('gemmPackPanels', [g.transB, g.b, g.ldb, pc0, pcEnd, jc, nc, half, strips, panels], () => {
          stage();
          stage = () => {};
          exports.gemmPackPanels(g.transB, g.b, g.ldb, pc0, pcEnd, jc, nc, 0, half, panels);
        }, () => exports.gemmPackPanels(g.transB, g.b, g.ldb, pc0, pcEnd, jc, nc, half, strips, panels));
        if (!packed) return false;
        claims[0] = 0; // published to the helper by run()'s Atomics.store
        // beta is applied by the blocks of the first group (depth 0), on their own rows.
        const rows = [g.transA, g.m, g.alpha, g.a, g.lda, pc0, pcEnd, jc, nc, panels, g.beta, g.c, g.ldc, counter, 2 * MR, MC];
        // A helper too late to start finds no rows left: this thread's loop took them all.
        const multiplied = team.run('gemmRowBlocks', [...rows, theirs, edgeTheirs], () => exports.gemmRowBlocks(...rows, mine, edgeMine), () => {});
        if (!multiplied) return false;
      }
    }
    return true;
  };

  // The decompositions on the team's instance: products inside them of at least innerMinWork
  // multiply-adds come back here (team.gemmSplit) and run on both threads, on the operands
  // where they lie in the shared memory; their scratch is placed above the call's operands,
  // once per call (the arena's generation says when a new call began).
  let scratchFor: { generation: number; panels: number; scratch: Scratch } | undefined;
  const splitScratch = (k: number): Scratch => {
    const { exports, arena } = team;
    const panels = Math.min(PANELS_PER_GROUP, Math.ceil(k / exports.gemmBlocking(0)));
    if (scratchFor?.generation !== arena.generation || scratchFor.panels < panels) {
      const bytes = exports.gemmPartScratchBytes() / 8;
      const panelBytes = exports.gemmBlocking(0) * exports.gemmBlocking(1) * 8;
      const scratch = { mine: arena.alloc(bytes), theirs: arena.alloc(bytes), counter: arena.alloc(2), panels: arena.alloc((panels * panelBytes) / 8) };
      scratchFor = { generation: arena.generation, panels, scratch };
    }
    return scratchFor.scratch;
  };
  /** The scratch, or undefined when memory cannot grow for it: the call then runs on this thread, as it would have. */
  const splitScratchOrNone = (k: number): Scratch | undefined => {
    try {
      return splitScratch(k);
    } catch (err) {
      if (err instanceof ShapeError) return undefined;
      throw err;
    }
  };
  // While this thread runs its half of a trsm or of the LU's look-ahead, the products and
  // solves inside it stay here (the helper is busy with its own).
  let inHalf = false;
  team.gemmSplit = (transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) => {
    if (inHalf || !worthSplitting(m, n, k, innerMinWork) || team.busy()) return 0;
    const scratch = splitScratchOrNone(k);
    if (!scratch) return 0;
    const g = { transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc };
    // A helper lost in the middle leaves C half-updated: the decomposition is abandoned (the
    // throw unwinds it before any output is written) and redone on one thread.
    if (!gemmOnTeam(team.exports, g, scratch)) throw new HelperLost();
    return 1;
  };
  // A trsm's columns (left side) or rows (right side) are systems of their own: each thread
  // solves its share whole, the substitution leaves included (which splitting its products
  // alone would leave on one thread). Cuts on whole cache lines of columns, whole tiles of rows
  // (12: a multiple of both builds' MR), so each share rounds as the whole solve does.
  team.trsmSplit = (side, uplo, transA, diag, m, n, a, lda, b, ldb) => {
    if (inHalf || team.busy()) return 0;
    const byColumns = side === 0;
    const length = byColumns ? n : m;
    const grain = byColumns ? 8 : 12;
    const cut = Math.round(length / 2 / grain) * grain;
    if (cut <= 0 || cut >= length) return 0;
    type TrsmArgs = Parameters<WasmExports['trsmAlone']>;
    const own: TrsmArgs = byColumns ? [side, uplo, transA, diag, m, cut, a, lda, b, ldb] : [side, uplo, transA, diag, cut, n, a, lda, b, ldb];
    const theirs: TrsmArgs = byColumns
      ? [side, uplo, transA, diag, m, n - cut, a, lda, b + cut * 8, ldb]
      : [side, uplo, transA, diag, m - cut, n, a, lda, b + cut * ldb * 8, ldb];
    // The helper packs into scratch of its own: this thread's half uses the module's statics.
    const scratch = splitScratchOrNone(0)?.theirs;
    if (scratch === undefined) return 0;
    inHalf = true;
    let solved: boolean;
    try {
      solved = team.run('trsmPart', [...theirs, scratch], () => team.exports.trsmAlone(...own), () => team.exports.trsmAlone(...theirs));
    } finally {
      inHalf = false;
    }
    if (!solved) throw new HelperLost();
    return 1;
  };
  // The LU's look-ahead (assembly/lapack/getrf.ts): the helper updates the trailing columns the
  // next panel does not need while this thread factors that panel (re-entering the module),
  // then this thread joins the update. The helper packs all of B and takes row blocks of C;
  // this thread takes the blocks left once its panel is done (the panel usually takes less
  // time than the update). Each block is computed as one thread computes it: the same bits.
  team.luAheadSplit = (m, n, k, a, b, c, lda, pm, pn, panel, ipiv, work) => {
    if (inHalf || team.busy()) return 0;
    const { exports } = team;
    const { KC, NC, MC, MR, edge } = blockingOf(exports);
    // One group of panels, one panel wide (the top levels of an LU of order above ~4000 are
    // wider): otherwise this thread updates, splitting the product as usual, then factors.
    if (n > NC || k > PANELS_PER_GROUP * KC) return 0;
    const scratch = splitScratchOrNone(k);
    if (!scratch) return 0;
    const { mine, theirs, counter, panels } = scratch;
    const flags = new Int32Array(team.arena.view(counter, 1).buffer, counter, 2);
    flags[0] = 0; // the next free row; flags[1]: B is packed. Published by run()'s Atomics.store.
    flags[1] = 0;
    const rows = (at: number) => [0, m, -1, a, lda, 0, k, 0, n, panels, 1, c, lda, counter, 2 * MR, MC, at, at + edge];
    const ahead = [m, n, k, a, b, c, lda, panels, counter, counter + 4, 2 * MR, MC];
    let info = 0;
    let done: boolean;
    inHalf = true;
    try {
      done = team.run('gemmAheadPart', [...ahead, theirs, theirs + edge], () => {
        info = exports.getrfStrided(pm, pn, panel, lda, ipiv, work);
        // A helper still packing (or not started) is left to it: run() waits, or takes it back.
        if (Atomics.load(flags, 1) === 1) exports.gemmRowBlocks(...rows(mine));
      }, () => exports.gemmAheadPart(...ahead, mine, mine + edge), false);
    } finally {
      inHalf = false;
    }
    if (!done) throw new HelperLost();
    return info + 1;
  };
  // The SVD merges' O(k²) passes (assembly/lapack/bdsdc.ts): their pieces (roots, weights by
  // row, vectors by column) are independent and each is computed as one thread computes it.
  // The secular roots fail through an i32 flag after the vectors' scratch (4k f64).
  team.mergeSplit = (pass, k, cut, dl, zn, rho, Us, Vs, sig, w, zz, gpos, scratch) => {
    if (inHalf || team.busy()) return 0;
    const { exports } = team;
    const failed = scratch + 4 * k * 8;
    const runs = [
      ['secularRoots', (i0: number, i1: number) => [k, i0, i1, dl, zn, rho, Us, Vs, sig, failed]],
      ['lownerWeights', (i0: number, i1: number) => [k, i0, i1, dl, zz, Us, Vs, w]],
      ['secularVectors', (i0: number, i1: number) => [k, i0, i1, dl, w, Us, Vs, gpos, scratch]],
    ] as const;
    const [job, args] = runs[pass]!;
    const run = (range: number[]) => (exports[job] as (...a: number[]) => void)(...range);
    if (!team.run(job, args(cut, k), () => run(args(0, cut)), () => run(args(cut, k)))) throw new HelperLost();
    return 1;
  };
  // The bidiagonalisation's gemvs with its trailing matrix (the SVD's memory-bound half; the
  // module offers only the large ones): each thread computes its own entries of y, each summed
  // as one thread sums it. Aᵀx is cut by columns of A on a multiple of gemvT's 4-column groups,
  // A·x by rows of y.
  team.gemvSplit = (trans, m, n, alpha, a, lda, x, incx, beta, y, incy) => {
    if (inHalf || team.busy()) return 0;
    const length = trans ? n : m;
    const grain = trans ? 4 : 2;
    const cut = Math.round(length / 2 / grain) * grain;
    if (cut <= 0 || cut >= length) return 0;
    const yStep = incy * 8;
    const own: GemvArgs = trans ? [1, m, cut, alpha, a, lda, x, incx, beta, y, incy] : [0, cut, n, alpha, a, lda, x, incx, beta, y, incy];
    const theirs: GemvArgs = trans
      ? [1, m, n - cut, alpha, a + cut * lda * 8, lda, x, incx, beta, y + cut * yStep, incy]
      : [0, m - cut, n, alpha, a + cut * 8, lda, x, incx, beta, y + cut * yStep, incy];
    const { exports } = team;
    if (!team.run('gemvPart', theirs, () => exports.gemvPart(...own), () => exports.gemvPart(...theirs))) throw new HelperLost();
    return 1;
  };
  const onTeam = kernelsOver((): Live => {
    idle.used();
    team.exports.setGemmSplitFrom(innerMinWork);
    return { exports: team.exports, arena: team.arena };
  });
  /** `name` on the team when its work (in LU-n³ units) is at least decompositionMinWork, else on one thread. */
  const decomposition = <K extends DecompositionKernel>(name: K, work: (...args: Parameters<Kernels[K]>) => number): Kernels[K] => {
    const one = plain[name]! as (...args: Parameters<Kernels[K]>) => ReturnType<Kernels[K]>;
    const two = onTeam[name]! as (...args: Parameters<Kernels[K]>) => ReturnType<Kernels[K]>;
    return ((...args: Parameters<Kernels[K]>) => {
      if (WORK_WEIGHT[name] * work(...args) < decompositionMinWork || !team.ready()) return one(...args);
      team.stayAwake(true);
      try {
        return two(...args);
      } catch (err) {
        if (err instanceof HelperLost) return one(...args);
        throw err;
      } finally {
        team.stayAwake(false);
      }
    }) as Kernels[K];
  };
  const cube = (n: number) => n * n * n;
  const box = (m: number, n: number) => m * n * Math.min(m, n);

  const table: KernelTable = {
    ...plain,

    trsm: decomposition('trsm', (side, _uplo, _transA, _diag, m, n) => m * n * (side === 0 ? m : n)),
    getrf: decomposition('getrf', (m, n) => box(m, n)),
    getrs: decomposition('getrs', (_trans, n, nrhs) => n * n * nrhs),
    gesv: decomposition('gesv', (n, nrhs) => cube(n) + 3 * n * n * nrhs),
    getri: decomposition('getri', (n) => cube(n)),
    potrf: decomposition('potrf', (n) => cube(n)),
    geqrf: decomposition('geqrf', (m, n) => box(m, n)),
    orgqr: decomposition('orgqr', (m, n, k) => m * n * k),
    ormqr: decomposition('ormqr', (_side, _trans, m, n, k) => m * n * k),
    gesdd: decomposition('gesdd', (_jobz, m, n) => box(m, n)),
    symEig: decomposition('symEig', (n) => cube(n)),
    symEigRange: decomposition('symEigRange', (n) => cube(n)),

    gemm(transA, transB, m, n, k, alpha, a, b, beta, c) {
      if (!worthSplitting(m, n, k) || !team.ready()) return plain.gemm!(transA, transB, m, n, k, alpha, a, b, beta, c);
      const sizeA = m * k;
      const sizeB = k * n;
      const sizeC = m * n;
      need('gemm', 'a', a, sizeA);
      need('gemm', 'b', b, sizeB);
      need('gemm', 'c', c, sizeC);
      const { exports, arena, scratch } = begin();
      const pa = arena.alloc(sizeA);
      const pb = arena.alloc(sizeB);
      const pc = arena.alloc(sizeC);
      const scratches = scratch(k);
      // Views only after the last alloc: growing memory replaces the buffer. B first: the
      // helper packs it while A (and C) are copied.
      copyIn(arena, pb, b, sizeB);
      const stage = () => {
        copyIn(arena, pa, a, sizeA);
        // beta === 0 must not read C (NaN/Inf in it must not leak), so it is not copied in.
        if (beta !== 0) copyIn(arena, pc, c, sizeC);
      };
      const g = { transA, transB, m, n, k, alpha, a: pa, lda: transA ? m : k, b: pb, ldb: transB ? k : n, beta, c: pc, ldc: n };
      // The caller's arrays are written only once both halves are done: a failed helper
      // leaves them as they were, and the call is redone on one thread.
      if (!gemmOnTeam(exports, g, scratches, stage)) return plain.gemm!(transA, transB, m, n, k, alpha, a, b, beta, c);
      c.set(arena.view(pc, sizeC));
    },

    pairwiseSqDist(m, n, d, x, y, xx, yy, dist) {
      if (!worthSplitting(m, n, d) || !team.ready()) return plain.pairwiseSqDist!(m, n, d, x, y, xx, yy, dist);
      const sizeX = m * d;
      const sizeY = n * d;
      const sizeD = m * n;
      need('pairwiseSqDist', 'x', x, sizeX);
      need('pairwiseSqDist', 'y', y, sizeY);
      need('pairwiseSqDist', 'xx', xx, m);
      need('pairwiseSqDist', 'yy', yy, n);
      need('pairwiseSqDist', 'dist', dist, sizeD);
      const { exports, arena, scratch } = begin();
      const px = arena.alloc(sizeX);
      const py = arena.alloc(sizeY);
      const pxx = arena.alloc(m);
      const pyy = arena.alloc(n);
      const pd = arena.alloc(sizeD);
      const scratches = scratch(d);
      copyIn(arena, py, y, sizeY); // op(B): the rest is staged while the helper packs it
      const stage = () => {
        copyIn(arena, px, x, sizeX);
        copyIn(arena, pxx, xx, m);
        copyIn(arena, pyy, yy, n);
      };
      // D = −2·X·Yᵀ on both threads, then the norms and the clamp here (as assembly/pairwise-sq-dist.ts).
      const g = { transA: 0, transB: 1, m, n, k: d, alpha: -2, a: px, lda: d, b: py, ldb: d, beta: 0, c: pd, ldc: n };
      if (!gemmOnTeam(exports, g, scratches, stage)) return plain.pairwiseSqDist!(m, n, d, x, y, xx, yy, dist);
      exports.addNormsAndClamp(m, n, pxx, pyy, pd);
      dist.set(arena.view(pd, sizeD));
    },

    denseForward(act, n, inDim, outDim, x, w, b, z, a) {
      if (!worthSplitting(n, outDim, inDim) || !team.ready()) return plain.denseForward!(act, n, inDim, outDim, x, w, b, z, a);
      const sizeX = n * inDim;
      const sizeW = outDim * inDim;
      const sizeA = n * outDim;
      const keepZ = z.length > 0;
      need('denseForward', 'x', x, sizeX);
      need('denseForward', 'w', w, sizeW);
      need('denseForward', 'b', b, outDim);
      if (keepZ) need('denseForward', 'z', z, sizeA);
      need('denseForward', 'a', a, sizeA);
      const { exports, arena, scratch } = begin();
      const px = arena.alloc(sizeX);
      const pw = arena.alloc(sizeW);
      const pb = arena.alloc(outDim);
      const pz = keepZ ? arena.alloc(sizeA) : 0;
      const pa = arena.alloc(sizeA);
      const scratches = scratch(inDim);
      copyIn(arena, pw, w, sizeW); // op(B): the rest is staged while the helper packs it
      const stage = () => {
        copyIn(arena, px, x, sizeX);
        copyIn(arena, pb, b, outDim);
      };
      // T = X·Wᵀ on both threads (into Z, or A when Z is not kept), then bias and activation here.
      const t = keepZ ? pz : pa;
      const g = { transA: 0, transB: 1, m: n, n: outDim, k: inDim, alpha: 1, a: px, lda: inDim, b: pw, ldb: inDim, beta: 0, c: t, ldc: outDim };
      if (!gemmOnTeam(exports, g, scratches, stage)) return plain.denseForward!(act, n, inDim, outDim, x, w, b, z, a);
      exports.biasActivate(act, n, outDim, pb, t, pa, keepZ ? 1 : 0);
      if (keepZ) z.set(arena.view(pz, sizeA));
      a.set(arena.view(pa, sizeA));
    },

    denseBackward(act, n, inDim, outDim, scale, x, w, a, delta, gradW, gradB, deltaIn) {
      const wantIn = deltaIn.length > 0;
      if (!worthSplitting(outDim, inDim, n) || !team.ready()) return plain.denseBackward!(act, n, inDim, outDim, scale, x, w, a, delta, gradW, gradB, deltaIn);
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
      const { exports, arena, scratch } = begin();
      const px = arena.alloc(sizeX);
      const pw = wantIn ? arena.alloc(sizeW) : 0;
      const pa = arena.alloc(sizeA);
      const pd = arena.alloc(sizeA);
      const pgw = arena.alloc(sizeW);
      const pgb = arena.alloc(outDim);
      const pdi = wantIn ? arena.alloc(sizeX) : 0;
      const scratches = scratch(Math.max(n, outDim));
      copyIn(arena, px, x, sizeX);
      if (wantIn) copyIn(arena, pw, w, sizeW);
      copyIn(arena, pa, a, sizeA);
      copyIn(arena, pd, delta, sizeA);
      // Δ and gradB here, then gradW = scale·Δᵀ·X and deltaIn = Δ·W on both threads (as assembly/dense.ts).
      exports.deltaSweep(act, n, outDim, scale, pa, pd, pgb);
      const gw = { transA: 1, transB: 0, m: outDim, n: inDim, k: n, alpha: scale, a: pd, lda: outDim, b: px, ldb: inDim, beta: 0, c: pgw, ldc: inDim };
      const di = { transA: 0, transB: 0, m: n, n: inDim, k: outDim, alpha: 1, a: pd, lda: outDim, b: pw, ldb: inDim, beta: 0, c: pdi, ldc: inDim };
      if (!gemmOnTeam(exports, gw, scratches) || (wantIn && !gemmOnTeam(exports, di, scratches))) {
        return plain.denseBackward!(act, n, inDim, outDim, scale, x, w, a, delta, gradW, gradB, deltaIn);
      }
      delta.set(arena.view(pd, sizeA));
      gradW.set(arena.view(pgw, sizeW));
      gradB.set(arena.view(pgb, outDim));
      if (wantIn) deltaIn.set(arena.view(pdi, sizeX));
    },

    gramAccumulate(m, n, a, shift, c) {
      // C's 4-row strips: this thread takes the first `cut` (the shorter rows of the lower
      // triangle), the helper the rest, about half the tiles each.
      const strips = Math.ceil(n / 4);
      const cut = Math.min(strips - 1, Math.max(1, Math.round(strips / Math.SQRT2)));
      if (m === 0 || strips < 2 || (m * n * n) / 2 < gemmMinWork || !team.ready()) return plain.gramAccumulate!(m, n, a, shift, c);
      const size = n * n;
      need('gramAccumulate', 'a', a, m * n);
      need('gramAccumulate', 'shift', shift, n);
      need('gramAccumulate', 'c', c, size);
      idle.used();
      const { exports, arena } = team;
      arena.reset();
      const rows = streamRows(m, n);
      const pc = arena.alloc(size);
      const ps = arena.alloc(n);
      const pa = arena.alloc(rows * n);
      const scratchBytes = exports.gramAccumulatePartBytes(n);
      const mine = arena.alloc(scratchBytes / 8);
      const theirs = arena.alloc(scratchBytes / 8);
      copyIn(arena, pc, c, size);
      copyIn(arena, ps, shift, n);
      for (let r0 = 0; r0 < m; r0 += rows) {
        const rb = Math.min(rows, m - r0);
        arena.view(pa, rb * n).set(a.subarray(r0 * n, (r0 + rb) * n));
        const ok = team.run(
          'gramAccumulatePart',
          [rb, n, pa, ps, pc, cut, strips, theirs],
          () => exports.gramAccumulatePart(rb, n, pa, ps, pc, 0, cut, mine),
          () => exports.gramAccumulatePart(rb, n, pa, ps, pc, cut, strips, mine),
        );
        // c is written only at the end: on a failed helper the whole call is redone on one thread.
        if (!ok) return plain.gramAccumulate!(m, n, a, shift, c);
      }
      c.set(arena.view(pc, size));
      for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) c[j * n + i] = c[i * n + j];
    },

    release() {
      plain.release?.();
      idle.cancel();
      team.stop();
    },

    threads(): ThreadsStatus {
      if (team.state === 'off') return { count: 1, reason: team.reason };
      return {
        count: 2,
        variant: options.variant,
        ...(team.busy() ? { busy: true } : {}),
        reason:
          `${options.why}; ${moduleName(options.variant)}; gemm, pairwiseSqDist, denseForward/Backward and gramAccumulate products of at least ${Math.round(Math.cbrt(gemmMinWork))}³ multiply-adds, ` +
          'and the products inside the decompositions (LU, QR, Cholesky, SVD, eigh, trsm), split across this thread and one helper worker' +
          (team.busy() ? `; for now on one thread: the helper was late twice in a row, last ${team.lastLate} (the machine looks busy; two threads are tried again within seconds)` : ''),
      };
    },
  };
  return { table, team };
}

/** Which module the two threads run, in words, for `backends()`. */
function moduleName(variant: WasmVariant | 'given'): string {
  const build = variant === 'given' ? 'the module this thread was given' : `${WASM_FILES[variant]} (${variant === 'relaxed' ? 'relaxed SIMD' : 'plain SIMD'})`;
  return `both threads run ${build} over one shared memory`;
}

/** As the plain table (kernels.ts): a team whose memory passed 64 MB ends after 10 s idle. */
const RELEASE_ABOVE_BYTES = 64 * 2 ** 20;
const IDLE_RELEASE_MS = 10_000;

/**
 * Calls `drop` once `bytes()` is above RELEASE_ABOVE_BYTES and `used` was not called for
 * IDLE_RELEASE_MS (linear memory cannot shrink; a new team starts on the next call).
 */
function idleRelease(bytes: () => number, drop: () => void): { used(): void; cancel(): void } {
  let lastUse = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = () => {
    timer = undefined;
    if (bytes() <= RELEASE_ABOVE_BYTES) return;
    const idle = Date.now() - lastUse;
    if (idle >= IDLE_RELEASE_MS) drop();
    else arm(IDLE_RELEASE_MS - idle);
  };
  const arm = (ms: number) => {
    try {
      timer = setTimeout(check, ms);
      (timer as { unref?: () => void }).unref?.(); // an idle timer must not keep Node alive
    } catch {
      timer = undefined; // no timers here: only release() frees the memory
    }
  };
  return {
    used() {
      lastUse = Date.now();
      if (timer === undefined) arm(IDLE_RELEASE_MS);
    },
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
