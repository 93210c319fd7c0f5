/**
 * Two-thread wasm (src/backend/wasm/threads/): what backends() says, and the attacks — a helper
 * worker killed in the middle of a call, one that hangs, one that throws — each of which must
 * end with the right answer (the call redone single-threaded) and the variant turned off with
 * the reason, never a hang. The conformance of the split kernels themselves is in
 * test/conformance (the `wasm-threads` entry).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { backends, init, OptionError, ShapeError } from '../src/entry/node.js';
import type { KernelTable } from '../src/backend/registry.js';
import { instantiateWasmKernels } from '../src/backend/wasm/kernels.js';
import { loadWasmBuildSync, loadWasmSync, wasmPath } from '../src/backend/wasm/load-node.js';
import { relaxedSimdSupported, type WasmVariant } from '../src/backend/wasm/variant.js';
import { launchNodeHelper, nodeThreaded, withNodeThreads } from '../src/backend/wasm/threads/load-node.js';
import { JOB, JOB_STALL, NODE_HELPER_SOURCE, STALL } from '../src/backend/wasm/threads/protocol.js';
import type { HelperHandle, HelperStart } from '../src/backend/wasm/threads/team.js';
import type { Threaded } from '../src/backend/wasm/threads/threaded-kernels.js';
import { Rng } from '../src/random.js';
import { randomArray } from './helpers/backends.js';

// The plain build: both threads run its shared-memory build, and split calls must give its bits
// exactly (the relaxed build is checked below, where the runtime has relaxed SIMD).
const plain = loadWasmBuildSync('plain');
const VARIANTS: WasmVariant[] = relaxedSimdSupported() ? ['plain', 'relaxed'] : ['plain'];
const possible = typeof nodeThreaded(plain) !== 'string';
const root = join(import.meta.dirname, '..');

/**
 * The helper's code with a 200 ms pause at the start of every half: a helper killed once it
 * has taken up its half is then surely killed in the middle of it.
 */
const SLOW_HELPER_SOURCE = NODE_HELPER_SOURCE.replace(
  'else exports[names[job]].apply(null, list);',
  `else { Atomics.wait(ctl, ${STALL}, 0, 200); exports[names[job]].apply(null, list); }`,
);

/** The helper's code with a 200 ms pause before it takes up each job: always too late. */
const LATE_HELPER_SOURCE = NODE_HELPER_SOURCE.replace('seen = seq;', `seen = seq; Atomics.wait(ctl, ${STALL}, 0, 200);`);

/** The helper's code with a 200 ms pause each time it wakes from sleep (a virtual CPU slow to be scheduled). */
const SLOW_WAKING_HELPER_SOURCE = NODE_HELPER_SOURCE.replace(
  `Atomics.wait(ctl, ${JOB}, seen);`,
  `if (Atomics.wait(ctl, ${JOB}, seen) === 'ok') Atomics.wait(ctl, ${STALL}, 0, 200);`,
);

function launchSlowHelper(start: HelperStart, onGone: (why: string) => void): HelperHandle {
  return launchHelper(SLOW_HELPER_SOURCE, start, onGone);
}

function launchHelper(source: string, start: HelperStart, onGone: (why: string) => void): HelperHandle {
  const worker = new Worker(source, { eval: true, workerData: start, execArgv: [] });
  worker.unref();
  worker.on('exit', (code) => onGone(`exited (code ${code})`));
  return { terminate: () => void worker.terminate() };
}

/** A threaded table splitting every call, whose helper handle the test holds. */
function threadedWithHandle(slow = false): { threaded: Threaded; helper: () => HelperHandle } {
  let handle: HelperHandle | undefined;
  const threaded = nodeThreaded(plain, {
    gemmMinWork: 0,
    decompositionMinWork: 0,
    startWaitMs: 10_000,
    // A dead helper is given up on quickly here (default 1 s); the slow one's 200 ms pauses must not count as hung.
    timeoutFloorMs: slow ? 1000 : 300,
    busyBackoffMs: 0, // a slow helper must not send the calls back to one thread here
    launch: (start, onGone) => (handle = (slow ? launchSlowHelper : launchNodeHelper)(start, onGone)),
  });
  if (typeof threaded === 'string') throw new Error(threaded);
  return { threaded, helper: () => handle! };
}

/** A threaded table splitting every call, whose helper takes up each job 200 ms late (no CPU for it). */
function threadedWithLateHelper(): Threaded {
  const threaded = nodeThreaded(plain, {
    gemmMinWork: 0,
    decompositionMinWork: 0,
    startWaitMs: 10_000,
    busyBackoffMs: 0,
    launch: (start, onGone) => launchHelper(LATE_HELPER_SOURCE, start, onGone),
  });
  if (typeof threaded === 'string') throw new Error(threaded);
  return threaded;
}

/** C = 1.3·A·Bᵀ − 0.5·C (m × n, depth k) on `table` and on the one-thread `reference`. */
function product(table: KernelTable, n: number, seed: number, reference = plain, m = n, k = n): { c: Float64Array; expected: Float64Array } {
  const rng = new Rng(seed);
  const a = randomArray(rng, m * k);
  const b = randomArray(rng, n * k);
  const c0 = randomArray(rng, m * n);
  const c = c0.slice();
  const expected = c0.slice();
  // alpha ≠ 1: the relaxed build's whole tiles end with a fused alpha·AB + C, its ragged ones
  // do not, so a split that cut a tile in two would show here.
  table.gemm!(0, 1, m, n, k, 1.3, a, b, -0.5, c);
  reference.gemm!(0, 1, m, n, k, 1.3, a, b, -0.5, expected);
  return { c, expected };
}

/** An own half that lasts until the helper has taken up its half (else this thread would take it back). */
function untilTaken(threaded: Threaded): () => void {
  return () => {
    while (!threaded.team.helperBusy());
  };
}

let stopAfter: Threaded | undefined;
afterEach(() => {
  stopAfter?.team.stop();
  stopAfter = undefined;
});

describe('which wasm runs', () => {
  it('backends() says how many threads wasm uses here, and why', () => {
    const wasm = backends().find((b) => b.name === 'wasm')!;
    expect(wasm.available).toBe(true);
    expect(wasm.threads?.count).toBe(possible ? 2 : 1);
    expect(wasm.threads?.reason).toMatch(possible ? /worker_threads and shared wasm memory/ : /./);
    // Both threads run the one-thread module's build: relaxed where the runtime picks relaxed.
    if (possible) {
      expect(wasm.threads?.variant).toBe(wasm.variant?.name);
      expect(wasm.threads?.reason).toContain(wasm.variant?.name === 'relaxed' ? 'both threads run mmlkit-relaxed.wasm (relaxed SIMD)' : 'both threads run mmlkit.wasm (plain SIMD)');
      expect(wasm.threads?.reason).toContain('the products inside the decompositions');
    }
  });

  it('MMLKIT_WASM_THREADS=0 keeps wasm on one thread, and says so', () => {
    const before = process.env.MMLKIT_WASM_THREADS;
    process.env.MMLKIT_WASM_THREADS = '0';
    try {
      expect(nodeThreaded(plain)).toBe('MMLKIT_WASM_THREADS=0 asks for one thread');
    } finally {
      if (before === undefined) delete process.env.MMLKIT_WASM_THREADS;
      else process.env.MMLKIT_WASM_THREADS = before;
    }
  });
});

describe('init({ wasmThreads }) in Node', () => {
  it('takes true or false only: a module source, another value or the old wasmThreadsRelaxed is an OptionError', async () => {
    for (const bad of ['https://example.com/mmlkit-threads.wasm', new Uint8Array(8), 1, null]) {
      await expect(init({ wasmThreads: bad as unknown as boolean })).rejects.toThrow(OptionError);
    }
    await expect(init({ wasmThreads: 'yes' as unknown as boolean })).rejects.toThrow(/init: wasmThreads.*true or false/);
    await expect(init({ wasmThreadsRelaxed: 'x' } as never)).rejects.toThrow(OptionError);
  });

  it('false keeps one thread, and says so', () => {
    expect(withNodeThreads(plain, false).threads!()).toEqual({ count: 1, reason: 'init({ wasmThreads: false }) asks for one thread' });
  });

  it.runIf(possible)('both threads run the build the one-thread wasm runs', () => {
    const tables: KernelTable[] = [];
    const make = (table: KernelTable) => {
      const threaded = withNodeThreads(table);
      tables.push(threaded);
      return threaded.threads!();
    };
    try {
      // init({ wasmVariant: 'plain' }) (or MMLKIT_WASM_VARIANT=plain) loads the plain build.
      expect(make(loadWasmSync('plain'))).toMatchObject({ count: 2, variant: 'plain', reason: expect.stringMatching(/both threads run mmlkit\.wasm \(plain SIMD\) over one shared memory/) });
      if (relaxedSimdSupported()) expect(make(loadWasmSync('relaxed'))).toMatchObject({ count: 2, variant: 'relaxed' });
    } finally {
      for (const t of tables) t.release?.();
    }
  });

  it('a module handed over compiled has no bytes to make its shared build from: one thread, and why', () => {
    const given = instantiateWasmKernels(new WebAssembly.Module(readFileSync(wasmPath('plain'))), { name: 'given', why: 'test' });
    expect(withNodeThreads(given).threads!()).toEqual({ count: 1, reason: expect.stringMatching(/gave a compiled WebAssembly\.Module; two threads run its shared-memory build, made from its bytes/) });
  });
});

describe.runIf(possible)('two threads round as the one-thread build they run', () => {
  // Shapes for both ways of splitting: row blocks claimed from a counter (m ≥ 64; blocks
  // shrinking from MC rows to two tiles, in whole tiles of 4 or 6 rows; 70 × 1030 × 2100: two
  // column panels and two groups of depth, beta applied by the first group's blocks only), C cut
  // in two up front (61 rows; 37 rows of 500 columns, cut by columns), and ragged last tiles.
  const SHAPES: [m: number, n: number, k: number][] = [[200, 200, 200], [130, 70, 300], [70, 1030, 2100], [61, 200, 90], [37, 500, 64]];
  it.each(VARIANTS)('%s: the split calls give its bits exactly', (variant) => {
    const single = loadWasmBuildSync(variant);
    const threaded = nodeThreaded(single, { gemmMinWork: 0, startWaitMs: 10_000, busyBackoffMs: 0 });
    if (typeof threaded === 'string') throw new Error(threaded);
    stopAfter = threaded;
    expect(threaded.table.threads!().variant).toBe(variant);
    SHAPES.forEach(([m, n, k], i) => {
      const { c, expected } = product(threaded.table, n, 20 + i, single, m, k);
      expect(c, `${variant} ${m}×${n}×${k}`).toEqual(expected);
    });
    expect(threaded.team.state).toBe('ready');
  });
});

/** A symmetric positive definite n × n matrix (potrf's input). */
function spd(rng: Rng, n: number): Float64Array {
  const g = randomArray(rng, n * n);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = i === j ? n : 0;
      for (let p = 0; p < n; p++) sum += g[i * n + p]! * g[j * n + p]!;
      a[i * n + j] = a[j * n + i] = sum;
    }
  }
  return a;
}

/**
 * Each decomposition run on `table` and on `reference`, from the same inputs: every output of
 * both, by name. Sizes big enough for blocked paths and several split products each.
 */
function decompositions(table: KernelTable, reference: KernelTable): [string, ArrayLike<number>, ArrayLike<number>][] {
  const rng = new Rng(41);
  const out: [string, ArrayLike<number>, ArrayLike<number>][] = [];
  const both = (name: string, run: (t: KernelTable) => ArrayLike<number>[]) => {
    const got = run(table);
    const want = run(reference);
    got.forEach((g, i) => out.push([`${name}[${i}]`, g, want[i]!]));
  };
  // Square, tall and wide (odd widths: ragged column strips), and one with exactly zero
  // columns inside the look-ahead's panels (the info must come back through it).
  // And one with a NaN and an Inf (the kernel's contract: propagated, not checked) — the same
  // NaNs in the same places on both.
  for (const [m, n, zeros, bad] of [[260, 260, [], false], [300, 170, [], false], [170, 301, [], false], [280, 280, [70, 150, 151], false], [240, 240, [], true]] as const) {
    const a0 = randomArray(rng, m * n);
    for (const j of zeros) for (let i = 0; i < m; i++) a0[i * n + j] = 0;
    if (bad) [a0[100 * n + 130], a0[200 * n + 50]] = [NaN, Infinity];
    both(`getrf ${m}×${n}`, (t) => {
      const a = a0.slice();
      const p = new Int32Array(Math.min(m, n));
      const info = t.getrf!(m, n, a, p);
      return [a, p, [info]];
    });
  }
  const s = spd(rng, 200);
  both('potrf 200', (t) => {
    const a = s.slice();
    t.potrf!(200, a);
    return [a];
  });
  const rhs = randomArray(rng, 200 * 90);
  both('trsm 200 × 90', (t) => {
    const b = rhs.slice();
    t.trsm!(0, 1, 0, 0, 200, 90, 0.7, s, b);
    return [b];
  });
  const q = randomArray(rng, 240 * 180);
  both('geqrf + orgqr 240×180', (t) => {
    const a = q.slice();
    const tau = new Float64Array(180);
    t.geqrf!(240, 180, a, tau);
    const qf = a.slice();
    t.orgqr!(240, 180, 180, qf, tau);
    return [a, tau, qf];
  });
  // Its first columns' gemvs with the trailing matrix (260 × 200) are large enough to split.
  const g = randomArray(rng, 260 * 200);
  both('gesdd 260×200 (vectors)', (t) => {
    const sv = new Float64Array(200);
    const u = new Float64Array(260 * 200);
    const vt = new Float64Array(200 * 200);
    t.gesdd!(1, 260, 200, g.slice(), sv, u, vt);
    return [sv, u, vt];
  });
  const sym = spd(rng, 240);
  both('symEig 240 (vectors)', (t) => {
    const w = new Float64Array(240);
    const z = new Float64Array(240 * 240);
    t.symEig!(240, sym.slice(), w, z, 1);
    return [w, z];
  });
  return out;
}

describe.runIf(possible)('the decompositions on two threads', () => {
  it.each(VARIANTS)('%s: the one-thread bits exactly, with their products, triangular solves and gemvs split', (variant) => {
    const single = loadWasmBuildSync(variant);
    const threaded = nodeThreaded(single, { gemmMinWork: 64 ** 3, decompositionMinWork: 4 * 64 ** 3, startWaitMs: 10_000, busyBackoffMs: 0 });
    if (typeof threaded === 'string') throw new Error(threaded);
    stopAfter = threaded;
    // How many of each kind of offer the host took up (ran on two threads).
    const taken = { gemmSplit: 0, trsmSplit: 0, gemvSplit: 0, luAheadSplit: 0, mergeSplit: 0 };
    for (const hook of Object.keys(taken) as (keyof typeof taken)[]) {
      const offered = threaded.team[hook] as (...args: number[]) => number;
      (threaded.team[hook] as (...args: number[]) => number) = (...args: number[]) => {
        const ran = offered(...args);
        taken[hook] += ran;
        return ran;
      };
    }
    for (const [name, got, want] of decompositions(threaded.table, single)) expect(Array.from(got), `${variant} ${name}`).toEqual(Array.from(want));
    expect(taken.gemmSplit).toBeGreaterThan(20);
    expect(taken.gemvSplit).toBeGreaterThan(10); // the SVD's bidiagonalisation: A·x by rows, Aᵀ·x by columns
    expect(taken.trsmSplit).toBeGreaterThan(5); // trsm's columns or rows solved on both threads (getrf's, potrf's, the trsm call's)
    expect(taken.luAheadSplit).toBeGreaterThan(5); // getrf's panels factored while the helper updated the rest
    expect(taken.mergeSplit).toBeGreaterThanOrEqual(3); // the SVD's top merge: its roots, weights and vectors in halves
    expect(threaded.team.state).toBe('ready');
  });
});

describe.runIf(possible)('a helper worker that fails', () => {
  it('split calls give the single-threaded bits exactly, and the helper really ran', () => {
    const { threaded } = threadedWithHandle();
    stopAfter = threaded;
    // A helper without a CPU in time leaves its half to this thread: a busy CI machine may need a few calls.
    for (let seed = 1; seed <= 20 && threaded.team.helperJobs === 0; seed++) {
      const { c, expected } = product(threaded.table, 200, seed);
      expect(c).toEqual(expected);
    }
    expect(threaded.team.state).toBe('ready');
    expect(threaded.team.helperJobs).toBeGreaterThan(0);
  });

  it('too late to start its half (no CPU for it): this thread takes the job back and does it, exactly, without waiting', () => {
    const threaded = (stopAfter = threadedWithLateHelper());
    expect(LATE_HELPER_SOURCE).not.toBe(NODE_HELPER_SOURCE);
    for (let seed = 1; seed <= 3; seed++) {
      const { c, expected } = product(threaded.table, 160, seed);
      expect(c).toEqual(expected);
    }
    expect(threaded.team.helperJobs).toBe(0);
    expect(threaded.team.state).toBe('ready'); // late is not dead: the team stays on
  });

  it('killed in the middle of its half: the call still returns the right product, threads turn off with the reason', () => {
    const { threaded, helper } = threadedWithHandle(true);
    stopAfter = threaded;
    expect(threaded.team.ready()).toBe(true);
    expect(SLOW_HELPER_SOURCE).not.toBe(NODE_HELPER_SOURCE);
    const real = threaded.team.exports;
    // Our share of the row blocks terminates the helper once it has taken up its share (which
    // it spends 200 ms in first): a helper not killed would finish well within the 1 s limit.
    const killing = (...args: number[]) => {
      while (!threaded.team.helperBusy());
      helper().terminate();
      real.gemmRowBlocks(...args);
    };
    threaded.team.exports = { ...real, gemmRowBlocks: killing };
    const { c, expected } = product(threaded.table, 160, 3);
    expect(c).toEqual(expected);
    expect(threaded.team.state).toBe('off');
    expect(threaded.table.threads!()).toEqual({ count: 1, reason: expect.stringMatching(/did not finish its half within \d+ ms \(dead or hung\); wasm runs single-threaded from now on/) });
    // Later calls run single-threaded, still right.
    const again = product(threaded.table, 160, 4);
    expect(again.c).toEqual(again.expected);
  });

  /** An LU (200 × 200) or an SVD with vectors (260 × 200): every output, on `table`. */
  const decompose = (kernel: 'getrf' | 'gesdd', table: KernelTable, a0: Float64Array): { status: number; out: ArrayLike<number>[] } => {
    if (kernel === 'getrf') {
      const [a, p] = [a0.slice(), new Int32Array(200)];
      return { status: table.getrf!(200, 200, a, p), out: [a, p] };
    }
    const out = [new Float64Array(200), new Float64Array(260 * 200), new Float64Array(200 * 200)] as const;
    return { status: table.gesdd!(1, 260, 200, a0.slice(), ...out), out: [...out] };
  };
  // This thread's call of `exportName` (once the helper has taken up its half) terminates the helper.
  it.each([
    ['a product inside an LU', 'gemmRowBlocks', 'getrf'],
    ["the LU's look-ahead (this thread factoring a panel while the helper updates)", 'getrfStrided', 'getrf'],
    ['a gemv inside the SVD', 'gemvPart', 'gesdd'],
    ["the SVD merge's secular roots", 'secularRoots', 'gesdd'],
    ["the SVD merge's secular vectors", 'secularVectors', 'gesdd'],
  ] as const)('killed in the middle of %s: the decomposition is redone on one thread, right, threads off', (_, exportName, kernel) => {
    const { threaded, helper } = threadedWithHandle(true);
    stopAfter = threaded;
    expect(threaded.team.ready()).toBe(true);
    const real = threaded.team.exports;
    const original = real[exportName] as (...args: number[]) => number | void;
    let kills = 0;
    const killing = (...args: number[]) => {
      while (!threaded.team.helperBusy());
      if (kills++ === 0) helper().terminate();
      return original(...args);
    };
    threaded.team.exports = { ...real, [exportName]: killing };
    const a0 = randomArray(new Rng(exportName.length), 260 * 200);
    const got = decompose(kernel, threaded.table, a0);
    const want = decompose(kernel, plain, a0);
    expect(got.status).toBe(0);
    expect(want.status).toBe(0);
    expect(kills).toBe(1);
    got.out.forEach((g, i) => expect(g).toEqual(want.out[i]));
    expect(threaded.table.threads!()).toEqual({ count: 1, reason: expect.stringMatching(/did not finish its half within \d+ ms \(dead or hung\)/) });
  });

  it("too late to start the look-ahead's update: this thread factors its panel, then does the update itself, exactly", () => {
    const threaded = (stopAfter = threadedWithLateHelper());
    let aheads = 0;
    const offered = threaded.team.luAheadSplit;
    threaded.team.luAheadSplit = (...args) => {
      const ran = offered(...args);
      aheads += ran > 0 ? 1 : 0;
      return ran;
    };
    const n = 150;
    const a0 = randomArray(new Rng(18), n * n);
    const [a, p] = [a0.slice(), new Int32Array(n)];
    const [want, wantP] = [a0.slice(), new Int32Array(n)];
    threaded.table.getrf!(n, n, a, p);
    plain.getrf!(n, n, want, wantP);
    expect(aheads).toBeGreaterThan(3);
    expect(a).toEqual(want);
    expect(p).toEqual(wantP);
    expect(threaded.team.state).toBe('ready');
  });

  it('a team replaced after a release (as after 10 s idle): nothing the old one cached is used by the new one', () => {
    const threaded = nodeThreaded(plain, { gemmMinWork: 0, decompositionMinWork: 0, startWaitMs: 10_000, busyBackoffMs: 0 });
    if (typeof threaded === 'string') throw new Error(threaded);
    stopAfter = threaded;
    const factor = (n: number, seed: number) => {
      const a0 = randomArray(new Rng(seed), n * n);
      const [want, wantP] = [a0.slice(), new Int32Array(n)];
      plain.getrf!(n, n, want, wantP);
      const [a, p] = [a0.slice(), new Int32Array(n)];
      threaded.table.getrf!(n, n, a, p);
      expect(a).toEqual(want);
      expect(p).toEqual(wantP);
    };
    // The old team's one call is large: its split scratch lies high in its memory.
    factor(900, 15);
    threaded.table.release!();
    // Once a new team's arena counted its calls from 0 again, its first call took that scratch
    // as its own: pointers past the new, smaller memory's end (a raw RangeError from a
    // benchmark's inv 1000 after ml-matrix's long calls let the team go), or onto the operands.
    for (let i = 0; i < 3; i++) factor(200, 16 + i);
    expect(threaded.team.state).toBe('ready');
  });

  it('late two halves in a row (no CPU for it): calls stay on one thread for a while, still exact', () => {
    const threaded = nodeThreaded(plain, {
      gemmMinWork: 0,
      startWaitMs: 10_000,
      busyBackoffMs: 60_000,
      launch: (start, onGone) => launchSlowHelper(start, onGone), // 200 ms late with every half
    });
    if (typeof threaded === 'string') throw new Error(threaded);
    stopAfter = threaded;
    let runs = 0;
    const run = threaded.team.run.bind(threaded.team);
    threaded.team.run = (...args) => (runs++, run(...args));
    // Two late halves in a row (a packing half too short to judge may be taken back first).
    for (let i = 0; i < 6 && !threaded.team.busy(); i++) {
      const { c, expected } = product(threaded.table, 160, 30 + i);
      expect(c).toEqual(expected);
    }
    expect(threaded.team.busy()).toBe(true);
    // Late either way: it finished its half after ours, or (a loaded CI machine) had not even
    // started it when ours was done, and this thread took it back.
    expect(threaded.table.threads!().reason).toMatch(
      /for now on one thread: the helper was late twice in a row, last (finished its half [\d.]+ ms after ours|had not started its half [\d.]+ ms after ours began)/,
    );
    expect(threaded.table.threads!().busy).toBe(true); // what `mmlkit bench` counts per timed wasm call
    // From then on the products run here alone, without posting the helper anything.
    const posted = runs;
    for (let i = 0; i < 2; i++) {
      const { c, expected } = product(threaded.table, 160, 40 + i);
      expect(c).toEqual(expected);
    }
    expect(runs).toBe(posted);
    expect(threaded.team.state).toBe('ready');
  });

  it.each([
    ['within the wake-up grace: not a busy machine, calls stay on two threads', 60_000, false],
    ['without a grace (control): two late halves send the calls to one thread', 0, true],
  ] as const)('a helper slow to wake from sleep, %s', async (_, wakeGraceMs, busy) => {
    const threaded = nodeThreaded(plain, {
      gemmMinWork: 0,
      startWaitMs: 10_000,
      busyBackoffMs: 60_000,
      wakeGraceMs,
      launch: (start, onGone) => launchHelper(SLOW_WAKING_HELPER_SOURCE, start, onGone),
    });
    if (typeof threaded === 'string') throw new Error(threaded);
    stopAfter = threaded;
    expect(SLOW_WAKING_HELPER_SOURCE).not.toBe(NODE_HELPER_SOURCE);
    expect(threaded.team.ready()).toBe(true);
    // Calls 50 ms apart: the helper is asleep at the start of each, and 200 ms late to wake.
    // Halves of over a millisecond (320³), so that a helper not there counts as late.
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const { c, expected } = product(threaded.table, 320, 50 + i);
      expect(c).toEqual(expected);
    }
    expect(threaded.team.busy()).toBe(busy);
    expect(threaded.team.state).toBe('ready');
  });

  it('memory that cannot grow for a split product inside a decomposition: that product runs on this thread, the result exact', () => {
    const { threaded } = threadedWithHandle();
    stopAfter = threaded;
    expect(threaded.team.ready()).toBe(true);
    // Every scratch allocation the splits ask for fails, as at the 4 GiB limit; the operands' do not.
    let refuse = false;
    const { arena } = threaded.team;
    const alloc = arena.alloc.bind(arena);
    arena.alloc = (count: number) => {
      if (refuse) throw new ShapeError('wasm backend: no more linear memory (test)');
      return alloc(count);
    };
    let offered = 0;
    for (const hook of ['gemmSplit', 'trsmSplit'] as const) {
      const real = threaded.team[hook] as (...args: number[]) => number;
      (threaded.team[hook] as (...args: number[]) => number) = (...args: number[]) => {
        offered++;
        refuse = true;
        try {
          return real(...args);
        } finally {
          refuse = false;
        }
      };
    }
    const n = 200;
    const a0 = randomArray(new Rng(77), n * n);
    const [a, p] = [a0.slice(), new Int32Array(n)];
    const [want, wantP] = [a0.slice(), new Int32Array(n)];
    expect(threaded.table.getrf!(n, n, a, p)).toBe(0);
    plain.getrf!(n, n, want, wantP);
    expect(offered).toBeGreaterThan(0);
    expect(a).toEqual(want);
    expect(p).toEqual(wantP);
    expect(threaded.team.state).toBe('ready');
  });

  it('terminated between calls: the next call is right, and does not hang', () => {
    const { threaded, helper } = threadedWithHandle();
    stopAfter = threaded;
    product(threaded.table, 64, 5);
    helper().terminate();
    const { c, expected } = product(threaded.table, 160, 6);
    expect(c).toEqual(expected);
  });

  it('hung (its half never ends): given up on after the timeout, threads off with the reason', () => {
    const { threaded } = threadedWithHandle();
    stopAfter = threaded;
    expect(threaded.team.ready()).toBe(true);
    expect(threaded.team.run(JOB_STALL, [60_000], untilTaken(threaded), () => {})).toBe(false);
    expect(threaded.team.reason).toMatch(/did not finish its half within \d+ ms \(dead or hung\)/);
    const { c, expected } = product(threaded.table, 200, 7);
    expect(c).toEqual(expected);
  });

  it('our own half throwing: the error comes out, and the helper (maybe still writing) is ended', () => {
    const { threaded } = threadedWithHandle();
    stopAfter = threaded;
    expect(threaded.team.ready()).toBe(true);
    expect(() => threaded.team.run(JOB_STALL, [50], () => { throw new Error('boom'); }, () => {})).toThrow('boom');
    expect(threaded.team.reason).toMatch(/this thread's half of a call threw \(boom\)/);
  });

  it('throwing in its half: reported as a failure, not a hang', () => {
    const { threaded } = threadedWithHandle();
    stopAfter = threaded;
    expect(threaded.team.ready()).toBe(true);
    expect(threaded.team.run(999, [], untilTaken(threaded), () => {})).toBe(false); // no export 999: the helper's call throws
    expect(threaded.team.reason).toMatch(/the helper worker failed in its half of a call/);
  });

  it('release() ends the helper; the next large call starts a new one', () => {
    const { threaded } = threadedWithHandle();
    product(threaded.table, 100, 8);
    threaded.table.release!();
    expect(threaded.team.state).toBe('idle');
    const { c, expected } = product(threaded.table, 100, 9);
    expect(threaded.team.state).toBe('ready');
    expect(c).toEqual(expected);
    stopAfter = threaded;
  });

  const built = existsSync(join(root, 'dist/src/entry/node.js')) && existsSync(join(root, 'dist/wasm/mmlkit.wasm'));
  // The script runs as an ES module (--input-type=module), which eval workers would inherit.
  it.runIf(built)('the helper does not hold the process open (a script that used it exits by itself)', () => {
    const script = `
      import('./dist/src/entry/node.js').then(async (m) => {
        await m.init(); // starts the helper and waits for it: the product below is split
        const a = m.Matrix.identity ? m.Matrix.identity(300) : new m.Matrix(300, 300, new Float64Array(300 * 300).fill(1));
        m.matmul(a, a, { backend: 'wasm' });
        const w = m.backends().find((b) => b.name === 'wasm');
        console.log(w.threads.count);
      });`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 20_000 });
    expect(r.signal).toBe(null); // not killed by the timeout
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('2');
  });
});
