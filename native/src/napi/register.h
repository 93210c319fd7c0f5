// Kernel families whose Node-API glue lives in native/src/napi/<family>.cc. Each family file
// defines one register function; registerAll (register.cc) calls them in turn, so adding a
// family touches only its own file and one line there.
#pragma once

#include <napi.h>

namespace mmlkit::napi {

void registerAll(Napi::Env env, Napi::Object exports);

}  // namespace mmlkit::napi
