/**
 * Files crafted the way issue #9 crafted them: a cell that overflows a double under
 * `finite: true`, .npy headers with junk around their keys or a shape the file cannot hold, a
 * zero-column .npy. Each is a ParseError with the file and position (or a clear typed error).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { FileError, OptionError, ParseError, PcaAccumulator, csvChunks, matrix, readCsv, readNpy, writeCsv, writeNpy } from '../../src/entry/node.js';
import { readNpyHeader } from '../../src/io/npy.js';
import { thrown } from '../helpers/thrown.js';

const dir = mkdtempSync(join(tmpdir(), 'mmlkit-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));


/** A version-1.0 .npy file with `dict` as its header text (padded as numpy pads) and `data`. */
function npy(name: string, dict: string, data = new Float64Array(0)): string {
  let text = dict;
  text += ' '.repeat((64 - ((10 + text.length + 1) % 64)) % 64) + '\n';
  const head = Buffer.alloc(10 + text.length);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(head);
  head.writeUInt16LE(text.length, 8);
  head.write(text, 10, 'latin1');
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat([head, Buffer.from(data.buffer)]));
  return path;
}

describe('readCsv { finite: true } refuses cells that overflow to ±Infinity', () => {
  const cases: [string, string, number, number][] = [
    ['1e400 (slow path)', 'a,b\n1,2\n3,1e400\n', 3, 3],
    ['-1e400', 'a,b\n1,2\n-1e400,4\n', 3, 1],
    ['a long mantissa past 1.8e308', `a,b\n1,${'9'.repeat(400)}\n`, 2, 3],
    ['a quoted overflow', 'a,b\n1,"2e999"\n', 2, 3],
    ['an exponent past the fast loop', 'a,b\n1,1e99999\n', 2, 3],
  ];
  it.each(cases)('%s: ParseError with file, line and column', (_, text, line, column) => {
    const path = join(dir, 'overflow.csv');
    writeFileSync(path, text);
    const err = thrown(() => readCsv(path, { finite: true })) as ParseError;
    expect(err).toBeInstanceOf(ParseError);
    expect([err.file, err.line, err.column]).toEqual([path, line, column]);
    expect(err.message).toMatch(/overflows to -?Infinity/);
    // Without `finite` the IEEE reading stands (as numpy's loadtxt gives inf).
    expect(readCsv(path).data.data.some((v) => !Number.isFinite(v))).toBe(true);
  });
});

describe('.npy header parsing is strict', () => {
  const ok = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }";
  const data = new Float64Array([1, 2, 3, 4]);

  it('still reads what numpy writes (both quote styles, no trailing comma)', () => {
    expect(readNpy(npy('ok.npy', ok, data)).toArray()).toEqual([[1, 2], [3, 4]]);
    expect(readNpy(npy('ok2.npy', '{"descr": "<f8", "shape": (2,2), "fortran_order": False}', data)).shape).toEqual([2, 2]);
  });

  const junk: [string, string, RegExp][] = [
    ['junk before the dict', `xx${ok}`, /expected '\{'/],
    ['junk after the dict', `${ok} junk`, /unexpected text after the dict/],
    ['junk between entries', "{'descr': '<f8', zz 'fortran_order': False, 'shape': (2, 2), }", /expected a quoted key/],
    ['a key inside a string', "{'descr': '<f8', 'x': \"'shape': (2, 2)\", 'fortran_order': False}", /unexpected header key 'x'/],
    ['a duplicated key', "{'descr': '<f8', 'descr': '<f4', 'fortran_order': False, 'shape': (2, 2)}", /appears twice/],
    ['a missing key', "{'descr': '<f8', 'fortran_order': False}", /no 'shape'/],
    ['a shape with junk', "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2x), }", /'shape' must be a tuple/],
    ['fortran_order as text', "{'descr': '<f8', 'fortran_order': 'no', 'shape': (2, 2), }", /True or False/],
  ];
  it.each(junk)('%s: ParseError', (_, dict, message) => {
    const path = npy('junk.npy', dict, data);
    const err = thrown(() => readNpy(path)) as ParseError;
    expect(err).toBeInstanceOf(ParseError);
    expect(err.message).toMatch(message);
    expect([err.file, err.line]).toEqual([path, 1]);
    expect(err.column).toBeGreaterThan(10); // a byte column inside the header, past the preamble
  });

  it('refuses a shape whose data would not fit the file (1e9 rows in a 32-byte payload)', () => {
    const path = npy('huge.npy', "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000, 2), }", data);
    const err = thrown(() => readNpyHeader(path));
    expect(err).toBeInstanceOf(ParseError);
    expect(err.message).toMatch(/truncated data: shape \(1000000000, 2\) .* needs 16000000000 bytes/);
    const overflow = npy('overflow.npy', "{'descr': '<f8', 'fortran_order': False, 'shape': (9007199254740991, 9007199254740991), }", data);
    expect(thrown(() => readNpyHeader(overflow))).toBeInstanceOf(ParseError);
  });

  it('a zero-column .npy reads as n × 0, and a PCA of it says the data has no columns', () => {
    const path = npy('empty.npy', "{'descr': '<f8', 'fortran_order': False, 'shape': (5, 0), }");
    expect(readNpy(path).shape).toEqual([5, 0]);
    const err = thrown(() => new PcaAccumulator(readNpyHeader(path).cols));
    expect(err).toBeInstanceOf(OptionError);
    expect(err.message).toMatch(/data with 0 columns has nothing to analyse/);
  });
});

describe('readCsv field options of the wrong type (found by the API fuzz)', () => {
  it('a Symbol or an object as labelColumn / columns entry is an OptionError, not a TypeError', () => {
    const path = join(dir, 'fields.csv');
    writeFileSync(path, 'a,b,label\n1,2,x\n');
    for (const options of [{ labelColumn: Symbol('l') }, { columns: [Symbol('c')] }, { columns: [{}] }, { labelColumn: 1.5 }]) {
      expect(thrown(() => readCsv(path, options as never))).toBeInstanceOf(OptionError);
    }
  });
});

describe('files that are not there, not files, or not writable: FileError naming them', () => {
  it('a missing file, a directory: FileError with the path and the system code (no raw ENOENT/EISDIR)', async () => {
    const missing = join(dir, 'missing.csv');
    const folder = join(dir, 'folder');
    mkdirSync(folder, { recursive: true });
    for (const [call, code, path] of [
      [() => readCsv(missing), 'ENOENT', missing],
      [() => readNpy(missing), 'ENOENT', missing],
      [() => readCsv(folder), 'EISDIR', folder],
      [() => readNpy(folder), 'EISDIR', folder],
      [() => writeNpy(join(dir, 'no-such-dir', 'x.npy'), matrix([[1]])), 'ENOENT', join(dir, 'no-such-dir', 'x.npy')],
      [() => writeCsv(join(dir, 'no-such-dir', 'x.csv'), matrix([[1]])), 'ENOENT', join(dir, 'no-such-dir', 'x.csv')],
    ] as const) {
      const err = thrown(call) as FileError;
      expect(err, path).toBeInstanceOf(FileError);
      expect([err.file, err.code], path).toEqual([path, code]);
      expect(err.message, path).toContain(path);
    }
    let err: unknown;
    try {
      for await (const _ of csvChunks(missing)) void _;
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FileError);
  });

  it.runIf(process.platform !== 'win32')('a FIFO is refused at once (opening it would block until a writer came)', () => {
    const fifo = join(dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    const err = thrown(() => readCsv(fifo)) as FileError;
    expect(err).toBeInstanceOf(FileError);
    expect(err.code).toBe('ENOTREG');
    expect(err.message).toMatch(/a FIFO \(named pipe\); mmlkit reads regular files only/);
    expect(thrown(() => readNpy(fifo))).toBeInstanceOf(FileError);
  });
});
