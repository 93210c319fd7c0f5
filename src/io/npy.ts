/**
 * NumPy `.npy` files: `readNpy`, `npyChunks` (streaming), `writeNpy`. Reads float64/float32/
 * float16, signed and unsigned integers of 1–8 bytes and booleans, little- or big-endian, format
 * versions 1.0, 2.0 and 3.0, C (row-major) order. Fortran order is refused: streaming rows out
 * of a column-major file would need the whole file.
 *
 * Shapes: (n, d) → n × d; (n,) → n × 1 (n samples of one feature); () → 1 × 1; (n, a, b, …) →
 * n × (a·b·…) (each sample flattened, as scikit-learn does with images).
 *
 * ParseError positions: header problems give line 1 and the 1-based byte column in the file;
 * data problems (non-finite values when refused) give the array row and column, 1-based.
 */
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { endianness } from 'node:os';
import { ParseError, ShapeError } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { asMatrix, booleanOption, integerOption, optionsObject, pathArgument } from '../validate.js';
import { writeFileAtomic } from './atomic.js';
import { fileError, openRegularFile } from './open-file.js';

/** Element types readNpy understands (numpy `descr` without the byte-order character). */
export type NpyType = 'f8' | 'f4' | 'f2' | 'i8' | 'i4' | 'i2' | 'i1' | 'u8' | 'u4' | 'u2' | 'u1' | 'b1';

/** A parsed `.npy` header. */
export interface NpyHeader {
  readonly path: string;
  /** numpy's descr, e.g. '<f8'. */
  readonly descr: string;
  readonly type: NpyType;
  readonly littleEndian: boolean;
  readonly itemSize: number;
  readonly shape: number[];
  readonly rows: number;
  readonly cols: number;
  /** Byte offset of the first element. */
  readonly dataOffset: number;
  readonly version: string;
}

/** Options of readNpy / npyChunks. */
export interface NpyOptions {
  /** Refuse NaN/±Inf with a ParseError naming the row and column (default false). */
  finite?: boolean;
}

export interface NpyChunkOptions extends NpyOptions {
  /** Rows per chunk (default 8192). */
  chunkRows?: number;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const SIZES: Record<NpyType, number> = { f8: 8, f4: 4, f2: 2, i8: 8, i4: 4, i2: 2, i1: 1, u8: 8, u4: 4, u2: 2, u1: 1, b1: 1 };
const HOST_LE = endianness() === 'LE';

/**
 * Reads the header of a `.npy` file.
 * @example readNpyHeader('x.npy').shape // [1000, 100]
 */
export function readNpyHeader(path: string): NpyHeader {
  const fd = openRegularFile(path);
  try {
    const size = fstatSync(fd).size;
    const pre = Buffer.alloc(12);
    const got = readSync(fd, pre, 0, 12, 0);
    for (let i = 0; i < MAGIC.length; i++) {
      if (got <= i || pre[i] !== MAGIC[i]) throw new ParseError('not a .npy file (the magic string \\x93NUMPY is missing)', path, 1, i + 1);
    }
    const major = pre[6];
    const minor = pre[7];
    if (major < 1 || major > 3 || minor !== 0 || got < (major === 1 ? 10 : 12)) {
      throw new ParseError(`unsupported .npy format version ${major}.${minor} (expected 1.0, 2.0 or 3.0)`, path, 1, 7);
    }
    const headerLen = major === 1 ? pre.readUInt16LE(8) : pre.readUInt32LE(8);
    const start = major === 1 ? 10 : 12;
    if (start + headerLen > size) throw new ParseError(`truncated header: it claims ${headerLen} bytes, the file has ${size - start}`, path, 1, start + 1);
    const buf = Buffer.alloc(headerLen);
    readSync(fd, buf, 0, headerLen, start);
    const text = buf.toString(major === 3 ? 'utf8' : 'latin1');

    const dict = parseHeaderDict(text, (message, offset) => new ParseError(message, path, 1, start + offset + 1));
    const at = (key: string) => start + dict.offsets[key] + 1;
    const descrValue = dict.values.descr;
    if (typeof descrValue !== 'string') {
      const structured = Array.isArray(descrValue) || descrValue === LIST;
      throw new ParseError(structured ? 'structured (record) dtypes are not supported; save a plain numeric array' : "'descr' must be a dtype string such as '<f8'", path, 1, at('descr'));
    }
    const descr = descrValue;
    const order = descr[0];
    const type = (/[<>|=]/.test(order) ? descr.slice(1) : descr) as NpyType;
    if (!(type in SIZES)) {
      throw new ParseError(`unsupported dtype '${descr}' (expected float64/32/16, int8–64, uint8–64 or bool)`, path, 1, at('descr'));
    }
    const littleEndian = order === '>' ? false : order === '<' ? true : HOST_LE;
    const fortran = dict.values.fortran_order;
    if (typeof fortran !== 'boolean') throw new ParseError("'fortran_order' must be True or False", path, 1, at('fortran_order'));
    if (fortran) {
      throw new ParseError(
        'Fortran-order (column-major) arrays are not supported: rows cannot be streamed from them; save with np.save(path, np.ascontiguousarray(x))',
        path, 1, at('fortran_order'),
      );
    }
    const shape = dict.values.shape;
    if (!Array.isArray(shape)) throw new ParseError("'shape' must be a tuple of integers such as (3, 4)", path, 1, at('shape'));
    const rows = shape.length === 0 ? 1 : shape[0];
    const cols = shape.length <= 1 ? 1 : shape.slice(1).reduce((a, b) => a * b, 1);
    const itemSize = SIZES[type];
    const dataOffset = start + headerLen;
    const need = rows * cols * itemSize;
    if (!(dataOffset + need <= size)) {
      throw new ParseError(
        `truncated data: shape (${shape.join(', ')}) of '${descr}' needs ${need} bytes after the header, the file has ${size - dataOffset}`,
        path, 1, dataOffset + 1,
      );
    }
    return { path, descr, type, littleEndian, itemSize, shape, rows, cols, dataOffset, version: `${major}.${minor}` };
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a whole `.npy` file as a float64 Matrix.
 * @throws FileError when the file cannot be read; ParseError (file:line:column) when it is not a
 *   .npy file, or a dtype or layout it cannot read.
 * @example readNpy('x.npy').shape // [1000, 100]
 */
export function readNpy(path: string, options: NpyOptions = {}): Matrix {
  pathArgument(path, 'readNpy');
  options = optionsObject(options, 'readNpy', ['finite']);
  const finite = booleanOption(options.finite, 'finite');
  const h = readNpyHeader(path);
  const out = new Float64Array(h.rows * h.cols);
  const fd = openSync(path, 'r');
  try {
    readRowsInto(fd, h, 0, h.rows, out, finite);
  } finally {
    closeSync(fd);
  }
  return new Matrix(h.rows, h.cols, out);
}

/**
 * Streams a `.npy` file as float64 chunks of up to `chunkRows` rows (bounded memory).
 * @throws Rejects (while iterating) with FileError when the file cannot be read, ParseError when it
 *   is not a readable .npy file; OptionError for a bad `chunkRows`.
 * @example for await (const chunk of npyChunks('big.npy', { chunkRows: 10_000 })) acc.update(chunk);
 */
export async function* npyChunks(path: string, options: NpyChunkOptions = {}): AsyncGenerator<Matrix> {
  pathArgument(path, 'npyChunks');
  options = optionsObject(options, 'npyChunks', ['finite', 'chunkRows']);
  const finite = booleanOption(options.finite, 'finite');
  const chunkRows = integerOption(options.chunkRows, 'chunkRows', 8192, 1);
  const h = readNpyHeader(path);
  const file = await open(path, 'r');
  try {
    const scratch = new Uint8Array(chunkRows * h.cols * h.itemSize);
    for (let r = 0; r < h.rows; r += chunkRows) {
      const n = Math.min(chunkRows, h.rows - r);
      const out = new Float64Array(n * h.cols);
      const bytes = n * h.cols * h.itemSize;
      const target = h.type === 'f8' ? new Uint8Array(out.buffer) : scratch.subarray(0, bytes);
      await readFully((b, o) => file.read(target, o, bytes - o, b).then((x) => x.bytesRead), h.dataOffset + r * h.cols * h.itemSize, bytes, path);
      decode(h, target, out, r, finite);
      yield new Matrix(n, h.cols, out);
    }
  } finally {
    await file.close();
  }
}

/**
 * Synchronous chunks of rows [rowStart, rowEnd) (for worker threads). With `reuse`, one buffer
 * serves every chunk: a chunk is valid only until the next is taken.
 */
export function* npyRangeChunks(h: NpyHeader, rowStart: number, rowEnd: number, chunkRows: number, finite: boolean, reuse = false): Generator<Matrix> {
  const fd = openSync(h.path, 'r');
  const shared = reuse ? new Float64Array(Math.min(chunkRows, Math.max(0, rowEnd - rowStart)) * h.cols) : undefined;
  try {
    for (let r = rowStart; r < rowEnd; r += chunkRows) {
      const n = Math.min(chunkRows, rowEnd - r);
      const out = shared ? shared.subarray(0, n * h.cols) : new Float64Array(n * h.cols);
      readRowsInto(fd, h, r, n, out, finite);
      yield new Matrix(n, h.cols, out);
    }
  } finally {
    closeSync(fd);
  }
}

function readRowsInto(fd: number, h: NpyHeader, row: number, n: number, out: Float64Array, finite: boolean): void {
  const bytes = n * h.cols * h.itemSize;
  const target = h.type === 'f8' ? new Uint8Array(out.buffer, out.byteOffset, bytes) : new Uint8Array(bytes);
  const start = h.dataOffset + row * h.cols * h.itemSize;
  let got = 0;
  while (got < bytes) {
    const k = readSync(fd, target, got, bytes - got, start + got);
    if (k === 0) throw new ParseError('file ended inside the data', h.path, 1, start + got + 1);
    got += k;
  }
  decode(h, target, out, row, finite);
}

async function readFully(read: (pos: number, off: number) => Promise<number>, pos: number, bytes: number, path: string): Promise<void> {
  let got = 0;
  while (got < bytes) {
    const k = await read(pos + got, got);
    if (k === 0) throw new ParseError('file ended inside the data', path, 1, pos + got + 1);
    got += k;
  }
}

/** Converts raw bytes (own buffer, offset 0 unless f8-in-place) into float64 `out`. */
function decode(h: NpyHeader, raw: Uint8Array, out: Float64Array, row0: number, finite: boolean): void {
  const count = out.length;
  const swap = h.itemSize > 1 && h.littleEndian !== HOST_LE;
  if (swap) {
    const b = Buffer.from(raw.buffer, raw.byteOffset, count * h.itemSize);
    if (h.itemSize === 8) b.swap64();
    else if (h.itemSize === 4) b.swap32();
    else b.swap16();
  }
  const buf = raw.buffer;
  const o = raw.byteOffset;
  switch (h.type) {
    case 'f8':
      if (raw.buffer !== out.buffer) out.set(new Float64Array(buf, o, count));
      break;
    case 'f4':
      out.set(new Float32Array(buf, o, count));
      break;
    case 'f2': {
      const src = new Uint16Array(buf, o, count);
      for (let i = 0; i < count; i++) out[i] = halfToFloat(src[i]);
      break;
    }
    case 'i8': {
      const src = new BigInt64Array(buf, o, count);
      for (let i = 0; i < count; i++) out[i] = Number(src[i]);
      break;
    }
    case 'u8': {
      const src = new BigUint64Array(buf, o, count);
      for (let i = 0; i < count; i++) out[i] = Number(src[i]);
      break;
    }
    case 'i4':
      out.set(new Int32Array(buf, o, count));
      break;
    case 'u4':
      out.set(new Uint32Array(buf, o, count));
      break;
    case 'i2':
      out.set(new Int16Array(buf, o, count));
      break;
    case 'u2':
      out.set(new Uint16Array(buf, o, count));
      break;
    case 'i1':
      out.set(new Int8Array(buf, o, count));
      break;
    case 'u1':
    case 'b1':
      out.set(new Uint8Array(buf, o, count));
      break;
  }
  if (finite && (h.type === 'f8' || h.type === 'f4' || h.type === 'f2')) {
    for (let i = 0; i < count; i++) {
      if (!Number.isFinite(out[i])) {
        const r = row0 + Math.floor(i / h.cols);
        const c = i % h.cols;
        throw new ParseError(`non-finite value ${out[i]} at row ${r + 1}, column ${c + 1} (expected finite numbers)`, h.path, r + 1, c + 1);
      }
    }
  }
}

/** Stands for a list value (a structured dtype's descr), which readNpy refuses. */
const LIST = Symbol('list');

/** The three keys of a .npy header, each with its value and its offset in the header text. */
interface HeaderDict {
  values: { descr?: string | typeof LIST; fortran_order?: boolean; shape?: number[] };
  offsets: Record<string, number>;
}

/**
 * Parses the header's Python dict literal as numpy writes it — `{'descr': '<f8',
 * 'fortran_order': False, 'shape': (3, 4), }` padded with spaces and a newline — strictly:
 * exactly those three keys once each, no other text before, between or after (numpy's own
 * reader refuses the same). A regex search would take keys from inside junk or comments.
 */
function parseHeaderDict(text: string, fail: (message: string, offset: number) => Error): HeaderDict {
  let i = 0;
  const blank = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const expect = (c: string, what: string) => {
    blank();
    if (text[i] !== c) throw fail(`malformed header: expected ${what}, found ${i < text.length ? JSON.stringify(text.slice(i, i + 12)) : 'the end'}`, i);
    i++;
  };
  const quoted = (): string => {
    const q = text[i];
    const end = text.indexOf(q, i + 1);
    if (end < 0) throw fail('malformed header: unterminated string', i);
    const value = text.slice(i + 1, end);
    i = end + 1;
    return value;
  };
  const values: HeaderDict['values'] = {};
  const offsets: Record<string, number> = {};
  expect('{', "'{'");
  for (;;) {
    blank();
    if (text[i] === '}') break;
    if (text[i] !== "'" && text[i] !== '"') throw fail(`malformed header: expected a quoted key or '}', found ${JSON.stringify(text.slice(i, i + 12))}`, i);
    const keyAt = i;
    const key = quoted();
    if (key !== 'descr' && key !== 'fortran_order' && key !== 'shape') throw fail(`unexpected header key '${key}' (a .npy header holds 'descr', 'fortran_order' and 'shape')`, keyAt);
    if (key in offsets) throw fail(`header key '${key}' appears twice`, keyAt);
    offsets[key] = keyAt;
    expect(':', "':'");
    blank();
    const c = text[i];
    if (key === 'descr') {
      if (c === '[') {
        values.descr = LIST;
        return { values, offsets }; // refused by the caller with its own message
      }
      if (c !== "'" && c !== '"') throw fail("malformed header: 'descr' must be a quoted dtype string", i);
      values.descr = quoted();
    } else if (key === 'fortran_order') {
      const word = /^(True|False)\b/.exec(text.slice(i, i + 6));
      if (!word) throw fail("malformed header: 'fortran_order' must be True or False", i);
      values.fortran_order = word[1] === 'True';
      i += word[1].length;
    } else {
      const m = /^\(\s*((?:\d+\s*,\s*)*\d*)\s*\)/.exec(text.slice(i));
      if (!m) throw fail("malformed header: 'shape' must be a tuple of non-negative integers such as (3, 4)", i);
      const dims = m[1].split(',').map((x) => x.trim()).filter((x) => x !== '').map(Number);
      if (dims.some((n) => !Number.isSafeInteger(n))) throw fail(`bad shape (${m[1]})`, i);
      values.shape = dims;
      i += m[0].length;
    }
    blank();
    if (text[i] === ',') i++;
    else if (text[i] !== '}') throw fail(`malformed header: expected ',' or '}' after '${key}', found ${JSON.stringify(text.slice(i, i + 12))}`, i);
  }
  i++;
  blank();
  if (i < text.length) throw fail(`malformed header: unexpected text after the dict: ${JSON.stringify(text.slice(i, i + 12))}`, i);
  for (const key of ['descr', 'fortran_order', 'shape']) if (!(key in offsets)) throw fail(`header has no '${key}'`, 0);
  return { values, offsets };
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f ? NaN : s * Infinity;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

/**
 * The bytes of a version-1.0 `.npy` header for a float64 C-order array of `shape`, padded so
 * the data starts at a multiple of 64 bytes (as numpy writes it).
 */
export function npyHeaderBytes(shape: readonly number[]): Uint8Array {
  const descr = HOST_LE ? '<f8' : '>f8';
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${dims}), }`;
  const total = 10 + dict.length + 1;
  dict += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const head = Buffer.alloc(10 + dict.length);
  Buffer.from(MAGIC).copy(head, 0);
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(dict.length, 8);
  head.write(dict, 10, 'latin1');
  return head;
}

/**
 * Writes a matrix (a Matrix or nested arrays) as a float64 `.npy` file (rows × cols, C order),
 * atomically: the file appears complete or not at all.
 * @throws ShapeError when `matrix` is not a matrix (ragged rows, not numbers); FileError when
 *   the file cannot be written.
 * @example writeNpy('x.npy', [[1, 2], [3, 4]]); // np.load('x.npy') → array([[1., 2.], [3., 4.]])
 */
export function writeNpy(path: string, matrix: MatrixLike): void {
  pathArgument(path, 'writeNpy');
  // Checked as every input is: a shape the data does not hold would write a corrupt file.
  const m = asMatrix(matrix, 'writeNpy: m');
  try {
    writeFileAtomic(path, (fd) => {
      writeSync(fd, npyHeaderBytes([m.rows, m.cols]));
      const bytes = new Uint8Array(m.data.buffer, m.data.byteOffset, m.data.byteLength);
      for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, Math.min(bytes.length - off, 1 << 24));
    });
  } catch (err) {
    throw fileError(err, path, 'write');
  }
}
