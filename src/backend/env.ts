/**
 * Reads an optional configuration variable (MMLKIT_BACKEND, MMLKIT_WASM_PATH, …).
 *
 * Undefined where there is nothing to read: no `process` (browsers, workerd) or a runtime that
 * refuses the read — Deno without `--allow-env` throws on `process.env.X`, and letting that
 * escape would make every kernel call fail, even on the ts backend.
 */
export function envVar(name: string): string | undefined {
  try {
    return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
  } catch {
    return undefined;
  }
}
