/**
 * `mmlkit pca` killed at random moments, and two runs racing on one --out.
 *
 * Signals: SIGTERM, SIGINT or SIGHUP at a random moment of a run that rewrites an existing
 * --out. Whatever the moment, the parent directory must hold nothing but --out afterwards (no
 * `.out.tmp-*` or `.out.old-*`), and either the run exited 0 and --out is its complete output
 * (the signal came after the commit), or it exited 128 + the signal's number (or, during
 * Node's start-up, before any handler exists, was killed by the signal — a shell reports both
 * as 128 + n) and --out is byte for byte what it was.
 *
 * Concurrency: two runs with different -k, plots and projections on one --out; afterwards
 * --out is exactly one run's set of files, consistent with that run's k.
 *
 * Where strace works, the pairs run under it with every rename(2) slowed by 0.3 s (fault
 * injection), so that the two runs' publications really interleave (without it, a publication
 * takes microseconds and the race is rarely hit); MMLKIT_STRESS_STRACE=0 turns that off.
 *
 * A stress test: about 30 s with the defaults (12 signals, 4 pairs). The full targets are
 * measured by hand with `MMLKIT_STRESS_SIGNALS=100 MMLKIT_STRESS_PAIRS=50`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readNpy } from '../../src/entry/node.js';
import { Rng } from '../../src/random.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const main = join(root, 'dist/src/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'mmlkit-cli-signals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
type Sig = keyof typeof SIGNALS;
const signalTrials = Number(process.env.MMLKIT_STRESS_SIGNALS ?? 12);
const pairTrials = Number(process.env.MMLKIT_STRESS_PAIRS ?? 4);
const useStrace = process.env.MMLKIT_STRESS_STRACE !== '0' && spawnSync('strace', ['-qq', '-o', '/dev/null', 'true']).status === 0;
const rng = new Rng(Number(process.env.MMLKIT_STRESS_SEED ?? 2026));

const input = join(dir, 'input.csv');
const template = join(dir, 'template');
/** The new run: k = 3 with plots and CSV projections (the old --out holds a k = 2 run). */
const NEW_RUN = ['-k', '3', '--label-column', 'species', '--plot', '--transform', 'csv'];
const NEW_FILES = ['components.csv', 'explained_variance.csv', 'model.json', 'projections.csv', 'scatter.svg', 'scree.svg'];
const OLD_FILES = ['components.csv', 'explained_variance.csv', 'model.json', 'projections.npy'];
let baselineMs = 1000;

beforeAll(() => {
  const r = new Rng(11);
  const lines = ['a,b,c,d,e,f,g,h,species'];
  for (let i = 0; i < 40_000; i++) {
    const t = r.normal() * 3;
    const cells = Array.from({ length: 8 }, (_, j) => (t * (j + 1) + r.normal()).toFixed(5));
    lines.push([...cells, ['x', 'y', 'z'][i % 3]].join(','));
  }
  writeFileSync(input, lines.join('\n') + '\n');
  const t0 = performance.now();
  const old = spawnSync(process.execPath, [main, 'pca', input, '-k', '2', '--label-column', 'species', '--transform', '--out', template], { encoding: 'utf8' });
  expect(old.stderr).toBe('');
  // A full run of the new command, for the range of random delays.
  const probe = join(dir, 'probe');
  const t1 = performance.now();
  expect(spawnSync(process.execPath, [main, 'pca', input, ...NEW_RUN, '--out', probe], { encoding: 'utf8' }).status).toBe(0);
  baselineMs = Math.max(performance.now() - t1, (performance.now() - t0) / 2);
  rmSync(probe, { recursive: true });
}, 60_000);

function snapshot(path: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of readdirSync(path).sort()) m.set(f, readFileSync(join(path, f)).toString('base64'));
  return m;
}

function run(args: string[], cwd: string, slowRenames = false): { child: ReturnType<typeof spawn>; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> } {
  const command = slowRenames ? 'strace' : process.execPath;
  const argv = slowRenames ? ['-f', '-qq', '-o', '/dev/null', '-e', 'trace=rename', '-e', 'inject=rename:delay_exit=300000', process.execPath, main, ...args] : [main, ...args];
  const child = spawn(command, argv, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (b) => (stderr += b));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
  return { child, done };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it(`${signalTrials} signals at random moments leave --out as it was (or completed) and nothing beside it`, async () => {
  const outcomes = { completed: 0, interrupted: 0, beforeCommand: 0, killedAtStart: 0 };
  const bySignal: Record<string, number> = {};
  for (let t = 0; t < signalTrials; t++) {
    const parent = mkdtempSync(join(dir, 'sig-'));
    const out = join(parent, 'out');
    cpSync(template, out, { recursive: true });
    const before = snapshot(out);
    const sig = (['SIGTERM', 'SIGINT', 'SIGHUP'] as Sig[])[t % 3];
    const workers = String(1 + Math.floor(rng.next() * 2));
    const delay = rng.next() * baselineMs * 1.1;
    const { child, done } = run(['pca', input, ...NEW_RUN, '--workers', workers, '--out', 'out'], parent);
    await sleep(delay);
    child.kill(sig);
    const { code, signal, stderr } = await done;
    const where = `trial ${t}: ${sig} after ${delay.toFixed(0)} ms, --workers ${workers}: exit ${code} ${signal ?? ''} ${stderr}`;
    expect(readdirSync(parent), where).toEqual(['out']);
    if (code === 0) {
      outcomes.completed++;
      expect(readdirSync(out).sort(), where).toEqual(NEW_FILES);
      expect(JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')).components.length, where).toBe(3);
    } else {
      if (code === null) {
        expect(signal, where).toBe(sig);
        outcomes.killedAtStart++;
      } else {
        expect(code, where).toBe(128 + SIGNALS[sig]);
        // Silent when the signal came before the command started (nothing to say or undo).
        if (stderr === '') outcomes.beforeCommand++;
        else {
          expect(stderr, where).toBe(`mmlkit: interrupted by ${sig}; --out was left as it was\n`);
          outcomes.interrupted++;
        }
      }
      expect(snapshot(out), where).toEqual(before);
    }
    bySignal[sig] = (bySignal[sig] ?? 0) + 1;
    rmSync(parent, { recursive: true });
  }
  console.log(`signals: ${signalTrials} trials (${JSON.stringify(bySignal)}), run ≈ ${baselineMs.toFixed(0)} ms: ${JSON.stringify(outcomes)}; 0 leftovers, 0 changed --out`);
}, 600_000);

/** The k of the run whose files are in `out`, after checking that they all agree on it. */
function wholeRun(out: string): 'A' | 'B' {
  const files = readdirSync(out).sort();
  const k = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')).components.length as number;
  const components = readFileSync(join(out, 'components.csv'), 'utf8').trim().split('\n').length - 1;
  const variance = readFileSync(join(out, 'explained_variance.csv'), 'utf8').trim().split('\n').length - 1;
  expect([components, variance]).toEqual([k, k]);
  if (k === 3) {
    expect(files).toEqual(NEW_FILES);
    expect(readFileSync(join(out, 'projections.csv'), 'utf8').split('\n', 1)[0]).toBe('pc1,pc2,pc3,species');
    return 'A';
  }
  expect(k).toBe(2);
  expect(files).toEqual(OLD_FILES);
  expect(readNpy(join(out, 'projections.npy')).shape).toEqual([40_000, 2]);
  return 'B';
}

it(`${pairTrials} pairs of concurrent runs on one --out: the result is entirely one run's output`, async () => {
  const winners = { A: 0, B: 0 };
  for (let t = 0; t < pairTrials; t++) {
    const parent = mkdtempSync(join(dir, 'pair-'));
    if (t % 2 === 1) cpSync(template, join(parent, 'out'), { recursive: true });
    const a = run(['pca', input, ...NEW_RUN, '--workers', '1', '--out', 'out'], parent, useStrace);
    await sleep(rng.next() * 50);
    const b = run(['pca', input, '-k', '2', '--label-column', 'species', '--transform', 'npy', '--workers', '2', '--out', 'out'], parent, useStrace);
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect([ra.code, ra.stderr, rb.code, rb.stderr], `pair ${t}`).toEqual([0, '', 0, '']);
    expect(readdirSync(parent), `pair ${t}`).toEqual(['out']);
    winners[wholeRun(join(parent, 'out'))]++;
    rmSync(parent, { recursive: true });
  }
  console.log(`pairs: ${pairTrials}${useStrace ? ' (renames slowed by 0.3 s)' : ''}: last publisher A (k=3) ${winners.A}, B (k=2) ${winners.B}; every --out entirely one run's`);
  expect(existsSync(dir)).toBe(true);
}, 900_000);
