// Packing: copies a block of op(A) / op(B) into the sliver layout the micro-kernels stream
// (absorbing transposes and zero-padding edges), so the micro-kernel reads both operands with
// unit stride. op(A)(i,p) = transA ? A[p*lda + i] : A[i*lda + p]; op(B)(p,j) likewise with ldb.
#pragma once

#include <cstddef>

namespace mmlkit {
namespace gemmcore {

// One MR-tall sliver: rows 0..mr-1 (mr <= MR, rows mr..MR-1 zero) of op(A), depth 0..kc-1,
// starting at a (already offset to the sliver's first row and depth). out: kc steps of MR values.
void packSliverA(int MR, int mr, std::size_t kc, const double* a, std::size_t lda, bool trans,
                 double* out);

// One NR-wide sliver: columns 0..nr-1 (nr <= NR, the rest zero) of op(B), depth 0..kc-1.
// out: kc steps of NR values.
void packSliverB(int NR, int nr, std::size_t kc, const double* b, std::size_t ldb, bool trans,
                 double* out);

// Consecutive NR-wide slivers covering columns 0..cols-1 of op(B) (the last zero-padded), sliver
// s at out + s * NR * kc. Without transB each k step reads the group's columns as one
// contiguous run: twice as fast as sliver by sliver (8 values from each row of B, rows 8 KB
// apart at n = 1024), measured on the Zen 3 VM.
void packSliversB(int NR, std::size_t cols, std::size_t kc, const double* b, std::size_t ldb,
                  bool trans, double* out);

}  // namespace gemmcore
}  // namespace mmlkit
