// The two LU drivers behind getrf (getrf.h): the public entry picks one by size.
#pragma once

#include <cstddef>
#include <cstdint>

namespace mmlkit::lapack {

// Recursive LU (getrf.cc), same contract as getrf; parallel only inside its gemm / trsm calls,
// so it runs serially on a thread that is already inside the pool (the look-ahead panels).
int getrfRecursive(std::size_t m, std::size_t n, double* a, std::size_t lda, std::int32_t* ipiv);

// Right-looking blocked LU with look-ahead (getrf_lookahead.cc), same contract as getrf: column
// blocks of nb, one team run for the whole factorisation.
int getrfLookahead(std::size_t m, std::size_t n, double* a, std::size_t lda, std::int32_t* ipiv,
                   std::size_t nb);

// Frees the look-ahead driver's per-thread blocks (releaseGetrfScratch).
void releaseLookaheadScratch();

}  // namespace mmlkit::lapack
