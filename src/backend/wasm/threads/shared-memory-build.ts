/**
 * The module two threads run: the very module the one-thread wasm runs, with its imported
 * memory declared shared. The build imports a plain memory (limits flag 0x01: a minimum and a
 * maximum); setting the flag's shared bit (0x03) is a one-byte change that leaves every
 * section's length as it was, so the package ships one file per build and both threads run
 * exactly the code — and round exactly as — the one-thread wasm does. Portable: bytes only.
 */
import type { KernelTable } from '../../registry.js';
import { moduleBytes } from '../compile.js';

/** Why a module's bytes cannot be turned into the shared-memory build. */
export class NotShareable extends Error {}

const IMPORT_SECTION = 2;
const KIND_FUNC = 0;
const KIND_TABLE = 1;
const KIND_MEMORY = 2;
const KIND_GLOBAL = 3;
const KIND_TAG = 4;
const LIMITS_MIN_MAX = 0x01;
const LIMITS_SHARED = 0x02;

/**
 * A copy of `bytes` (a wasm module importing `env.memory` with a maximum) whose memory import
 * is shared. Throws NotShareable, saying why, for anything else.
 */
export function sharedMemoryBuild(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(bytes);
  const read = reader(out);
  if (out.length < 8 || read.u32le() !== 0x6d736100 || read.u32le() !== 1) throw new NotShareable('not a wasm module (version 1)');
  while (read.at < out.length) {
    const id = read.byte();
    const size = read.leb();
    const end = read.at + size;
    if (end > out.length) throw new NotShareable('a section runs past the end of the module');
    if (id !== IMPORT_SECTION) {
      read.at = end;
      continue;
    }
    for (let count = read.leb(); count > 0; count--) {
      const module = read.name();
      const field = read.name();
      const kind = read.byte();
      if (kind === KIND_MEMORY) {
        const flagAt = read.at;
        const flags = read.byte();
        if (module !== 'env' || field !== 'memory') throw new NotShareable(`it imports its memory as ${module}.${field}, not env.memory`);
        if (flags & LIMITS_SHARED) return out; // already the shared build
        if (flags !== LIMITS_MIN_MAX) throw new NotShareable('its memory import has no maximum (a shared memory needs one)');
        out[flagAt] = flags | LIMITS_SHARED;
        return out;
      }
      skipImport(read, kind);
    }
    break;
  }
  throw new NotShareable('it defines its own memory instead of importing env.memory');
}

function skipImport(read: Reader, kind: number): void {
  if (kind === KIND_FUNC || kind === KIND_TAG) {
    if (kind === KIND_TAG) read.byte(); // attribute
    read.leb(); // type index
  } else if (kind === KIND_TABLE) {
    read.byte(); // element type
    skipLimits(read);
  } else if (kind === KIND_GLOBAL) {
    read.byte(); // value type
    read.byte(); // mutability
  } else {
    throw new NotShareable(`an import of unknown kind ${kind}`);
  }
}

function skipLimits(read: Reader): void {
  const flags = read.byte();
  read.leb();
  if (flags & LIMITS_MIN_MAX) read.leb();
}

interface Reader {
  at: number;
  byte(): number;
  u32le(): number;
  leb(): number;
  name(): string;
}

function reader(bytes: Uint8Array): Reader {
  const r: Reader = {
    at: 0,
    byte() {
      if (r.at >= bytes.length) throw new NotShareable('the module ends in the middle of a section');
      return bytes[r.at++]!;
    },
    u32le() {
      return (r.byte() | (r.byte() << 8) | (r.byte() << 16) | (r.byte() << 24)) >>> 0;
    },
    leb() {
      let value = 0;
      for (let shift = 0; shift < 35; shift += 7) {
        const b = r.byte();
        value += (b & 0x7f) * 2 ** shift;
        if ((b & 0x80) === 0) return value;
      }
      throw new NotShareable('a malformed LEB128 number');
    },
    name() {
      const length = r.leb();
      if (r.at + length > bytes.length) throw new NotShareable('a name runs past the end of the module');
      let s = '';
      for (let i = 0; i < length; i++) s += String.fromCharCode(bytes[r.at + i]!);
      r.at += length;
      return s;
    },
  };
  return r;
}

/**
 * The bytes of the module two threads run beside the one-thread table `plain`: its own
 * module's shared-memory build, or why there is none.
 */
export function teamModuleBytes(plain: KernelTable): Uint8Array<ArrayBuffer> | string {
  const bytes = plain.module && moduleBytes(plain.module);
  if (!bytes) {
    return 'init({ wasm }) gave a compiled WebAssembly.Module; two threads run its shared-memory build, made from its bytes (give its URL, a Response or its bytes instead)';
  }
  try {
    return sharedMemoryBuild(bytes);
  } catch (err) {
    if (err instanceof NotShareable) return `the wasm module cannot run on two threads: ${err.message}`;
    throw err;
  }
}
