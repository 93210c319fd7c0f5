/**
 * Where a data row is in the input file. A worker that meets a bad value after parsing (the
 * accumulator refusing a non-finite entry) knows only the row within its own range; the main
 * thread, once every earlier range has finished and their row counts are known, turns that into
 * file:line:column here, so the position is the same with one worker or many.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { ParseError } from '../errors.js';
import type { PcaSource } from './pca-task.js';

/**
 * The ParseError for data row `row` (0-based over the whole file) and output column `col`.
 * CSV: the row-th non-blank line after the header, and the 1-based byte column of the field;
 * .npy: "line" is the 1-based row and "column" the 1-based column, as the npy reader reports.
 */
export function locateDataRow(source: PcaSource, row: number, col: number, reason: string): ParseError {
  if (source.kind === 'npy') return new ParseError(reason, source.header.path, row + 1, col + 1);
  const { plan } = source;
  const fd = openSync(plan.path, 'r');
  try {
    const buf = Buffer.alloc(1 << 16);
    let line = plan.dataStartLine;
    let dataRows = 0;
    let text: number[] = [];
    let blank = true;
    for (let off = plan.dataStart; ; ) {
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
