/**
 * The wasm kernel table with large calls split across two threads: the plain table (its own,
 * unshared instance) runs everything else — small calls, the kernels not split, and any call
 * whose helper half failed (the JS output is written only after both halves are done, so
 * redoing the call from the caller's arrays is always safe).
 */
import type { KernelTable } from '../../registry.js';
import { need } from '../operands.js';
import { splitGemm, type Block } from './split.js';
import { Team, type TeamOptions } from './team.js';

/** What `backends()` reports for wasm: how many threads large calls use here, and why. */
export interface ThreadsStatus {
  count: 1 | 2;
  reason: string;
}

/**
 * gemm calls below this many multiply-adds (m·n·k) stay on one thread: waking the helper and
 * packing twice cost more than half of a call this small saves (measured: see the report in
 * docs/wasm-threads.md).
 */
export const GEMM_MIN_WORK = 96 ** 3;

export interface ThreadedOptions extends TeamOptions {
  /** The host facts that allow two threads, for `backends()`. */
  why: string;
  /** Overrides GEMM_MIN_WORK (the tests split every call they can). */
  gemmMinWork?: number;
}

export interface Threaded {
  table: KernelTable;
  team: Team;
}

/** As the plain table (kernels.ts): a team whose memory passed 64 MB ends after 10 s idle. */
const RELEASE_ABOVE_BYTES = 64 * 2 ** 20;
const IDLE_RELEASE_MS = 10_000;

export function withThreads(plain: KernelTable, options: ThreadedOptions): Threaded {
  const team = new Team(options);
  const idle = idleRelease(() => team.bytes(), () => team.stop());
  const gemmMinWork = options.gemmMinWork ?? GEMM_MIN_WORK;
  const plainGemm = plain.gemm!;
  const table: KernelTable = {
    ...plain,

    gemm(transA, transB, m, n, k, alpha, a, b, beta, c) {
      const blocks = k > 0 && m * n * k >= gemmMinWork ? splitGemm(m, n) : undefined;
      if (!blocks || !team.ready()) return plainGemm(transA, transB, m, n, k, alpha, a, b, beta, c);
      const sizeA = m * k;
      const sizeB = k * n;
      const sizeC = m * n;
      need('gemm', 'a', a, sizeA);
      need('gemm', 'b', b, sizeB);
      need('gemm', 'c', c, sizeC);
      idle.used();
      const { exports, arena } = team;
      const scratchBytes = exports.gemmPartScratchBytes();
      arena.reset();
      const pa = arena.alloc(sizeA);
      const pb = arena.alloc(sizeB);
      const pc = arena.alloc(sizeC);
      const mine = arena.alloc(scratchBytes / 8);
      const theirs = arena.alloc(scratchBytes / 8);
      // Views only after the last alloc: growing memory replaces the buffer.
      arena.view(pa, sizeA).set(a.length === sizeA ? a : a.subarray(0, sizeA));
      arena.view(pb, sizeB).set(b.length === sizeB ? b : b.subarray(0, sizeB));
      const cv = arena.view(pc, sizeC);
      // beta === 0 must not read C (NaN/Inf in it must not leak), so it is not copied in.
      if (beta !== 0) cv.set(c.length === sizeC ? c : c.subarray(0, sizeC));
      const part = ({ i0, i1, j0, j1 }: Block, scratch: number): number[] => [
        transA, transB, i1 - i0, j1 - j0, k, alpha,
        transA ? pa + i0 * 8 : pa + i0 * k * 8, transA ? m : k,
        transB ? pb + j0 * k * 8 : pb + j0 * 8, transB ? k : n,
        beta, pc + (i0 * n + j0) * 8, n, scratch,
      ];
      const own = part(blocks[0], mine);
      const ok = team.run('gemmPart', part(blocks[1], theirs), () => exports.gemmPart(...own));
      if (!ok) return plainGemm(transA, transB, m, n, k, alpha, a, b, beta, c);
      c.set(cv);
    },

    release() {
      plain.release?.();
      idle.cancel();
      team.stop();
    },

    threads(): ThreadsStatus {
      if (team.state === 'off') return { count: 1, reason: team.reason };
      return { count: 2, reason: `${options.why}; calls of at least ${Math.round(Math.cbrt(gemmMinWork))}³ multiply-adds split across the main thread and one helper worker` };
    },
  };
  return { table, team };
}

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
