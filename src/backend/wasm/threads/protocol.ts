/**
 * How the main thread and the helper worker talk: a few Int32 control words and a Float64
 * argument block, both on SharedArrayBuffers, plus the helper's own code (as source text).
 *
 * The helper's code is a string, not a file: Node runs it with `new Worker(code, { eval: true })`
 * and browsers from a Blob URL, so no bundler has to find, copy or rewrite a worker script
 * (it runs the module the page already has), and the tests can run it from the TypeScript
 * sources. It uses nothing but WebAssembly and Atomics.
 */

/** Int32 slots of the control block. */
export const READY = 0; // 0 starting, 1 instantiated and waiting for jobs, −1 failed
export const JOB = 1; // sequence number of the latest job posted (−1: quit)
export const DONE = 2; // sequence number of the latest job finished (−seq: it threw)
export const STALL = 3; // a word nobody writes: the test-only STALL job waits on it
export const TAKEN = 4; // sequence number of the latest job the helper took up
export const AWAKE = 5; // 1 while a decomposition runs: the helper keeps spinning between jobs
/**
 * The job on offer: its sequence number until one side claims it by swapping it for 0 — the
 * helper to run it, or the main thread (which then does the helper's share itself) once its
 * own share is done and the helper has not started: a helper without a CPU then costs nothing.
 */
export const OFFER = 6;
export const CONTROL_WORDS = 7;

/**
 * How long a thread spins on a control word before it sleeps in Atomics.wait (ms): calls and
 * the products inside a decomposition come in quick succession, and a sleeping thread takes
 * tens to hundreds of microseconds to wake (a halted virtual CPU must be woken first).
 */
export const SPIN_MS = 0.5;

/**
 * While AWAKE is set (a decomposition is running, its products coming one after another with
 * serial work between them) the helper spins between jobs for up to this long (ms) before it
 * sleeps.
 */
export const AWAKE_SPIN_MS = 10;

/** A spinning thread that finds this much time (ms) gone between two looks was preempted: it stops spinning. */
export const PREEMPTED_MS = 0.5;

/** f64 slots of the argument block: [0] the job, [1] argument count, then the arguments. */
export const ARG_SLOTS = 24;

/** Job numbers: the index of the module's export the helper calls. */
export const JOB_EXPORTS = ['gemmPart', 'gemmPackPanels', 'gemmRowBlocks', 'gramAccumulatePart', 'trsmPart', 'gemvPart', 'gemmAheadPart', 'secularRoots', 'lownerWeights', 'secularVectors'] as const;
export type JobName = (typeof JOB_EXPORTS)[number];
/** Not an export: the helper waits `ms` (the first argument) — tests use it as a hung worker. */
export const JOB_STALL = 1000;

/** The helper's loop: instantiate the module on the shared memory, then run jobs until told to quit. */
const SERVE = `
function serve(module, memory, ctl, args) {
  var exports;
  try {
    var env = { memory: memory, gemmSplit: function () { return 0; }, trsmSplit: function () { return 0; }, gemvSplit: function () { return 0; }, luAheadSplit: function () { return 0; }, mergeSplit: function () { return 0; }, abort: function () { throw new Error('wasm abort'); } };
    exports = new WebAssembly.Instance(module, { env: env }).exports;
  } catch (e) {
    Atomics.store(ctl, ${READY}, -1);
    Atomics.notify(ctl, ${READY});
    return;
  }
  var names = ${JSON.stringify(JOB_EXPORTS)};
  var seen = 0;
  Atomics.store(ctl, ${READY}, 1);
  Atomics.notify(ctl, ${READY});
  for (;;) {
    // Spin a little before sleeping: the next job of a call (or of the next product inside a
    // decomposition) usually follows within microseconds, and waking a sleeping thread costs
    // tens to hundreds of them on a VM.
    // A gap between two looks of more than PREEMPTED_MS means this thread lost its CPU: the
    // machine is busy, and spinning would take time from the threads doing the work.
    var start = performance.now(), last = start;
    while (Atomics.load(ctl, ${JOB}) === seen) {
      var t = performance.now(), spun = t - start;
      if (t - last > ${PREEMPTED_MS}) break;
      last = t;
      if (spun >= ${SPIN_MS} && (Atomics.load(ctl, ${AWAKE}) === 0 || spun >= ${AWAKE_SPIN_MS})) break;
    }
    Atomics.wait(ctl, ${JOB}, seen);
    var seq = Atomics.load(ctl, ${JOB});
    if (seq === seen) continue;
    if (seq < 0) return;
    seen = seq;
    // Too late: the main thread took this job back (or a newer one is on offer).
    if (Atomics.compareExchange(ctl, ${OFFER}, seq, 0) !== seq) continue;
    Atomics.store(ctl, ${TAKEN}, seq);
    var done = seq;
    try {
      var job = args[0], list = [];
      for (var i = 0; i < args[1]; i++) list.push(args[2 + i]);
      if (job === ${JOB_STALL}) Atomics.wait(ctl, ${STALL}, 0, list[0]);
      else exports[names[job]].apply(null, list);
    } catch (e) {
      done = -seq;
    }
    Atomics.store(ctl, ${DONE}, done);
    Atomics.notify(ctl, ${DONE});
  }
}
`;

/** The helper for worker_threads (`eval: true`): its start-up data comes as workerData. */
export const NODE_HELPER_SOURCE = `${SERVE}
var d = require('node:worker_threads').workerData;
serve(d.module, d.memory, d.ctl, d.args);
`;

/** The helper for a Web Worker: its start-up data comes as the first message. */
export const BROWSER_HELPER_SOURCE = `${SERVE}
self.onmessage = function (e) { self.onmessage = null; var d = e.data; serve(d.module, d.memory, d.ctl, d.args); };
`;
