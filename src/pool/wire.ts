/**
 * What crosses between a `Pool` and its worker threads. Structured clone keeps typed arrays and
 * plain objects but drops classes, so the library's own classes travel tagged and are rebuilt
 * on the other side: `Matrix` (its buffer shared when it is a SharedArrayBuffer, copied
 * otherwise — a caller's input is never detached), `PcaModel`, `PcaAccumulator` and `Mlp`
 * (through their JSON forms), and errors (class and fields, so `instanceof ShapeError` and
 * `e.shapes` work on the caller's side). Results are moved, not copied: their buffers are
 * listed for transfer.
 */
import * as errors from '../errors.js';
import { Mlp, type MlpJson } from '../calculus/mlp.js';
import { Matrix } from '../matrix.js';
import { PcaAccumulator } from '../pca/accumulator.js';
import { PcaModel } from '../pca/model.js';

const TAG = '__mmlkit';

type Tagged =
  | { [TAG]: 'Matrix'; rows: number; cols: number; data: Float64Array }
  | { [TAG]: 'PcaModel'; json: unknown }
  | { [TAG]: 'PcaAccumulator'; json: unknown }
  | { [TAG]: 'Mlp'; json: MlpJson };

/** Thrown by `encode` for a value that cannot reach a worker (a function, a class instance). */
export class NotTransferable extends Error {
  constructor(readonly path: string, readonly value: unknown) {
    super(`${path} cannot be sent to a worker thread`);
  }
}

/**
 * The wire form of `value`. With `transfer`, the ArrayBuffers of typed arrays that may be moved
 * (not shared, viewed whole) are collected into it: pass it only for values the sender owns
 * and will not use again (results).
 */
export function encode(value: unknown, transfer?: ArrayBuffer[], path = 'argument'): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol') throw new NotTransferable(path, value);
    return value;
  }
  if (ArrayBuffer.isView(value)) {
    if (transfer) collect(value, transfer);
    return value;
  }
  if (value instanceof Matrix) {
    if (transfer) collect(value.data, transfer);
    return { [TAG]: 'Matrix', rows: value.rows, cols: value.cols, data: value.data } satisfies Tagged;
  }
  if (value instanceof PcaModel) return { [TAG]: 'PcaModel', json: value.toJSON() } satisfies Tagged;
  if (value instanceof PcaAccumulator) return { [TAG]: 'PcaAccumulator', json: value.toJSON() } satisfies Tagged;
  if (value instanceof Mlp) return { [TAG]: 'Mlp', json: value.toJSON() } satisfies Tagged;
  if (Array.isArray(value)) return value.map((v, i) => encode(v, transfer, `${path}[${i}]`));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw new NotTransferable(path, value);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = encode(v, transfer, `${path}.${k}`);
  return out;
}

/** Rebuilds what `encode` made. */
export function decode(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) return value.map(decode);
  const tagged = value as Partial<Tagged> & Record<string, unknown>;
  switch (tagged[TAG]) {
    case 'Matrix': {
      const m = tagged as Extract<Tagged, { [TAG]: 'Matrix' }>;
      return new Matrix(m.rows, m.cols, m.data);
    }
    case 'PcaModel':
      return PcaModel.fromJSON((tagged as { json: unknown }).json);
    case 'PcaAccumulator':
      return PcaAccumulator.fromJSON((tagged as { json: unknown }).json);
    case 'Mlp':
      return Mlp.fromJSON((tagged as { json: MlpJson }).json);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = decode(v);
  return out;
}

function collect(view: ArrayBufferView, transfer: ArrayBuffer[]): void {
  const buffer = view.buffer;
  // A SharedArrayBuffer is shared already; a view of part of a buffer may share it with
  // something the sender still holds.
  if (buffer instanceof ArrayBuffer && view.byteOffset === 0 && view.byteLength === buffer.byteLength && !transfer.includes(buffer)) {
    transfer.push(buffer);
  }
}

/** An error flattened for postMessage: its class name, message, stack and own fields. */
export interface WireError {
  name: string;
  message: string;
  stack?: string;
  fields: Record<string, unknown>;
}

export function encodeError(e: unknown): WireError {
  if (!(e instanceof Error)) return { name: 'Error', message: `non-Error thrown: ${errors.describeValue(e)}`, fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) {
    if (k === 'name' || k === 'message' || k === 'stack') continue;
    try {
      fields[k] = structuredClone(v);
    } catch {
      fields[k] = errors.describeValue(v); // e.g. a function given as an option value
    }
  }
  return { name: e.name, message: e.message, stack: e.stack, fields };
}

/** The library's error classes by name (every one is exported from errors.ts). */
const ERROR_CLASSES: Record<string, new (...args: never[]) => Error> = Object.fromEntries(
  Object.entries(errors).filter(([, v]) => typeof v === 'function' && (v === errors.MmlError || v.prototype instanceof errors.MmlError)),
) as Record<string, new (...args: never[]) => Error>;

const BUILT_IN: Record<string, ErrorConstructor> = { TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError };

/**
 * The error again, as an instance of its class (an `MmlError` subclass, a built-in error, or
 * a plain `Error` named as the original), with its fields; the stack is the worker's.
 */
export function decodeError(w: WireError): Error {
  const cls = ERROR_CLASSES[w.name] ?? BUILT_IN[w.name] ?? Error;
  const e = Object.create(cls.prototype) as Error;
  Object.defineProperty(e, 'message', { value: w.message, writable: true, configurable: true });
  if (w.stack !== undefined) Object.defineProperty(e, 'stack', { value: w.stack, writable: true, configurable: true });
  Object.assign(e, w.fields);
  if (cls === errors.MmlError || cls.prototype instanceof errors.MmlError || w.name !== cls.name) {
    Object.defineProperty(e, 'name', { value: w.name, writable: true, configurable: true, enumerable: true });
  }
  return e;
}
