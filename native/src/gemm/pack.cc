// Packing one sliver at a time: the unit the threads claim when they pack a shared panel
// together. Widths used by the contexts are compiled with a constant width (the copy loops
// unroll and vectorise); any other width takes the runtime-width loop. Loop orders keep the
// reads from the unpacked matrix contiguous.
#include "pack.h"

#include <algorithm>

namespace mmlkit {
namespace gemmcore {
namespace {

using std::size_t;

// "Along": the sliver's W values of one k step are contiguous in the source (op(A) with transA,
// op(B) without transB): copy W-wide rows. "Across": each of the W lines is contiguous along k.
template <int W>
inline void packAlong(int w, size_t kc, const double* src, size_t ld, double* out) {
  if (w == W) {
    for (size_t p = 0; p < kc; ++p, src += ld, out += W)
      for (int r = 0; r < W; ++r) out[r] = src[r];
  } else {
    for (size_t p = 0; p < kc; ++p, src += ld, out += W)
      for (int r = 0; r < W; ++r) out[r] = r < w ? src[r] : 0.0;
  }
}

template <int W>
inline void packAcross(int w, size_t kc, const double* src, size_t ld, double* out) {
  // Four source lines at a time: four read streams, one write stream per k step.
  int r = 0;
  for (; r + 4 <= w; r += 4) {
    const double* s0 = src + r * ld;
    const double* s1 = s0 + ld;
    const double* s2 = s1 + ld;
    const double* s3 = s2 + ld;
    double* d = out + r;
    for (size_t p = 0; p < kc; ++p, d += W) {
      d[0] = s0[p];
      d[1] = s1[p];
      d[2] = s2[p];
      d[3] = s3[p];
    }
  }
  for (; r < w; ++r) {
    const double* s = src + r * ld;
    for (size_t p = 0; p < kc; ++p) out[p * W + r] = s[p];
  }
  for (; r < W; ++r)
    for (size_t p = 0; p < kc; ++p) out[p * W + r] = 0.0;
}

inline void packAny(int W, int w, size_t kc, const double* src, size_t ld, bool along,
                    double* out) {
  for (size_t p = 0; p < kc; ++p)
    for (int r = 0; r < W; ++r)
      out[p * W + r] = r >= w ? 0.0 : along ? src[p * ld + r] : src[r * ld + p];
}

template <int W>
inline void packW(int w, size_t kc, const double* src, size_t ld, bool along, double* out) {
  if (along)
    packAlong<W>(w, kc, src, ld, out);
  else
    packAcross<W>(w, kc, src, ld, out);
}

void pack(int W, int w, size_t kc, const double* src, size_t ld, bool along, double* out) {
  switch (W) {
    case 4: return packW<4>(w, kc, src, ld, along, out);
    case 6: return packW<6>(w, kc, src, ld, along, out);
    case 8: return packW<8>(w, kc, src, ld, along, out);
    case 12: return packW<12>(w, kc, src, ld, along, out);
    case 16: return packW<16>(w, kc, src, ld, along, out);
    case 24: return packW<24>(w, kc, src, ld, along, out);
    default: return packAny(W, w, kc, src, ld, along, out);
  }
}

// packAlong for several slivers at once: k step p of sliver g goes to out + g*kc*W + p*W.
template <int W>
void packAlongGroup(size_t cols, size_t kc, const double* src, size_t ld, double* out) {
  const size_t full = cols / W, rest = cols % W, sliver = kc * W;
  for (size_t p = 0; p < kc; ++p, src += ld) {
    const double* s = src;
    double* d = out + p * W;
    for (size_t g = 0; g < full; ++g, s += W, d += sliver)
      for (int r = 0; r < W; ++r) d[r] = s[r];
    if (rest)
      for (int r = 0; r < W; ++r) d[r] = r < static_cast<int>(rest) ? s[r] : 0.0;
  }
}

}  // namespace

void packSliverA(int MR, int mr, size_t kc, const double* a, size_t lda, bool trans, double* out) {
  pack(MR, mr, kc, a, lda, trans, out);
}

void packSliverB(int NR, int nr, size_t kc, const double* b, size_t ldb, bool trans, double* out) {
  pack(NR, nr, kc, b, ldb, !trans, out);
}

void packSliversB(int NR, size_t cols, size_t kc, const double* b, size_t ldb, bool trans,
                  double* out) {
  if (!trans) {
    switch (NR) {
      case 4: return packAlongGroup<4>(cols, kc, b, ldb, out);
      case 8: return packAlongGroup<8>(cols, kc, b, ldb, out);
      case 24: return packAlongGroup<24>(cols, kc, b, ldb, out);
      default: break;
    }
  }
  const size_t W = static_cast<size_t>(NR);
  for (size_t c0 = 0; c0 < cols; c0 += W, out += W * kc)
    packSliverB(NR, static_cast<int>(std::min(W, cols - c0)), kc,
                trans ? b + c0 * ldb : b + c0, ldb, trans, out);
}

}  // namespace gemmcore
}  // namespace mmlkit
