// Node-API glue for symEigRange (types and buffer lengths only; the facade owns policy).
#include <napi.h>

#include "../sym_eig_range.h"
#include "args.h"

namespace mmlkit::napi {
namespace {

// symEigRange(n, a, il, iu, w, z, wantVectors) -> 0, or > 0 if the vector iteration failed
Napi::Value SymEigRange(const Napi::CallbackInfo& info) {
  return guarded(info, [&](Napi::Env env) -> Napi::Value {
    if (info.Length() < 7) typeError(env, "symEigRange expects 7 arguments");
    const size_t n = dim(info, 0, "n");
    Napi::Float64Array a = f64(info, 1, "a");
    const size_t il = dim(info, 2, "il"), iu = dim(info, 3, "iu");
    Napi::Float64Array w = f64(info, 4, "w");
    Napi::Float64Array z = f64(info, 5, "z");
    const bool vectors = number(info, 6, "wantVectors") != 0;
    if (n == 0) return Napi::Number::New(env, 0);
    if (il > iu || iu >= n)
      throw Napi::RangeError::New(env, "mmlkit native: symEigRange needs il <= iu < n");
    const size_t k = iu - il + 1;
    needLength(env, a, n, n, "a");
    needLength(env, w, k, 1, "w");
    if (vectors) needLength(env, z, n, k, "z");
    const int r = mmlkit::symEigRange(n, a.Data(), il, iu, w.Data(),
                                      vectors ? z.Data() : nullptr, vectors);
    return Napi::Number::New(env, r);
  });
}

}  // namespace

void registerSymEigRange(Napi::Env env, Napi::Object exports) {
  exports.Set("symEigRange", Napi::Function::New(env, SymEigRange, "symEigRange"));
}

}  // namespace mmlkit::napi
