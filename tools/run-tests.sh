#!/usr/bin/env bash
# Installs dependencies, builds, and runs every test (the README's second
# command; .ci/run calls it).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j2
ctest --test-dir build --output-on-failure -j2
