// Argument checks shared by every Node-API glue file: type and bounds checks only (the TS facade
// owns policy), and no C++ exception may escape into the runtime.
#pragma once

#include <napi.h>

#include <cmath>
#include <cstddef>
#include <exception>
#include <new>
#include <string>

namespace mmlkit::napi {

using std::size_t;

// Runs fn, turning any C++ exception into a pending JS Error instead of terminating Node.
template <typename Fn>
inline Napi::Value guarded(const Napi::CallbackInfo& info, Fn fn) {
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

[[noreturn]] inline void typeError(Napi::Env env, const std::string& msg) {
  throw Napi::TypeError::New(env, "mmlkit native: " + msg);
}

inline double number(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (!info[i].IsNumber()) typeError(info.Env(), std::string(name) + " must be a number");
  return info[i].As<Napi::Number>().DoubleValue();
}

// A dimension must be a non-negative integer small enough that products stay exact.
inline size_t dim(const Napi::CallbackInfo& info, size_t i, const char* name) {
  const double v = number(info, i, name);
  if (!(v >= 0) || v != std::floor(v) || v > 9007199254740991.0)
    throw Napi::RangeError::New(info.Env(), std::string("mmlkit native: ") + name +
                                                " must be a non-negative integer");
  return static_cast<size_t>(v);
}

inline Napi::Float64Array f64(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (!info[i].IsTypedArray() ||
      info[i].As<Napi::TypedArray>().TypedArrayType() != napi_float64_array)
    typeError(info.Env(), std::string(name) + " must be a Float64Array");
  return info[i].As<Napi::Float64Array>();
}

// Checked product: false on size_t overflow.
inline bool mul(size_t x, size_t y, size_t* out) { return !__builtin_mul_overflow(x, y, out); }

inline void needLength(Napi::Env env, const Napi::Float64Array& arr, size_t r, size_t c,
                const char* name) {
  size_t need;
  if (!mul(r, c, &need) || arr.ElementLength() < need)
    throw Napi::RangeError::New(env, std::string("mmlkit native: ") + name + " has " +
                                         std::to_string(arr.ElementLength()) +
                                         " elements, needs " + std::to_string(r) + "x" +
                                         std::to_string(c));
}

[[noreturn]] inline void rangeError(Napi::Env env, const std::string& msg) {
  throw Napi::RangeError::New(env, "mmlkit native: " + msg);
}

// A 0/1 flag argument (side, uplo, trans, diag, ...): anything else is a RangeError.
inline int flag(const Napi::CallbackInfo& info, size_t i, const char* name) {
  const double v = number(info, i, name);
  if (v != 0 && v != 1) rangeError(info.Env(), std::string(name) + " must be 0 or 1");
  return static_cast<int>(v);
}

// An Int32Array argument (pivot indices).
inline Napi::Int32Array i32(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (!info[i].IsTypedArray() ||
      info[i].As<Napi::TypedArray>().TypedArrayType() != napi_int32_array)
    typeError(info.Env(), std::string(name) + " must be an Int32Array");
  return info[i].As<Napi::Int32Array>();
}

// At least n elements, for vectors of any element type.
inline void needCount(Napi::Env env, size_t have, size_t need, const char* name) {
  if (have < need)
    throw Napi::RangeError::New(env, std::string("mmlkit native: ") + name + " has " +
                                         std::to_string(have) + " elements, needs " +
                                         std::to_string(need));
}

}  // namespace mmlkit::napi
