// Micro-kernel contract (one implementation per ISA, each in its own file). a = MR-tall packed
// sliver (kc steps of MR values), b = NR-wide packed sliver (kc steps of NR values), both 64-byte
// aligned and zero-padded; MR and NR are the ISA's blocks:: sizes (context.h). Writes the top-left
// mr x nr of the tile at c (row stride ldc): C <- alpha * A*B + beta * C, never reading C when
// beta == 0 (so NaN in C does not leak through).
#pragma once

#include <cstddef>

namespace mmlkit {
namespace gemmcore {

using Microkernel = void (*)(std::size_t kc, const double* a, const double* b, double* c,
                             std::size_t ldc, double alpha, double beta, int mr, int nr);

#if defined(__x86_64__)
void microkernelAvx512(std::size_t kc, const double* a, const double* b, double* c,
                       std::size_t ldc, double alpha, double beta, int mr, int nr);
void microkernelAvx2(std::size_t kc, const double* a, const double* b, double* c, std::size_t ldc,
                     double alpha, double beta, int mr, int nr);
#endif
#if defined(__aarch64__)
void microkernelNeon(std::size_t kc, const double* a, const double* b, double* c, std::size_t ldc,
                     double alpha, double beta, int mr, int nr);
#endif
void microkernelGeneric(std::size_t kc, const double* a, const double* b, double* c,
                        std::size_t ldc, double alpha, double beta, int mr, int nr);

// Scalar write-back of a spilled accumulator tile t (row stride ldt) for edge tiles.
void storeEdge(const double* t, int ldt, double* c, std::size_t ldc, double alpha, double beta,
               int mr, int nr);

}  // namespace gemmcore
}  // namespace mmlkit
