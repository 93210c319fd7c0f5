/**
 * `init({ wasm })`: the wasm module from wherever the application has it. Bundlers differ in
 * what they do with mmlkit.wasm (Vite copies it and rewrites its URL, esbuild leaves it behind),
 * so the application may hand over the file's URL, a Response, its bytes or a compiled module.
 * Portable: uses only fetch and WebAssembly.
 */
import { OptionError } from '../../errors.js';

/**
 * Where the wasm backend's module comes from: its URL (string or `URL`), a `Response` (or a
 * promise of one, e.g. `fetch(url)`), the bytes of the `.wasm` file (`ArrayBuffer`,
 * `Uint8Array` or another view) or an already compiled `WebAssembly.Module`.
 */
export type WasmSource = string | URL | Response | PromiseLike<Response> | ArrayBuffer | ArrayBufferView | CompiledWasmModule;

/**
 * `WebAssembly.Module`, read off `globalThis` so that the published declarations also
 * type-check in projects whose types have no WebAssembly namespace (Node-only projects with
 * `lib: ["es2022"]` and @types/node 20): there it is `never`, and the other kinds remain.
 */
export type CompiledWasmModule = typeof globalThis extends { WebAssembly: { Module: abstract new (...args: never[]) => infer M } } ? M : never;

const EXPECTED = 'a URL (string or URL), a Response or promise of one, the bytes of mmlkit.wasm (ArrayBuffer or Uint8Array) or a WebAssembly.Module';

/** The `\0asm` magic number every wasm binary starts with. */
const MAGIC = [0x00, 0x61, 0x73, 0x6d];

/**
 * Compiles `source` into a module. Throws OptionError for a value of another kind, and an Error
 * naming the URL and what went wrong for a fetch that fails or bytes that are not wasm (an HTML
 * page served in place of a file the bundler did not copy, typically).
 */
export async function compileWasm(source: WasmSource): Promise<CompiledWasmModule> {
  if (source instanceof WebAssembly.Module) return source;
  if (source instanceof ArrayBuffer) return compileBytes(new Uint8Array(source), 'the bytes given');
  if (ArrayBuffer.isView(source)) return compileBytes(new Uint8Array(source.buffer, source.byteOffset, source.byteLength), 'the bytes given');
  if (typeof source === 'string' || source instanceof URL) return fromResponse(await fetchWasm(String(source)), String(source));
  if (isResponse(source)) return fromResponse(source, source.url || 'the Response given');
  if (isThenable(source)) {
    const response: unknown = await source;
    if (!isResponse(response)) throw new OptionError('init: wasm', EXPECTED, response);
    return fromResponse(response, response.url || 'the Response given');
  }
  throw new OptionError('init: wasm', EXPECTED, source);
}

async function fetchWasm(url: string): Promise<Response> {
  try {
    return await fetch(url);
  } catch (err) {
    throw new Error(`cannot fetch ${url}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function fromResponse(response: Response, where: string): Promise<WebAssembly.Module> {
  if (!response.ok) throw new Error(`cannot fetch ${where}: HTTP ${response.status}`);
  return compileBytes(new Uint8Array(await response.arrayBuffer()), where);
}

/** Checks the magic number first: compiling an HTML page fails with a message nobody reads right. */
async function compileBytes(bytes: Uint8Array, where: string): Promise<WebAssembly.Module> {
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) {
    const head = Array.from(bytes.subarray(0, 16), (b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : '.')).join('');
    throw new Error(`${where} is not a wasm file (${bytes.length} bytes starting '${head}'; an HTML page means the server had no mmlkit.wasm at that URL)`);
  }
  // The copy makes the bytes a plain ArrayBuffer-backed array (a view of a SharedArrayBuffer is refused by the types).
  const copy = new Uint8Array(bytes);
  return remember(await WebAssembly.compile(copy), copy);
}

/**
 * The bytes each module compiled here came from: two threads run a module's shared-memory
 * build (threads/shared-memory-build.ts), made from its bytes. A module handed over already
 * compiled has none.
 */
const bytesOf = new WeakMap<object, Uint8Array>();

/** Records that `module` was compiled from `bytes`; returns `module`. */
export function remember<M extends CompiledWasmModule>(module: M, bytes: Uint8Array): M {
  bytesOf.set(module, bytes);
  return module;
}

/** The bytes `module` was compiled from here, if it was. */
export function moduleBytes(module: CompiledWasmModule): Uint8Array | undefined {
  return bytesOf.get(module);
}

function isResponse(x: unknown): x is Response {
  return typeof Response === 'function' && x instanceof Response;
}

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return x !== null && typeof x === 'object' && typeof (x as { then?: unknown }).then === 'function';
}
