// Node-API glue for the native kernels: type and bounds checks only (the TS facade owns policy),
// and no C++ exception may escape into the runtime.
#include <napi.h>

#include <cmath>
#include <exception>
#include <limits>
#include <new>
#include <string>

#include "gemm.h"
#include "sym_eig.h"

namespace {

// Runs fn, turning any C++ exception into a pending JS Error instead of terminating Node.
template <typename Fn>
Napi::Value guarded(const Napi::CallbackInfo& info, Fn fn) {
  Napi::Env env = info.Env();
  try {
    return fn(env);
  } catch (const Napi::Error&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw Napi::Error::New(env, "mmlkit native: out of memory");
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, std::string("mmlkit native: ") + e.what());
  } catch (...) {
    throw Napi::Error::New(env, "mmlkit native: unknown C++ exception");
  }
}

[[noreturn]] void typeError(Napi::Env env, const std::string& msg) {
  throw Napi::TypeError::New(env, "mmlkit native: " + msg);
}

double number(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (!info[i].IsNumber()) typeError(info.Env(), std::string(name) + " must be a number");
  return info[i].As<Napi::Number>().DoubleValue();
}

// A dimension must be a non-negative integer small enough that products stay exact.
size_t dim(const Napi::CallbackInfo& info, size_t i, const char* name) {
  const double v = number(info, i, name);
  if (!(v >= 0) || v != std::floor(v) || v > 9007199254740991.0)
    throw Napi::RangeError::New(info.Env(), std::string("mmlkit native: ") + name +
                                                " must be a non-negative integer");
  return static_cast<size_t>(v);
}

Napi::Float64Array f64(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (!info[i].IsTypedArray() ||
      info[i].As<Napi::TypedArray>().TypedArrayType() != napi_float64_array)
    typeError(info.Env(), std::string(name) + " must be a Float64Array");
  return info[i].As<Napi::Float64Array>();
}

// Checked product: false on size_t overflow.
bool mul(size_t x, size_t y, size_t* out) { return !__builtin_mul_overflow(x, y, out); }

void needLength(Napi::Env env, const Napi::Float64Array& arr, size_t r, size_t c,
                const char* name) {
  size_t need;
  if (!mul(r, c, &need) || arr.ElementLength() < need)
    throw Napi::RangeError::New(env, std::string("mmlkit native: ") + name + " has " +
                                         std::to_string(arr.ElementLength()) +
                                         " elements, needs " + std::to_string(r) + "x" +
                                         std::to_string(c));
}

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

Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  return guarded(info, [&](Napi::Env env) -> Napi::Value {
    const double v = number(info, 0, "n");
    if (!(v >= 1) || v != std::floor(v))
      throw Napi::RangeError::New(env, "mmlkit native: threads must be an integer >= 1");
    mmlkit::setThreads(v > 1e6 ? 1000000u : static_cast<unsigned>(v));
    return env.Undefined();
  });
}

Napi::Value Info(const Napi::CallbackInfo& info) {
  return guarded(info, [&](Napi::Env env) -> Napi::Value {
    Napi::Object o = Napi::Object::New(env);
    o.Set("isa", mmlkit::isa());
    o.Set("threads", static_cast<double>(mmlkit::threads()));
    o.Set("version", 1);
    return o;
  });
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("gemm", Napi::Function::New(env, Gemm, "gemm"));
  exports.Set("symEig", Napi::Function::New(env, SymEig, "symEig"));
  exports.Set("setThreads", Napi::Function::New(env, SetThreads, "setThreads"));
  exports.Set("info", Napi::Function::New(env, Info, "info"));
  return exports;
}

}  // namespace

NODE_API_MODULE(mmlkit, Init)
