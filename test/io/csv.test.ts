import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Matrix, OptionError, ParseError } from '../../src/entry/node.js';
import { csvChunks, readCsv, splitAtLines, csvRangeChunks, planCsv, locateParseError, CsvRangeError } from '../../src/io/csv.js';

const dir = mkdtempSync(join(tmpdir(), 'mmlkit-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;
function file(text: string, ext = '.csv'): string {
  const p = join(dir, `f${counter++}${ext}`);
  writeFileSync(p, text);
  return p;
}

/** The ParseError readCsv throws for `text` (fails the test if none). */
function parseError(text: string, options = {}): ParseError {
  const path = file(text);
  try {
    readCsv(path, options);
  } catch (e) {
    expect(e).toBeInstanceOf(ParseError);
    const pe = e as ParseError;
    expect(pe.file).toBe(path);
    expect(pe.message.startsWith(`${path}:${pe.line}:${pe.column}: `)).toBe(true);
    return pe;
  }
  throw new Error('expected a ParseError');
}

describe('readCsv: header detection and layout', () => {
  it('detects a header and reads the numbers', () => {
    const r = readCsv(file('a,b,c\n1,2,3\n4.5,-6e2,+7\n'));
    expect(r.header).toEqual(['a', 'b', 'c']);
    expect(r.columns).toEqual(['a', 'b', 'c']);
    expect(r.data).toBeInstanceOf(Matrix);
    expect(r.data.toArray()).toEqual([[1, 2, 3], [4.5, -600, 7]]);
  });

  it('treats an all-numeric first line as data; header: true forces a header', () => {
    const p = file('1,2\n3,4\n');
    expect(readCsv(p).header).toBeUndefined();
    expect(readCsv(p).data.toArray()).toEqual([[1, 2], [3, 4]]);
    expect(readCsv(p).columns).toEqual(['c0', 'c1']);
    const forced = readCsv(p, { header: true });
    expect(forced.header).toEqual(['1', '2']);
    expect(forced.data.toArray()).toEqual([[3, 4]]);
  });

  it('header: false makes a text first line a parse error at line 1', () => {
    const e = parseError('x,y\n1,2\n', { header: false });
    expect([e.line, e.column]).toEqual([1, 1]);
    expect(e.message).toMatch(/not a number in field 1: "x"/);
  });

  it('quoted header names, a BOM and leading blank lines', () => {
    const r = readCsv(file('\uFEFF\n\n"a b","c,d"\n1,2\n'));
    expect(r.header).toEqual(['a b', 'c,d']);
    expect(r.data.toArray()).toEqual([[1, 2]]);
  });

  it('selects columns by name and by 0-based index, in the order given', () => {
    const p = file('a,b,c,d\n1,2,3,4\n5,6,7,8\n');
    expect(readCsv(p, { columns: ['c', 'a'] }).data.toArray()).toEqual([[3, 1], [7, 5]]);
    expect(readCsv(p, { columns: [3, 1] }).data.toArray()).toEqual([[4, 2], [8, 6]]);
    expect(readCsv(p, { columns: ['3'] }).columns).toEqual(['d']);
  });

  it('keeps a label column as text and leaves it out of the numbers', () => {
    const r = readCsv(file('x,species,y\n1,setosa,2\n3,"vir,ginica",4\n'), { labelColumn: 'species' });
    expect(r.data.toArray()).toEqual([[1, 2], [3, 4]]);
    expect(r.labels).toEqual(['setosa', 'vir,ginica']);
  });

  it('rejects unknown columns and a label column that is also a numeric column', () => {
    const p = file('a,b\n1,2\n');
    expect(() => readCsv(p, { columns: ['z'] })).toThrow(OptionError);
    expect(() => readCsv(p, { columns: ['z'] })).toThrow(/the file has fields "a", "b"\); got "z"/);
    expect(() => readCsv(p, { columns: [2] })).toThrow(OptionError);
    expect(() => readCsv(p, { columns: ['a'], labelColumn: 'a' })).toThrow(/other than the label column/);
    expect(() => readCsv(p, { delimiter: '::' })).toThrow(OptionError);
  });

  it('reads TSV (by extension or option), semicolons (sniffed), CRLF, no final newline and blank lines', () => {
    expect(readCsv(file('a\tb\n1\t2\n', '.tsv')).data.toArray()).toEqual([[1, 2]]);
    expect(readCsv(file('a\tb\n1\t2\n', '.txt'), { delimiter: '\t' }).data.toArray()).toEqual([[1, 2]]);
    expect(readCsv(file('a;b\n1;2\n')).data.toArray()).toEqual([[1, 2]]);
    expect(readCsv(file('a,b\r\n1,2\r\n\r\n3,4')).data.toArray()).toEqual([[1, 2], [3, 4]]);
    expect(readCsv(file('a,b\n1,2\n  \n\n3,4\n\n')).data.toArray()).toEqual([[1, 2], [3, 4]]);
  });

  it('an empty file is a parse error', () => {
    const e = parseError('\n\n');
    expect(e.message).toMatch(/empty/);
  });
});

describe('readCsv: numbers', () => {
  it('parses every number exactly as Number() does (fast and slow paths)', () => {
    const cells = ['0', '-0', '1e5', '1E-5', '.5', '5.', '123456789012345678', '0.1', '-3.14159265358979323846',
      '1e308', '2.2250738585072014e-308', '4.9e-324', '9007199254740993', ' 7 ', '"8.5"', '00012', '1e-22', '1e23', '123.456e-20'];
    const r = readCsv(file(cells.join(',') + '\n'));
    const want = cells.map((c) => Number(c.trim().replace(/"/g, '')));
    const got = Array.from(r.data.data);
    for (let i = 0; i < cells.length; i++) expect(Object.is(got[i], want[i]), `cell ${cells[i]}: ${got[i]} vs ${want[i]}`).toBe(true);
  });

  it('reads random decimals bit-identically to Number()', () => {
    const rng = (() => { let s = 12345; return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31); })();
    const cells: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const v = (rng() - 0.5) * 10 ** Math.floor(rng() * 20 - 10);
      cells.push(i % 3 === 0 ? v.toFixed(Math.floor(rng() * 15)) : i % 3 === 1 ? v.toExponential(Math.floor(rng() * 17)) : String(v));
    }
    const r = readCsv(file(cells.join('\n') + '\n'));
    cells.forEach((c, i) => expect(Object.is(r.data.data[i], Number(c)), c).toBe(true));
  });

  it('nan and inf are NaN/±Infinity by default and ParseErrors with finite: true', () => {
    const p = file('a,b,c\n1,nan,-inf\n');
    const r = readCsv(p).data.data;
    expect([r[0], r[1], r[2]]).toEqual([1, NaN, -Infinity]);
    const e = parseError('a,b,c\n1,nan,-inf\n', { finite: true });
    expect([e.line, e.column]).toEqual([2, 3]);
    expect(e.message).toMatch(/non-finite value "nan" in field 2/);
  });
});

describe('readCsv: bad cells give the exact line and column', () => {
  it('garbage', () => {
    const e = parseError('a,b,c\n1,2,3\n4,5x,6\n');
    expect([e.line, e.column]).toEqual([3, 3]);
    expect(e.message).toMatch(/not a number in field 2: "5x"/);
  });

  it('an empty cell', () => {
    const e = parseError('a,b,c\n1,,3\n');
    expect([e.line, e.column]).toEqual([2, 3]);
    expect(e.message).toMatch(/empty field 2/);
  });

  it('a quoted delimiter is refused', () => {
    const e = parseError('a,b\n1,"2,5"\n');
    expect([e.line, e.column]).toEqual([2, 3]);
    expect(e.message).toMatch(/unsupported quoting in field 2/);
  });

  it('too few and too many fields', () => {
    const few = parseError('a,b,c\n1,2\n');
    expect([few.line, few.column]).toEqual([2, 4]);
    expect(few.message).toMatch(/line has 2 fields; expected 3/);
    const many = parseError('a,b\n1,2\n3,4,5,6\n');
    expect([many.line, many.column]).toEqual([3, 4]);
    expect(many.message).toMatch(/line has 4 fields; expected 2/);
  });

  it('counts CRLF lines, blank lines and UTF-8 characters', () => {
    const e = parseError('é,b\r\n\r\n1,2\r\n"ü",x\r\n');
    expect([e.line, e.column]).toEqual([4, 1]);
    const f = parseError('a,b,label\n1,2,héllo\n1,ö,x\n', { labelColumn: 'label' });
    expect([f.line, f.column]).toEqual([3, 3]);
  });

  it('reports the right line far into a file read in small blocks', () => {
    const lines = ['a,b'];
    for (let i = 0; i < 50_000; i++) lines.push(`${i},${i * 2}`);
    lines[40_001] = '40000,oops';
    const e = parseError(lines.join('\n') + '\n');
    expect([e.line, e.column]).toEqual([40_002, 7]);
  });
});

describe('csvChunks', () => {
  const lines = ['x,y,label'];
  for (let i = 0; i < 1000; i++) lines.push(`${i},${-i / 4},${i % 3 === 0 ? 'a' : 'b'}`);
  const path = file(lines.join('\n') + '\n');

  it('streams chunks of chunkRows rows that concatenate to readCsv', async () => {
    const whole = readCsv(path, { labelColumn: 'label' });
    const rows: number[] = [];
    const data: number[] = [];
    const labels: string[] = [];
    for await (const c of csvChunks(path, { chunkRows: 300, labelColumn: 'label' })) {
      expect(c).toBeInstanceOf(Matrix);
      expect(c.cols).toBe(2);
      rows.push(c.rows);
      data.push(...c.data);
      labels.push(...c.labels!);
    }
    expect(rows).toEqual([300, 300, 300, 100]);
    expect(data).toEqual(Array.from(whole.data.data));
    expect(labels).toEqual(whole.labels);
  });

  it('throws ParseError with the line while streaming', async () => {
    const bad = file('a\n1\n2\nthree\n');
    const read = async () => {
      for await (const c of csvChunks(bad, { chunkRows: 1 })) void c;
    };
    await expect(read()).rejects.toThrow(`${bad}:4:1: not a number in field 1: "three"`);
  });

  it('rejects a bad chunkRows', async () => {
    await expect(csvChunks(path, { chunkRows: 0 }).next()).rejects.toThrow(OptionError);
  });
});

describe('byte ranges (what the CLI workers read)', () => {
  it('ranges cut at line starts cover every row once', () => {
    const lines = ['a,b'];
    for (let i = 0; i < 997; i++) lines.push(`${i},${i}`);
    const path = file(lines.join('\n'));
    const plan = planCsv(path);
    for (const parts of [1, 2, 3, 7]) {
      const cuts = splitAtLines(path, plan.dataStart, parts);
      expect(cuts.length).toBe(parts + 1);
      const seen: number[] = [];
      for (let k = 0; k < parts; k++) for (const c of csvRangeChunks(plan, cuts[k], cuts[k + 1], 100, 0)) for (let i = 0; i < c.rows; i++) seen.push(c.get(i, 0));
      expect(seen).toEqual(Array.from({ length: 997 }, (_, i) => i));
    }
  });

  it('an error in a later range is located by counting lines', () => {
    const lines = ['a,b'];
    for (let i = 0; i < 500; i++) lines.push(`${i},${i}`);
    lines[400] = '399,?';
    const path = file(lines.join('\n') + '\n');
    const plan = planCsv(path);
    const cuts = splitAtLines(path, plan.dataStart, 2);
    let err: unknown;
    try {
      for (const c of csvRangeChunks(plan, cuts[1], cuts[2], 64, 0)) void c;
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CsvRangeError);
    const pe = locateParseError(err as CsvRangeError);
    expect([pe.line, pe.column]).toEqual([401, 5]);
  });
});

describe('readCsv: only ASCII blanks around a number (issue #9)', () => {
  // String#trim also drops a BOM, no-break spaces, \v, \f and U+2028: "\uFEFF1" read as 1.
  it.each([
    ['a BOM inside the file', '\uFEFF2'],
    ['a no-break space', '2\u00A0'],
    ['a vertical tab', '\u000B2'],
    ['a form feed', '2\u000C'],
    ['a line separator', '\u20282'],
  ])('refuses %s with the line and column', (_what, cell) => {
    const e = parseError(`a,b\n1,2\n3,${cell}\n`);
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/not a number in field 2/);
  });

  it('still reads spaces, tabs, CRLF and quoted numbers', () => {
    const r = readCsv(file('a,b\r\n 1 ,\t2\r\n"3", " 4 "\r\n'));
    expect(Array.from(r.data.data)).toEqual([1, 2, 3, 4]);
  });
});
