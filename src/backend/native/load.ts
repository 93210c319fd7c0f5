/**
 * Loads the C++ addon (Node only). Never throws to the caller of `registerLoader`: the
 * registry turns an exception here into `available: false` with this message as the reason.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { envVar } from '../env.js';
import type { Kernels } from '../kernels.js';
import { packageRoot } from '../package-root.js';

/** What the addon exports beyond the kernel table. */
export interface NativeAddon extends Partial<Kernels> {
  info(): { isa: string; threads: number; version: number; sanitizer: 'none' | 'address' | 'undefined' };
  setThreads(n: number): void;
  /** Frees this thread's gemm and LU scratch and trims the C heap (BackendHooks.release). */
  release(): void;
}

/** Where an addon may be when MMLKIT_NATIVE_PATH is not set: a local build, a shipped prebuild. */
function candidates(root: string): string[] {
  return [join(root, 'build', 'Release', 'mmlkit.node'), join(root, 'prebuilds', `${process.platform}-${process.arch}`, 'mmlkit.node')];
}

let addon: NativeAddon | undefined;

export function loadNative(): NativeAddon {
  if (addon) return addon;
  // An explicit path is the only candidate: a missing or broken file there is an error (the
  // backend is unavailable, with this reason), never a silent load of build/Release instead —
  // the user asked for that file (a sanitizer build, say) and must not get another.
  const fromEnv = envVar('MMLKIT_NATIVE_PATH');
  if (fromEnv !== undefined && fromEnv !== '') {
    // Resolved against the working directory: require('build-asan/x.node') would search node_modules.
    const path = resolve(fromEnv);
    if (!existsSync(path)) throw new Error(`MMLKIT_NATIVE_PATH names ${path}, which does not exist`);
    return (addon = requireAddon(path, true));
  }
  const root = packageRoot();
  const found = candidates(root).find((p) => existsSync(p));
  if (!found) {
    const errorFile = join(root, 'build', 'native-build-error.txt');
    const why = existsSync(errorFile) ? readFileSync(errorFile, 'utf8').trim() : 'the addon has not been built';
    throw new Error(`${why} (looked for build/Release/mmlkit.node; run \`npm run build:native\` to build it)`);
  }
  return (addon = requireAddon(found, false));
}

function requireAddon(path: string, fromEnv: boolean): NativeAddon {
  const require = createRequire(import.meta.url);
  try {
    return require(path) as NativeAddon;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(fromEnv ? `MMLKIT_NATIVE_PATH names ${path}, which cannot be loaded: ${why}` : `cannot load ${path}: ${why}`);
  }
}
