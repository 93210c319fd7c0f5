/**
 * The histogram of the course's "Fitting the distribution of heights data" assignment
 * (course 2), rebuilt from its published bin counts.
 */

/** Left edge of the first bin and the bin width, in centimetres. */
const FIRST_EDGE = 50;
const BIN_WIDTH = 2.5;
const BINS = 100;
/** The assignment's non-zero stretch starts at bin 44 (left edge 160 cm). */
const FIRST_FILLED_BIN = 44;
/** Bins 44..60 as the assignment lists them, before normalisation (bin 60 is listed as 0). */
const FILLED = [0.031, 0.013, 0.023, 0.064, 0.065, 0.126, 0.132, 0.127, 0.113, 0.091, 0.105, 0.05, 0.018, 0.018, 0.018, 0.001, 0];

/** `heightsData`'s result: the course's heights histogram as a density. */
export interface HeightsData {
  /** Bin centres: 51.25, 53.75, …, 298.75 (100 values). */
  x: Float64Array;
  /** Density per bin: Σ y · 2.5 = 1. */
  y: Float64Array;
}

/**
 * The course's heights histogram as a density: 100 bins of width 2.5 with left edges
 * 50, 52.5, …, 297.5, `x` the bin centres, `y` the listed values scaled so that the histogram
 * integrates to 1 (y /= Σy · 2.5). Fresh arrays on every call, so callers may modify them.
 * Never throws.
 * @example
 * const { x, y } = heightsData();
 * x.length; // 100
 * x[44];    // 161.25
 * fitGaussian(x, y).mu; // ≈ 178.52
 */
export function heightsData(): HeightsData {
  const x = new Float64Array(BINS);
  const y = new Float64Array(BINS);
  for (let i = 0; i < BINS; i++) x[i] = FIRST_EDGE + BIN_WIDTH * i + BIN_WIDTH / 2;
  let total = 0;
  for (let k = 0; k < FILLED.length; k++) {
    y[FIRST_FILLED_BIN + k] = FILLED[k];
    total += FILLED[k];
  }
  const scale = total * BIN_WIDTH;
  for (let i = 0; i < BINS; i++) y[i] /= scale;
  return { x, y };
}
