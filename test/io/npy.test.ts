import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Matrix, ParseError, ShapeError, matrix, npyChunks, readNpy, writeNpy } from '../../src/entry/node.js';
import { readNpyHeader } from '../../src/io/npy.js';

const fixtures = fileURLToPath(new URL('../fixtures/npy/', import.meta.url));
const manifest: Record<string, { shape: number[]; values: number[] }> = JSON.parse(readFileSync(join(fixtures, 'manifest.json'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'mmlkit-npy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function parseError(fn: () => unknown): ParseError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ParseError);
    return e as ParseError;
  }
  throw new Error('expected a ParseError');
}

describe('readNpy: files written by numpy', () => {
  it.each(Object.keys(manifest))('%s', (name) => {
    const { shape, values } = manifest[name];
    const m = readNpy(join(fixtures, name));
    const rows = shape.length === 0 ? 1 : shape[0];
    const cols = shape.length <= 1 ? 1 : shape.slice(1).reduce((a, b) => a * b, 1);
    expect(m.shape).toEqual([rows, cols]);
    expect(Array.from(m.data)).toEqual(values);
  });

  it('covers every dtype in both byte orders and all header versions', () => {
    const names = Object.keys(manifest);
    for (const t of ['f8', 'f4', 'f2', 'i2', 'i4', 'i8', 'u2', 'u4', 'u8']) expect(names).toEqual(expect.arrayContaining([`${t}-le.npy`, `${t}-be.npy`]));
    expect(readNpyHeader(join(fixtures, 'v2.npy')).version).toBe('2.0');
    expect(readNpyHeader(join(fixtures, 'v3.npy')).version).toBe('3.0');
    expect(readNpyHeader(join(fixtures, 'f8-be.npy')).littleEndian).toBe(false);
  });

  it('reads NaN and ±Inf, and refuses them with finite: true at the array position', () => {
    const m = readNpy(join(fixtures, 'special.npy'));
    expect(Array.from(m.data)).toEqual([1, NaN, Infinity, -Infinity]);
    const e = parseError(() => readNpy(join(fixtures, 'special.npy'), { finite: true }));
    expect([e.line, e.column]).toEqual([1, 2]);
    expect(e.message).toMatch(/non-finite value NaN at row 1, column 2/);
  });

  it('refuses Fortran order with a clear message', () => {
    const e = parseError(() => readNpy(join(fixtures, 'fortran.npy')));
    expect(e.message).toMatch(/Fortran-order \(column-major\) arrays are not supported.*np\.ascontiguousarray/);
    expect(e.line).toBe(1);
  });

  it('refuses structured dtypes, truncated data and non-npy files', () => {
    expect(parseError(() => readNpy(join(fixtures, 'structured.npy'))).message).toMatch(/structured/);
    expect(parseError(() => readNpy(join(fixtures, 'truncated.npy'))).message).toMatch(/truncated data: shape \(3, 4\) of '<f8' needs 96 bytes after the header, the file has 88/);
    const e = parseError(() => readNpy(join(fixtures, 'manifest.json')));
    expect(e.message).toMatch(/not a \.npy file/);
    expect([e.line, e.column]).toEqual([1, 1]);
  });
});

describe('npyChunks', () => {
  it('streams rows in chunks for every dtype', async () => {
    for (const name of ['f8-le.npy', 'f4-be.npy', 'i8-be.npy', 'u1.npy', 'cube.npy']) {
      const whole = readNpy(join(fixtures, name));
      const seen: number[] = [];
      const sizes: number[] = [];
      for await (const c of npyChunks(join(fixtures, name), { chunkRows: 2 })) {
        expect(c).toBeInstanceOf(Matrix);
        sizes.push(c.rows);
        seen.push(...c.data);
      }
      expect(seen).toEqual(Array.from(whole.data));
      expect(sizes).toEqual(whole.rows === 3 ? [2, 1] : [2]);
    }
  });
});

describe('writeNpy', () => {
  it('round-trips, and numpy reads what it writes', () => {
    const m = matrix([[1.5, -2, 1e-300], [Math.PI, NaN, -Infinity]]);
    const p = join(dir, 'out.npy');
    writeNpy(p, m);
    const back = readNpy(p);
    expect(back.shape).toEqual([2, 3]);
    expect(Array.from(back.data)).toEqual(Array.from(m.data));
    expect(readFileSync(p).length % 64).toBe((2 * 3 * 8) % 64); // data starts at a multiple of 64
    const py = spawnSync('python3', ['-c', `import numpy as np; a = np.load(${JSON.stringify(p)}); print(a.dtype, a.shape, a.flags['C_CONTIGUOUS'], repr(a[1, 0]))`], { encoding: 'utf8' });
    if (py.status === 0) expect(py.stdout.trim()).toBe('float64 (2, 3) True np.float64(3.141592653589793)');
  });

  it('takes nested arrays as every other function does; refuses a non-matrix and writes nothing', () => {
    writeNpy(join(dir, 'nested.npy'), [[1, 2], [3, 4]]);
    expect(readNpy(join(dir, 'nested.npy')).toArray()).toEqual([[1, 2], [3, 4]]);
    const p = join(dir, 'bad.npy');
    expect(() => writeNpy(p, [[1], [2, 3]])).toThrow(ShapeError);
    expect(() => writeNpy(p, 'x' as never)).toThrow(ShapeError);
    expect(readdirSync(dir).filter((f) => f.includes('bad'))).toEqual([]);
    expect(existsSync(p)).toBe(false);
  });
});
