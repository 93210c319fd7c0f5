/**
 * Which build of the wasm module to load: `plain` (SIMD128, runs wherever wasm SIMD does) or
 * `relaxed` (the same kernels with fused multiply-adds, `f64x2.relaxed_madd`: faster where the
 * runtime has relaxed SIMD — Chromium, Node ≥ 22 — and refused elsewhere: Node 20 without
 * `--experimental-wasm-relaxed-simd`). Portable: uses only WebAssembly.validate.
 *
 * The choice is the application's (`init({ wasmVariant })`), else MMLKIT_WASM_VARIANT, else
 * `auto`: relaxed where the runtime validates a tiny relaxed-SIMD probe, plain otherwise.
 */
import { OptionError } from '../../errors.js';
import { envVar } from '../env.js';

/** A build of the wasm module: `plain` SIMD128, or `relaxed` (fused multiply-add). */
export type WasmVariant = 'plain' | 'relaxed';

/** `init({ wasmVariant })` and MMLKIT_WASM_VARIANT: a build, or `auto` (relaxed where it validates). */
export type WasmVariantChoice = 'auto' | WasmVariant;

const CHOICES: readonly WasmVariantChoice[] = ['auto', 'plain', 'relaxed'];

/** Each build's file name in dist/wasm (the browser entry spells these out for bundlers). */
export const WASM_FILES: Record<WasmVariant, string> = { plain: 'mmlkit.wasm', relaxed: 'mmlkit-relaxed.wasm' };

/** Which build the wasm backend runs and why, as `backends()` reports it. */
export interface VariantInfo {
  /** `given`: the module came from `init({ wasm })` or MMLKIT_WASM_PATH, whichever build it is. */
  name: WasmVariant | 'given';
  /** Why this build runs (validated, forced by option or environment, a fallback and its reason). */
  why: string;
}

/**
 * The smallest module using relaxed SIMD: one function applying `f64x2.relaxed_madd` to a v128
 * local. `WebAssembly.validate` accepts it exactly where the relaxed build can be compiled.
 */
const RELAXED_PROBE = Uint8Array.of(
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // \0asm, version 1
  0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type section: () -> ()
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x10, 0x01, 0x0e, 0x01, 0x01, 0x7b, // code section: one body, one v128 local
  0x20, 0x00, 0x20, 0x00, 0x20, 0x00, // local.get 0, three times
  0xfd, 0x87, 0x02, 0x1a, 0x0b, // f64x2.relaxed_madd, drop, end
);

/** True where this runtime compiles relaxed-SIMD wasm (without flags: Chromium, Node ≥ 22). */
export function relaxedSimdSupported(): boolean {
  try {
    return WebAssembly.validate(RELAXED_PROBE);
  } catch {
    return false;
  }
}

/** Validates a `wasmVariant` option or MMLKIT_WASM_VARIANT value. */
export function parseVariantChoice(value: unknown, source: string): WasmVariantChoice {
  const v = typeof value === 'string' ? value.trim().toLowerCase() : value;
  if (CHOICES.includes(v as WasmVariantChoice)) return v as WasmVariantChoice;
  throw new OptionError(source, `one of ${CHOICES.map((c) => `'${c}'`).join(', ')}`, value);
}

/** The build to load, why, and whether the application insisted on it (no fallback then). */
export interface VariantPick {
  variant: WasmVariant;
  why: string;
  forced: boolean;
}

/**
 * The build to load: `option` (init's `wasmVariant`) wins over MMLKIT_WASM_VARIANT, which wins
 * over `auto`. Throws OptionError for a value that is not a variant, and an Error when relaxed is
 * forced on a runtime that rejects it (the backend is then unavailable with that reason).
 */
export function pickVariant(option?: unknown): VariantPick {
  let choice: WasmVariantChoice = 'auto';
  let by = '';
  if (option !== undefined) {
    choice = parseVariantChoice(option, 'init: wasmVariant');
    by = `init({ wasmVariant: '${choice}' })`;
  } else {
    const env = envVar('MMLKIT_WASM_VARIANT');
    if (env !== undefined && env.trim() !== '') {
      choice = parseVariantChoice(env, 'MMLKIT_WASM_VARIANT');
      by = `MMLKIT_WASM_VARIANT=${choice}`;
    }
  }
  if (choice === 'plain') return { variant: 'plain', why: `asked for by ${by}`, forced: true };
  const supported = relaxedSimdSupported();
  if (choice === 'relaxed') {
    if (!supported) throw new Error(`${by} asks for the relaxed-SIMD build, which this runtime rejects (WebAssembly.validate of a relaxed-SIMD probe is false)`);
    return { variant: 'relaxed', why: `asked for by ${by}`, forced: true };
  }
  return supported
    ? { variant: 'relaxed', why: 'this runtime validates relaxed SIMD', forced: false }
    : { variant: 'plain', why: 'this runtime rejects relaxed SIMD (Node 20 without --experimental-wasm-relaxed-simd, or an older browser)', forced: false };
}
