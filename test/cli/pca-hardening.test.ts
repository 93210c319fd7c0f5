/**
 * `mmlkit pca` under hostile use: huge flags, inputs that are not regular files, a bad --out,
 * -k beyond the columns, several failing worker ranges, overflowing cells, a `label` field.
 * Runs the built CLI (dist/); every case also checks that nothing was left beside --out.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PcaModel } from '../../src/pca/model.js';
import { Rng } from '../../src/random.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const main = join(root, 'dist/src/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'mmlkit-cli-hard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI in `dir`; a hang fails the test instead of blocking it (timeout → status null). */
function cli(args: string[], timeout = 20_000) {
  return spawnSync(process.execPath, [main, ...args], { cwd: dir, encoding: 'utf8', timeout });
}

/** `rows` lines of `cols` numbers under a header f0..f(cols-1); `edit` may change data line i (0-based). */
function csv(name: string, rows: number, cols: number, edit?: (i: number, cells: string[]) => string[] | void): string {
  const rng = new Rng(rows * 31 + cols);
  const lines = [Array.from({ length: cols }, (_, j) => `f${j}`).join(',')];
  for (let i = 0; i < rows; i++) {
    let cells = Array.from({ length: cols }, () => (rng.normal() * 10).toFixed(6));
    cells = edit?.(i, cells) ?? cells;
    lines.push(cells.join(','));
  }
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

/** Nothing but `keep` in dir: no `.out.tmp-*` staging or `.out.old-*` directories left. */
function expectNoLeftovers(): void {
  expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
}

const small = csv('small.csv', 200, 6);

describe('numeric flags are bounded (exit 2, naming the flag and the limit)', () => {
  const most = 4 * availableParallelism();

  it.each([['5000'], ['1000'], [String(most + 1)]])('--workers %s', (n) => {
    const r = cli(['pca', small, '-k', '2', '--out', 'w', '--workers', n]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`option '--workers <n>' argument '${n}' is invalid. expected at most ${most} (4 × the cores available)`);
    expect(existsSync(join(dir, 'w'))).toBe(false);
  });

  it('--workers at the limit on a 200-row file starts one worker, not one per requested thread', () => {
    const r = cli(['pca', small, '-k', '2', '--out', 'w-max', '--workers', String(most)]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/200 rows × 6 columns .* 1 worker,/);
    rmSync(join(dir, 'w-max'), { recursive: true });
  });

  it('--chunk-rows 1e9 is refused when parsed; a chunk over 256 MB for the width once the header is read', () => {
    const a = cli(['pca', small, '-k', '2', '--out', 'c', '--chunk-rows', '1e9']);
    expect(a.status).toBe(2);
    expect(a.stderr).toContain("option '--chunk-rows <n>' argument '1e9' is invalid. expected at most 16777216");
    const b = cli(['pca', small, '-k', '2', '--out', 'c', '--chunk-rows', '16000000']);
    expect(b.stderr).toMatch(/^mmlkit: option 'chunk-rows' must be an integer from 1 to 5592405 for 6 columns \(a chunk buffer of at most 256 MB\); got 16000000/);
    expect(b.status).toBe(1);
    expect(existsSync(join(dir, 'c'))).toBe(false);
    expectNoLeftovers();
  });

  it('a file wider than 8192 columns is refused before any row is read by the covariance method (and by auto with a variance fraction)', () => {
    const wide = csv('wide.csv', 3, 9000);
    for (const args of [['-k', '2', '--method', 'covariance'], ['-k', '0.9']]) {
      const r = cli(['pca', wide, ...args, '--out', 'wide']);
      expect(r.stderr).toMatch(/option 'columns' must be at most 8192 columns with --method covariance .* has 9000/);
      expect(r.status).toBe(1);
    }
    expectNoLeftovers();
  });

  it('the randomized method has its own width bound, from its O(d·l) arrays', () => {
    const r = cli(['pca', csv('wide2.csv', 3, 9000), '-k', '2', '--oversamples', '1000', '--out', 'wide2']);
    expect(r.stderr).toMatch(/option 'columns' must be at most 8371 columns with --method randomized and k \+ oversamples = 1002 .* has 9000/);
    expect(r.status).toBe(1);
    expectNoLeftovers();
  });

  it("and one for the main thread's Krylov basis, d × min(d, l·passes)", () => {
    // l = 1002, 8 passes (k < d/10: 7 power iterations): L = min(6000, 8016) = 6000, 36 M doubles.
    const r = cli(['pca', csv('wide3.csv', 3, 6000), '-k', '2', '--oversamples', '1000', '--out', 'wide3']);
    expect(r.stderr).toMatch(/option 'columns' must be at most 5592 columns with --method randomized, k \+ oversamples = 1002 and 8 passes .* has 6000/);
    expect(r.status).toBe(1);
    expectNoLeftovers();
  });

  it.each([['--time', '1e9'], ['--max-call', '99999'], ['--interleave', '1e6'], ['--gap', '1e7'], ['--sizes', '64,1e9']])('bench %s %s', (flag, value) => {
    const r = cli(['bench', 'matmul', flag, value, '--out', 'bench-out']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/is invalid\. expected at most/);
  });
});

describe('only regular files are read', () => {
  it('a FIFO is refused at once, with or without a writer (no blocking open)', () => {
    const fifo = join(dir, 'fifo.csv');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const r = cli(['pca', fifo, '-k', '2', '--out', 'fifo-out'], 10_000);
    expect(r.error).toBeUndefined(); // no timeout
    expect(r.stderr).toBe(`mmlkit: cannot read ${fifo}: it is a FIFO (named pipe); mmlkit reads regular files only\n`);
    expect(r.status).toBe(1);
    rmSync(fifo);
  });

  it('a directory and a device', () => {
    mkdirSync(join(dir, 'adir.csv'));
    const d = cli(['pca', 'adir.csv', '-k', '2']);
    expect(d.stderr).toBe('mmlkit: cannot read adir.csv: it is a directory; mmlkit reads regular files only\n');
    expect(d.status).toBe(1);
    const z = cli(['pca', '/dev/zero', '-k', '2']);
    expect(z.stderr).toMatch(/it is a device; mmlkit reads regular files only/);
    expect(z.status).toBe(1);
    rmSync(join(dir, 'adir.csv'), { recursive: true });
    expect(existsSync(join(dir, 'pca-out'))).toBe(false);
  });

  it('a socket', async () => {
    const path = join(dir, 'sock.csv');
    const server: Server = createServer();
    await new Promise<void>((r) => server.listen(path, r));
    try {
      const r = spawnSync(process.execPath, [main, 'pca', path, '-k', '2'], { cwd: dir, encoding: 'utf8', timeout: 10_000 });
      expect(r.stderr).toMatch(/cannot read .*sock\.csv: it is a socket; mmlkit reads regular files only/);
      expect(r.status).toBe(1);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe('--out', () => {
  it('under a regular file: the real reason, not a cleanup error', () => {
    writeFileSync(join(dir, 'plain'), 'x');
    for (const out of ['plain/out', 'plain/deeper/out', 'plain']) {
      const r = cli(['pca', small, '-k', '2', '--out', out]);
      expect(r.stderr).toMatch(/^mmlkit: --out plain(\/out: .*plain is not a directory|\/deeper\/out: .*plain is not a directory| exists and is not a directory)\n$/);
      expect(r.stderr).not.toMatch(/ENOTDIR|\.tmp-|rmdir/);
      expect(r.status).toBe(1);
    }
    rmSync(join(dir, 'plain'));
    expectNoLeftovers();
  });

  it('the current directory is refused (it would be swapped away)', () => {
    const r = cli(['pca', small, '-k', '2', '--out', '.']);
    expect(r.stderr).toMatch(/--out \. is the current directory/);
    expect(r.status).toBe(1);
  });

  it('parents created for a failed run are removed again', () => {
    const bad = csv('bad-late.csv', 300, 4, (i, c) => (i === 250 ? ['x', ...c.slice(1)] : undefined));
    const r = cli(['pca', bad, '-k', '2', '--out', 'new/parent/out', '--plot']);
    expect(r.status).toBe(1);
    expect(existsSync(join(dir, 'new'))).toBe(false);
  });
});

describe('-k is checked against the header before any row is streamed', () => {
  it('reports -k, not the bad cell further down', () => {
    const bad = csv('k-bad.csv', 500, 4, (i, c) => (i === 400 ? ['oops', ...c.slice(1)] : undefined));
    const r = cli(['pca', bad, '-k', '9', '--out', 'k']);
    expect(r.stderr).toBe(`mmlkit: option 'components' must be at most the 4 columns read from ${bad}; got 9\n`);
    expect(r.status).toBe(1);
  });
});

describe('errors from several worker ranges', () => {
  // ~4 ranges of ≥ 32 KB; a bad cell late in range 0 and one early in range 2: range 2's error
  // usually arrives first, but the first bad line of the file is the one to report, every time.
  const rows = 4000;
  const bad = csv('two-bad.csv', rows, 6, (i, c) => (i === 900 ? ['1.2.3', ...c.slice(1)] : i === 2100 ? [c[0], 'zz', ...c.slice(2)] : undefined));

  it('the earliest bad line in file order is reported, the same on every run', () => {
    const seen = new Set<string>();
    for (let run = 0; run < 6; run++) {
      const r = cli(['pca', bad, '-k', '2', '--out', 'multi', '--workers', '4', '--chunk-rows', '50']);
      expect(r.status).toBe(1);
      seen.add(r.stderr);
    }
    expect([...seen]).toEqual([`mmlkit: ${bad}:902:1: not a number in field 1: "1.2.3"\n`]);
    expectNoLeftovers();
  });

  it('a cell overflowing float64 (1e400) is located by file:line:column with 1, 2 and 4 workers', () => {
    const ov = csv('overflow.csv', rows, 6, (i, c) => (i === 3000 ? [c[0], c[1], '1e400', ...c.slice(3)] : undefined));
    const line = 3002;
    const column = readFileSync(ov, 'utf8').split('\n')[line - 1].split(',').slice(0, 2).join(',').length + 2;
    for (const w of ['1', '2', '4']) {
      const r = cli(['pca', ov, '-k', '2', '--out', 'ov', '--workers', w]);
      expect(r.stderr).toMatch(new RegExp(`^mmlkit: ${ov}:${line}:${column}: `));
      expect(r.status).toBe(1);
    }
  });
});

describe('a field named "label" is not a feature', () => {
  it('the shipped digits: `mmlkit pca data/digits.csv -k 5` fits the 64 pixels', () => {
    const r = cli(['pca', join(root, 'data/digits.csv'), '-k', '5', '--out', 'digits']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/1797 rows × 64 columns/);
    expect(r.stdout).toContain('labels: field "label" (not a feature');
    const model = PcaModel.fromJSON(JSON.parse(readFileSync(join(dir, 'digits/model.json'), 'utf8')));
    expect(model.components.cols).toBe(64);
    expect(readFileSync(join(dir, 'digits/components.csv'), 'utf8').split('\n')[0].split(',')).not.toContain('label');
  });

  it('--columns naming it makes it a feature again', () => {
    const r = cli(['pca', join(root, 'data/digits.csv'), '-k', '5', '--out', 'digits2', '--columns', '0-64']);
    expect(r.stdout).toMatch(/1797 rows × 65 columns/);
  });

  it('the help says what --columns defaults to', () => {
    const r = cli(['pca', '--help']);
    expect(r.stdout).toMatch(/every field except the\s+--label-column one/);
    expect(r.stdout).not.toMatch(/all but the label column/);
  });
});
