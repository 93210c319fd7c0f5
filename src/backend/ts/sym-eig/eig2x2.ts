/** Closed-form eigenvalues (and eigenvector) of a symmetric 2×2: how steqr/sterf finish a block of two. */

// Their results, returned through module slots (no allocation).
export let ev2rt1 = 0;
export let ev2rt2 = 0;
export let ev2c = 1;
export let ev2s = 0;

/**
 * dlaev2: eigen-decomposition of [[a, b], [b, c]]: rt1 (larger |·|), rt2, and (cs, sn) the unit
 * eigenvector of rt1. rt2 is computed as det/rt1, not as a difference that could cancel.
 */
export function laev2(a: number, b: number, c: number): void {
  const sm = a + c;
  const df = a - c;
  const adf = Math.abs(df);
  const tb = b + b;
  const ab = Math.abs(tb);
  let acmx: number;
  let acmn: number;
  if (Math.abs(a) > Math.abs(c)) {
    acmx = a;
    acmn = c;
  } else {
    acmx = c;
    acmn = a;
  }
  let rt: number;
  if (adf > ab) rt = adf * Math.sqrt(1 + (ab / adf) ** 2);
  else if (adf < ab) rt = ab * Math.sqrt(1 + (adf / ab) ** 2);
  else rt = ab * Math.SQRT2;
  let sgn1: number;
  if (sm < 0) {
    ev2rt1 = 0.5 * (sm - rt);
    sgn1 = -1;
    ev2rt2 = (acmx / ev2rt1) * acmn - (b / ev2rt1) * b;
  } else if (sm > 0) {
    ev2rt1 = 0.5 * (sm + rt);
    sgn1 = 1;
    ev2rt2 = (acmx / ev2rt1) * acmn - (b / ev2rt1) * b;
  } else {
    ev2rt1 = 0.5 * rt;
    ev2rt2 = -0.5 * rt;
    sgn1 = 1;
  }
  let cs: number;
  let sgn2: number;
  if (df >= 0) {
    cs = df + rt;
    sgn2 = 1;
  } else {
    cs = df - rt;
    sgn2 = -1;
  }
  let cs1: number;
  let sn1: number;
  if (Math.abs(cs) > ab) {
    const ct = -tb / cs;
    sn1 = 1 / Math.sqrt(1 + ct * ct);
    cs1 = ct * sn1;
  } else if (ab === 0) {
    cs1 = 1;
    sn1 = 0;
  } else {
    const tn = -cs / tb;
    cs1 = 1 / Math.sqrt(1 + tn * tn);
    sn1 = tn * cs1;
  }
  if (sgn1 === sgn2) {
    const tn = cs1;
    cs1 = -sn1;
    sn1 = tn;
  }
  ev2c = cs1;
  ev2s = sn1;
}

/** dlae2: the eigenvalues of [[a, b], [b, c]] only (rt1 the larger in magnitude). */
export function lae2(a: number, b: number, c: number): void {
  const sm = a + c;
  const adf = Math.abs(a - c);
  const ab = Math.abs(b + b);
  const acmx = Math.abs(a) > Math.abs(c) ? a : c;
  const acmn = Math.abs(a) > Math.abs(c) ? c : a;
  let rt: number;
  if (adf > ab) rt = adf * Math.sqrt(1 + (ab / adf) ** 2);
  else if (adf < ab) rt = ab * Math.sqrt(1 + (adf / ab) ** 2);
  else rt = ab * Math.SQRT2;
  if (sm < 0) {
    ev2rt1 = 0.5 * (sm - rt);
    ev2rt2 = (acmx / ev2rt1) * acmn - (b / ev2rt1) * b;
  } else if (sm > 0) {
    ev2rt1 = 0.5 * (sm + rt);
    ev2rt2 = (acmx / ev2rt1) * acmn - (b / ev2rt1) * b;
  } else {
    ev2rt1 = 0.5 * rt;
    ev2rt2 = -0.5 * rt;
  }
}
