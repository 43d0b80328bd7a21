#!/usr/bin/env bash
# Installs what dutyscore needs to build and test, from Debian's packages.
# clang and libclang-rt-14-dev (libFuzzer, ASan, UBSan runtimes for clang)
# are for the fuzzers in fuzz/; libcli11-dev (header-only) parses the
# command line of the tool; chromium and a CJK font render the HTML reports
# in the browser test; python3-yaml is for the reference evaluator
# (tests/reference, run by /usr/bin/python3).
set -euo pipefail
packages=(cmake g++ make pkg-config
  libboost-date-time-dev libboost-serialization-dev libeigen3-dev libyaml-cpp-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libcli11-dev
  clang libclang-rt-14-dev
  chromium fonts-wqy-zenhei
  python3 python3-yaml)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
