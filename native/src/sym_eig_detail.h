// Internal pieces of symEig, shared between its translation units. All matrices here are
// COLUMN-major with a leading dimension (LAPACK's convention): a symmetric row-major input is
// the same array, and column-major Z keeps each eigenvector contiguous for the rotations.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "cpu_features.h"

namespace mmlkit {
namespace eig {

// Householder tridiagonalisation of the lower triangle of A (n x n, column-major, lda), blocked
// like dsytrd('L'): d (n) diagonal, e (n-1) sub-diagonal, tau (n-1) reflector scalars; the
// reflectors are left below the sub-diagonal of A. The upper triangle is not referenced.
void tridiagonalize(std::size_t n, double* a, std::size_t lda, double* d, double* e, double* tau);

// Forms Q = H(1) ... H(n-1) from tridiagonalize's output (dorgtr('L'), blocked like dorgqr)
// into q (n x n, column-major, ldq). a is only read.
void formQ(std::size_t n, const double* a, std::size_t lda, const double* tau, double* q,
           std::size_t ldq);

// dormtr('L', 'L', 'N'): C (n x ncols, column-major, ldc) <- Q C for the Q of tridiagonalize
// (a, tau as it left them; a is only read), blocked (larft + larfb).
void applyQ(std::size_t n, const double* a, std::size_t lda, const double* tau, double* c,
            std::size_t ldc, std::size_t ncols);

// A log of Givens sweeps from the implicit QL/QR iteration, applied to Z later in batches.
// Sweep k acts on columns first .. first+count-1 of Z with the count-1 rotations stored at
// c/s[offset ..]: rotation j mixes columns first+j and first+j+1 as LAPACK dlasr('R','V',..):
//   z_{j+1} <- c z_{j+1} - s z_j,   z_j <- s z_{j+1} + c z_j,
// in order j = count-2 .. 0 (backward, QL) or 0 .. count-2 (forward, QR).
struct RotationLog {
  struct Sweep {
    std::uint32_t first, count;
    bool forward;
    std::size_t offset;
  };
  std::vector<Sweep> sweeps;
  std::vector<double> c, s;
  std::size_t size() const { return c.size(); }
  void clear() {
    sweeps.clear();
    c.clear();
    s.clear();
  }
};

// Applies every sweep of the log, in order, to rows 0..rows-1 of z (column-major, ldz).
// rows must be a multiple of 8 (pad Z with zero rows); the row range is split across threads.
void applyRotations(const RotationLog& log, double* z, std::size_t ldz, std::size_t rows);

// dsteqr('V') on the symmetric tridiagonal (d, e): eigenvalues into d (unsorted), rotations
// applied to z (ldz, rows as for applyRotations) through batched logs. Returns 0 or 1 + index
// of the first sub-diagonal that did not vanish within 30 n iterations.
int steqr(std::size_t n, double* d, double* e, double* z, std::size_t ldz,
                  std::size_t rows);

// dsterf: eigenvalues only, root-free QL/QR, O(n^2). Same return convention; d unsorted.
int sterf(std::size_t n, double* d, double* e);

// Leading dimension for column-major n-row work matrices: a multiple of 8, never of 256
// (power-of-two strides make every column of a row chunk collide in the same cache sets).
std::size_t paddedLd(std::size_t n);

// dsyev's scaling of the n x n a: brings max|a| into [sqrt(smlnum), sqrt(bignum)] so squares
// cannot over- or underflow; returns the factor applied (1 if none).
double scaleInput(std::size_t n, double* a);

// Row-major dst (rows x cols, ldd) <- the column-major src (rows x cols, lds), in tiles.
void transposeInto(std::size_t rows, std::size_t cols, const double* src, std::size_t lds,
                   double* dst, std::size_t ldd);

// Kernel flavour for the hand-vectorised loops: the shared CPU-feature module's pick, the same
// one gemm uses (MMLKIT_ISA honoured).
using mmlkit::Isa;
inline Isa isa() { return cpuIsa(); }

}  // namespace eig
}  // namespace mmlkit
