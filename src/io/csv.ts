/**
 * CSV/TSV input: `readCsv` (whole file) and `csvChunks` (streaming, bounded memory). Both read
 * numeric fields into float64 rows through the byte-level tokenizer in csv-tokenizer.ts.
 */
import { closeSync, openSync, readSync, fstatSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { ParseError } from '../errors.js';
import { Matrix } from '../matrix.js';
import { integerOption, optionsObject, pathArgument } from '../validate.js';
import { CsvCellError, CsvLineParser } from './csv-tokenizer.js';
import { planCsv, type CsvOptions, type CsvPlan } from './csv-layout.js';

export { planCsv, type CsvOptions, type CsvPlan } from './csv-layout.js';

/** Options of `csvChunks`. */
export interface CsvChunkOptions extends CsvOptions {
  /** Rows per chunk (default 8192). */
  chunkRows?: number;
}

/**
 * A block of rows from `csvChunks`: a Matrix, plus the rows' labels when a label column was given.
 * @example
 * for await (const chunk of csvChunks('data/digits.csv', { labelColumn: 'label', chunkRows: 500 })) {
 *   chunk.shape;   // [500, 64] (the last block may be shorter)
 *   chunk.labels;  // ['0', '1', '2', …], one per row
 * }
 */
export class CsvChunk extends Matrix {
  /**
   * Made by `csvChunks`: a rows × cols Matrix over `data` (row-major), with `labels`.
   * @throws ShapeError when `data` does not hold rows·cols entries.
   */
  constructor(
    rows: number,
    cols: number,
    data: Float64Array,
    /** One label per row (text of the label column), when `labelColumn` was given. */
    readonly labels: string[] | undefined,
  ) {
    super(rows, cols, data);
  }
}

/** What `readCsv` returns. */
export interface CsvData {
  /** Rows × selected numeric fields. */
  data: Matrix;
  /** The header's field names, when the file has one. */
  header?: string[];
  /** Names of `data`'s columns (from the header, else `c<index>`). */
  columns: string[];
  /** One label per row, when `labelColumn` was given. */
  labels?: string[];
}

const DEFAULT_CHUNK_ROWS = 8192;
const BLOCK_BYTES = 1 << 20;

/**
 * Streams the numeric fields of a CSV/TSV file as `CsvChunk`s of up to `chunkRows` rows; memory
 * stays O(chunkRows · columns + one read block) whatever the file size. A malformed cell throws
 * `ParseError` with the file, the 1-based line and column, and the offending text.
 * @throws FileError when the file cannot be read, ParseError (file:line:column) at a bad row,
 *   OptionError for a bad option: raised by the iteration, not the call.
 * @example
 * for await (const chunk of csvChunks('big.csv', { chunkRows: 10_000, labelColumn: 'label' })) {
 *   acc.update(chunk); // chunk: Matrix (≤ 10 000 × d), chunk.labels: string[]
 * }
 */
export async function* csvChunks(path: string, options: CsvChunkOptions = {}): AsyncGenerator<CsvChunk> {
  pathArgument(path, 'csvChunks');
  options = optionsObject(options, 'csvChunks', ['columns', 'labelColumn', 'delimiter', 'header', 'finite', 'chunkRows']);
  const chunkRows = integerOption(options.chunkRows, 'chunkRows', DEFAULT_CHUNK_ROWS, 1);
  const plan = planCsv(path, options);
  const file = await open(path, 'r');
  try {
    const reader = new CsvRangeReader(plan, chunkRows, plan.dataStartLine);
    let offset = plan.dataStart;
    for (;;) {
      let chunk: CsvChunk | null;
      while ((chunk = reader.next()) !== null) yield chunk;
      if (reader.done) return;
      const space = reader.space();
      const { bytesRead } = await file.read(space, 0, space.length, offset);
      if (bytesRead === 0) reader.finish();
      else {
        offset += bytesRead;
        reader.commit(bytesRead);
      }
    }
  } finally {
    await file.close();
  }
}

/**
 * Reads a whole CSV/TSV file into memory (use `csvChunks` for files larger than memory).
 * @throws FileError when the file cannot be read (ENOENT, EISDIR, ENOTREG …); ParseError with
 *   file:line:column at a malformed row or a field that is not a number; OptionError for a bad or
 *   unknown option.
 * @example
 * const { data, columns, labels } = readCsv('digits.csv', { labelColumn: 'label' });
 * data.shape // [1797, 64]
 */
export function readCsv(path: string, options: CsvOptions = {}): CsvData {
  pathArgument(path, 'readCsv');
  options = optionsObject(options, 'readCsv', ['columns', 'labelColumn', 'delimiter', 'header', 'finite']);
  const plan = planCsv(path, options);
  const chunks = [...csvRangeChunks(plan, plan.dataStart, Infinity, 65536, plan.dataStartLine)];
  const rows = chunks.reduce((s, c) => s + c.rows, 0);
  const data = new Float64Array(rows * plan.outCols);
  let at = 0;
  const labels: string[] = [];
  for (const c of chunks) {
    data.set(c.data, at);
    at += c.data.length;
    if (c.labels) for (const l of c.labels) labels.push(l);
  }
  const result: CsvData = { data: new Matrix(rows, plan.outCols, data), columns: plan.columnNames };
  if (plan.header) result.header = plan.header;
  if (plan.labelName !== undefined) result.labels = labels;
  return result;
}

/**
 * Synchronous chunks of the data lines in bytes [start, end) of the planned file; `start` must
 * be a line start and `end` a line start or the file's end. `firstLine` is the 1-based number
 * of the line at `start`, or 0 when unknown (a worker reading from the middle): errors then
 * carry the byte offset of the bad line (see `CsvRangeError`), and `locateParseError` turns
 * them into a ParseError with the line number.
 */
export function* csvRangeChunks(
  plan: CsvPlan,
  start: number,
  end: number,
  chunkRows: number,
  firstLine: number,
  /** Called after each chunk with the file offset just past the lines read so far. */
  onProgress?: (offset: number) => void,
  /**
   * Reuse one buffer for every chunk: a chunk is then valid only until the next one is taken.
   * Saves a chunk-sized allocation per chunk (large-object garbage that inflates the RSS).
   */
  reuse = false,
): Generator<CsvChunk> {
  const fd = openSync(plan.path, 'r');
  try {
    const stop = Math.min(end, fstatSync(fd).size);
    const reader = new CsvRangeReader(plan, chunkRows, firstLine, reuse);
    reader.fileOffset = start;
    let offset = start;
    for (;;) {
      let chunk: CsvChunk | null;
      while ((chunk = reader.next()) !== null) {
        yield chunk;
        onProgress?.(reader.position);
      }
      if (reader.done) {
        onProgress?.(stop);
        return;
      }
      const space = reader.space();
      const n = offset >= stop ? 0 : readSync(fd, space, 0, Math.min(space.length, stop - offset), offset);
      if (n === 0) reader.finish();
      else {
        offset += n;
        reader.commit(n);
      }
    }
  } finally {
    closeSync(fd);
  }
}

/** A bad cell found where the line number is not known: located by its line's byte offset. */
export class CsvRangeError extends Error {
  constructor(
    readonly reason: string,
    readonly path: string,
    /** Byte offset of the start of the bad line in the file. */
    readonly lineOffset: number,
    readonly column: number,
  ) {
    super(`${path}: byte ${lineOffset}: ${reason}`);
  }
}

/** The ParseError for a CsvRangeError: counts the line breaks before the bad line. */
export function locateParseError(e: { reason: string; path: string; lineOffset: number; column: number }): ParseError {
  const fd = openSync(e.path, 'r');
  try {
    const buf = Buffer.alloc(BLOCK_BYTES);
    let lines = 1;
    for (let off = 0; off < e.lineOffset; ) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, e.lineOffset - off), off);
      if (n === 0) break;
      for (let i = buf.indexOf(10, 0); i >= 0 && i < n; i = buf.indexOf(10, i + 1)) lines++;
      off += n;
    }
    return new ParseError(e.reason, e.path, lines, e.column);
  } finally {
    closeSync(fd);
  }
}

/**
 * Byte offsets that cut [start, end) (end: default the file's size) into about `parts` ranges
 * at line starts: `parts + 1` ascending offsets from `start` to `end` (ranges may be empty for
 * tiny files). `start` and `end` must be line starts (or the file's end).
 */
export function splitAtLines(path: string, start: number, parts: number, end?: number): number[] {
  const fd = openSync(path, 'r');
  try {
    const size = Math.min(end ?? Infinity, fstatSync(fd).size);
    const cuts = [start];
    const buf = Buffer.alloc(64 << 10);
    for (let k = 1; k < parts; k++) {
      let off = Math.max(cuts[k - 1], start + Math.floor(((size - start) * k) / parts));
      // Move to just after the next line break (a cut never splits a line).
      let cut = size;
      while (off < size) {
        const n = readSync(fd, buf, 0, buf.length, off);
        if (n === 0) break;
        const i = buf.indexOf(10, 0);
        if (i >= 0 && i < n) {
          cut = off + i + 1;
          break;
        }
        off += n;
      }
      cuts.push(Math.max(cut, cuts[k - 1]));
    }
    cuts.push(size);
    return cuts;
  } finally {
    closeSync(fd);
  }
}

/**
 * Incremental reader over one byte range: callers fill `space()` from the file, `commit` the
 * bytes read, `finish()` at the end, and take chunks from `next()` until it returns null.
 */
class CsvRangeReader {
  private buf = Buffer.alloc(BLOCK_BYTES + 1);
  private len = 0;
  private pos = 0;
  private ended = false;
  done = false;
  /** File offset of buf[0] (for errors when the line number is unknown). */
  fileOffset = 0;
  private readonly parser: CsvLineParser;
  private out: Float64Array;
  private rows = 0;
  private labels: string[] = [];
  private readonly wantLabels: boolean;

  constructor(
    private readonly plan: CsvPlan,
    private readonly chunkRows: number,
    /** 1-based number of the first line, 0 if unknown. */
    private readonly firstLine: number,
    private readonly reuse = false,
  ) {
    this.wantLabels = plan.labelName !== undefined;
    this.parser = new CsvLineParser(plan, this.wantLabels);
    this.out = new Float64Array(chunkRows * plan.outCols);
  }

  /** Free space at the end of the buffer (grows it when a single line fills it). */
  space(): Buffer {
    if (this.pos > 0) {
      this.buf.copy(this.buf, 0, this.pos, this.len);
      this.fileOffset += this.pos;
      this.len -= this.pos;
      this.pos = 0;
    }
    if (this.len >= this.buf.length - 1) {
      const bigger = Buffer.alloc((this.buf.length - 1) * 2 + 1);
      this.buf.copy(bigger, 0, 0, this.len);
      this.buf = bigger;
    }
    // One byte stays free for the line break `finish` may append.
    return this.buf.subarray(this.len, this.buf.length - 1);
  }

  /** File offset just past the last line consumed. */
  get position(): number {
    return this.fileOffset + this.pos;
  }

  commit(n: number): void {
    this.len += n;
  }

  finish(): void {
    if (this.len > this.pos && this.buf[this.len - 1] !== 10) this.buf[this.len++] = 10;
    this.ended = true;
  }

  next(): CsvChunk | null {
    if (this.done) return null;
    const linesBefore = this.parser.lines;
    try {
      this.pos = this.parser.parse(this.buf, this.pos, this.len, this.out, this.rows, this.chunkRows, this.labels);
    } catch (e) {
      throw e instanceof CsvCellError ? this.locate(e, linesBefore) : e;
    }
    this.rows += this.parser.rowsWritten;
    if (this.rows === this.chunkRows || (this.ended && this.rows > 0)) return this.emit();
    if (this.ended) this.done = true;
    return null;
  }

  private emit(): CsvChunk {
    const { rows, plan } = this;
    const full = rows === this.chunkRows;
    const data = full ? this.out : this.reuse ? this.out.subarray(0, rows * plan.outCols) : this.out.slice(0, rows * plan.outCols);
    const chunk = new CsvChunk(rows, plan.outCols, data, this.wantLabels ? this.labels : undefined);
    if (!this.reuse) this.out = new Float64Array(this.chunkRows * plan.outCols);
    this.labels = [];
    this.rows = 0;
    return chunk;
  }

  private locate(e: CsvCellError, linesBefore: number): Error {
    if (this.firstLine > 0) return new ParseError(e.message, this.plan.path, this.firstLine + e.lineIndex, e.column);
    // The bad line is the (lineIndex − linesBefore)-th after where this parse call started.
    let off = this.pos;
    for (let k = linesBefore; k < e.lineIndex; k++) off = this.buf.indexOf(10, off) + 1;
    return new CsvRangeError(e.message, this.plan.path, this.fileOffset + off, e.column);
  }
}
