/**
 * CLI fuzz: `mmlkit pca` on generated hostile files — ragged rows, junk cells (hex, NUL bytes,
 * full-width digits, nan/inf, numbers beyond float64 such as 1e400), binary lines, quoted line
 * breaks, empty and blank files — with BOMs and mixed CRLF/LF line ends around them, on one or
 * two workers and random chunk sizes. Every run must exit 1 with `file:line:column` in its one
 * line of stderr (the exact line where the corruption was put) and leave --out byte for byte
 * as it was, with nothing beside it.
 *
 * Each case spawns the CLI (≈ 0.3 s); MMLKIT_FUZZ_RUNS raises the count (default 24, ≈ 10 s on a quiet machine).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const main = join(root, 'dist/src/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'mmlkit-cli-fuzz-'));
const inputs = join(dir, 'inputs');
const work = join(dir, 'work');
const out = join(work, 'out');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const runs = Number(process.env.MMLKIT_FUZZ_RUNS ?? 24);

function cli(args: string[]) {
  return spawnSync(process.execPath, [main, ...args], { cwd: work, encoding: 'utf8', timeout: 30_000 });
}

function snapshot(): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of readdirSync(out).sort()) m.set(f, readFileSync(join(out, f)).toString('base64'));
  return m;
}

let before: Map<string, string>;
beforeAll(() => {
  mkdirSync(inputs);
  mkdirSync(work);
  const good = join(inputs, 'good.csv');
  writeFileSync(good, 'a,b,c\n' + Array.from({ length: 50 }, (_, i) => `${i},${(i * 7) % 11},${Math.sin(i)}`).join('\n') + '\n');
  const r = cli(['pca', good, '-k', '2', '--out', out, '--plot', '--transform']);
  expect(r.stderr).toBe('');
  before = snapshot();
});

/** Cells that no reading of a finite number accepts. */
const JUNK = ['abc', '1.2.3', '--1', '0x1F', '-0x10', '1e', '', '1_000', '.', '+', '１', '"1', '1 2', '1\0', '\u00001', 'NaN', 'nan', 'inf', '-Infinity', '1e400', '-1e999', '1e309', '12a', '1d5'];

type Corruption =
  | { kind: 'drop-field' }
  | { kind: 'extra-field' }
  | { kind: 'junk'; cell: string; field: number }
  | { kind: 'binary'; bytes: number[]; at: number }
  | { kind: 'quoted-break' }
  | { kind: 'overflow'; cell: string; field: number };

const number = fc.oneof(
  fc.integer({ min: -1e6, max: 1e6 }).map(String),
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).map(String),
  fc.double({ min: -1e300, max: 1e300, noNaN: true, noDefaultInfinity: true }).map((x) => x.toExponential(17)),
);

const corruption: fc.Arbitrary<Corruption> = fc.oneof(
  fc.constant({ kind: 'drop-field' as const }),
  fc.constant({ kind: 'extra-field' as const }),
  fc.record({ kind: fc.constant('junk' as const), cell: fc.constantFrom(...JUNK), field: fc.nat(10) }),
  fc.record({ kind: fc.constant('binary' as const), bytes: fc.array(fc.integer({ min: 0, max: 255 }).filter((b) => b !== 10), { maxLength: 40 }), at: fc.nat(40) }),
  fc.constant({ kind: 'quoted-break' as const }),
  // Parses as a number but not as a finite float64: refused with its position too.
  fc.record({ kind: fc.constant('overflow' as const), cell: fc.constantFrom('1e400', '-1e999', '1e309', '2e308', '-17976931348623159e292'), field: fc.nat(10) }),
);

const hostile = fc.record({
  cols: fc.integer({ min: 2, max: 6 }),
  rows: fc.oneof(fc.integer({ min: 3, max: 200 }), fc.integer({ min: 2000, max: 4000 })),
  badRow: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  corruption,
  bom: fc.boolean(),
  crlf: fc.constantFrom('none', 'all', 'mixed'),
  finalBreak: fc.boolean(),
  seed: fc.integer(),
  workers: fc.constantFrom('1', '2'),
  chunkRows: fc.integer({ min: 1, max: 700 }),
});

type Hostile = typeof hostile extends fc.Arbitrary<infer T> ? T : never;

/** The file's bytes and the 1-based line of the corruption. */
function build(c: Hostile): { bytes: Buffer; line: number } {
  let s = c.seed;
  const coin = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) & 1) === 1;
  const lines: Buffer[] = [Buffer.from(Array.from({ length: c.cols }, (_, j) => `f${j}`).join(','))];
  const bad = Math.floor(c.badRow * c.rows);
  for (let i = 0; i < c.rows; i++) {
    const cells = Array.from({ length: c.cols }, (_, j) => String((i * 31 + j * 17) % 101) + (coin() ? '.5' : ''));
    let line = Buffer.from(cells.join(','));
    if (i === bad) {
      const k = c.corruption;
      if (k.kind === 'drop-field') line = Buffer.from(cells.slice(0, -1).join(','));
      else if (k.kind === 'extra-field') line = Buffer.from([...cells, '1'].join(','));
      else if (k.kind === 'junk' || k.kind === 'overflow') {
        cells[k.field % c.cols] = k.cell;
        line = Buffer.from(cells.join(','));
      } else if (k.kind === 'binary') {
        const bytes = [...k.bytes];
        bytes.splice(k.at % (bytes.length + 1), 0, 0xff); // never a number, whatever surrounds it
        line = Buffer.from(bytes);
      } else {
        cells[0] = '"1\n2"';
        line = Buffer.from(cells.join(','));
      }
    }
    lines.push(line);
  }
  const parts: Buffer[] = c.bom ? [Buffer.from([0xef, 0xbb, 0xbf])] : [];
  lines.forEach((l, i) => {
    parts.push(l);
    if (i < lines.length - 1 || c.finalBreak) parts.push(Buffer.from(c.crlf === 'all' || (c.crlf === 'mixed' && coin()) ? '\r\n' : '\n'));
  });
  return { bytes: Buffer.concat(parts), line: bad + 2 };
}

let n = 0;
function expectRefused(bytes: Buffer, args: string[], line?: number): void {
  const file = join(inputs, `case-${n++}.csv`);
  writeFileSync(file, bytes);
  const r = cli(['pca', file, '-k', '1', '--out', out, ...args]);
  const where = `${file} ${args.join(' ')}: ${r.stderr}`;
  expect(r.status, where).toBe(1);
  const m = new RegExp(`^mmlkit: ${file}:(\\d+):(\\d+): [^\\n]+\\n$`).exec(r.stderr);
  expect(m, where).not.toBeNull();
  if (line !== undefined) expect(Number(m![1]), where).toBe(line);
  expect(readdirSync(work), where).toEqual(['out']);
  expect(snapshot(), where).toEqual(before);
  rmSync(file);
}

it(`${runs} generated hostile CSV files: exit 1, file:line:column, --out unchanged`, () => {
  fc.assert(
    fc.property(hostile, (c) => {
      const { bytes, line } = build(c);
      expectRefused(bytes, ['--workers', c.workers, '--chunk-rows', String(c.chunkRows)], line);
    }),
    { numRuns: runs, seed: Number(process.env.MMLKIT_FUZZ_SEED ?? 9) },
  );
}, 600_000);

it('empty, blank, header-only and binary files', () => {
  const binary = fc.sample(fc.uint8Array({ minLength: 1, maxLength: 3000 }), { numRuns: 6, seed: 3 });
  const files: Buffer[] = [
    Buffer.alloc(0),
    Buffer.from('\n\r\n  \n\t\n'),
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from('a,b,c\r\n'),
    Buffer.from('\0\0\0\0'),
    ...binary.map((b) => Buffer.concat([Buffer.from([0xff]), Buffer.from(b)])),
  ];
  for (const bytes of files) expectRefused(bytes, []);
});
