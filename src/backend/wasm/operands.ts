/**
 * Moving operands between JS arrays and the wasm arena, with the defence-in-depth checks every
 * wasm kernel wrapper runs (the facade checked already).
 */

import { ShapeError } from '../../errors.js';
import type { WasmArena } from './arena.js';

/**
 * A buffer shorter than the size a kernel is told would leave part of the arena copy
 * unwritten, and wasm would compute on whatever the previous call left there. O(1) per operand.
 */
export function need(kernel: string, name: string, buffer: Float64Array, length: number): void {
  if (!(buffer instanceof Float64Array) || buffer.length < length) {
    throw new ShapeError(`wasm ${kernel}: ${name} holds ${buffer instanceof Float64Array ? buffer.length : 'no Float64Array'} entries; the sizes given need ${length}`);
  }
}

/** `need` for an Int32Array (pivot indices). */
export function needI32(kernel: string, name: string, buffer: Int32Array, length: number): void {
  if (!(buffer instanceof Int32Array) || buffer.length < length) {
    throw new ShapeError(`wasm ${kernel}: ${name} holds ${buffer instanceof Int32Array ? buffer.length : 'no Int32Array'} entries; the sizes given need ${length}`);
  }
}

/**
 * getrf's interchanges as getrs / getri read them: ipiv[i] must name a row in [i, n), or the
 * kernel would swap with memory outside the matrix. O(n).
 */
export function needPivots(kernel: string, ipiv: Int32Array, n: number): void {
  needI32(kernel, 'ipiv', ipiv, n);
  for (let i = 0; i < n; i++) {
    const p = ipiv[i];
    if (!(p >= i && p < n)) throw new ShapeError(`wasm ${kernel}: ipiv[${i}] = ${p} is not a row in [${i}, ${n}) (pass getrf's pivots)`);
  }
}

/** Copies the first `len` values of `src` to `ptr` (after the call's last alloc). */
export function copyIn(arena: WasmArena, ptr: number, src: Float64Array, len: number): void {
  if (len > 0) arena.view(ptr, len).set(src.length === len ? src : src.subarray(0, len));
}

/** Copies the first `len` values of `src` to the i32 slots at `ptr` (after the last alloc). */
export function copyInI32(arena: WasmArena, ptr: number, src: Int32Array, len: number): void {
  if (len > 0) arena.viewI32(ptr, len).set(src.length === len ? src : src.subarray(0, len));
}
