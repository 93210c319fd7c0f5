/**
 * Where a data row is in the input file. A worker that meets a bad value after parsing (the
 * accumulator refusing a non-finite entry) knows only the row within its own range; the main
 * thread, once every earlier range has finished and their row counts are known, turns that into
 * file:line:column here, so the position is the same with one worker or many.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { ParseError } from '../errors.js';
import type { CsvPlan } from '../io/csv.js';
import type { PcaSource } from './pca-task.js';

/**
 * The ParseError for data row `row` (0-based over the whole file) and output column `col`.
 * CSV: the row-th non-blank line after the header, and the 1-based byte column of the field;
 * .npy: "line" is the 1-based row and "column" the 1-based column, as the npy reader reports.
 */
export function locateDataRow(source: PcaSource, row: number, col: number, reason: string): ParseError {
  if (source.kind === 'npy') return new ParseError(reason, source.header.path, row + 1, col + 1);
  return scanToRow(source.plan, source.plan.dataStart, source.plan.dataStartLine, row, col, reason);
}

/**
 * The ParseError for data row `row` counted from the start of range `range` of `source` (whose
 * earlier rows may be unknown: a shard starts mid-file). CSV: the line breaks before the range
 * give its first line's number.
 */
export function locateRangeRow(source: PcaSource, range: number, row: number, col: number, reason: string): ParseError {
  const start = source.cuts[range];
  if (source.kind === 'npy') return new ParseError(reason, source.header.path, start + row + 1, col + 1);
  const { plan } = source;
  return scanToRow(plan, start, plan.dataStartLine + lineBreaks(plan.path, plan.dataStart, start), row, col, reason);
}

/** Line breaks in bytes [from, to) of the file. */
function lineBreaks(path: string, from: number, to: number): number {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(1 << 16);
    let count = 0;
    for (let off = from; off < to; ) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, to - off), off);
      if (n === 0) break;
      for (let i = buf.indexOf(10, 0); i >= 0 && i < n; i = buf.indexOf(10, i + 1)) count++;
      off += n;
    }
    return count;
  } finally {
    closeSync(fd);
  }
}

/** Walks the non-blank lines from byte `start` (line `startLine`) to the row-th one. */
function scanToRow(plan: CsvPlan, start: number, startLine: number, row: number, col: number, reason: string): ParseError {
  const fd = openSync(plan.path, 'r');
  try {
    const buf = Buffer.alloc(1 << 16);
    let line = startLine;
    let dataRows = 0;
    let text: number[] = [];
    let blank = true;
    for (let off = start; ; ) {
      const n = readSync(fd, buf, 0, buf.length, off);
      // The end of the file ends the last line as a line break would.
      const bytes = n > 0 ? buf.subarray(0, n) : Buffer.from([10]);
      for (const c of bytes) {
        if (c !== 10) {
          if (c !== 32 && c !== 9 && c !== 13) blank = false;
          text.push(c);
          continue;
        }
        if (!blank) {
          if (dataRows === row) return new ParseError(reason, plan.path, line, fieldColumn(text, plan.delimiter, fieldOf(plan.targets, col)));
          dataRows++;
        }
        line++;
        text = [];
        blank = true;
      }
      if (n === 0) return new ParseError(reason, plan.path, line, 1); // the file shrank meanwhile
      off += n;
    }
  } finally {
    closeSync(fd);
  }
}

/** The file field that feeds output column `col`. */
function fieldOf(targets: Int32Array, col: number): number {
  const j = targets.indexOf(col);
  return j < 0 ? 0 : j;
}

/** 1-based byte column where field `field` starts in the line (quotes respected). */
function fieldColumn(line: number[], delimiter: number, field: number): number {
  let f = 0;
  let quoted = false;
  for (let i = 0; i < line.length && f < field; i++) {
    if (line[i] === 34) quoted = !quoted;
    else if (line[i] === delimiter && !quoted) {
      f++;
      if (f === field) return i + 2;
    }
  }
  return 1;
}
