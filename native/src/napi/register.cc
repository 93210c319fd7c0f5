#include "register.h"

namespace mmlkit::napi {

// One declaration and one call per kernel family (keep them in the same order).
void registerSvd(Napi::Env env, Napi::Object exports);

void registerAll(Napi::Env env, Napi::Object exports) {
  (void)env;
  (void)exports;
  registerSvd(env, exports);
}

}  // namespace mmlkit::napi
