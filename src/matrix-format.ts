/**
 * How a Matrix prints (`String(m)`, `console.log(m)`, template strings): its values laid out as
 * numpy prints an array — one common column width, up to 8 decimals with trailing zeros
 * dropped, scientific notation when the magnitudes call for it, and past 1000 entries only the
 * first and last 3 rows and columns around `...` (numpy's `threshold` and `edgeitems`).
 */

/** numpy's print defaults. */
const THRESHOLD = 1000;
const EDGE_ITEMS = 3;
const PRECISION = 8;

/** The indices shown along a dimension of length n (-1 marks the `...`). */
function shown(n: number, elide: boolean): number[] {
  if (!elide || n <= 2 * EDGE_ITEMS) return Array.from({ length: n }, (_, i) => i);
  const head = Array.from({ length: EDGE_ITEMS }, (_, i) => i);
  const tail = Array.from({ length: EDGE_ITEMS }, (_, i) => n - EDGE_ITEMS + i);
  return [...head, -1, ...tail];
}

/**
 * The texts of the values shown, as numpy prints them: scientific when the largest magnitude
 * reaches 1e8, or the smallest non-zero one is below 1e-4, or they span more than 1e3 (numpy's
 * rule), else fixed; as many decimals as the value that needs most (at most 8), the others
 * padded so the decimal points line up (numpy pads fixed notation with spaces, scientific with
 * zeros).
 */
function formatValues(values: number[]): string[] {
  const nonZero = values.filter((v) => Number.isFinite(v) && v !== 0).map(Math.abs);
  const max = nonZero.length ? Math.max(...nonZero) : 0;
  const min = nonZero.length ? Math.min(...nonZero) : 0;
  const scientific = max >= 1e8 || (min > 0 && (min < 1e-4 || max / min > 1e3));
  // [integer part, decimals (without the point), exponent] of each value; null: nan/±inf.
  const parts = values.map((v): [string, string, string] | null => {
    if (!Number.isFinite(v)) return null;
    const sign = Object.is(v, -0) ? '-' : '';
    const [mantissa, exponent] = (sign + (scientific ? v.toExponential(PRECISION) : v.toFixed(PRECISION))).split('e');
    const [int, frac = ''] = mantissa.split('.');
    const e = exponent === undefined ? '' : `e${exponent[0] === '-' ? '-' : '+'}${exponent.replace(/^[+-]/, '').padStart(2, '0')}`;
    return [int, frac.replace(/0+$/, ''), e];
  });
  const decimals = Math.max(0, ...parts.map((p) => (p ? p[1].length : 0)));
  return values.map((v, i) => {
    const p = parts[i];
    if (!p) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
    const [int, frac, e] = p;
    if (decimals === 0) return int + e;
    return scientific ? `${int}.${frac.padEnd(decimals, '0')}${e}` : frac ? `${int}.${frac.padEnd(decimals)}` : `${int}${' '.repeat(decimals + 1)}`;
  });
}

/**
 * The values of a rows × cols row-major array, numpy-style, under a first line naming the
 * shape: `Matrix(2×2)\n[[1, 2],\n [3, 4]]`.
 */
export function formatMatrix(rows: number, cols: number, data: Float64Array): string {
  const title = `Matrix(${rows}×${cols})`;
  if (rows === 0 || cols === 0) return `${title} []`;
  const elide = rows * cols > THRESHOLD;
  const rowIdx = shown(rows, elide);
  const colIdx = shown(cols, elide);
  const values: number[] = [];
  for (const i of rowIdx) if (i >= 0) for (const j of colIdx) if (j >= 0) values.push(data[i * cols + j]);
  const texts = formatValues(values);
  let next = 0;
  const cells = rowIdx.map((i) => (i < 0 ? null : colIdx.map((j) => (j < 0 ? '...' : texts[next++]))));
  const width = Math.max(...cells.flatMap((r) => (r ? r.filter((c) => c !== '...').map((c) => c.length) : [0])));
  const lines = cells.map((r) => (r ? `[${r.map((c) => (c === '...' ? c : c.padStart(width))).join(', ')}]` : '...'));
  return `${title}\n[${lines.join(',\n ')}]`;
}
