/** CSV output: `writeCsv`, atomic like every file mmlkit writes. */
import { OptionError, ShapeError } from '../errors.js';
import { Matrix, type MatrixLike } from '../matrix.js';
import { TextSink, writeFileAtomic } from './atomic.js';
import { fileError } from './open-file.js';
import { asMatrix, optionsObject, pathArgument } from '../validate.js';

/** Options of `writeCsv`. */
export interface WriteCsvOptions {
  /** Field names for a header line (one per column, plus one for `labels` when given). */
  header?: readonly string[];
  /** A text field appended to each row (e.g. class labels); length = rows. */
  labels?: readonly string[];
  /** Field separator (default ','). */
  delimiter?: string;
}

/**
 * Writes a matrix (a Matrix or nested arrays) as CSV, atomically (temp file + rename). Numbers
 * are written in JavaScript's shortest round-trip form, so reading the file back gives the same
 * float64 values.
 * @throws ShapeError when `matrix` is not a matrix or `labels`/`header` do not fit it; FileError
 *   when the file cannot be written; OptionError for a bad option.
 * @example writeCsv('x.csv', matrix([[1, 2.5]]), { header: ['a', 'b'] }); // "a,b\n1,2.5\n"
 */
export function writeCsv(path: string, matrix: MatrixLike, options: WriteCsvOptions = {}): void {
  options = optionsObject(options, 'writeCsv', ['header', 'labels', 'delimiter']);
  pathArgument(path, 'writeCsv');
  // Checked as every input is (a Matrix or nested arrays): a shape the data does not hold would
  // write a wrong file.
  const m = asMatrix(matrix, 'writeCsv: m');
  const { delimiter = ',' } = options;
  const header = stringsOption(options.header, 'header');
  const labels = stringsOption(options.labels, 'labels');
  // The rule readCsv applies to its own delimiter option, so what we write reads back.
  if (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter.charCodeAt(0) > 127 || /["\r\n]/.test(delimiter)) {
    throw new OptionError('delimiter', 'one ASCII character other than a quote or line break', delimiter);
  }
  const width = m.cols + (labels ? 1 : 0);
  if (header && header.length !== width) {
    throw new ShapeError(`writeCsv: header has ${header.length} names for ${width} fields`, [[header.length], [m.rows, width]]);
  }
  if (labels && labels.length !== m.rows) throw new ShapeError(`writeCsv: ${labels.length} labels for ${m.rows} rows`, [[labels.length], [m.rows]]);
  try {
    writeFileAtomic(path, (fd) => {
      const sink = new TextSink(fd);
      if (header) sink.write(header.map((h) => csvField(h, delimiter)).join(delimiter) + '\n');
      writeCsvRows(sink, m, labels, delimiter);
      sink.flush();
    });
  } catch (err) {
    throw fileError(err, path, 'write');
  }
}

/** An optional list of text fields; anything but an array of strings is an `OptionError` (a string would be split into characters). */
function stringsOption(value: unknown, name: string): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new OptionError(name, 'an array of strings', value);
  const bad = value.findIndex((v) => typeof v !== 'string');
  if (bad >= 0) throw new OptionError(`${name}[${bad}]`, 'a string', value[bad]);
  return value as readonly string[];
}

/** Appends the rows of `m` (and labels) as CSV lines to `sink`. */
export function writeCsvRows(sink: { write(s: string): void }, m: Matrix, labels: readonly string[] | undefined, delimiter = ','): void {
  const { rows, cols, data } = m;
  for (let i = 0; i < rows; i++) {
    let line = '';
    for (let j = 0; j < cols; j++) line += (j === 0 ? '' : delimiter) + String(data[i * cols + j]);
    if (labels) line += (cols === 0 ? '' : delimiter) + csvField(labels[i], delimiter);
    sink.write(line + '\n');
  }
}

/** Quotes a text field when it holds the delimiter, a quote or a line break (RFC 4180). */
export function csvField(s: string, delimiter = ','): string {
  return s.includes(delimiter) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
