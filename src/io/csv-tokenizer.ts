/**
 * The hot loop of the CSV reader: turns complete lines of bytes into float64 rows.
 *
 * Why hand-written: a general CSV parser (csv-parse) builds a string per cell and an array per
 * row; measured at ~40 MB/s on numeric data, far below the 100 MB/s the bulk-PCA pipeline needs
 * (README, "Design decisions"). Here cells never become strings on the common path: a number
 * is read digit by digit from the bytes and, when its digits fit in 2^53 and its decimal
 * exponent in ±22, converted exactly (Clinger's fast path: one correctly rounded multiply or
 * divide, so the value is bit-identical to `Number(text)`). Anything else — long mantissas,
 * big exponents, spaces, quotes, nan/inf, garbage — goes through a cold path that does use
 * `Number()` on the trimmed text and names the problem precisely.
 *
 * Quoting is supported only as far as numeric data needs it: a cell wrapped in double quotes
 * whose content has no quote or delimiter. Quoted delimiters or line breaks are refused.
 */
import { Buffer } from 'node:buffer';

/**
 * The part of Node's Buffer the parser uses, named without Node's types so that the published
 * declarations type-check for consumers that do not load @types/node. Buffers are passed in.
 */
export interface Bytes extends Uint8Array {
  toString(encoding?: 'utf8' | 'latin1', start?: number, end?: number): string;
}

/** How the fields of a line map to the output. */
export interface CsvLayout {
  /** Delimiter byte (',' = 44, '\t' = 9, ';' = 59, …). */
  readonly delimiter: number;
  /** Fields every data line must have. */
  readonly fieldCount: number;
  /** Per field: output column (≥ 0), `SKIP` or `LABEL`. */
  readonly targets: Int32Array;
  /** Output columns per row. */
  readonly outCols: number;
  /** Refuse nan/inf cells (ParseError) instead of reading them as NaN/±Infinity. */
  readonly finite: boolean;
}

export const SKIP = -1;
export const LABEL = -2;

/** A malformed cell, located by the byte offset of its line and the byte offset in the line. */
export class CsvCellError extends Error {
  constructor(
    message: string,
    /** Index of the line among those this parser consumed (0-based). */
    readonly lineIndex: number,
    /** The line's bytes (without its line break). */
    readonly lineBytes: Bytes,
    /** Byte offset of the offending spot within the line. */
    readonly byteInLine: number,
  ) {
    super(message);
  }

  /** 1-based character column of the offending spot (UTF-8 aware). */
  get column(): number {
    return this.lineBytes.toString('utf8', 0, this.byteInLine).length + 1;
  }
}

const TWO53 = 9007199254740992;
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const LEADING_BLANKS = /^[ \t\r]+/;

/** `s` without the spaces, tabs and carriage returns around it (and nothing else). */
function trimBlanks(s: string): string {
  return s.replace(LEADING_BLANKS, '').replace(/[ \t\r]+$/, '');
}
const NONFINITE_RE = /^([+-]?)(nan|inf|infinity)$/i;

/**
 * Parses lines of `buf[pos, end)` that end with '\n' into rows of `out`. The caller guarantees
 * that the data it hands over ends with a '\n' once the input is exhausted (it appends one).
 */
export class CsvLineParser {
  /** Lines consumed so far (data and empty lines alike). */
  lines = 0;
  private next = 0;

  constructor(
    readonly layout: CsvLayout,
    /** Whether cells of the label field are collected. */
    private readonly wantLabels: boolean,
  ) {}

  /**
   * Parses whole lines from `pos` until `maxRows` rows were written (starting at row `row` of
   * `out`) or no complete line remains before `end`. Returns the position after the last line
   * consumed; `rowsWritten` tells how many rows.
   */
  parse(buf: Bytes, pos: number, end: number, out: Float64Array, row: number, maxRows: number, labels: string[]): number {
    const { delimiter: delim, fieldCount: nf, targets, outCols } = this.layout;
    const last = nf - 1;
    let r = row;
    while (r < maxRows && pos < end) {
      const eol = buf.indexOf(10, pos);
      if (eol < 0 || eol >= end) break;
      let le = eol;
      if (le > pos && buf[le - 1] === 13) le--;
      if (le === pos || isBlank(buf, pos, le)) {
        this.lines++;
        pos = eol + 1;
        continue;
      }
      let p = pos;
      let o = r * outCols;
      for (let f = 0; f < nf; f++) {
        const t = targets[f];
        if (t >= 0) {
          // Fast path: [+-]digits[.digits][(e|E)[+-]digits] followed by the delimiter or the end.
          let q = p;
          let c = buf[q];
          let neg = false;
          if (c === 45) {
            neg = true;
            c = buf[++q];
          } else if (c === 43) c = buf[++q];
          let m = 0;
          const d0 = q;
          while (c >= 48 && c <= 57) {
            m = m * 10 + (c - 48);
            c = buf[++q];
          }
          let nd = q - d0;
          let e10 = 0;
          if (c === 46) {
            c = buf[++q];
            const f0 = q;
            while (c >= 48 && c <= 57) {
              m = m * 10 + (c - 48);
              c = buf[++q];
            }
            e10 = f0 - q;
            nd += q - f0;
          }
          let ok = nd > 0;
          if (ok && (c === 101 || c === 69)) {
            c = buf[++q];
            let eneg = false;
            if (c === 45) {
              eneg = true;
              c = buf[++q];
            } else if (c === 43) c = buf[++q];
            const x0 = q;
            let x = 0;
            while (c >= 48 && c <= 57 && x < 10000) {
              x = x * 10 + (c - 48);
              c = buf[++q];
            }
            ok = q > x0;
            e10 += eneg ? -x : x;
          }
          if (ok && (f < last ? c === delim : q === le)) {
            let v: number;
            // Exact only while the digits fit in 2^53 (then m is the exact integer they spell).
            if (m >= TWO53) v = this.slowNumber(buf, pos, le, p, q, f);
            else if (e10 === 0) v = m;
            else if (e10 < 0 && e10 >= -22) v = m / POW10[-e10];
            else if (e10 > 0 && e10 <= 22) v = m * POW10[e10];
            else v = this.slowNumber(buf, pos, le, p, q, f);
            out[o + t] = neg ? -v : v;
            p = q + 1;
          } else {
            out[o + t] = this.slowField(buf, pos, le, p, f);
            p = this.next;
          }
        } else {
          const q = this.textFieldEnd(buf, pos, le, p, f);
          if (t === LABEL && this.wantLabels) labels.push(unquote(buf.toString('utf8', p, q).trim()));
          p = q + 1;
        }
      }
      o += outCols;
      r++;
      this.lines++;
      pos = eol + 1;
    }
    this.rowsWritten = r - row;
    return pos;
  }

  /** Rows written by the last `parse` call. */
  rowsWritten = 0;

  /** A well-formed number outside the fast path's exact range (long mantissa, big exponent). */
  private slowNumber(buf: Bytes, lineStart: number, le: number, p: number, q: number, f: number): number {
    const text = buf.toString('latin1', p, q);
    // The caller applies the sign, so return the magnitude.
    return Math.abs(this.checkOverflow(Number(text), text, buf, lineStart, le, p, f));
  }

  /**
   * `value` read from a well-formed `text`: under `finite`, a number too large for a double
   * (1e400 reads as ±Infinity) is refused here, with its position, like an `inf` cell.
   */
  private checkOverflow(value: number, text: string, buf: Bytes, lineStart: number, le: number, at: number, f: number): number {
    if (this.layout.finite && !Number.isFinite(value)) {
      this.fail(`value ${JSON.stringify(clip(text))} in field ${f + 1} overflows to ${value} (beyond ±1.8e308; expected a finite number)`, buf, lineStart, le, at);
    }
    return value;
  }

  /**
   * End of a text (label or skipped) field starting at `p`: the next delimiter, or for a quoted
   * field the delimiter after the closing quote (quoted delimiters and "" are allowed in text).
   */
  private textFieldEnd(buf: Bytes, lineStart: number, le: number, p: number, f: number): number {
    const delim = this.layout.delimiter;
    let q = p;
    while (q < le && (buf[q] === 32 || buf[q] === 9) && buf[q] !== delim) q++;
    if (buf[q] === 34) {
      for (q++; ; q++) {
        if (q >= le) this.fail(`unterminated quote in field ${f + 1} (line breaks inside quoted fields are not supported)`, buf, lineStart, le, p);
        if (buf[q] === 34) {
          if (buf[q + 1] === 34) q++;
          else break;
        }
      }
    }
    while (q < le && buf[q] !== delim) q++;
    this.checkFieldEnd(buf, lineStart, le, q, f);
    return q;
  }

  /** Any cell the fast path did not take: trims, unquotes, handles nan/inf, or throws. */
  private slowField(buf: Bytes, lineStart: number, le: number, p: number, f: number): number {
    const delim = this.layout.delimiter;
    let q = p;
    while (q < le && buf[q] !== delim) q++;
    const raw = buf.toString('utf8', p, q);
    // Only ASCII blanks around a cell: String#trim would also drop a BOM, no-break spaces, \v,
    // \f and U+2028, so "\uFEFF1" would silently read as 1.
    const trimmed = trimBlanks(raw);
    const at = p + (raw.length - raw.replace(LEADING_BLANKS, '').length); // first non-blank byte (blanks are ASCII)
    let text = trimmed;
    if (text.startsWith('"')) {
      if (text.length < 2 || !text.endsWith('"') || text.slice(1, -1).includes('"')) {
        this.fail(
          `unsupported quoting in field ${f + 1}: ${JSON.stringify(clip(trimmed))} (quoted delimiters, quotes and line breaks are not supported in numeric data)`,
          buf, lineStart, le, at,
        );
      }
      text = trimBlanks(text.slice(1, -1));
    }
    this.checkFieldEnd(buf, lineStart, le, q, f);
    this.next = q + 1;
    if (text === '') this.fail(`empty field ${f + 1} (expected a number)`, buf, lineStart, le, at);
    if (NUMBER_RE.test(text)) return this.checkOverflow(Number(text), text, buf, lineStart, le, at, f);
    const nf = NONFINITE_RE.exec(text);
    if (nf) {
      if (this.layout.finite) this.fail(`non-finite value ${JSON.stringify(text)} in field ${f + 1} (expected a finite number)`, buf, lineStart, le, at);
      if (nf[2].toLowerCase() === 'nan') return NaN;
      return nf[1] === '-' ? -Infinity : Infinity;
    }
    return this.fail(`not a number in field ${f + 1}: ${JSON.stringify(clip(text))}`, buf, lineStart, le, at);
  }

  /** A field ending at `q` must end at the delimiter unless it is the last, which ends the line. */
  private checkFieldEnd(buf: Bytes, lineStart: number, le: number, q: number, f: number): void {
    const nf = this.layout.fieldCount;
    if (f < nf - 1 && q >= le) {
      this.fail(`line has ${f + 1} field${f === 0 ? '' : 's'}; expected ${nf}`, buf, lineStart, le, le);
    }
    if (f === nf - 1 && q < le) {
      let count = nf;
      for (let i = q; i < le; i++) if (buf[i] === this.layout.delimiter) count++;
      this.fail(`line has ${count} fields; expected ${nf}`, buf, lineStart, le, q);
    }
  }

  private fail(message: string, buf: Bytes, lineStart: number, le: number, at: number): never {
    throw new CsvCellError(message, this.lines, Buffer.from(buf.subarray(lineStart, le)), at - lineStart);
  }
}

function isBlank(buf: Bytes, p: number, le: number): boolean {
  for (let i = p; i < le; i++) {
    const c = buf[i];
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** Removes one pair of surrounding double quotes and undoubles inner ones (labels, names). */
export function unquote(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1).replace(/""/g, '"') : s;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
