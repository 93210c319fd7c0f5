/**
 * Loads the C++ addon (Node only). Never throws to the caller of `registerLoader`: the
 * registry turns an exception here into `available: false` with this message as the reason.
 *
 * Where the addon comes from, first that loads wins (docs/native-builds.md):
 * 1. `MMLKIT_NATIVE_PATH`, when set: the only candidate (a missing or broken file there is the
 *    reason native is unavailable; the user asked for that file and must not get another);
 * 2. `build/Release/mmlkit.node`: a local build (`npm run build:native`, or the install script
 *    when no prebuild fits), made from these sources for this machine;
 * 3. `prebuilds/<platform>-<arch>/mmlkit.node`: the binary shipped in the package.
 * A candidate that exists but does not load (built for another CPU, corrupt) is skipped; if none
 * loads, the reason names each file tried, why it failed, and the command that builds one.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve, sep } from 'node:path';
import { envVar } from '../env.js';
import type { Kernels } from '../kernels.js';
import { packageRoot } from '../package-root.js';

/** What the addon exports beyond the kernel table. */
export interface NativeAddon extends Partial<Kernels> {
  info(): {
    isa: string;
    threads: number;
    version: number;
    /**
     * Whether the addon set glibc malloc to keep freed large blocks for reuse (it does so when
     * it loads, unless MMLKIT_HEAP_RETAIN=0; docs/native-builds.md says why): first writes to
     * new memory cost a page fault per 4 KB page, ~12 µs each on some virtual machines.
     */
    heap: { retained: true; mmapThreshold: number; trimThreshold: number } | { retained: false; why: string };
    /** The sanitizers this build carries (scripts/sanitize.sh builds with both by default). */
    sanitizer: 'none' | 'address' | 'undefined' | 'address,undefined';
  };
  setThreads(n: number): void;
  /** Frees this thread's gemm and LU scratch and trims the C heap (BackendHooks.release). */
  release(): void;
}

/** Which file the loaded addon came from, and the candidates skipped before it. */
export interface NativeOrigin {
  kind: 'MMLKIT_NATIVE_PATH' | 'local build' | 'prebuild';
  path: string;
  /** One line per candidate that exists but did not load (path: reason). */
  skipped: string[];
}

interface Candidate {
  kind: NativeOrigin['kind'];
  path: string;
}

/** The file a prebuild for this platform and CPU has in the package (prebuildify's layout). */
export function prebuildPath(root: string): string {
  return join(root, 'prebuilds', `${process.platform}-${process.arch}`, 'mmlkit.node');
}

function candidates(root: string): Candidate[] {
  return [
    { kind: 'local build', path: join(root, 'build', 'Release', 'mmlkit.node') },
    { kind: 'prebuild', path: prebuildPath(root) },
  ];
}

let addon: NativeAddon | undefined;
let origin: NativeOrigin | undefined;

/** Where the loaded addon came from (undefined until `loadNative()` succeeded). */
export function nativeOrigin(): NativeOrigin | undefined {
  return origin;
}

export function loadNative(): NativeAddon {
  if (addon) return addon;
  const fromEnv = envVar('MMLKIT_NATIVE_PATH');
  if (fromEnv !== undefined && fromEnv !== '') {
    // Resolved against the working directory: require('build-asan/x.node') would search node_modules.
    const path = resolve(fromEnv);
    if (!existsSync(path)) throw new Error(`MMLKIT_NATIVE_PATH names ${path}, which does not exist`);
    const loaded = tryRequire(path);
    if (typeof loaded === 'string') throw new Error(`MMLKIT_NATIVE_PATH names ${path}, which cannot be loaded: ${loaded}`);
    origin = { kind: 'MMLKIT_NATIVE_PATH', path, skipped: [] };
    return (addon = loaded);
  }

  const root = packageRoot();
  const skipped: string[] = [];
  for (const c of candidates(root).filter((x) => existsSync(x.path))) {
    const loaded = tryRequire(c.path);
    if (typeof loaded === 'string') {
      skipped.push(`${c.kind} ${relative(root, c.path)} cannot be loaded: ${loaded}`);
      continue;
    }
    origin = { kind: c.kind, path: c.path, skipped };
    return (addon = loaded);
  }
  throw new Error(`${whyNone(root, skipped)}; ${rebuildHint(root)}`);
}

/**
 * What to run to build the addon for this system: in an installed package `npm rebuild mmlkit`
 * (reruns the install script); in a clone of the repository (not under node_modules), the
 * developer's script.
 */
export function rebuildHint(root: string): string {
  const installed = root.split(sep).includes('node_modules');
  return installed
    ? 'run `npm rebuild mmlkit` to build it from source (needs a C++ compiler, make and python3)'
    : 'run `npm run build:native` to build it (this is a clone of mmlkit, not an installed package)';
}

function whyNone(root: string, skipped: string[]): string {
  const parts = [...skipped];
  // The install script leaves here why it built nothing (its text covers the prebuild too).
  const errorFile = join(root, 'build', 'native-build-error.txt');
  if (existsSync(errorFile)) {
    parts.push(`at install: ${readFileSync(errorFile, 'utf8').trim()}`);
  } else {
    if (!existsSync(prebuildPath(root))) parts.push(`no prebuilt addon for ${process.platform}-${process.arch} in this package`);
    if (!existsSync(join(root, 'build', 'Release', 'mmlkit.node'))) parts.push('none was built at install (install scripts skipped?)');
  }
  return parts.join('; ');
}

/** The addon, or why it could not be loaded (the loader's error plus what the file is). */
function tryRequire(path: string): NativeAddon | string {
  const require = createRequire(import.meta.url);
  try {
    return require(path) as NativeAddon;
  } catch (err) {
    // dlopen's message starts with the path, which the caller's message already names.
    const why = (err instanceof Error ? err.message.split('\n')[0]! : String(err)).replace(`${path}: `, '');
    const what = describeBinary(path);
    return what ? `${what} (${why})` : why;
  }
}

/** ELF e_machine values of the CPUs Node runs on. */
const ELF_MACHINES: Record<number, string> = { 3: 'ia32', 40: 'arm', 62: 'x64', 183: 'arm64', 243: 'riscv64', 21: 'ppc64', 22: 's390x' };

/**
 * On Linux, a plain-words reason a shared library would not load: not an ELF file at all, or
 * built for another CPU (dlopen says "cannot open shared object file" or "wrong ELF class",
 * which does not say which). Undefined when the header looks right or cannot be read.
 */
export function describeBinary(path: string): string | undefined {
  if (process.platform !== 'linux') return undefined;
  const head = Buffer.alloc(20);
  let n = 0;
  try {
    const fd = openSync(path, 'r');
    try {
      n = readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  if (n < 20 || head.readUInt32BE(0) !== 0x7f454c46) return 'it is not a shared library (corrupt or truncated)';
  const machine = head[5] === 2 ? head.readUInt16BE(18) : head.readUInt16LE(18);
  const arch = ELF_MACHINES[machine] ?? `ELF machine ${machine}`;
  if (arch !== process.arch) return `it is built for ${arch}, but this Node runs on ${process.arch}`;
  return undefined;
}
