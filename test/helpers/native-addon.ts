/**
 * The file of the native addon the package loads in this process (src/backend/native/load.ts:
 * MMLKIT_NATIVE_PATH, a local build or the prebuild), for tests that load it again in a child
 * process; undefined when none loads.
 */
import { loadNative, nativeOrigin } from '../../src/backend/native/load.js';

export function addonPath(): string | undefined {
  try {
    loadNative();
    return nativeOrigin()?.path;
  } catch {
    return undefined;
  }
}
