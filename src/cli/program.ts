/**
 * The `mmlkit` commands (commander), loaded by main.ts once the signal handlers are in place.
 * Exit codes: 0 ok, 1 bad input, 2 usage, 128 + n killed by signal n (SIGINT 130, SIGTERM 143,
 * SIGHUP 129) — see the README's command-line section.
 */
import { cleanUpOnSignal } from './signal-handlers.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { packageRoot } from '../backend/package-root.js';
import { MmlError } from '../errors.js';
import { isHttpUrl } from '../io/http-range.js';
// The backend loaders only: each command imports what it runs (backends and demo load the library).
import '../entry/node-loaders.js';
import { AUTO_RANDOMIZED_COLUMNS, MAX_CHUNK_ROWS, MAX_OVERSAMPLES, maxWorkers, WORKERS_PER_CORE } from './limits.js';
import { Interrupted } from './signals.js';

// `mmlkit pca … | head` closes stdout early; that is not a failure (outputs are written by then).
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
});

const { version } = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };

const program = new Command('mmlkit')
  .description('Mathematics for machine learning: linear algebra, calculus and PCA')
  .version(version, '-V, --version', "print mmlkit's version")
  .exitOverride()
  .configureOutput({ outputError: (s, write) => write(s) });

program
  .command('backends')
  .description('list the backends and why any is unavailable')
  .option('--json', 'print JSON')
  .action(async (o: { json?: boolean }) => (await import('./backends.js')).runBackends(o.json ?? false));

const pcaCommand = program
  .command('pca')
  .description('PCA of CSV/TSV or .npy files of any size (streamed, on all cores); one shard of them (--shard); or on workers over Redis (--redis)')
  .argument('<files...>', 'input: .csv, .tsv (or any delimited text) or .npy, local or an http(s) URL read by range requests; several files are one data set (same columns)')
  .option('-k, --components <n>', 'components to keep: a count ≥ 1, or a fraction in (0, 1) of the variance (covariance method only); required unless --shard', componentsArg)
  .addOption(
    new Option(
      '--method <name>',
      `covariance: exact, one pass, at most 8192 columns; randomized: power-iterations + 1 passes, memory O(columns × (k + oversamples)), integer -k; auto: randomized beyond ${AUTO_RANDOMIZED_COLUMNS} columns when -k is a count`,
    )
      .choices(['auto', 'covariance', 'randomized'])
      .default('auto'),
  )
  .option('--oversamples <n>', 'randomized: directions sketched beyond k (default 10)', boundedNonNegative(MAX_OVERSAMPLES, 'a sketch wider than that gains nothing'))
  .option('--power-iterations <n>', 'randomized: power iterations, one pass over the file each (default 7 when k < columns/10, else 4)', boundedNonNegative(100, 'passes that add nothing'))
  .option('--seed <n>', 'randomized: seed of the random test matrix (default 0)', boundedNonNegative(0xffffffff, 'a 32-bit seed'))
  .option('-o, --out <dir>', 'output directory, replaced as a whole once the run succeeds (so it may hold only mmlkit outputs)', 'pca-out')
  .addOption(new Option('--backend <name>', 'compute backend').choices(['auto', 'native', 'wasm', 'ts']))
  .option('--plot', 'also write scree.svg and scatter.svg')
  .option('--workers <n>', `worker threads, at most ${WORKERS_PER_CORE} × the cores (default: the cores available; fewer for small files)`, workersArg)
  .option('--transform [format]', 'also write the projected rows: npy (default) or csv', transformArg)
  .option('--columns <list>', 'CSV fields to use: names or 0-based indices/ranges, e.g. a,b,4-9 (default: every field except the --label-column one)', columnList)
  .option('--label-column <field>', 'CSV field holding a label per row, not a feature (colours the scatter plot; default: a field named "label", if any)')
  .option('--delimiter <char>', "CSV delimiter (default: tab for .tsv, else sniffed among , tab ;)")
  .addOption(new Option('--header <mode>', 'whether the first line names the fields').choices(['auto', 'yes', 'no']).default('auto'))
  .option('--chunk-rows <n>', 'rows per chunk (default: about 8 MB of data, at most 8192 rows; a chunk may hold at most 256 MB)', chunkRowsArg)
  .option('--shard <i/n>', 'compute only shard i of n (0-based) of the files and write its accumulator with --emit; merge the parts with mmlkit merge', shardArg)
  .option('--emit <part.json>', 'with --shard: where the part goes (written whole or not at all); a name ending in .bin gets the binary part (fastest to merge), any other JSON')
  .option('--pass-state <state.json>', "with --shard and --emit: the randomized method's part of shard i for the pass this state is at (written by --emit-state or mmlkit merge --emit-state)")
  .option('--emit-state <state.json>', 'with --method randomized -k K: write the state before the first pass for the shard/merge rounds, read no rows')
  .option('--redis <url>', 'run on mmlkit worker processes over Redis (redis://HOST:PORT): enqueue --shards jobs, merge the parts as they arrive')
  .option('--shards <n>', 'with --redis: shards to cut the data into (default 64)', boundedInt(100_000, 'jobs'))
  .option('--queue <name>', 'with --redis: the BullMQ queue the workers take jobs from (default mmlkit-pca)')
  .option('--redis-timeout <s>', 'with --redis: give up when Redis cannot be reached for this long (default 10)', boundedInt(3600, 'an hour'))
  .action(async (files: string[], o: PcaCliFlags) => {
    const fail = (message: string) => pcaCommand.error(`error: ${message}`, { exitCode: 2 });
    if (o.emitState !== undefined) {
      if (o.method !== 'randomized' || o.components === undefined) fail('--emit-state starts the randomized method over shard/merge: give --method randomized and -k');
      if (o.shard !== undefined || o.emit !== undefined || o.passState !== undefined || o.redis !== undefined || o.transform !== undefined || o.plot) fail('--emit-state only writes the first state: --shard, --emit, --pass-state, --redis, --transform and --plot come later or not at all');
      const { initPassState } = await import('../distributed/pass-state.js');
      const { passes } = await initPassState(files, { components: o.components!, oversamples: o.oversamples, powerIterations: o.powerIterations, seed: o.seed, ...csvFlags(o), emitState: o.emitState });
      console.error(`wrote ${o.emitState}: pass 1 of ${passes}; now mmlkit pca FILE... --shard i/n --pass-state ${o.emitState} --emit part-i.json for every shard, then mmlkit merge`);
      exitAfterPublishing();
      return;
    }
    if (o.passState !== undefined && (o.shard === undefined || o.emit === undefined)) fail('--pass-state goes with --shard i/n and --emit part.json (and with mmlkit merge)');
    if (o.shard !== undefined || o.emit !== undefined) {
      if (o.shard === undefined || o.emit === undefined) fail('--shard i/n and --emit part.json go together');
      if (o.components !== undefined) fail('-k is not used with --shard: a part holds the accumulator, not a model; give -k to mmlkit merge');
      if (o.redis !== undefined || o.transform !== undefined || o.plot) fail('--redis, --transform and --plot do not apply to --shard');
      if (o.passState !== undefined) {
        if (o.method === 'covariance' || o.oversamples !== undefined || o.powerIterations !== undefined || o.seed !== undefined) fail('with --pass-state the method and its options come from the state');
        const signal = cleanUpOnSignal();
        const { runSketchShardCommand } = await import('../distributed/pass-state.js');
        await runSketchShardCommand(files, { shard: o.shard!, emit: o.emit!, passState: o.passState, workers: o.workers, backend: o.backend, chunkRows: o.chunkRows, ...csvFlags(o), signal });
        exitAfterPublishing();
        return;
      }
      if (o.method === 'randomized') fail("--shard alone computes the covariance method's accumulator; the randomized method's parts need the pass's state: start with --method randomized -k K --emit-state state.json, then --shard i/n --pass-state state.json");
      const signal = cleanUpOnSignal();
      const { runShardCommand } = await import('./shard-command.js');
      await runShardCommand(files, { shard: o.shard!, emit: o.emit!, workers: o.workers, backend: o.backend, chunkRows: o.chunkRows, ...csvFlags(o), signal });
      exitAfterPublishing();
    }
    if (o.components === undefined) fail("required option '-k, --components <n>' not specified");
    if (o.method === 'randomized' && !Number.isSafeInteger(o.components)) {
      fail(`--method randomized keeps a fixed number of components: -k must be an integer ≥ 1, got '${o.components}' (a variance fraction needs --method covariance)`);
    }
    if (o.method === 'covariance' && (o.oversamples !== undefined || o.powerIterations !== undefined || o.seed !== undefined)) {
      fail('--oversamples, --power-iterations and --seed apply to --method randomized (or auto) only');
    }
    if ((o.shards !== undefined || o.queue !== undefined || o.redisTimeout !== undefined) && o.redis === undefined) fail('--shards, --queue and --redis-timeout apply to --redis only');
    if (files.length > 1 || o.redis !== undefined || files.some(isHttpUrl)) {
      if (o.method === 'randomized' && o.redis === undefined) fail('several files and URLs run the covariance method here (mergeable parts); the randomized method reads one local file, or any inputs with --redis (or over shard/merge: --emit-state)');
      if (o.transform !== undefined) fail('--transform reads one local file in this process; several files, URLs and --redis give the model only');
      const signal = cleanUpOnSignal();
      if (o.redis !== undefined) {
        const { runPcaOnRedis } = await import('../distributed/coordinator.js');
        await runPcaOnRedis(files, {
          redis: o.redis,
          shards: o.shards ?? 64,
          queue: o.queue,
          timeoutSeconds: o.redisTimeout,
          components: o.components!,
          method: o.method,
          oversamples: o.oversamples,
          powerIterations: o.powerIterations,
          seed: o.seed,
          out: o.out,
          plot: o.plot ?? false,
          ...csvFlags(o),
          progress: true,
          signal,
        });
      } else {
        const { runFilesCommand } = await import('./shard-command.js');
        await runFilesCommand(files, { components: o.components!, out: o.out, plot: o.plot ?? false, workers: o.workers, backend: o.backend, chunkRows: o.chunkRows, ...csvFlags(o), signal });
      }
      exitAfterPublishing();
    }
    const signal = cleanUpOnSignal();
    const { runPcaCommand } = await import('./pca.js');
    await runPcaCommand(files[0], {
      components: o.components!,
      method: o.method,
      oversamples: o.oversamples,
      powerIterations: o.powerIterations,
      seed: o.seed,
      out: o.out,
      backend: o.backend,
      plot: o.plot ?? false,
      workers: o.workers,
      transform: o.transform === true ? 'npy' : o.transform,
      ...csvFlags(o),
      chunkRows: o.chunkRows,
      signal,
    });
    exitAfterPublishing();
  });

program
  .command('merge')
  .description('merge the parts of mmlkit pca --shard i/n --emit (one at a time: memory O(columns²)) into the model a local run writes')
  .argument('<parts...>', 'part files, every shard 0 … n-1 once')
  .option('-k, --components <n>', 'components to keep: a count ≥ 1, or a fraction in (0, 1) of the variance (required unless --pass-state)', componentsArg)
  .option('-o, --out <dir>', 'output directory, replaced as a whole once the merge succeeds', 'pca-out')
  .option('--plot', 'also write scree.svg')
  .option('--threads <n>', 'threads reading and merging parts (default: the cores; at most one per 32 parts)', workersArg)
  .option('--pass-state <state.json>', "the randomized method: merge this pass's parts (of mmlkit pca --shard i/n --pass-state) and end the pass")
  .option('--emit-state <state.json>', "with --pass-state: where the next pass's state goes (needed until the last pass, after which the model goes to --out)")
  .action(async (parts: string[], o: { components?: number; out: string; plot?: boolean; threads?: number; passState?: string; emitState?: string }) => {
    const fail = (message: string) => program.commands.find((c) => c.name() === 'merge')!.error(`error: ${message}`, { exitCode: 2 });
    if (o.passState !== undefined) {
      if (o.components !== undefined) fail('-k comes from the pass state (given to mmlkit pca --emit-state)');
      const signal = cleanUpOnSignal();
      const { runSketchMergeCommand } = await import('./merge.js');
      runSketchMergeCommand(parts, { passState: o.passState, emitState: o.emitState, out: o.out, plot: o.plot ?? false, signal });
      exitAfterPublishing();
      return;
    }
    if (o.emitState !== undefined) fail('--emit-state goes with --pass-state');
    if (o.components === undefined) fail("required option '-k, --components <n>' not specified");
    const signal = cleanUpOnSignal();
    const { runMergeCommand } = await import('./merge.js');
    await runMergeCommand(parts, { components: o.components!, out: o.out, plot: o.plot ?? false, threads: o.threads, signal });
    exitAfterPublishing();
  });

program
  .command('worker')
  .description('take shard jobs of mmlkit pca --redis from a BullMQ queue on Redis until stopped (SIGINT/SIGTERM)')
  .requiredOption('--redis <url>', 'the Redis the coordinator uses: redis://HOST:PORT')
  .option('--queue <name>', 'the BullMQ queue (default mmlkit-pca)')
  .option('--workers <n>', `worker threads per job (default: the cores available)`, workersArg)
  .option('--concurrency <n>', 'jobs at once (default 1)', boundedInt(64, 'jobs'))
  .addOption(new Option('--backend <name>', 'compute backend').choices(['auto', 'native', 'wasm', 'ts']))
  .option('--redis-timeout <s>', 'give up at start when Redis cannot be reached for this long (default 10)', boundedInt(3600, 'an hour'))
  .option('--lock-duration <ms>', "BullMQ's job lock: a killed worker's job is taken again after about this long (default 5000)", boundedInt(3_600_000, 'an hour'))
  .option('--stalled-interval <ms>', 'how often to look for the jobs of killed workers (default 2500)', boundedInt(3_600_000, 'an hour'))
  .option('--native-threads <n>', "threads of the native backend's own pool in this process (default: the cores); 1 when several workers share a machine", boundedInt(256, 'threads'))
  .addOption(new Option('--job-delay <ms>', 'fault injection for tests: wait this long at the start of every job').argParser(boundedInt(600_000, 'ten minutes')).hideHelp())
  .action(async (o: { redis: string; queue?: string; workers?: number; concurrency?: number; backend?: 'auto' | 'native' | 'wasm' | 'ts'; redisTimeout?: number; lockDuration?: number; stalledInterval?: number; jobDelay?: number; nativeThreads?: number }) => {
    const signal = cleanUpOnSignal();
    const { runWorkerCommand } = await import('../distributed/worker.js');
    await runWorkerCommand({ redis: o.redis, queue: o.queue, workers: o.workers, concurrency: o.concurrency, backend: o.backend, timeoutSeconds: o.redisTimeout, lockDuration: o.lockDuration, stalledInterval: o.stalledInterval, jobDelay: o.jobDelay, nativeThreads: o.nativeThreads, signal });
    exitAfterPublishing();
  });

/** The CSV reading flags as the library takes them. */
function csvFlags(o: PcaCliFlags): { columns?: string[]; labelColumn?: string; delimiter?: string; header: 'auto' | boolean } {
  return { columns: o.columns, labelColumn: o.labelColumn, delimiter: o.delimiter, header: o.header === 'yes' ? true : o.header === 'no' ? false : 'auto' };
}

program
  .command('demo')
  .description('PCA of the handwritten digits shipped with the package, with plots')
  .option('-k, --components <n>', 'components to keep (count or variance fraction)', componentsArg, 10)
  .option('-o, --out <dir>', 'output directory', 'mmlkit-demo')
  .option('--workers <n>', `worker threads, at most ${WORKERS_PER_CORE} × the cores (default: the cores available)`, workersArg)
  .action(async (o: { components: number; out: string; workers?: number }) => {
    const { runDemo } = await import('./demo.js');
    await runDemo({ ...o, signal: cleanUpOnSignal() });
    exitAfterPublishing();
  });

program
  .command('bench')
  .description(
    'time workloads on every backend beside ml-matrix and numpy (numpy = OpenBLAS best kernel, numpy-env = environment as set); ' +
      '--interleave R alternates native and numpy R times and prints best/median ratios',
  )
  .argument('[workloads...]', 'workload names (default: all)')
  .option('--sizes <list>', 'comma-separated problem sizes', sizeList)
  .option('--only <list>', 'comma-separated implementations (native,wasm,ts,ml-matrix,numpy,numpy-env; pca-wide also native-exact,sklearn-auto,sklearn-full); with --interleave, the sides (default native,numpy)')
  .option('--time <ms>', 'time budget per case in ms (at most 600000)', boundedInt(600_000, 'ten minutes'), 1000)
  .option('--max-call <s>', 'skip a case whose one call is predicted to take longer (seconds, at most 3600)', boundedInt(3600, 'an hour'), 30)
  .option('--interleave <rounds>', 'interleaved comparison: R rounds alternating the sides, best and median of each (at most 1000)', boundedInt(1000, 'rounds'))
  .option('--gap <ms>', 'with --interleave: idle ms before each timed call (OpenBLAS threads spin ~0.1 s after a call; at most 60000)', gapArg, 200)
  .option('--out <dir>', 'where to write <workload>.json (<workload>-interleaved.json with --interleave)', 'bench/results')
  .action(
    async (
      names: string[],
      o: { sizes?: number[]; only?: string; time: number; maxCall: number; interleave?: number; gap: number; out: string },
    ) => {
      const { runBench } = await loadBench();
      await runBench(names, {
        sizes: o.sizes,
        impls: o.only ? new Set(o.only.split(',').map((s) => s.trim())) : undefined,
        timeMs: o.time,
        maxCallMs: o.maxCall * 1000,
        interleave: o.interleave,
        gapMs: o.gap,
        outDir: o.out,
      });
    },
  );

/**
 * The bench suites, loaded lazily (they pull in tinybench and the anchors). They run from a
 * clone of the repository only: ml-matrix, ml-pca and numpy, which they compare against, are
 * development tools, so the npm package leaves them out.
 */
async function loadBench(): Promise<typeof import('../../bench/index.js')> {
  try {
    return await import('../../bench/index.js');
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' || !String((err as Error).message).includes('bench')) throw err;
    throw new MmlError('mmlkit bench runs from a clone of the repository (the npm package does not ship the benchmarks): git clone, npm install, npm run bench');
  }
}

/**
 * Exits 0 at once once a command has published its outputs. Left to end by itself, Node closes
 * its signal handlers while tearing down, and a signal arriving then would kill the process
 * (status 128 + n) although --out has already changed; the stress test caught it 1 time in 100.
 * stdout and stderr are synchronous for files and pipes, so nothing printed is lost.
 */
function exitAfterPublishing(): never {
  process.exit(0);
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError(`expected an integer ≥ 0, got '${value}'`);
  return n;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got '${value}'`);
  return n;
}

/** An integer in [1, max]; the message names the limit and why. */
function boundedInt(max: number, why: string): (value: string) => number {
  return (value) => {
    const n = positiveInt(value);
    if (n > max) throw new InvalidArgumentError(`expected at most ${max} (${why}), got '${value}'`);
    return n;
  };
}

/** An integer in [0, max]. */
function boundedNonNegative(max: number, why: string): (value: string) => number {
  return (value) => {
    const n = nonNegativeInt(value);
    if (n > max) throw new InvalidArgumentError(`expected at most ${max} (${why}), got '${value}'`);
    return n;
  };
}

function workersArg(value: string): number {
  return boundedInt(maxWorkers(), `${WORKERS_PER_CORE} × the cores available`)(value);
}

function chunkRowsArg(value: string): number {
  return boundedInt(MAX_CHUNK_ROWS, 'a chunk is held in memory by each worker')(value);
}

interface PcaCliFlags {
  components?: number;
  passState?: string;
  emitState?: string;
  shard?: { index: number; count: number };
  emit?: string;
  redis?: string;
  shards?: number;
  queue?: string;
  redisTimeout?: number;
  method: 'auto' | 'covariance' | 'randomized';
  oversamples?: number;
  powerIterations?: number;
  seed?: number;
  out: string;
  backend?: 'auto' | 'native' | 'wasm' | 'ts';
  plot?: boolean;
  workers?: number;
  /** true when --transform is given without a format. */
  transform?: 'npy' | 'csv' | true;
  columns?: string[];
  labelColumn?: string;
  delimiter?: string;
  header: 'auto' | 'yes' | 'no';
  chunkRows?: number;
}

/** "i/n": shard i (0-based) of n. */
function shardArg(value: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || !Number.isSafeInteger(count) || count < 1 || count > 1_000_000 || index >= count) {
    throw new InvalidArgumentError(`expected i/n with 0 ≤ i < n ≤ 1000000 (shard i of n, 0-based), got '${value}'`);
  }
  return { index, count };
}

function componentsArg(value: string): number {
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x) || x <= 0 || (x >= 1 && !Number.isSafeInteger(x))) {
    throw new InvalidArgumentError(`expected a count ≥ 1 or a fraction in (0, 1), got '${value}'`);
  }
  return x;
}

function transformArg(value: string): 'npy' | 'csv' {
  if (value !== 'npy' && value !== 'csv') throw new InvalidArgumentError(`expected npy or csv, got '${value}'`);
  return value;
}

/** "a,b,4-9" → ['a', 'b', '4', …, '9']: integer ranges expand to 0-based indices. */
function columnList(value: string): string[] {
  const out: string[] = [];
  for (const part of value.split(',').map((s) => s.trim())) {
    const range = /^(\d+)-(\d+)$/.exec(part);
    if (range) {
      const [a, b] = [Number(range[1]), Number(range[2])];
      if (b < a) throw new InvalidArgumentError(`empty range '${part}'`);
      for (let j = a; j <= b; j++) out.push(String(j));
    } else if (part === '') {
      throw new InvalidArgumentError(`empty field name in '${value}'`);
    } else out.push(part);
  }
  return out;
}

function gapArg(value: string): number {
  const n = nonNegativeInt(value);
  if (n > 60_000) throw new InvalidArgumentError(`expected at most 60000 (a minute), got '${value}'`);
  return n;
}

/** Problem sizes (their meaning depends on the workload: n, rows or batch), at most 100 000. */
function sizeList(value: string): number[] {
  return value.split(',').map((s) => boundedInt(100_000, 'the largest problem size')(s.trim()));
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else if (err instanceof Interrupted) {
    console.error(`mmlkit: ${err.message}`);
    process.exit(err.exitCode);
  } else if (err instanceof MmlError) {
    console.error(`mmlkit: ${err.message}`);
    process.exitCode = 1;
  } else {
    console.error(`mmlkit: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
