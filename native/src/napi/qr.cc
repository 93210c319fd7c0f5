// Node-API glue for the Householder QR kernels (geqrf, orgqr, ormqr): type and bounds checks
// only. Dimension relations the C++ relies on for memory safety (k <= n <= m, side, k <= nq)
// are checked here as RangeErrors; everything else is the facade's business.
#include <algorithm>
#include <string>

#include "../qr.h"
#include "args.h"
#include "register.h"

namespace mmlkit::napi {

namespace {

// geqrf(m, n, a, tau)
Napi::Value Geqrf(const Napi::CallbackInfo& info) {
  return guarded(info, [&](Napi::Env env) -> Napi::Value {
    if (info.Length() < 4) typeError(env, "geqrf expects 4 arguments");
    const size_t m = dim(info, 0, "m"), n = dim(info, 1, "n");
    Napi::Float64Array a = f64(info, 2, "a");
    Napi::Float64Array tau = f64(info, 3, "tau");
    needLength(env, a, m, n, "a");
    needCount(env, tau.ElementLength(), std::min(m, n), "tau");
    mmlkit::geqrf(m, n, a.Data(), tau.Data());
    return env.Undefined();
  });
}

// orgqr(m, n, k, a, tau)
Napi::Value Orgqr(const Napi::CallbackInfo& info) {
  return guarded(info, [&](Napi::Env env) -> Napi::Value {
    if (info.Length() < 5) typeError(env, "orgqr expects 5 arguments");
    const size_t m = dim(info, 0, "m"), n = dim(info, 1, "n"), k = dim(info, 2, "k");
    Napi::Float64Array a = f64(info, 3, "a");
    Napi::Float64Array tau = f64(info, 4, "tau");
    if (n > m) rangeError(env, "orgqr needs n <= m");
    if (k > n) rangeError(env, "orgqr needs k <= n");
    needLength(env, a, m, n, "a");
    needCount(env, tau.ElementLength(), k, "tau");
    mmlkit::orgqr(m, n, k, a.Data(), tau.Data());
    return env.Undefined();
  });
}

// ormqr(side, trans, m, n, k, a, tau, c)
Napi::Value Ormqr(const Napi::CallbackInfo& info) {
  return guarded(info, [&](Napi::Env env) -> Napi::Value {
    if (info.Length() < 8) typeError(env, "ormqr expects 8 arguments");
    const int side = flag(info, 0, "side");
    const int trans = flag(info, 1, "trans");
    const size_t m = dim(info, 2, "m"), n = dim(info, 3, "n"), k = dim(info, 4, "k");
    Napi::Float64Array a = f64(info, 5, "a");
    Napi::Float64Array tau = f64(info, 6, "tau");
    Napi::Float64Array c = f64(info, 7, "c");
    const size_t nq = side ? n : m;
    if (k > nq) rangeError(env, "ormqr needs k <= the order of Q");
    needLength(env, c, m, n, "c");
    if (m != 0 && n != 0 && k != 0) {  // only then are the reflectors read
      needLength(env, a, nq, k, "a");
      needCount(env, tau.ElementLength(), k, "tau");
    }
    mmlkit::ormqr(side != 0, trans != 0, m, n, k, a.Data(), tau.Data(), c.Data());
    return env.Undefined();
  });
}

}  // namespace

void registerQr(Napi::Env env, Napi::Object exports) {
  exports.Set("geqrf", Napi::Function::New(env, Geqrf, "geqrf"));
  exports.Set("orgqr", Napi::Function::New(env, Orgqr, "orgqr"));
  exports.Set("ormqr", Napi::Function::New(env, Ormqr, "ormqr"));
}

}  // namespace mmlkit::napi
