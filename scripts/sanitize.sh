#!/usr/bin/env bash
# Builds the native addon with AddressSanitizer and UndefinedBehaviorSanitizer (cmake-js,
# native/CMakeLists.txt's MMLKIT_SANITIZE) and runs the native test files against the build.
# By default both sanitizers go into ONE build (GCC instruments for both at once), which costs
# one build and one test pass instead of two; name a single one to isolate a report.
# Fails on a failing test AND on any sanitizer report, including one from a child process whose
# exit status no test looks at: every report is written to a log file, and any log file fails.
#
#   bash scripts/sanitize.sh [address|undefined|address,undefined ...]
#                                          (default: address,undefined, one build)
#
# Node itself is not instrumented, so ASan's runtime is preloaded (it must come first in the
# library list); V8 and Node allocate for the life of the process, so leak detection is off.
set -euo pipefail
cd "$(dirname "$0")/.."

kinds=("$@")
[ ${#kinds[@]} -gt 0 ] || kinds=(address,undefined)

# What the sanitized addon runs: every suite that drives native kernels directly.
suites=(test/conformance test/native test/linalg test/pca/hard-data.test.ts)

for kind in "${kinds[@]}"; do
  case "$kind" in
    address | address,undefined) runtime=$(g++ -print-file-name=libasan.so) ;;
    undefined) runtime="" ;;
    *) echo "sanitize.sh: unknown sanitizer '$kind' (address, undefined or address,undefined)" >&2
       exit 2 ;;
  esac
  mkdir -p build-sanitize
  out="build-sanitize/${kind/,/+}"
  logs="$PWD/$out/reports"
  started=$SECONDS
  node_modules/.bin/cmake-js rebuild --directory native --out "$out" --CDMMLKIT_SANITIZE="$kind" >"$out.log" 2>&1 ||
    { tail -40 "$out.log"; echo "sanitize.sh: the $kind build failed (log: $out.log)" >&2; exit 1; }
  addon="$PWD/$out/Release/mmlkit.node"
  echo "$kind: built $addon in $((SECONDS - started)) s"

  rm -rf "$logs" && mkdir -p "$logs"
  common="halt_on_error=1:print_stacktrace=1:log_path=$logs/report"
  env_run=(env MMLKIT_NATIVE_PATH="$addon" CI=true
    ASAN_OPTIONS="$common:detect_leaks=0:abort_on_error=0"
    UBSAN_OPTIONS="$common")
  [ -z "$runtime" ] || env_run+=(LD_PRELOAD="$runtime")

  # The package's loader must pick up exactly this build, instrumented as asked.
  got=$("${env_run[@]}" node --input-type=module -e "
    import { loadNative } from './dist/src/backend/native/load.js';
    process.stdout.write(loadNative().info().sanitizer);")
  [ "$got" = "$kind" ] || { echo "sanitize.sh: the loaded addon reports sanitizer '$got', not '$kind'" >&2; exit 1; }

  started=$SECONDS
  status=0
  "${env_run[@]}" node_modules/.bin/vitest run "${suites[@]}" || status=$?
  if compgen -G "$logs/report*" >/dev/null; then
    echo "sanitize.sh: $kind reported:" >&2
    cat "$logs"/report* >&2
    exit 1
  fi
  [ "$status" -eq 0 ] || { echo "sanitize.sh: tests failed under $kind" >&2; exit "$status"; }
  echo "$kind: no reports, tests passed ($((SECONDS - started)) s)"
done
