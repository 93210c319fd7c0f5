/**
 * The wasm backend: the AssemblyScript kernels in assembly/, wrapped to the `Kernels` contract.
 *
 * Works from an already compiled `WebAssembly.Module` (workerd can only be handed one, and Node,
 * browsers and Deno all can), instantiates synchronously and uses no host APIs.
 */

import type { Kernels } from '../kernels.js';
import { WasmArena } from './arena.js';

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
}

/** Reads an AssemblyScript string (UTF-16, byte length in the 4 bytes before it). */
function readString(memory: WebAssembly.Memory | undefined, ptr: number): string {
  if (memory === undefined || ptr === 0) return '';
  try {
    const bytes = new DataView(memory.buffer).getUint32(ptr - 4, true);
    return String.fromCharCode(...new Uint16Array(memory.buffer, ptr, bytes >>> 1));
  } catch {
    return `<string @${ptr}>`;
  }
}

export function instantiateWasmKernels(module: WebAssembly.Module): Kernels {
  let memory: WebAssembly.Memory | undefined;
  const imports = {
    env: {
      // Only reachable if the module is built with assertions on; release builds use noAssert.
      abort(message: number, file: number, line: number, column: number): never {
        throw new Error(
          `mmlkit wasm abort: ${readString(memory, message)} at ${readString(memory, file)}:${line}:${column}`,
        );
      },
    },
  };
  const exports = new WebAssembly.Instance(module, imports).exports as unknown as WasmExports;
  memory = exports.memory;
  const arena = new WasmArena(memory, exports.heapBase());

  return {
    gemm(transA, transB, m, n, k, alpha, a, b, beta, c) {
      if (m === 0 || n === 0) return;
      const sizeA = m * k;
      const sizeB = k * n;
      const sizeC = m * n;
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
  };
}
