/**
 * gramAccumulate split across two threads: each thread accumulates its own strips of C's lower
 * triangle (src/backend/wasm/threads/threaded-kernels.ts picks the cut), packing the row block
 * into scratch of its own.
 */
import { GRAM_EDGE_BYTES, gramAccumulateStrips, gramAccumulateWorkSize } from '../gram-accumulate';

/** Bytes of scratch one thread needs for `gramAccumulatePart` on n features (16-aligned pieces). */
export function gramAccumulatePartBytes(n: i32): usize {
  return <usize>gramAccumulateWorkSize(n) * 8 + GRAM_EDGE_BYTES;
}

export function gramAccumulatePart(m: i32, n: i32, a: usize, shift: usize, c: usize, g0: i32, g1: i32, scratch: usize): void {
  gramAccumulateStrips(m, n, a, shift, c, scratch + GRAM_EDGE_BYTES, scratch, g0, g1);
}
