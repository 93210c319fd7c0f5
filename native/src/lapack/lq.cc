// Blocked Householder LQ (see lq.h). Why shaped so:
//
// - The panel (ib rows of A, reflectors along the rows, lda apart in memory) is copied
//   transposed into a contiguous np x ib workspace and factored there by the column-major
//   geqr2 (or formed by org2r): every reflector is then a contiguous vector and the level-2
//   loops run on the per-ISA dot/axpy. In the row-major QR this panel is ib adjacent columns, so
//   the copy reads ib-long contiguous runs of each row. Copying in and out costs O(np ib) per
//   panel, nothing beside the O(np ib (m - i)) larfb that follows.
// - The trailing update is larfb: three gemms on gemm's thread pool. Nothing else is threaded;
//   the panel is the serial part (about 2 ib / n of the flops).
// - ormlq reads the reflectors where they are (Rowwise larft/larfb): it runs once per solve and
//   has no panel to factor.
#include "lq.h"

#include <algorithm>
#include <vector>

#include "qr.h"

namespace mmlkit {
namespace lapack {

namespace {

// Block size: 32 reflectors, 64 once min(m, n) >= 512. Measured single-threaded (CPU time, the
// machine shared) on square row-major QR + forming Q: n = 300 32 → 3.3 ms, 64 → 4.2 ms;
// n = 1000 about equal (64 ~4 % ahead); n = 2000 32 → ~1.45 s, 64 → ~1.0 s (larfb's gemms run
// at half speed with k = 32, and each pass streams the whole trailing matrix).
size_t blockFor(size_t k) { return k >= 512 ? 64 : 32; }
// Inside a panel, blocks of 16: the level-2 work (serial, ~14 % of the CPU time at n = 1000
// with whole 64-column panels unblocked) shrinks 4x, the rest becomes small gemms.
constexpr size_t kPanelBlock = 16;
// ormlq applies reflectors one at a time below this many vectors in C (or when k <= the block):
// forming T costs O(nq k ib) and would dwarf the O(nq k other) application (least squares has
// other = 1).
constexpr size_t kOrmBlockedMin = 16;

// p (np x ib, ld np) <- A(0:ib, 0:np)ᵀ and back.
void panelOut(size_t ib, size_t np, const double* a, size_t lda, double* p) {
  for (size_t c = 0; c < np; ++c)
    for (size_t r = 0; r < ib; ++r) p[c + r * np] = a[r + c * lda];
}
void panelIn(size_t ib, size_t np, const double* p, double* a, size_t lda) {
  for (size_t c = 0; c < np; ++c)
    for (size_t r = 0; r < ib; ++r) a[r + c * lda] = p[c + r * np];
}

}  // namespace

void gelqf(size_t m, size_t n, double* a, size_t lda, double* tau) {
  const size_t k = std::min(m, n);
  if (k == 0) return;
  const size_t nb = blockFor(k);
  std::vector<double> p(n * std::min(nb, k)), t;  // t only once there is a trailing update
  for (size_t i = 0; i < k; i += nb) {
    const size_t ib = std::min(nb, k - i), np = n - i;
    double* aii = a + i + i * lda;
    panelOut(ib, np, aii, lda, p.data());
    geqrf(np, ib, p.data(), np, tau + i, kPanelBlock);
    panelIn(ib, np, p.data(), aii, lda);
    if (i + ib < m) {
      // A(i+ib:m, i:n) <- A(i+ib:m, i:n) H, H = H(i) ... H(i+ib-1) = I - P T Pᵀ.
      t.resize(nb * nb);
      larft(Columnwise, np, ib, p.data(), np, tau + i, t.data(), nb);
      larfb(Right, false, Columnwise, m - i - ib, np, ib, p.data(), np, t.data(), nb, aii + ib, lda);
    }
  }
}

void orglq(size_t m, size_t n, size_t k, double* a, size_t lda, const double* tau) {
  if (m == 0) return;
  // Rows k..m start as unit rows; then blocks from the last back. Columns < i of the rows below
  // block i are still zero (only reflectors >= i + ib have touched them), so larfb covers
  // columns i..n only.
  for (size_t r = k; r < m; ++r) {
    for (size_t c = 0; c < n; ++c) a[r + c * lda] = 0;
    a[r + r * lda] = 1;
  }
  if (k == 0) return;
  const size_t nb = blockFor(k);
  std::vector<double> p(n * std::min(nb, k)), t;
  for (size_t i = (k - 1) / nb * nb + nb; i >= nb;) {
    i -= nb;
    const size_t ib = std::min(nb, k - i), np = n - i;
    double* aii = a + i + i * lda;
    panelOut(ib, np, aii, lda, p.data());
    if (i + ib < m) {
      // Rows i+ib..m of Q <- those rows Hᵀ (Q's rows are Hᵀ's, Q = H(k-1) ... H(0)).
      t.resize(nb * nb);
      larft(Columnwise, np, ib, p.data(), np, tau + i, t.data(), nb);
      larfb(Right, true, Columnwise, m - i - ib, np, ib, p.data(), np, t.data(), nb, aii + ib, lda);
    }
    orgqr(np, ib, ib, p.data(), np, tau + i, kPanelBlock);
    panelIn(ib, np, p.data(), aii, lda);
    for (size_t c = 0; c < i; ++c)
      for (size_t r = i; r < i + ib; ++r) a[r + c * lda] = 0;
  }
}

void ormlq(Side side, bool trans, size_t m, size_t n, size_t k, const double* a, size_t lda,
           const double* tau, double* c, size_t ldc) {
  if (m == 0 || n == 0 || k == 0) return;
  const bool left = side == Left;
  const size_t nq = left ? m : n;
  const size_t nb = blockFor(k);
  // Q = H(k-1) ... H(0): Q C and C Qᵀ take H(0) first; each block applies H_blkᵀ or H_blk
  // (H_blk = H(i) ... H(i+ib-1)) accordingly.
  const bool forward = left != trans;
  if (k <= nb || (left ? n : m) < kOrmBlockedMin) {
    // dorml2: one reflector at a time, v copied out contiguous with its implied 1.
    std::vector<double> v(nq), work(left ? 0 : m);
    for (size_t s = 0; s < k; ++s) {
      const size_t i = forward ? s : k - 1 - s;
      v[0] = 1;
      for (size_t j = i + 1; j < nq; ++j) v[j - i] = a[i + j * lda];
      if (left)
        larf(Left, m - i, n, v.data(), 1, tau[i], c + i, ldc, nullptr);
      else
        larf(Right, m, n - i, v.data(), 1, tau[i], c + i * ldc, ldc, work.data());
    }
    return;
  }
  std::vector<double> t(nb * nb);
  const size_t nblk = (k + nb - 1) / nb;
  for (size_t s = 0; s < nblk; ++s) {
    const size_t i = (forward ? s : nblk - 1 - s) * nb;
    const size_t ib = std::min(nb, k - i);
    const double* aii = a + i + i * lda;
    larft(Rowwise, nq - i, ib, aii, lda, tau + i, t.data(), nb);
    if (left)
      larfb(Left, !trans, Rowwise, m - i, n, ib, aii, lda, t.data(), nb, c + i, ldc);
    else
      larfb(Right, !trans, Rowwise, m, n - i, ib, aii, lda, t.data(), nb, c + i * ldc, ldc);
  }
}

}  // namespace lapack
}  // namespace mmlkit
