/**
 * Where a call is cut in two: along C's longer side, so that each thread still gets whole
 * register tiles (rows in multiples of the tile's rows, MR: 4 in the plain build, 6 in the
 * relaxed one — the tiles one thread would run, so the split rounds as it does) and whole
 * cache lines of C (columns in multiples of 8 doubles, so the two threads never write the
 * same line; also a multiple of the tile's 4 columns).
 */

/** One thread's block of a row-major m × n gemm: rows [i0, i1) × columns [j0, j1). */
export interface Block {
  i0: number;
  i1: number;
  j0: number;
  j1: number;
}

const COL_GRAIN = 8;

/** The two blocks (main thread's first), or undefined when C is too small to cut. `rowGrain`: MR. */
export function splitGemm(m: number, n: number, rowGrain: number): [Block, Block] | undefined {
  if (m >= n) {
    const cut = Math.round(m / 2 / rowGrain) * rowGrain;
    if (cut <= 0 || cut >= m) return undefined;
    return [{ i0: 0, i1: cut, j0: 0, j1: n }, { i0: cut, i1: m, j0: 0, j1: n }];
  }
  const cut = Math.round(n / 2 / COL_GRAIN) * COL_GRAIN;
  if (cut <= 0 || cut >= n) return undefined;
  return [{ i0: 0, i1: m, j0: 0, j1: cut }, { i0: 0, i1: m, j0: cut, j1: n }];
}
