#!/usr/bin/env bash
# Installs dependencies, builds, and runs every test (the README's second
# command; .ci/run calls it): the release build and its tests, the same
# tests under AddressSanitizer and UndefinedBehaviorSanitizer, then each
# libFuzzer harness for a bounded time (FUZZ_SECONDS, default 60).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j2
ctest --test-dir build --output-on-failure -j2

# The whole suite again with ASan + UBSan (any report fails the test). Left
# out: the installed-package tests (they build uninstrumented consumers)
# and the Python ctypes example (an uninstrumented python cannot load an
# instrumented library without preloading the ASan runtime). For the same
# reason the Python package and the Java binding (a JVM loading
# libdutyscore_c) are not built with the sanitizers at all
# (CMakeLists.txt); the JSON schema test runs, as it only starts the
# instrumented tool.
# Built with clang, as the fuzzers are: GCC took three times as long to
# compile it instrumented (225.7 s against 70.1 s for five of its largest
# files), which had brought CI to 45 minutes.
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDUTYSCORE_SANITIZE=ON \
  -DDUTYSCORE_BUILD_BENCH=OFF -DCMAKE_CXX_COMPILER=clang++
cmake --build build-asan -j2
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j2 -E 'InstalledPackage|PythonCtypes'

# Fuzzing: fails on any crash, leak, sanitizer report or timeout; the
# harnesses run one a core.
fuzz/run.sh "${FUZZ_SECONDS:-60}" build-fuzz
