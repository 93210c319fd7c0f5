/**
 * Planning a CSV read from its first line: delimiter, header (auto-detected), which fields are
 * read as numbers and which one holds labels. The plan is a plain object, so it can be sent
 * to worker threads that each read a byte range of the same file.
 */
import { closeSync, readSync } from 'node:fs';
import { openRegularFile } from './open-file.js';
import { extname } from 'node:path';
import { OptionError, ParseError } from '../errors.js';
import { booleanOption } from '../validate.js';
import { LABEL, SKIP, type CsvLayout, unquote } from './csv-tokenizer.js';

/** Options shared by `readCsv` and `csvChunks`. */
export interface CsvOptions {
  /**
   * Fields read as numbers: names (from the header) or 0-based indices, in the order wanted.
   * Default: every field but the label column.
   */
  columns?: readonly (string | number)[];
  /** The field holding a label per row (name or 0-based index); kept as text, not read as a number. */
  labelColumn?: string | number;
  /** One character; default: '\t' for .tsv/.tab files, else sniffed from the first line among , \t ; (',' if none). */
  delimiter?: string;
  /** Whether the first non-empty line names the fields; 'auto' (default): yes if any of its cells is not a number. */
  header?: 'auto' | boolean;
  /** Refuse nan/inf cells with a ParseError (default false: they read as NaN/±Infinity). */
  finite?: boolean;
}

/** A resolved plan for reading one CSV file (structured-clone safe). */
export interface CsvPlan extends CsvLayout {
  readonly path: string;
  /** Byte offset where data lines start (after BOM, blank lines and the header). */
  readonly dataStart: number;
  /** 1-based line number of the line at `dataStart`. */
  readonly dataStartLine: number;
  /** The header's field names, when there is one. */
  readonly header?: string[];
  /** Names of the output columns (from the header, else `c<index>`). */
  readonly columnNames: string[];
  /** Name of the label field (from the header, else `c<index>`), if any. */
  readonly labelName?: string;
}

const HEAD_LIMIT = 16 << 20;

/**
 * Reads the first non-empty line of `path` and resolves the options against it.
 * @example planCsv('iris.csv', { labelColumn: 'species' }).columnNames // ['sepal_length', …]
 */
export function planCsv(path: string, options: CsvOptions = {}): CsvPlan {
  const fd = openRegularFile(path);
  let head: Buffer;
  try {
    head = readHead(fd);
  } finally {
    closeSync(fd);
  }
  let pos = head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  let line = 1;
  let firstLine: string | undefined;
  let afterFirst = pos;
  while (pos < head.length) {
    let eol = head.indexOf(10, pos);
    const next = eol < 0 ? head.length : eol + 1;
    if (eol < 0) eol = head.length;
    const text = head.toString('utf8', pos, eol).replace(/\r$/, '');
    if (text.trim() !== '') {
      firstLine = text;
      afterFirst = next;
      break;
    }
    pos = next;
    line++;
  }
  if (firstLine === undefined) throw new ParseError('no data: the file is empty', path, line, 1);
  const delimiter = resolveDelimiter(options.delimiter, path, firstLine);
  const cells = splitLine(firstLine, delimiter);
  const headerMode = options.header === undefined ? 'auto' : options.header; // null is refused below, not defaulted
  if (headerMode !== 'auto' && headerMode !== true && headerMode !== false) {
    throw new OptionError('header', "'auto', true or false", headerMode);
  }
  const isHeader = headerMode === 'auto' ? cells.some((c) => !looksNumeric(c)) : headerMode;
  const header = isHeader ? cells.map((c) => c.trim()) : undefined;
  const fieldCount = cells.length;
  const nameOf = (j: number) => header?.[j] || `c${j}`;

  const label = options.labelColumn === undefined ? undefined : resolveField(options.labelColumn, header, fieldCount, 'labelColumn');
  let fields: number[];
  if (options.columns === undefined) {
    fields = [];
    for (let j = 0; j < fieldCount; j++) if (j !== label) fields.push(j);
  } else {
    if (!Array.isArray(options.columns)) throw new OptionError('columns', 'an array of field names or indices', options.columns);
    fields = options.columns.map((c) => resolveField(c, header, fieldCount, 'columns'));
    const seen = new Set<number>();
    for (const j of fields) {
      if (seen.has(j)) throw new OptionError('columns', 'distinct fields', nameOf(j));
      if (j === label) throw new OptionError('columns', 'fields other than the label column', nameOf(j));
      seen.add(j);
    }
  }
  if (fields.length === 0) throw new OptionError('columns', 'at least one numeric field', options.columns ?? []);
  const targets = new Int32Array(fieldCount).fill(SKIP);
  fields.forEach((j, k) => (targets[j] = k));
  if (label !== undefined) targets[label] = LABEL;
  return {
    path,
    delimiter: delimiter.charCodeAt(0),
    fieldCount,
    targets,
    outCols: fields.length,
    finite: booleanOption(options.finite, 'finite'),
    dataStart: isHeader ? afterFirst : pos,
    dataStartLine: isHeader ? line + 1 : line,
    header,
    columnNames: fields.map(nameOf),
    labelName: label === undefined ? undefined : nameOf(label),
  };
}

/** Reads from the start until the first non-empty line is complete (or the file ends). */
function readHead(fd: number): Buffer {
  let buf = Buffer.alloc(64 << 10);
  let len = 0;
  for (;;) {
    if (len === buf.length) {
      if (buf.length >= HEAD_LIMIT) break;
      const bigger = Buffer.alloc(buf.length * 2);
      buf.copy(bigger);
      buf = bigger;
    }
    const n = readSync(fd, buf, len, buf.length - len, len);
    if (n === 0) break;
    len += n;
    // Done once a line with something other than blanks has ended.
    let pos = 0;
    let found = false;
    for (;;) {
      const eol = buf.indexOf(10, pos);
      if (eol < 0 || eol >= len) break;
      if (buf.toString('utf8', pos, eol).trim() !== '') {
        found = true;
        break;
      }
      pos = eol + 1;
    }
    if (found) break;
  }
  return buf.subarray(0, len);
}

function resolveDelimiter(option: string | undefined, path: string, firstLine: string): string {
  if (option !== undefined) {
    const d = option === '\\t' || option === 'tab' ? '\t' : option;
    if (typeof d !== 'string' || d.length !== 1 || d.charCodeAt(0) > 127 || d === '"' || d === '\n' || d === '\r') {
      throw new OptionError('delimiter', "one ASCII character other than a quote or line break (e.g. ',', ';', '\\t')", option);
    }
    return d;
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.tsv' || ext === '.tab') return '\t';
  let best = ',';
  let bestCount = 0;
  for (const d of [',', '\t', ';']) {
    const count = firstLine.split(d).length - 1;
    if (count > bestCount) [best, bestCount] = [d, count];
  }
  return best;
}

/** Splits one line with RFC 4180 quoting (used for the first line only; data lines take the fast path). */
export function splitLine(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let cell = '';
  let inQuotes = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (inQuotes) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') inQuotes = false;
      else cell += ch;
    } else if (ch === '"' && cell.trim() === '') {
      inQuotes = true;
      cell = '';
    } else if (ch === delimiter) {
      out.push(cell);
      cell = '';
    } else cell += ch;
  }
  out.push(cell);
  return out;
}

/** A number, or nan/inf spelled as numpy and pandas write them. */
function looksNumeric(cell: string): boolean {
  const t = unquote(cell.trim());
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) || /^[+-]?(nan|inf|infinity)$/i.test(t);
}

/** A field given by header name or by 0-based index (a name wins when both could apply). */
function resolveField(spec: string | number, header: string[] | undefined, fieldCount: number, option: string): number {
  if (typeof spec === 'string' && header) {
    const j = header.indexOf(spec);
    if (j >= 0) return j;
  }
  // Only a string is read as digits: a Symbol (or any other value) is refused below, not coerced.
  const asIndex = typeof spec === 'number' ? spec : typeof spec === 'string' && /^\d+$/.test(spec) ? Number(spec) : NaN;
  if (Number.isSafeInteger(asIndex) && asIndex >= 0 && asIndex < fieldCount) return asIndex;
  const names = header ? header.slice(0, 12).map((h) => JSON.stringify(h)).join(', ') + (header.length > 12 ? ', …' : '') : '';
  const known = header ? `fields ${names}` : `${fieldCount} unnamed fields`;
  throw new OptionError(option, `a field name or a 0-based index below ${fieldCount} (the file has ${known})`, spec);
}
