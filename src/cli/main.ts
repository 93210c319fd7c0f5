#!/usr/bin/env node
/**
 * The `mmlkit` command. Exit codes: 0 ok, 1 bad input, 2 usage (DESIGN.md §5).
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { MmlError } from '../errors.js';
import { runBackends } from './backends.js';
import { runDemo } from './demo.js';

const program = new Command('mmlkit')
  .description('Mathematics for machine learning: linear algebra, calculus and PCA')
  .exitOverride()
  .configureOutput({ outputError: (s, write) => write(s) });

program
  .command('backends')
  .description('list the backends and why any is unavailable')
  .option('--json', 'print JSON')
  .action((o: { json?: boolean }) => runBackends(o.json ?? false));

program
  .command('demo')
  .description('multiply two random matrices on every backend and compare them')
  .option('-n, --size <n>', 'matrix size', positiveInt, 512)
  .action((o: { size: number }) => runDemo(o.size));

program
  .command('bench')
  .description('time workloads on every backend beside ml-matrix and numpy')
  .argument('[workloads...]', 'workload names (default: all)')
  .option('--sizes <list>', 'comma-separated problem sizes', sizeList)
  .option('--only <list>', 'comma-separated implementations (native,wasm,ts,ml-matrix,numpy)')
  .option('--time <ms>', 'time budget per case in ms', positiveInt, 1000)
  .option('--out <dir>', 'where to write <workload>.json', 'bench/results')
  .action(async (names: string[], o: { sizes?: number[]; only?: string; time: number; out: string }) => {
    // Loaded lazily: the bench suites pull in tinybench and the anchors.
    const { runBench } = await import('../../bench/index.js');
    await runBench(names, {
      sizes: o.sizes,
      impls: o.only ? new Set(o.only.split(',').map((s) => s.trim())) : undefined,
      timeMs: o.time,
      outDir: o.out,
    });
  });

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got '${value}'`);
  return n;
}

function sizeList(value: string): number[] {
  return value.split(',').map((s) => positiveInt(s.trim()));
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else if (err instanceof MmlError) {
    console.error(`mmlkit: ${err.message}`);
    process.exitCode = 1;
  } else {
    console.error(`mmlkit: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
