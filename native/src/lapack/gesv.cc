// One-call solve: the finiteness check and max|A| ride on the copy getrf needs anyway, and the
// factors never leave this layer (the facade only reads U's diagonal).
#include "gesv.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "getrf.h"

namespace mmlkit::lapack {
namespace {

// Copies of A up to this many entries (32 MB) are kept per thread between calls: a fresh 8 MB
// buffer per n = 1000 solve costs its page faults every time.
constexpr std::size_t kKeepEntries = std::size_t{1} << 22;
thread_local std::vector<double> kept;

}  // namespace

double gesv(std::size_t n, std::size_t nrhs, const double* a, double* b, double* diag) {
  if (n == 0) return 0;
  const std::size_t size = n * n;
  std::vector<double> own;
  std::vector<double>& buffer = size <= kKeepEntries ? kept : own;
  if (buffer.size() < size) buffer.resize(size);
  double* lu = buffer.data();
  double maxAbs = 0;
  for (std::size_t i = 0; i < size; ++i) {
    const double v = a[i], av = std::fabs(v);
    if (!(av < std::numeric_limits<double>::infinity())) return av;  // NaN or +Inf
    if (av > maxAbs) maxAbs = av;
    lu[i] = v;
  }
  std::vector<std::int32_t> ipiv(n);
  getrf(n, n, lu, n, ipiv.data());
  for (std::size_t i = 0; i < n; ++i) diag[i] = lu[i * n + i];
  if (nrhs != 0) getrs(false, n, nrhs, lu, n, ipiv.data(), b, nrhs);
  return maxAbs;
}

void releaseGesvScratch() {
  std::vector<double>().swap(kept);
}

}  // namespace mmlkit::lapack
