/**
 * A bump allocator over a wasm instance's linear memory, above the module's static data.
 *
 * Kernels copy their operands in, run, and copy results out; the arena is reset at the start of
 * every call, so linear memory only ever grows to the largest single call (its high-water mark).
 * Growing the memory detaches every existing view, so callers allocate everything first and only
 * then take views.
 */

import { ShapeError } from '../../errors.js';
import { formatBytes } from '../../validate.js';

const PAGE_BYTES = 65536;
/** A wasm32 linear memory holds at most 65536 pages: 4 GiB, operands and results together. */
const MAX_WASM_BYTES = 65536 * PAGE_BYTES;
const ALIGN = 16; // v128 loads/stores prefer 16-byte alignment

/**
 * Generations are numbered across every arena, not per arena: an instance (and its arena) is
 * replaced after an idle release, and scratch cached under the old arena's generation must
 * never look current in the new one (its pointers may lie past the new memory's end, or on
 * the new call's operands).
 */
let lastGeneration = 0;

export class WasmArena {
  private top: number;

  constructor(
    private readonly memory: WebAssembly.Memory,
    /** First free byte above the module's static data (16-aligned). */
    private readonly base: number,
  ) {
    this.top = base;
  }

  /** Names the allocations since the last reset: no other reset of any arena has the same. */
  generation = ++lastGeneration;

  /** Frees everything allocated so far (memory is kept for reuse). */
  reset(): void {
    this.top = this.base;
    this.generation = ++lastGeneration;
  }

  /** Reserves room for `count` float64 values and returns the byte offset; may grow memory. */
  alloc(count: number): number {
    const ptr = this.top;
    const end = ptr + Math.ceil((count * 8) / ALIGN) * ALIGN;
    this.ensure(end);
    this.top = end;
    return ptr;
  }

  /** Reserves room for `count` int32 values (pivot indices) and returns the byte offset. */
  allocI32(count: number): number {
    return this.alloc(Math.ceil(count / 2));
  }

  /** A fresh view of `len` int32 values at `ptr`: take it only after the last `alloc`. */
  viewI32(ptr: number, len: number): Int32Array {
    return new Int32Array(this.memory.buffer, ptr, len);
  }

  /** A fresh view of `len` float64 values at `ptr`: take it only after the last `alloc`. */
  view(ptr: number, len: number): Float64Array {
    return new Float64Array(this.memory.buffer, ptr, len);
  }

  private ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    if (!(end <= MAX_WASM_BYTES)) {
      throw new ShapeError(
        `wasm backend: this call needs ${formatBytes(end)} of linear memory for its operands and results; a wasm32 memory holds at most 4 GiB (use the native or ts backend for this size)`,
      );
    }
    const pages = Math.ceil((end - have) / PAGE_BYTES);
    let grown: number;
    try {
      grown = this.memory.grow(pages);
    } catch {
      grown = -1; // the JS API throws RangeError when the engine refuses
    }
    if (grown < 0) {
      throw new ShapeError(
        `wasm backend: this call needs ${formatBytes(end)} of linear memory (had ${formatBytes(have)}); the engine refused to grow it (memory.grow(${pages} pages) failed: out of memory or past the module's maximum)`,
      );
    }
  }
}
