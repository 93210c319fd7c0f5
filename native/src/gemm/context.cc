// Which micro-kernel and blocking this CPU gets: one table, indexed by the shared ISA pick.
#include "context.h"

namespace mmlkit {
namespace gemmcore {
namespace {

template <class B>
constexpr Context make(const char* name, Microkernel ukr) {
  return Context{name, B::MR, B::NR, B::KC, B::MC, ukr};
}

const Context& pick() {
#if defined(__x86_64__)
  static const Context avx512 = make<blocks::Avx512>("avx512", microkernelAvx512);
  static const Context avx2 = make<blocks::Avx2>("avx2", microkernelAvx2);
  switch (cpuIsa()) {
    case Isa::avx512: return avx512;
    case Isa::avx2: return avx2;
    default: break;
  }
#elif defined(__aarch64__)
  static const Context neon = make<blocks::Neon>("neon", microkernelNeon);
  if (cpuIsa() == Isa::neon) return neon;
#endif
  static const Context generic = make<blocks::Generic>("generic", microkernelGeneric);
  return generic;
}

}  // namespace

const Context& context() {
  static const Context& k = pick();
  return k;
}

}  // namespace gemmcore
}  // namespace mmlkit
