// Node-API glue for the LU / triangular-solve / Cholesky family (trsm, getrf, getrs, getri,
// potrf): type and buffer-length checks only (the TS facade owns policy); no C++ exception
// escapes (guarded).
#include <napi.h>

#include <string>

#include "../lapack/trsm.h"
#include "args.h"
#include "register.h"

namespace mmlkit::napi {
namespace {

// A 0/1 flag argument.
int flag(const Napi::CallbackInfo& info, size_t i, const char* name) {
  const double v = number(info, i, name);
  if (v != 0 && v != 1)
    throw Napi::RangeError::New(info.Env(), std::string("mmlkit native: ") + name + " must be 0 or 1");
  return static_cast<int>(v);
}

// trsm(side, uplo, transA, diag, m, n, alpha, a, b)
Napi::Value Trsm(const Napi::CallbackInfo& info) {
  return guarded(info, [&](Napi::Env env) -> Napi::Value {
    if (info.Length() < 9) typeError(env, "trsm expects 9 arguments");
    const int side = flag(info, 0, "side"), uplo = flag(info, 1, "uplo");
    const int trans = flag(info, 2, "transA"), diag = flag(info, 3, "diag");
    const size_t m = dim(info, 4, "m"), n = dim(info, 5, "n");
    const double alpha = number(info, 6, "alpha");
    Napi::Float64Array a = f64(info, 7, "a");
    Napi::Float64Array b = f64(info, 8, "b");
    needLength(env, b, m, n, "b");
    const size_t k = side == 0 ? m : n;
    if (m != 0 && n != 0 && alpha != 0) needLength(env, a, k, k, "a");
    mmlkit::lapack::trsm(side ? 'R' : 'L', uplo ? 'U' : 'L', trans ? 'T' : 'N', diag ? 'U' : 'N', m,
                         n, alpha, a.Data(), k, b.Data(), n);
    return env.Undefined();
  });
}

}  // namespace

void registerLu(Napi::Env env, Napi::Object exports) {
  exports.Set("trsm", Napi::Function::New(env, Trsm, "trsm"));
}

}  // namespace mmlkit::napi
