/**
 * The sum of many accumulators (count, mean, packed lower-triangle scatter), as `mmlkit merge`
 * needs it: 1 000 parts of d = 500 each bring 125 250 scatter values.
 *
 * Chan's pairwise update part by part (S += S_B + δδᵀ·n_A·n_B/n) costs a JavaScript
 * multiply-add per scatter value per part: 0.5 s of CPU for those 1 000 parts. The same sum,
 * grouped: the total scatter is Σ S_i plus the scatter of the part means about their common mean,
 *
 *   S = Σ_i S_i + Σ_i n_i (μ_i − μ)(μ_i − μ)ᵀ,
 *
 * so each part costs one plain addition per value (S_i into the running sum), and the second
 * term is gathered for a batch of parts at a time as a Gram matrix of the rows
 * √n_i·(μ_i − μ_batch) — plus one row √(n_A·n_B/n)·(μ_batch − μ_A) joining the batch to the
 * parts before it, which is Chan's update between the two groups — by the `gramAccumulate`
 * kernel (native SYRK speed, not a JavaScript loop). Every term is still a sum of centred
 * squares: nothing cancels, as with the pairwise update, and the result agrees with it to rounding.
 */
import { kernelsFor } from '../backend/dispatch.js';

/** Parts whose means are gathered before one Gram update (the kernel's work is BATCH·d²/2). */
const BATCH = 32;

export class PackedScatterSum {
  /** Rows summed so far. */
  n = 0;
  /** Their mean (complete only after `settle`). */
  mean = new Float64Array(0);
  /** Their scatter's lower triangle, row by row (complete only after `settle`). */
  lower = new Float64Array(0);
  private d = 0;
  /** The pending parts' means (one row each), then one more row: (BATCH + 1) × d. */
  private rows = new Float64Array(0);
  private counts = new Float64Array(BATCH);
  private pending = 0;
  /** d × d: the between-part scatter not yet folded into `lower`. */
  private gram: Float64Array | undefined;
  private batchMean = new Float64Array(0);

  /**
   * Adds an accumulator's count, mean and packed scatter (read, not kept: they may be reused
   * buffers). Returns whether every scatter value added was finite — checked in the same pass
   * as the addition, which costs about what a separate check would (the caller reports a
   * non-finite part; the sum is then spoilt).
   */
  add(n: number, mean: Float64Array, lower: Float64Array): boolean {
    if (n === 0) return true;
    const d = mean.length;
    // x − x is 0 for a finite x and NaN otherwise: one sum says whether all were finite.
    let spread = 0;
    if (this.lower.length === 0) {
      this.d = d;
      this.lower = lower.slice();
      this.mean = new Float64Array(d);
      this.rows = new Float64Array((BATCH + 1) * d);
      this.batchMean = new Float64Array(d);
      for (let p = 0; p < lower.length; p++) spread += lower[p] - lower[p];
    } else {
      const s = this.lower;
      for (let p = 0; p < s.length; p++) {
        const v = lower[p];
        spread += v - v;
        s[p] += v;
      }
    }
    this.rows.set(mean, this.pending * d);
    this.counts[this.pending++] = n;
    if (this.pending === BATCH) this.flush();
    return spread === 0;
  }

  /** Folds everything pending into `n`, `mean` and `lower`. */
  settle(): void {
    this.flush();
    const g = this.gram;
    if (!g) return;
    const d = this.d;
    const s = this.lower;
    for (let i = 0, p = 0; i < d; i++) for (let j = 0; j <= i; j++, p++) s[p] += g[i * d + j];
    this.gram = undefined;
  }

  /** The pending batch: its count and mean, and its between-part scatter into `gram`. */
  private flush(): void {
    const m = this.pending;
    if (m === 0) return;
    const d = this.d;
    const rows = this.rows;
    const mu = this.batchMean.fill(0);
    let nB = 0;
    for (let i = 0; i < m; i++) {
      nB += this.counts[i];
      const w = this.counts[i] / nB;
      for (let j = 0, r = i * d; j < d; j++) mu[j] += (rows[r + j] - mu[j]) * w;
    }
    for (let i = 0; i < m; i++) {
      const w = Math.sqrt(this.counts[i]);
      for (let j = 0, r = i * d; j < d; j++) rows[r + j] = (rows[r + j] - mu[j]) * w;
    }
    let used = m;
    if (this.n === 0) {
      this.mean.set(mu);
      this.n = nB;
    } else {
      const n = this.n + nB;
      const w = Math.sqrt((this.n / n) * nB);
      for (let j = 0, r = m * d; j < d; j++) rows[r + j] = (mu[j] - this.mean[j]) * w;
      used++;
      const v = nB / n;
      for (let j = 0; j < d; j++) this.mean[j] += (mu[j] - this.mean[j]) * v;
      this.n = n;
    }
    if (used > 1) {
      this.gram ??= new Float64Array(d * d);
      kernelsFor('gramAccumulate', (used * d * d) / 2).gramAccumulate(used, d, rows.subarray(0, used * d), new Float64Array(d), this.gram);
    }
    this.pending = 0;
  }
}
