// Householder QR kernels: the row-major m x n buffer is the column-major n x m transpose, and
// the LQ factorisation of that transpose IS the QR factorisation of A (lapack/lq.h). So each
// kernel is the LAPACK LQ routine on the same buffer, in place, with no transposing copy of
// the whole matrix: geqrf = dgelqf, orgqr = dorglq, and ormqr = dormlq with the side swapped
// (a row-major C is Cᵀ in column-major; (op(Q) C)ᵀ = Cᵀ op(Q)ᵀ and Q_qr = Q_lqᵀ).
#include "qr.h"

#include "lapack/lq.h"

namespace mmlkit {

void geqrf(std::size_t m, std::size_t n, double* a, double* tau) {
  lapack::gelqf(n, m, a, n, tau);
}

void orgqr(std::size_t m, std::size_t n, std::size_t k, double* a, const double* tau) {
  lapack::orglq(n, m, k, a, n, tau);
}

void ormqr(bool right, bool trans, std::size_t m, std::size_t n, std::size_t k, const double* a,
           const double* tau, double* c) {
  lapack::ormlq(right ? lapack::Left : lapack::Right, trans, n, m, k, a, k, tau, c, n);
}

}  // namespace mmlkit
