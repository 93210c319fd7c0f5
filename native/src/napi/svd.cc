// Node-API glue of the SVD family: gesdd. Types and buffer lengths only (the facade owns policy).
#include <napi.h>

#include <algorithm>

#include "../lapack/gesdd.h"
#include "args.h"
#include "register.h"

namespace mmlkit::napi {
namespace {

// gesdd(jobz, m, n, a, s, u, vt) -> info (0, or > 0 if the bidiagonal QR did not converge)
Napi::Value Gesdd(const Napi::CallbackInfo& info) {
  return guarded(info, [&](Napi::Env env) -> Napi::Value {
    if (info.Length() < 7) typeError(env, "gesdd expects 7 arguments");
    const double jobzNum = number(info, 0, "jobz");
    if (jobzNum != 0 && jobzNum != 1 && jobzNum != 2)
      throw Napi::RangeError::New(env, "mmlkit native: jobz must be 0, 1 or 2");
    const int jobz = static_cast<int>(jobzNum);
    const size_t m = dim(info, 1, "m"), n = dim(info, 2, "n");
    Napi::Float64Array a = f64(info, 3, "a");
    Napi::Float64Array s = f64(info, 4, "s");
    Napi::Float64Array u = f64(info, 5, "u");
    Napi::Float64Array vt = f64(info, 6, "vt");
    const size_t k = std::min(m, n);
    needLength(env, a, m, n, "a");
    needLength(env, s, k, 1, "s");
    if (jobz == 1) {
      needLength(env, u, m, k, "u");
      needLength(env, vt, k, n, "vt");
    } else if (jobz == 2) {
      needLength(env, u, m, m, "u");
      needLength(env, vt, n, n, "vt");
    }
    const int r = mmlkit::gesdd(jobz, m, n, a.Data(), s.Data(), u.Data(), vt.Data());
    return Napi::Number::New(env, r);
  });
}

}  // namespace

void registerSvd(Napi::Env env, Napi::Object exports) {
  exports.Set("gesdd", Napi::Function::New(env, Gesdd, "gesdd"));
}

}  // namespace mmlkit::napi
