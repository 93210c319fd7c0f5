// Node-API glue for the native kernels: type and bounds checks only (the TS facade owns policy),
// and no C++ exception may escape into the runtime.
#include <napi.h>

#include <cmath>
#include <exception>
#include <limits>
#include <new>
#include <string>

#include "napi/args.h"
#include "napi/register.h"
#include "dense.h"
#include "col_means.h"
#include "gemm.h"
#include "lapack/gesv.h"
#include "lapack/getrf.h"
#include "gram_accumulate.h"
#include "heap_retention.h"
#include "pairwise_sq_dist.h"
#include "sym_eig.h"

namespace {

using namespace mmlkit::napi;

// gemm(transA, transB, m, n, k, alpha, a, b, beta, c)
Napi::Value Gemm(const Napi::CallbackInfo& info) {
  return guarded(info, [&](Napi::Env env) -> Napi::Value {
    if (info.Length() < 10) typeError(env, "gemm expects 10 arguments");
    const bool ta = number(info, 0, "transA") != 0;
    const bool tb = number(info, 1, "transB") != 0;
    const size_t m = dim(info, 2, "m"), n = dim(info, 3, "n"), k = dim(info, 4, "k");
    const double alpha = number(info, 5, "alpha");
    Napi::Float64Array a = f64(info, 6, "a");
    Napi::Float64Array b = f64(info, 7, "b");
    const double beta = number(info, 8, "beta");
    Napi::Float64Array c = f64(info, 9, "c");
    needLength(env, c, m, n, "c");
    if (m != 0 && n != 0 && k != 0) {  // only then are A and B read
      needLength(env, a, m, k, "a");
      needLength(env, b, k, n, "b");
    }
    mmlkit::gemm(ta, tb, m, n, k, alpha, a.Data(), b.Data(), beta, c.Data());
    return env.Undefined();
  });
}

// symEig(n, a, w, z, wantVectors) -> 0, or i + 1 if eigenvalue i did not converge
Napi::Value SymEig(const Napi::CallbackInfo& info) {
  return guarded(info, [&](Napi::Env env) -> Napi::Value {
    if (info.Length() < 5) typeError(env, "symEig expects 5 arguments");
    const size_t n = dim(info, 0, "n");
    Napi::Float64Array a = f64(info, 1, "a");
    Napi::Float64Array w = f64(info, 2, "w");
    Napi::Float64Array z = f64(info, 3, "z");
    const bool vectors = number(info, 4, "wantVectors") != 0;
    needLength(env, a, n, n, "a");
    needLength(env, w, n, 1, "w");
    if (vectors) needLength(env, z, n, n, "z");
    const int r = mmlkit::symEig(n, a.Data(), w.Data(), vectors ? z.Data() : nullptr, vectors);
    return Napi::Number::New(env, r);
  });
}

// pairwiseSqDist(m, n, d, x, y, xx, yy, dist)
Napi::Value PairwiseSqDist(const Napi::CallbackInfo& info) {
  return guarded(info, [&](Napi::Env env) -> Napi::Value {
    if (info.Length() < 8) typeError(env, "pairwiseSqDist expects 8 arguments");
    const size_t m = dim(info, 0, "m"), n = dim(info, 1, "n"), d = dim(info, 2, "d");
    Napi::Float64Array x = f64(info, 3, "x");
    Napi::Float64Array y = f64(info, 4, "y");
    Napi::Float64Array xx = f64(info, 5, "xx");
    Napi::Float64Array yy = f64(info, 6, "yy");
    Napi::Float64Array dist = f64(info, 7, "dist");
    needLength(env, dist, m, n, "dist");
    if (m != 0 && n != 0) {  // only then are the inputs read
      needLength(env, x, m, d, "x");
      needLength(env, y, n, d, "y");
      needLength(env, xx, m, 1, "xx");
      needLength(env, yy, n, 1, "yy");
    }
    mmlkit::pairwiseSqDist(m, n, d, x.Data(), y.Data(), xx.Data(), yy.Data(), dist.Data());
    return env.Undefined();
  });
}

// denseForward(act, n, inDim, outDim, x, w, b, z, a); z of length 0: Z is not stored
Napi::Value DenseForward(const Napi::CallbackInfo& info) {
  return guarded(info, [&](Napi::Env env) -> Napi::Value {
    if (info.Length() < 9) typeError(env, "denseForward expects 9 arguments");
    const int act = static_cast<int>(number(info, 0, "act"));
    const size_t n = dim(info, 1, "n"), inDim = dim(info, 2, "inDim"), outDim = dim(info, 3, "outDim");
    Napi::Float64Array x = f64(info, 4, "x");
    Napi::Float64Array w = f64(info, 5, "w");
    Napi::Float64Array b = f64(info, 6, "b");
    Napi::Float64Array z = f64(info, 7, "z");
    Napi::Float64Array a = f64(info, 8, "a");
    if (act < 0 || act > 3) throw Napi::RangeError::New(env, "mmlkit native: act must be 0, 1, 2 or 3");
    if (n == 0 || outDim == 0) return env.Undefined();
    needLength(env, x, n, inDim, "x");
    needLength(env, w, outDim, inDim, "w");
    needLength(env, b, outDim, 1, "b");
    needLength(env, a, n, outDim, "a");
    const bool keepZ = z.ElementLength() > 0;
    if (keepZ) needLength(env, z, n, outDim, "z");
    mmlkit::denseForward(act, n, inDim, outDim, x.Data(), w.Data(), b.Data(),
                         keepZ ? z.Data() : nullptr, a.Data());
    return env.Undefined();
  });
}

// denseBackward(act, n, inDim, outDim, scale, x, w, a, delta, gradW, gradB, deltaIn);
// deltaIn of length 0: not computed
Napi::Value DenseBackward(const Napi::CallbackInfo& info) {
  return guarded(info, [&](Napi::Env env) -> Napi::Value {
    if (info.Length() < 12) typeError(env, "denseBackward expects 12 arguments");
    const int act = static_cast<int>(number(info, 0, "act"));
    const size_t n = dim(info, 1, "n"), inDim = dim(info, 2, "inDim"), outDim = dim(info, 3, "outDim");
    const double scale = number(info, 4, "scale");
    Napi::Float64Array x = f64(info, 5, "x");
    Napi::Float64Array w = f64(info, 6, "w");
    Napi::Float64Array a = f64(info, 7, "a");
    Napi::Float64Array delta = f64(info, 8, "delta");
    Napi::Float64Array gradW = f64(info, 9, "gradW");
    Napi::Float64Array gradB = f64(info, 10, "gradB");
    Napi::Float64Array deltaIn = f64(info, 11, "deltaIn");
    if (act < 0 || act > 3) throw Napi::RangeError::New(env, "mmlkit native: act must be 0, 1, 2 or 3");
    const bool wantIn = deltaIn.ElementLength() > 0;
    if (wantIn) needLength(env, deltaIn, n, inDim, "deltaIn");
    if (outDim != 0) {
      needLength(env, x, n, inDim, "x");
      needLength(env, a, n, outDim, "a");
      needLength(env, delta, n, outDim, "delta");
      needLength(env, gradW, outDim, inDim, "gradW");
      needLength(env, gradB, outDim, 1, "gradB");
      if (wantIn) needLength(env, w, outDim, inDim, "w");
    }
    mmlkit::denseBackward(act, n, inDim, outDim, scale, x.Data(), w.Data(), a.Data(), delta.Data(),
                          gradW.Data(), gradB.Data(), wantIn ? deltaIn.Data() : nullptr);
    return env.Undefined();
  });
}

// colMeans(m, n, a, out)
Napi::Value ColMeans(const Napi::CallbackInfo& info) {
  return guarded(info, [&](Napi::Env env) -> Napi::Value {
    if (info.Length() < 4) typeError(env, "colMeans expects 4 arguments");
    const size_t m = dim(info, 0, "m"), n = dim(info, 1, "n");
    Napi::Float64Array a = f64(info, 2, "a");
    Napi::Float64Array out = f64(info, 3, "out");
    needLength(env, out, n, 1, "out");
    needLength(env, a, m, n, "a");
    mmlkit::colMeans(m, n, a.Data(), out.Data());
    return env.Undefined();
  });
}

// gramAccumulate(m, n, a, shift, c)
Napi::Value GramAccumulate(const Napi::CallbackInfo& info) {
  return guarded(info, [&](Napi::Env env) -> Napi::Value {
    if (info.Length() < 5) typeError(env, "gramAccumulate expects 5 arguments");
    const size_t m = dim(info, 0, "m"), n = dim(info, 1, "n");
    Napi::Float64Array a = f64(info, 2, "a");
    Napi::Float64Array shift = f64(info, 3, "shift");
    Napi::Float64Array c = f64(info, 4, "c");
    needLength(env, c, n, n, "c");
    if (m != 0 && n != 0) {  // only then are A and shift read
      needLength(env, a, m, n, "a");
      needLength(env, shift, n, 1, "shift");
    }
    mmlkit::gramAccumulate(m, n, a.Data(), shift.Data(), c.Data());
    return env.Undefined();
  });
}

Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  return guarded(info, [&](Napi::Env env) -> Napi::Value {
    const double v = number(info, 0, "n");
    if (!(v >= 1) || v != std::floor(v))
      throw Napi::RangeError::New(env, "mmlkit native: threads must be an integer >= 1");
    mmlkit::setThreads(v > 1e6 ? 1000000u : static_cast<unsigned>(v));
    return env.Undefined();
  });
}

Napi::Value Release(const Napi::CallbackInfo& info) {
  return guarded(info, [&](Napi::Env env) -> Napi::Value {
    mmlkit::releaseScratch();
    mmlkit::lapack::releaseGetrfScratch();
    mmlkit::lapack::releaseGesvScratch();
    return env.Undefined();
  });
}

Napi::Value Info(const Napi::CallbackInfo& info) {
  return guarded(info, [&](Napi::Env env) -> Napi::Value {
    Napi::Object o = Napi::Object::New(env);
    o.Set("isa", mmlkit::isa());
    o.Set("threads", static_cast<double>(mmlkit::threads()));
    o.Set("version", 1);
    // Whether freed large blocks stay in the C heap for reuse (heap_retention.cc).
    const mmlkit::HeapRetention& heap = mmlkit::retainFreedHeapMemory();
    Napi::Object h = Napi::Object::New(env);
    h.Set("retained", heap.active);
    if (heap.active) {
      h.Set("mmapThreshold", static_cast<double>(heap.mmapThreshold));
      h.Set("trimThreshold", static_cast<double>(heap.trimThreshold));
    } else {
      h.Set("why", heap.why);
    }
    o.Set("heap", h);
    // Which sanitizer this build carries (native/CMakeLists.txt's MMLKIT_SANITIZE), so the
    // sanitizer run can check that the addon it tests is the instrumented one.
#ifdef MMLKIT_SANITIZER
    o.Set("sanitizer", MMLKIT_SANITIZER);
#else
    o.Set("sanitizer", "none");
#endif
    return o;
  });
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  mmlkit::retainFreedHeapMemory();
  exports.Set("gemm", Napi::Function::New(env, Gemm, "gemm"));
  exports.Set("symEig", Napi::Function::New(env, SymEig, "symEig"));
  exports.Set("pairwiseSqDist", Napi::Function::New(env, PairwiseSqDist, "pairwiseSqDist"));
  exports.Set("denseForward", Napi::Function::New(env, DenseForward, "denseForward"));
  exports.Set("denseBackward", Napi::Function::New(env, DenseBackward, "denseBackward"));
  exports.Set("colMeans", Napi::Function::New(env, ColMeans, "colMeans"));
  exports.Set("gramAccumulate", Napi::Function::New(env, GramAccumulate, "gramAccumulate"));
  exports.Set("setThreads", Napi::Function::New(env, SetThreads, "setThreads"));
  exports.Set("info", Napi::Function::New(env, Info, "info"));
  exports.Set("release", Napi::Function::New(env, Release, "release"));
  // Kernel families whose glue lives in its own file (napi/*.cc).
  mmlkit::napi::registerAll(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(mmlkit, Init)
