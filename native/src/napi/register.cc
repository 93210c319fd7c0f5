#include "register.h"

namespace mmlkit::napi {

// One declaration and one call per kernel family (keep them in the same order).
void registerQr(Napi::Env env, Napi::Object exports);
void registerLu(Napi::Env env, Napi::Object exports);
void registerSymEigRange(Napi::Env env, Napi::Object exports);
void registerSvd(Napi::Env env, Napi::Object exports);
void registerColStats(Napi::Env env, Napi::Object exports);

void registerAll(Napi::Env env, Napi::Object exports) {
  registerQr(env, exports);
  registerLu(env, exports);
  registerSymEigRange(env, exports);
  registerSvd(env, exports);
  registerColStats(env, exports);
}

}  // namespace mmlkit::napi
