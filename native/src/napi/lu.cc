// Node-API glue for the LU / triangular-solve / Cholesky family (trsm, getrf, getrs, gesv,
// getri, potrf): type and buffer-length checks only (the TS facade owns policy); no C++ exception
// escapes (guarded).
#include <napi.h>

#include <cstdint>
#include <string>

#include "../lapack/gesv.h"
#include "../lapack/getrf.h"
#include "../lapack/potrf.h"
#include "../lapack/trsm.h"
#include "args.h"
#include "register.h"

namespace mmlkit::napi {
namespace {

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

// Pivot indices from getrf: at least `count` of them, each a row index in [0, n), so no
// interchange can reach outside the matrix.
const std::int32_t* pivots(const Napi::CallbackInfo& info, size_t i, size_t count, size_t n) {
  Napi::Int32Array ipiv = i32(info, i, "ipiv");
  needCount(info.Env(), ipiv.ElementLength(), count, "ipiv");
  const std::int32_t* p = ipiv.Data();
  for (size_t j = 0; j < count; ++j)
    if (p[j] < 0 || static_cast<size_t>(p[j]) >= n)
      throw Napi::RangeError::New(info.Env(), "mmlkit native: ipiv[" + std::to_string(j) + "] = " +
                                                  std::to_string(p[j]) + " is not a row index below " +
                                                  std::to_string(n));
  return p;
}

// getrf(m, n, a, ipiv) -> info
Napi::Value Getrf(const Napi::CallbackInfo& info) {
  return guarded(info, [&](Napi::Env env) -> Napi::Value {
    if (info.Length() < 4) typeError(env, "getrf expects 4 arguments");
    const size_t m = dim(info, 0, "m"), n = dim(info, 1, "n");
    Napi::Float64Array a = f64(info, 2, "a");
    Napi::Int32Array ipiv = i32(info, 3, "ipiv");
    needLength(env, a, m, n, "a");
    const size_t k = m < n ? m : n;
    needCount(env, ipiv.ElementLength(), k, "ipiv");
    if (m > 2147483647u) throw Napi::RangeError::New(env, "mmlkit native: m must fit Int32 pivots");
    return Napi::Number::New(env, mmlkit::lapack::getrf(m, n, a.Data(), n, ipiv.Data()));
  });
}

// getrs(trans, n, nrhs, lu, ipiv, b)
Napi::Value Getrs(const Napi::CallbackInfo& info) {
  return guarded(info, [&](Napi::Env env) -> Napi::Value {
    if (info.Length() < 6) typeError(env, "getrs expects 6 arguments");
    const int trans = flag(info, 0, "trans");
    const size_t n = dim(info, 1, "n"), nrhs = dim(info, 2, "nrhs");
    Napi::Float64Array lu = f64(info, 3, "lu");
    Napi::Float64Array b = f64(info, 5, "b");
    needLength(env, lu, n, n, "lu");
    needLength(env, b, n, nrhs, "b");
    const std::int32_t* ipiv = pivots(info, 4, n, n);
    mmlkit::lapack::getrs(trans != 0, n, nrhs, lu.Data(), n, ipiv, b.Data(), nrhs);
    return env.Undefined();
  });
}

// gesv(n, nrhs, a, b, diag) -> max|A|
Napi::Value Gesv(const Napi::CallbackInfo& info) {
  return guarded(info, [&](Napi::Env env) -> Napi::Value {
    if (info.Length() < 5) typeError(env, "gesv expects 5 arguments");
    const size_t n = dim(info, 0, "n"), nrhs = dim(info, 1, "nrhs");
    Napi::Float64Array a = f64(info, 2, "a");
    Napi::Float64Array b = f64(info, 3, "b");
    Napi::Float64Array diag = f64(info, 4, "diag");
    needLength(env, a, n, n, "a");
    needLength(env, b, n, nrhs, "b");
    needCount(env, diag.ElementLength(), n, "diag");
    if (n > 2147483647u) throw Napi::RangeError::New(env, "mmlkit native: n must fit Int32 pivots");
    return Napi::Number::New(env, mmlkit::lapack::gesv(n, nrhs, a.Data(), b.Data(), diag.Data()));
  });
}

// getri(n, lu, ipiv, inv) -> info
Napi::Value Getri(const Napi::CallbackInfo& info) {
  return guarded(info, [&](Napi::Env env) -> Napi::Value {
    if (info.Length() < 4) typeError(env, "getri expects 4 arguments");
    const size_t n = dim(info, 0, "n");
    Napi::Float64Array lu = f64(info, 1, "lu");
    Napi::Float64Array out = f64(info, 3, "inv");
    needLength(env, lu, n, n, "lu");
    needLength(env, out, n, n, "inv");
    const std::int32_t* ipiv = pivots(info, 2, n, n);
    const double *l0 = lu.Data(), *o0 = out.Data();
    if (n != 0 && l0 < o0 + n * n && o0 < l0 + n * n)
      throw Napi::RangeError::New(env, "mmlkit native: getri: lu and inv must not overlap");
    return Napi::Number::New(env, mmlkit::lapack::getri(n, lu.Data(), n, ipiv, out.Data(), n));
  });
}

// potrf(n, a) -> info
Napi::Value Potrf(const Napi::CallbackInfo& info) {
  return guarded(info, [&](Napi::Env env) -> Napi::Value {
    if (info.Length() < 2) typeError(env, "potrf expects 2 arguments");
    const size_t n = dim(info, 0, "n");
    Napi::Float64Array a = f64(info, 1, "a");
    needLength(env, a, n, n, "a");
    return Napi::Number::New(env, mmlkit::lapack::potrf(n, a.Data(), n));
  });
}

}  // namespace

void registerLu(Napi::Env env, Napi::Object exports) {
  exports.Set("trsm", Napi::Function::New(env, Trsm, "trsm"));
  exports.Set("getrf", Napi::Function::New(env, Getrf, "getrf"));
  exports.Set("getrs", Napi::Function::New(env, Getrs, "getrs"));
  exports.Set("gesv", Napi::Function::New(env, Gesv, "gesv"));
  exports.Set("getri", Napi::Function::New(env, Getri, "getri"));
  exports.Set("potrf", Napi::Function::New(env, Potrf, "potrf"));
}

}  // namespace mmlkit::napi
