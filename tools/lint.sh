#!/usr/bin/env bash
# Static checks: cppcheck over the library, tool and generator sources
# (warnings, performance, portability). Exits non-zero on any finding.
# Optional: clang-tidy with the project's .clang-tidy (LINT_TIDY=1; slow).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cppcheck >/dev/null || { echo "lint: cppcheck is not installed (apt-get install cppcheck)"; exit 2; }
cppcheck --quiet --error-exitcode=1 --std=c++17 --language=c++ \
  --enable=warning,performance,portability --inline-suppr \
  --suppress=missingIncludeSystem --suppress=unmatchedSuppression \
  -I include -I src -I tools/gen \
  src tools/gen
echo "lint: cppcheck clean"
if [[ "${LINT_TIDY:-0}" == 1 ]]; then
  cmake -S . -B build -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
  run-clang-tidy -quiet -p build "$PWD/src/" >/dev/null && echo "lint: clang-tidy clean"
fi
