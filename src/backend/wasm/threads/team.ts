/**
 * The main thread's side of the two-thread wasm: this thread and one helper worker each run an
 * instance of the module over one shared memory. A call posts the helper its half, computes
 * its own half, then waits for the helper — never forever: a helper that is dead, hung or threw makes `run`
 * return false (the caller then redoes the call single-threaded) and turns the team off for
 * good, with the reason `backends()` shows.
 */
import type { WasmArena } from '../arena.js';
import { instantiate, INITIAL_PAGES, MAX_PAGES, type GemmSplit, type GemvSplit, type LuAheadSplit, type MergeSplit, type TrsmSplit, type WasmExports } from '../kernels.js';
import { ARG_SLOTS, AWAKE, CONTROL_WORDS, DONE, JOB, JOB_EXPORTS, OFFER, READY, SPIN_MS, TAKEN, type JobName } from './protocol.js';

/** What a helper starts from: the module (its shared-memory build), the shared memory, the two blocks. */
export interface HelperStart {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  ctl: Int32Array;
  args: Float64Array;
}

/** A started helper. `onGone` is called (asynchronously) if it fails or exits by itself. */
export interface HelperHandle {
  terminate(): void;
}
export type Launch = (start: HelperStart, onGone: (why: string) => void) => HelperHandle;

export interface TeamOptions {
  /** The one-thread wasm's module with its memory import made shared (shared-memory-build.ts). */
  module: WebAssembly.Module;
  launch: Launch;
  /**
   * Whether this thread may block in Atomics.wait (Node's main thread and workers may; a
   * browser page's main thread may not, so it spins on Atomics.load while it waits).
   */
  canBlock: boolean;
  /** A helper that has not finished its half this long after ours (and 10× our half's time) is given up on. */
  timeoutFloorMs?: number;
  /**
   * How long a call may block waiting for a helper that is still starting (where this thread
   * may block). Default 0: calls run single-threaded until the helper is up (tens of ms,
   * started by the first large call or by `init()`), so a short script never waits for it.
   */
  startWaitMs?: number;
  /**
   * How long calls stay on one thread once the helper was found without a CPU (noteLateness);
   * default BUSY_BACKOFF_MS. 0: never (the tests, which must exercise the split paths).
   */
  busyBackoffMs?: number;
  /** How long after waking a sleeping helper its lateness is put down to the wake-up; default WAKE_GRACE_MS. */
  wakeGraceMs?: number;
}

const TIMEOUT_FLOOR_MS = 1000;
/** A helper that has not started its half this long (ms) after ours started had no CPU (a spinning one starts within microseconds). */
const LATE_START_MS = 1;
/**
 * A helper finishing this much (ms), and more than our half took, after our half is late. Below
 * it, a helper descheduled for a moment (0.5–1 ms hiccups are common on a VM at load ≈ 1) is
 * not a busy machine; a busy one delays it by whole time slices (3–4 ms and more).
 */
const LATE_WAIT_MS = 2;
/** This many late helpers in a row: the machine is busy (see noteLateness). */
const LATE_LIMIT = 2;
/** How long calls then stay on one thread (ms). */
const BUSY_BACKOFF_MS = 2000;
/**
 * A helper idle this long (ms) has stopped spinning and sleeps (it spins SPIN_MS after a job,
 * AWAKE_SPIN_MS while a decomposition runs): waking it is slow on a VM whatever the load.
 */
const ASLEEP_AFTER_MS = 12;
/**
 * Lateness within this long (ms) of waking a sleeping helper is the wake-up, not a busy
 * machine: measured 1–5 ms on the 2-core VM after 200 ms idle, at load ≈ 1.
 */
const WAKE_GRACE_MS = 10;
/** The helper's half may take this many times ours (a busy machine) before it counts as hung. */
const TIMEOUT_FACTOR = 10;

export type TeamState = 'idle' | 'starting' | 'ready' | 'off';

export class Team {
  state: TeamState = 'idle';
  /** Why the team is off (state 'off'). */
  reason = '';
  exports!: WasmExports;
  arena!: WasmArena;
  private memory?: WebAssembly.Memory;
  private helper?: HelperHandle;
  private ctl!: Int32Array;
  private args!: Float64Array;
  private seq = 0;
  private readonly floor: number;
  /** Jobs the helper took up and ran (the rest it was too late for ran here). */
  helperJobs = 0;
  /** What this thread's instance calls for the products and solves it offers to two threads (threaded-kernels.ts sets them). */
  gemmSplit: GemmSplit = () => 0;
  trsmSplit: TrsmSplit = () => 0;
  gemvSplit: GemvSplit = () => 0;
  luAheadSplit: LuAheadSplit = () => 0;
  mergeSplit: MergeSplit = () => 0;
  private lateInARow = 0;
  /** When the helper last finished a job or a decomposition let it go (performance.now()). */
  private lastActive = -Infinity;
  /** When this thread last woke a sleeping helper. */
  private wokenAt = -Infinity;
  private busyUntil = 0;
  /** How the helper was last found late (backends() says it while calls stay on one thread). */
  lastLate = '';

  constructor(private readonly options: TeamOptions) {
    this.floor = options.timeoutFloorMs ?? TIMEOUT_FLOOR_MS;
  }

  /** Instantiates the module here and launches the helper (which instantiates it there). */
  start(): void {
    if (this.state !== 'idle') return;
    try {
      const memory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES, shared: true });
      this.memory = memory;
      ({ exports: this.exports, arena: this.arena } = instantiate(this.options.module, memory, {
        gemmSplit: (...args) => this.gemmSplit(...args),
        trsmSplit: (...args) => this.trsmSplit(...args),
        gemvSplit: (...args) => this.gemvSplit(...args),
        luAheadSplit: (...args) => this.luAheadSplit(...args),
        mergeSplit: (...args) => this.mergeSplit(...args),
      }));
      this.ctl = new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * 4));
      this.args = new Float64Array(new SharedArrayBuffer(ARG_SLOTS * 8));
      this.seq = 0;
      this.state = 'starting';
      const start = { module: this.options.module, memory, ctl: this.ctl, args: this.args };
      // A helper that ends is reported only while it is the current one (not after stop()).
      const helper: HelperHandle = this.options.launch(start, (why) => {
        if (this.helper === helper) this.fail(`the helper worker ${why}`);
      });
      this.helper = helper;
    } catch (err) {
      this.fail(`the helper worker could not start: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /**
   * Ready to split a call? Starts the team on first use; while the helper is starting, calls
   * run single-threaded (or wait up to `startWaitMs` for it, where this thread may block).
   */
  ready(): boolean {
    if (this.state === 'idle') this.start();
    if (this.state === 'starting') this.settle(this.options.canBlock ? (this.options.startWaitMs ?? 0) : 0);
    return this.state === 'ready' && !this.busy();
  }

  /** Starts the team and resolves once the helper is up or has failed (browsers' `init()`). */
  async whenReady(timeoutMs = 10_000): Promise<boolean> {
    if (this.state === 'idle') this.start();
    const deadline = now() + timeoutMs;
    while (this.state === 'starting' && now() < deadline) {
      this.settle(0);
      if (this.state === 'starting') await new Promise((r) => setTimeout(r, 5));
    }
    if (this.state === 'starting') this.fail(`the helper worker did not start within ${timeoutMs} ms`);
    return this.state === 'ready';
  }

  private settle(waitMs: number): void {
    const v = waitFor(this.ctl, READY, (x) => x !== 0, now() + waitMs, this.options.canBlock);
    if (v === 1) this.state = 'ready';
    else if (v === -1) this.fail('the helper worker could not instantiate the module over the shared memory');
  }

  /**
   * Posts `job(args)` to the helper, runs `own` here, then waits for the helper — or, if the
   * helper has not started its half by then (no CPU for it), takes the job back and runs
   * `theirs` (the helper's half) here instead. True when both halves are done; false when the
   * helper failed, hung or is gone (the team is then off). `even`: the halves are cut to take
   * the same time, so a helper finishing well after ours had no CPU; false where they are not
   * (the LU's look-ahead), and only a helper late to start says so.
   */
  run(job: JobName | number, args: readonly number[], own: () => void, theirs: () => void, even = true): boolean {
    this.noteWake();
    const seq = ++this.seq;
    this.args[0] = typeof job === 'number' ? job : JOB_EXPORTS.indexOf(job);
    this.args[1] = args.length;
    for (let i = 0; i < args.length; i++) this.args[2 + i] = args[i];
    Atomics.store(this.ctl, OFFER, seq);
    Atomics.store(this.ctl, JOB, seq);
    Atomics.notify(this.ctl, JOB);
    const t0 = now();
    this.runHere(own);
    const ownMs = now() - t0;
    if (Atomics.compareExchange(this.ctl, OFFER, seq, 0) === seq) {
      // The helper never started: its half is done here, and nothing is left to wait for. A
      // short half (packing a few strips takes microseconds) says nothing of the helper.
      if (ownMs >= LATE_START_MS) this.noteLateness(`had not started its half ${ownMs.toFixed(1)} ms after ours began`);
      this.runHere(theirs);
      return true;
    }
    this.helperJobs++;
    const limit = Math.max(this.floor, TIMEOUT_FACTOR * ownMs);
    const t1 = now();
    const done = waitFor(this.ctl, DONE, (x) => x === seq || x === -seq, t1 + limit, this.options.canBlock);
    if (done === seq) {
      this.lastActive = now();
      const waitMs = now() - t1;
      this.noteLateness(even && waitMs > Math.max(LATE_WAIT_MS, ownMs) ? `finished its half ${waitMs.toFixed(1)} ms after ours (ours took ${ownMs.toFixed(1)} ms)` : undefined);
      return true;
    }
    // It took the job (a job not taken is taken back above), then failed or never finished.
    if (done !== undefined) this.fail('the helper worker failed in its half of a call');
    else this.fail(`the helper worker did not finish its half within ${Math.round(limit)} ms (dead or hung)`);
    return false;
  }

  /** Runs a half on this thread; if it throws, the helper (maybe still writing into the shared memory) is ended with the team. */
  private runHere(half: () => void): void {
    try {
      half();
    } catch (err) {
      this.fail(`this thread's half of a call threw (${err instanceof Error ? err.message : String(err)})`);
      throw err;
    }
  }

  /**
   * A helper that had not even taken up its half when this thread finished its own, or that
   * finished its half well after ours, had no CPU: the machine is busy. After LATE_LIMIT such
   * halves in a row, calls stay on this thread for BUSY_BACKOFF_MS (two threads sharing one
   * busy core only wait for each other), then two threads are tried again.
   */
  private noteLateness(late: string | undefined): void {
    // Late while waking from sleep: neither evidence of a busy machine nor of a calm one.
    if (late && now() - this.wokenAt < (this.options.wakeGraceMs ?? WAKE_GRACE_MS)) return;
    this.lateInARow = late ? this.lateInARow + 1 : 0;
    if (late) this.lastLate = late;
    if (this.lateInARow >= LATE_LIMIT) {
      this.lateInARow = 0;
      this.busyUntil = now() + (this.options.busyBackoffMs ?? BUSY_BACKOFF_MS);
    }
  }

  /** Called before the helper is notified: remembers when a sleeping one is being woken. */
  private noteWake(): void {
    if (now() - this.lastActive > ASLEEP_AFTER_MS) this.wokenAt = now();
    this.lastActive = now();
  }

  /** True while calls stay on this thread because the helper was found without a CPU. */
  busy(): boolean {
    return now() < this.busyUntil;
  }

  /**
   * Keeps the helper spinning between jobs (`on`) while a decomposition runs, whose products
   * come with serial work between them; wakes it now so that it is spinning by the first.
   */
  stayAwake(on: boolean): void {
    if (this.state !== 'ready') return;
    if (on) this.noteWake();
    else this.lastActive = now();
    Atomics.store(this.ctl, AWAKE, on ? 1 : 0);
    if (on) Atomics.notify(this.ctl, JOB);
  }

  /** True once the helper has taken up the job in flight (tests: to kill it in the middle). */
  helperBusy(): boolean {
    return Atomics.load(this.ctl, TAKEN) === this.seq;
  }

  /** Bytes of shared linear memory the team holds (0 when stopped). */
  bytes(): number {
    return this.memory?.buffer.byteLength ?? 0;
  }

  /** Ends the helper; the team may start again (release()). */
  stop(): void {
    if (this.state === 'off') return;
    this.end();
    this.state = 'idle';
  }

  /** Ends the helper for good: wasm runs single-threaded from now on, for `reason`. */
  fail(reason: string): void {
    if (this.state === 'off') return;
    this.end();
    this.state = 'off';
    this.reason = `${reason}; wasm runs single-threaded from now on`;
  }

  private end(): void {
    const helper = this.helper;
    this.helper = undefined;
    this.memory = undefined;
    this.exports = undefined!;
    this.arena = undefined!;
    if (this.ctl) {
      Atomics.store(this.ctl, JOB, -1);
      Atomics.notify(this.ctl, JOB);
    }
    try {
      helper?.terminate();
    } catch {
      // already gone
    }
  }
}

function now(): number {
  return performance.now();
}

/**
 * Waits until `ok(ctl[index])` or the deadline; returns the value, or undefined on timeout.
 * Blocks in Atomics.wait where allowed, else spins on Atomics.load (a browser page).
 */
function waitFor(ctl: Int32Array, index: number, ok: (v: number) => boolean, deadline: number, canBlock: boolean): number | undefined {
  // The helper's half usually ends within microseconds of ours: spin before sleeping (SPIN_MS).
  const spinUntil = Math.min(deadline, now() + SPIN_MS);
  while (now() < spinUntil) {
    const v = Atomics.load(ctl, index);
    if (ok(v)) return v;
  }
  for (;;) {
    const v = Atomics.load(ctl, index);
    if (ok(v)) return v;
    const left = deadline - now();
    if (left <= 0) return undefined;
    if (canBlock) Atomics.wait(ctl, index, v, left);
  }
}
