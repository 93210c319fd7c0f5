/** Closed-form eigenvalues (and eigenvector) of a symmetric 2 × 2: how steqr finishes a block of two. */

// dlaev2's outputs: rt1 (larger |·|), rt2, and (cs1, sn1) the unit eigenvector of rt1.
export let gRt1: f64 = 0;
export let gRt2: f64 = 0;
export let gCs1: f64 = 0;
export let gSn1: f64 = 0;

/** dlaev2 / dlae2: eigen-decomposition of [[a, b], [b, c]]. */
export function laev2(a: f64, b: f64, c: f64, wantVector: bool): void {
  const sm = a + c;
  const df = a - c;
  const adf = abs<f64>(df);
  const tb = b + b;
  const ab = abs<f64>(tb);
  let acmx: f64, acmn: f64;
  if (abs<f64>(a) > abs<f64>(c)) {
    acmx = a;
    acmn = c;
  } else {
    acmx = c;
    acmn = a;
  }
  let rt: f64;
  if (adf > ab) {
    const q = ab / adf;
    rt = adf * sqrt<f64>(1 + q * q);
  } else if (adf < ab) {
    const q = adf / ab;
    rt = ab * sqrt<f64>(1 + q * q);
  } else {
    rt = ab * 1.4142135623730951;
  }
  let sgn1: i32;
  if (sm < 0) {
    gRt1 = 0.5 * (sm - rt);
    sgn1 = -1;
    // Order of operations matters for an accurate smaller eigenvalue (LAPACK's comment).
    gRt2 = (acmx / gRt1) * acmn - (b / gRt1) * b;
  } else if (sm > 0) {
    gRt1 = 0.5 * (sm + rt);
    sgn1 = 1;
    gRt2 = (acmx / gRt1) * acmn - (b / gRt1) * b;
  } else {
    gRt1 = 0.5 * rt;
    gRt2 = -0.5 * rt;
    sgn1 = 1;
  }
  if (!wantVector) return;
  let cs: f64, sgn2: i32;
  if (df >= 0) {
    cs = df + rt;
    sgn2 = 1;
  } else {
    cs = df - rt;
    sgn2 = -1;
  }
  if (abs<f64>(cs) > ab) {
    const ct = -tb / cs;
    gSn1 = 1 / sqrt<f64>(1 + ct * ct);
    gCs1 = ct * gSn1;
  } else if (ab == 0) {
    gCs1 = 1;
    gSn1 = 0;
  } else {
    const tn = -cs / tb;
    gCs1 = 1 / sqrt<f64>(1 + tn * tn);
    gSn1 = tn * gCs1;
  }
  if (sgn1 == sgn2) {
    const tn = gCs1;
    gCs1 = -gSn1;
    gSn1 = tn;
  }
}
