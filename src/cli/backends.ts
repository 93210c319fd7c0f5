import { relative } from 'node:path';
import { backends, getBackend, type BackendStatus } from '../entry/node.js';
import { KERNEL_NAMES } from '../backend/kernels.js';
import { loadNative, nativeOrigin, type NativeAddon } from '../backend/native/load.js';
import { packageRoot } from '../backend/package-root.js';

/** `mmlkit backends`: one line per backend, the active one marked. */
export function runBackends(json: boolean): void {
  const list = backends();
  const active = getBackend();
  if (json) {
    console.log(JSON.stringify({ active, backends: list }, null, 2));
    return;
  }
  for (const b of list) {
    const mark = b.name === active ? '*' : ' ';
    const detail = b.available ? describe(b) : `unavailable: ${b.reason}`;
    console.log(`${mark} ${b.name.padEnd(7)} ${detail}`);
    const lacking = b.available ? KERNEL_NAMES.filter((k) => !b.kernels!.includes(k)) : [];
    if (lacking.length > 0) console.log(`          runs on ts: ${lacking.join(', ')}`);
    if (b.threads) console.log(`          ${b.threads.count === 2 ? 'two threads' : 'one thread'}: ${b.threads.reason}`);
    // A local build that did not load (built for another CPU, say) is passed over quietly by
    // the loader; say so here, where someone is looking.
    if (b.name === 'native' && b.available) {
      for (const s of nativeOrigin()!.skipped) console.log(`          skipped: ${s}`);
      console.log(`          ${heapLine(loadNative().info().heap)}`);
    }
  }
  console.log(`\nactive: ${active} (set MMLKIT_BACKEND=native|wasm|ts|auto to choose)`);
}

function heapLine(heap: ReturnType<NativeAddon['info']>['heap']): string {
  const mb = (bytes: number): string => `${bytes / 2 ** 20} MB`;
  return heap.retained
    ? `C heap keeps freed blocks for reuse (blocks up to ${mb(heap.mmapThreshold)}, ${mb(heap.trimThreshold)} kept free; MMLKIT_HEAP_RETAIN=0 turns it off)`
    : `C heap as the system set it (${heap.why})`;
}

function describe({ name, variant }: BackendStatus): string {
  if (name === 'native') {
    const info = loadNative().info();
    const origin = nativeOrigin()!;
    const file = origin.kind === 'MMLKIT_NATIVE_PATH' ? origin.path : relative(packageRoot(), origin.path);
    return `available (${info.isa}, ${info.threads} threads, ${origin.kind} ${file})`;
  }
  if (name === 'wasm') {
    const build = variant?.name === 'relaxed' ? 'relaxed SIMD, fused multiply-add' : variant?.name === 'given' ? 'module given' : 'SIMD128';
    return `available (${build}${variant ? `: ${variant.why}` : ''}; MMLKIT_WASM_VARIANT=plain|relaxed to choose)`;
  }
  return 'available (pure TypeScript reference)';
}
