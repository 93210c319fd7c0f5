/**
 * Loads the C++ addon (Node only). Never throws to the caller of `registerLoader`: the
 * registry turns an exception here into `available: false` with this message as the reason.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { envVar } from '../env.js';
import type { Kernels } from '../kernels.js';
import { packageRoot } from '../package-root.js';

/** What the addon exports beyond the kernel table. */
export interface NativeAddon extends Partial<Kernels> {
  info(): { isa: string; threads: number; version: number; sanitizer: 'none' | 'address' | 'undefined' };
  setThreads(n: number): void;
}

/** Where an addon may be: an explicit override, a local build, a shipped prebuild. */
function candidates(root: string): string[] {
  const fromEnv = envVar('MMLKIT_NATIVE_PATH');
  return [
    ...(fromEnv ? [fromEnv] : []),
    join(root, 'build', 'Release', 'mmlkit.node'),
    join(root, 'prebuilds', `${process.platform}-${process.arch}`, 'mmlkit.node'),
  ];
}

let addon: NativeAddon | undefined;

export function loadNative(): NativeAddon {
  if (addon) return addon;
  const root = packageRoot();
  const found = candidates(root).find((p) => existsSync(p));
  if (!found) {
    const errorFile = join(root, 'build', 'native-build-error.txt');
    const why = existsSync(errorFile) ? readFileSync(errorFile, 'utf8').trim() : 'the addon has not been built';
    throw new Error(`${why} (looked for build/Release/mmlkit.node; run \`npm run build:native\` to build it)`);
  }
  const require = createRequire(import.meta.url);
  try {
    addon = require(found) as NativeAddon;
  } catch (err) {
    throw new Error(`cannot load ${found}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return addon;
}
