import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ShapeError, matrix, readCsv, writeCsv } from '../../src/entry/node.js';
import { writeFileAtomic } from '../../src/io/atomic.js';

const dir = mkdtempSync(join(tmpdir(), 'mmlkit-write-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('a failure part-way leaves no temporary file and keeps the old content', () => {
    const p = join(dir, 'keep.txt');
    writeFileSync(p, 'old\n');
    expect(() =>
      writeFileAtomic(p, (fd) => {
        writeSync(fd, 'half of the new conte');
        throw new Error('disk on fire');
      }),
    ).toThrow('disk on fire');
    expect(readFileSync(p, 'utf8')).toBe('old\n');
    expect(readdirSync(dir)).toEqual(['keep.txt']);
  });

  it('a failure on a new file leaves no file at all', () => {
    const p = join(dir, 'new.txt');
    expect(() => writeFileAtomic(p, () => { throw new Error('no'); })).toThrow('no');
    expect(existsSync(p)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('new'))).toEqual([]);
  });
});

describe('writeCsv', () => {
  it('round-trips exactly through readCsv, with header and quoted labels', () => {
    const m = matrix([[0.1, -2e-300, 1 / 3], [1e21, 5, -0.5]]);
    const p = join(dir, 'x.csv');
    writeCsv(p, m, { header: ['a', 'b', 'c', 'label'], labels: ['plain', 'has,comma'] });
    expect(readFileSync(p, 'utf8').split('\n')[0]).toBe('a,b,c,label');
    const back = readCsv(p, { labelColumn: 'label' });
    expect(Array.from(back.data.data)).toEqual(Array.from(m.data));
    expect(back.labels).toEqual(['plain', 'has,comma']);
  });

  it('checks header and label lengths before writing anything', () => {
    const p = join(dir, 'y.csv');
    expect(() => writeCsv(p, matrix([[1, 2]]), { header: ['a'] })).toThrow(ShapeError);
    expect(() => writeCsv(p, matrix([[1, 2]]), { labels: ['a', 'b'] })).toThrow(/2 labels for 1 rows/);
    expect(existsSync(p)).toBe(false);
  });
});
