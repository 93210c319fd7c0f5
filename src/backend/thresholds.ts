/**
 * Where `'auto'` keeps small problems on the `ts` backend because the call overhead of the
 * faster backend (argument marshalling, copies into wasm memory) outweighs its speed.
 * Units: the kernel's work measure (gemm: m·n·k; symEig: n³). Measured with
 * `npx mmlkit bench dispatch` on the reference machine; see bench/dispatch.ts.
 */
import type { KernelName } from './kernels.js';
import type { BackendName } from './registry.js';

export const SMALL_WORK: Partial<Record<KernelName, Partial<Record<BackendName, number>>>> = {
  // `npx mmlkit bench dispatch` (2026-11-25, Zen 5): ts wins gemm up to n ≈ 11 against both.
  gemm: { native: 12 ** 3, wasm: 12 ** 3 },
  // symEig: native/wasm win from n ≈ 5; below that ts's zero call overhead wins.
  symEig: { native: 5 ** 3, wasm: 5 ** 3 },
  // pairwiseSqDist (work m·n·d) is one transB gemm plus an O(m·n) pass: gemm's crossover applies.
  pairwiseSqDist: { native: 12 ** 3, wasm: 12 ** 3 },
  // denseForward / denseBackward: work n·outDim·(inDim + 16), the gemm plus the activation
  // sweep (an exp costs about 16 multiply-adds). Forward+backward pairs timed per backend
  // (2026-11-25, Zen 5): ts ties wasm at 20×4×4 (work 1600) and native a little above; both
  // win clearly from 100×1×6 (work 10 200) up.
  denseForward: { native: 2000, wasm: 1600 },
  denseBackward: { native: 2000, wasm: 1600 },
  // colMeans (work m·n): measured (2026-11-25, /tmp timing of the three tables) ts ≈ wasm at
  // 16 × 16 and slower beyond; native wins from 16 × 16 too.
  colMeans: { native: 256, wasm: 256 },
  // colStats (work m·n): the same pass with three accumulators; colMeans' crossover, not measured apart.
  colStats: { native: 256, wasm: 256 },
  // gramAccumulate (work m·n²/2): ts was slower than both from 8 × 8 up (its scratch
  // allocation alone costs what a native call does), so only trivial sizes stay on ts.
  gramAccumulate: { native: 64, wasm: 64 },
  // LU family. Native timed 2026-12-06 on the shared 2-core Zen 3 (AVX2) (2000 calls per size,
  // best of 7): ts wins getrf/potrf below n ≈ 10 (work m·n·min(m, n), n³), getri below n ≈ 8
  // (n³), getrs below n ≈ 10 with one right-hand side (n²·nrhs); trsm was not timed on its own:
  // set like getrs (work k²·rhs). Wasm timed the same way (2026-12-06, same machine, loaded):
  // getrf ties ts at n ≈ 14, potrf at 12–16, getrs (one right-hand side) at 14, trsm (n × n
  // right-hand sides) at 12, getri at 6 (ts's getri is the slow one).
  getrf: { native: 10 ** 3, wasm: 14 ** 3 },
  getrs: { native: 10 ** 2, wasm: 14 ** 2 },
  // gesv (work n³): getrf's crossover (the solve adds O(n²)), not measured apart.
  gesv: { native: 10 ** 3, wasm: 14 ** 3 },
  getri: { native: 8 ** 3, wasm: 6 ** 3 },
  potrf: { native: 10 ** 3, wasm: 14 ** 3 },
  trsm: { native: 10 ** 2, wasm: 12 ** 3 },
  // symEigRange (work n³, as symEig): symEig's crossover, not measured separately.
  symEigRange: { native: 5 ** 3, wasm: 5 ** 3 },
  // geqrf / orgqr (work m·n·k) and ormqr (work 2·rows·cols·k): geqrf + orgqr pairs timed per
  // backend (2026-12-06, 2-core Zen 3 (AVX2), machine shared, rough): ts ≈ 0.5–5 µs up to n = 6, native
  // ≈ 2–7 µs (call overhead); native ahead from n ≈ 8 (7 vs 9 µs) and 2.5× at n = 12. Wasm
  // (same way): the pair ties ts at n ≈ 6; ormqr (Qᵀ·C, C n × n) at n ≈ 10.
  geqrf: { native: 8 ** 3, wasm: 6 ** 3 },
  orgqr: { native: 8 ** 3, wasm: 6 ** 3 },
  ormqr: { native: 2 * 8 ** 3, wasm: 2 * 10 ** 3 },
  // gesdd (work m·n·k): timed the same way (square, with vectors, 2026-12-06, loaded). With
  // wasm's LAPACK pipeline (bidiagonalisation + divide and conquer) wasm is ahead of ts's
  // Jacobi from n = 2 to 16 except a tie at 6 (noise); the crossover is left at 6.
  gesdd: { wasm: 6 ** 3 },
};
