// One dense layer over a batch (denseForward / denseBackward, src/backend/kernels.ts).
//
// Forward: one gemm (parallel inside), then the bias + activation sweep split by rows over the
// pool. Backward: one sweep forms Delta and the bias gradient, then two gemms (transposes by
// gemm's flags, no copies), each parallel inside.
#include "dense.h"

#include <algorithm>
#include <cmath>

#include "gemm.h"

namespace mmlkit {
namespace {

// Activation codes: 0 sigmoid, 1 identity, 2 tanh, 3 relu (the same expressions as the ts twin).
template <int Act>
inline double activate(double v) {
  if constexpr (Act == 0) {
    // e^{-|v|} never overflows; 1/(1+t) for v >= 0 and t/(1+t) for v < 0 keep full precision.
    const double t = std::exp(-std::fabs(v));
    const double s = 1.0 / (1.0 + t);
    return v >= 0 ? s : t * s;
  } else if constexpr (Act == 1) {
    return v;
  } else if constexpr (Act == 2) {
    return std::tanh(v);
  } else {
    return v < 0 ? 0.0 : v;  // NaN stays NaN
  }
}

// act' in terms of a = act(z).
template <int Act>
inline double derivative(double a) {
  if constexpr (Act == 0) {
    return a * (1.0 - a);
  } else if constexpr (Act == 1) {
    return 1.0;
  } else if constexpr (Act == 2) {
    return 1.0 - a * a;
  } else {
    return a > 0 ? 1.0 : a == 0 ? 0.0 : a;  // NaN stays NaN
  }
}

// t holds X W^T for `rows` rows; adds b, stores Z back into t when keepZ, writes A.
template <int Act>
void biasActivate(std::size_t rows, std::size_t outDim, double* t, const double* b, double* a,
                  bool keepZ) {
  for (std::size_t i = 0; i < rows; ++i) {
    double* tr = t + i * outDim;
    double* ar = a + i * outDim;
    if (keepZ) {
      for (std::size_t j = 0; j < outDim; ++j) {
        const double v = tr[j] + b[j];
        tr[j] = v;
        ar[j] = activate<Act>(v);
      }
    } else {
      for (std::size_t j = 0; j < outDim; ++j) ar[j] = activate<Act>(tr[j] + b[j]);
    }
  }
}

void biasActivate(int act, std::size_t rows, std::size_t outDim, double* t, const double* b,
                  double* a, bool keepZ) {
  switch (act) {
    case 0: return biasActivate<0>(rows, outDim, t, b, a, keepZ);
    case 1: return biasActivate<1>(rows, outDim, t, b, a, keepZ);
    case 2: return biasActivate<2>(rows, outDim, t, b, a, keepZ);
    default: return biasActivate<3>(rows, outDim, t, b, a, keepZ);
  }
}

// delta <- delta (.) act'(a); gradB <- colsum(delta) (rows in order, as the other backends).
template <int Act>
void deltaSweep(std::size_t n, std::size_t outDim, const double* a, double* delta, double* gradB) {
  std::fill(gradB, gradB + outDim, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const double* ar = a + i * outDim;
    double* dr = delta + i * outDim;
    for (std::size_t j = 0; j < outDim; ++j) {
      const double d = dr[j] * derivative<Act>(ar[j]);
      dr[j] = d;
      gradB[j] += d;
    }
  }
}

// Below this many entries the activation sweep runs on one thread (an exp is ~20 ns scalar,
// so 16k of them take ~0.3 ms: well above a fork/join of the pool).
constexpr std::size_t kParallelMinEntries = 1 << 14;

}  // namespace

void denseForward(int act, std::size_t n, std::size_t inDim, std::size_t outDim, const double* x,
                  const double* w, const double* b, double* z, double* a) {
  if (n == 0 || outDim == 0) return;
  const bool keepZ = z != nullptr;
  double* t = keepZ ? z : a;
  // The gemm parallelises itself. The sweep runs after it, not inside pool tasks: a gemm called
  // from inside a pool task runs on one thread (nested pool use is serial).
  gemm(false, true, n, outDim, inDim, 1.0, x, w, 0.0, t);
  const bool cheap = act == 1 || act == 3;  // no transcendental: memory-bound, one thread is enough
  const unsigned parts = cheap || n * outDim < kParallelMinEntries
                             ? 1u
                             : static_cast<unsigned>(std::min<std::size_t>(threads(), n));
  if (parts < 2) return biasActivate(act, n, outDim, t, b, a, keepZ);
  parallelFor(parts, [&](unsigned p) {
    const std::size_t r0 = n * p / parts, r1 = n * (p + 1) / parts;
    biasActivate(act, r1 - r0, outDim, t + r0 * outDim, b, a + r0 * outDim, keepZ);
  });
}

void denseBackward(int act, std::size_t n, std::size_t inDim, std::size_t outDim, double scale,
                   const double* x, const double* w, const double* a, double* delta,
                   double* gradW, double* gradB, double* deltaIn) {
  if (outDim == 0) {
    if (deltaIn) std::fill(deltaIn, deltaIn + n * inDim, 0.0);
    return;
  }
  switch (act) {
    case 0: deltaSweep<0>(n, outDim, a, delta, gradB); break;
    case 1: deltaSweep<1>(n, outDim, a, delta, gradB); break;
    case 2: deltaSweep<2>(n, outDim, a, delta, gradB); break;
    default: deltaSweep<3>(n, outDim, a, delta, gradB); break;
  }
  for (std::size_t j = 0; j < outDim; ++j) gradB[j] *= scale;
  gemm(true, false, outDim, inDim, n, scale, delta, x, 0.0, gradW);
  if (deltaIn) gemm(false, false, n, inDim, outDim, 1.0, delta, w, 0.0, deltaIn);
}

}  // namespace mmlkit
