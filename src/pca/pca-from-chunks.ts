/**
 * PCA of rows that come in chunks from a source the caller can read again: a file, a database
 * cursor, a generator. The exact covariance route reads it once (PcaAccumulator, O(d²) memory);
 * the randomized route reads it powerIterations + 1 times (RandomizedPcaSketch, O(d·l) memory),
 * which is what makes 20 000 or 100 000 columns possible.
 */
import { OptionError, ShapeError, describeValue } from '../errors.js';
import type { Matrix, MatrixLike } from '../matrix.js';
import { asMatrix, optionsObject } from '../validate.js';
import { PcaAccumulator } from './accumulator.js';
import type { PcaModel } from './model.js';
import { RandomizedPcaSketch } from './randomized-sketch.js';

/**
 * Gives the chunks (m × d each, any m) of the whole data set, the same rows on every call;
 * `pass` is the 0-based pass the chunks are for. Sync or async iterables both work.
 */
export type ChunkSource = (pass: number) => Iterable<MatrixLike> | AsyncIterable<MatrixLike>;

/** Options of {@link pcaFromChunks}. */
export interface PcaFromChunksOptions {
  /**
   * 'covariance' (default): exact, one pass, the d × d scatter in memory (PcaAccumulator).
   * 'randomized': powerIterations + 1 passes, memory O(d · (components + oversamples)).
   */
  method?: 'covariance' | 'randomized';
  /** Components: an integer ≥ 1 (required by 'randomized'), or a variance fraction in (0, 1) ('covariance'). */
  components?: number;
  /** 'randomized' only: extra sketched directions (default 10). */
  oversamples?: number;
  /** 'randomized' only: power iterations, one pass each (default 7 when components < d/10, else 4). */
  powerIterations?: number;
  /** 'randomized' only: seed of the test matrix (default 0). */
  seed?: number;
  /** Scale the scores to unit variance in the model's `transform` (default false). */
  whiten?: boolean;
}

/**
 * The PCA of every row `source` gives (n × d in all, chunk by chunk): `source(pass)` is called
 * once per pass (once for 'covariance', powerIterations + 1 times for 'randomized') and must
 * give the same rows each time.
 * @example
 * const x = [[0, 0], [2, 2], [4, 4]];
 * (await pcaFromChunks(() => [x.slice(0, 2), x.slice(2)], { components: 1 })).explainedVariance; // Float64Array [8]
 * @example
 * const model = await pcaFromChunks(() => npyChunks('big.npy'), { method: 'randomized', components: 10 });
 * @throws OptionError for bad options or a source that is not a function returning iterables;
 *   ShapeError when chunks change width, or a pass gives other rows than the first;
 *   NonFiniteError at a NaN/±Inf (its row in the chunk and overall).
 */
export async function pcaFromChunks(source: ChunkSource, options: PcaFromChunksOptions = {}): Promise<PcaModel> {
  const what = 'pcaFromChunks';
  options = optionsObject(options, what, ['method', 'components', 'oversamples', 'powerIterations', 'seed', 'whiten']);
  if (typeof source !== 'function') throw new OptionError(`${what}: source`, 'a function (pass) => iterable of chunks', source);
  const { method = 'covariance', ...rest } = options;
  if (method === 'covariance') {
    for (const key of ['oversamples', 'powerIterations', 'seed'] as const) {
      if (rest[key] !== undefined) throw new OptionError(`${what}: ${key}`, "given only with method: 'randomized'", rest[key]);
    }
    const acc = new PcaAccumulator();
    await feed(source, 0, (chunk) => acc.add(chunk, `${what}: pass 1 of 1`), what);
    return acc.finish({ components: rest.components, whiten: rest.whiten });
  }
  if (method !== 'randomized') throw new OptionError(`${what}: method`, "'covariance' or 'randomized'", method);
  if (rest.components === undefined) throw new OptionError(`${what}: components`, 'an integer ≥ 1 (randomized PCA needs the count up front)', undefined);
  const sketch = new RandomizedPcaSketch(rest as { components: number });
  while (!sketch.done) {
    const pass = sketch.pass;
    await feed(source, pass, (chunk) => sketch.update(chunk), what);
    sketch.endPass();
  }
  return sketch.finish();
}

async function feed(source: ChunkSource, pass: number, take: (chunk: Matrix) => unknown, what: string): Promise<void> {
  const chunks = source(pass);
  const isIterable = chunks != null && (typeof (chunks as Iterable<unknown>)[Symbol.iterator] === 'function' || typeof (chunks as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function');
  if (!isIterable) throw new OptionError(`${what}: source`, `a function returning an iterable of chunks; for pass ${pass} it returned ${describeValue(chunks)}`, chunks);
  let width: number | undefined;
  let index = 0;
  for await (const chunk of chunks) {
    const m = asMatrix(chunk, `${what}: chunk ${index} of pass ${pass + 1}`);
    if (width !== undefined && m.cols !== width && m.rows > 0) {
      throw new ShapeError(`${what}: chunk ${index} of pass ${pass + 1} is ${m.rows}×${m.cols}; earlier chunks had ${width} columns`, [m.shape, [width]]);
    }
    if (m.rows > 0) width = m.cols;
    take(m);
    index++;
  }
}
