// Householder reflectors, LAPACK-style (column-major, leading dimensions, forward direction):
// H = I - tau v vᵀ (dlarfg / dlarf) and block reflectors H = H(0) H(1) ... H(k-1) = I - V T Vᵀ
// in compact WY form (dlarft / dlarfb). With Rowwise storage (LQ-style) V is k x n and the block
// reflector is H = I - Vᵀ T V. In both storages reflector j has v_j = 1 at position j and zeros
// before it; those unit/zero entries are implied, never read (the array holds other data there:
// R or L and the reflectors' alphas).
#pragma once

#include <cstddef>

namespace mmlkit {
namespace lapack {

using std::ptrdiff_t;
using std::size_t;

enum Side { Left, Right };
enum Storage { Columnwise, Rowwise };

// dlarfg: given (alpha, x) of length n (x has n - 1 entries, stride incx > 0), finds H with
// H (alpha, x)ᵀ = (beta, 0)ᵀ, H = I - tau (1, v)(1, v)ᵀ; x is overwritten by v, alpha by beta,
// and tau is returned. beta = -sign(alpha) ‖(alpha, x)‖ (LAPACK's sign, numpy's R). tau = 0
// (H = I, nothing changed) when n <= 1 or x = 0. Tiny columns are rescaled as dlarfg does, so
// v and beta keep full accuracy down to the underflow threshold.
double larfg(size_t n, double& alpha, double* x, ptrdiff_t incx);

// dlarf: C (m x n, ldc) <- H C (Left, v of length m) or C H (Right, v of length n), H = I - tau v
// vᵀ, v with stride incv > 0 and v[0] read as stored (callers put the 1 there). tau = 0: no-op.
// work: m doubles for Right (unused for Left; may then be null).
void larf(Side side, size_t m, size_t n, const double* v, ptrdiff_t incv, double tau, double* c,
          size_t ldc, double* work);

// dlarft('F', storev): the k x k upper triangular T (ldt) of H(0) ... H(k-1) = I - V T Vᵀ
// (Columnwise: v is n x k, ldv, unit lower trapezoidal) or I - Vᵀ T V (Rowwise: v is k x n,
// unit upper trapezoidal). Only the upper triangle of t is written. k <= n.
void larft(Storage storev, size_t n, size_t k, const double* v, size_t ldv, const double* tau,
           double* t, size_t ldt);

// dlarfb('F', storev): C (m x n, ldc) <- H C or Hᵀ C (Left, reflectors of length m) or C H or
// C Hᵀ (Right, length n) for the block reflector of larft (trans: Hᵀ = I - V Tᵀ Vᵀ). The bulk is
// three gemms (W = Vᵀ C or C V, then W op(T), then the rank-k update of C) on gemm's threads;
// V's triangle is made explicit in a workspace first, so the implied parts are never read.
// k <= the reflectors' length. Throws std::bad_alloc if the workspace cannot be had.
void larfb(Side side, bool trans, Storage storev, size_t m, size_t n, size_t k, const double* v,
           size_t ldv, const double* t, size_t ldt, double* c, size_t ldc);

}  // namespace lapack
}  // namespace mmlkit
