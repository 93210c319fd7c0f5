// Node-API glue for colStats (types and buffer lengths only; the facade owns policy).
#include <napi.h>

#include "../col_stats.h"
#include "args.h"

namespace mmlkit::napi {
namespace {

// colStats(m, n, a, shift, sum, sumSq, maxAbs) -> index of the first NaN/Inf of a, or -1
Napi::Value ColStats(const Napi::CallbackInfo& info) {
  return guarded(info, [&](Napi::Env env) -> Napi::Value {
    if (info.Length() < 7) typeError(env, "colStats expects 7 arguments");
    const size_t m = dim(info, 0, "m"), n = dim(info, 1, "n");
    Napi::Float64Array a = f64(info, 2, "a");
    Napi::Float64Array shift = f64(info, 3, "shift");
    Napi::Float64Array sum = f64(info, 4, "sum");
    Napi::Float64Array sumSq = f64(info, 5, "sumSq");
    Napi::Float64Array maxAbs = f64(info, 6, "maxAbs");
    needLength(env, a, m, n, "a");
    needLength(env, shift, n, 1, "shift");
    needLength(env, sum, n, 1, "sum");
    needLength(env, sumSq, n, 1, "sumSq");
    needLength(env, maxAbs, n, 1, "maxAbs");
    const double first = mmlkit::colStats(m, n, a.Data(), shift.Data(), sum.Data(), sumSq.Data(),
                                          maxAbs.Data());
    return Napi::Number::New(env, first);
  });
}

}  // namespace

void registerColStats(Napi::Env env, Napi::Object exports) {
  exports.Set("colStats", Napi::Function::New(env, ColStats, "colStats"));
}

}  // namespace mmlkit::napi
