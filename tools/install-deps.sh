#!/usr/bin/env bash
# Installs what dutyscore needs to build and test, from Debian's packages.
# clang and libclang-rt-14-dev (libFuzzer, ASan, UBSan runtimes for clang)
# are for the fuzzers in fuzz/; libcli11-dev (header-only) parses the
# command line of the tool; libsodium-dev gives the Ed25519 signatures of
# evaluation archives, nettle-dev their SHA-256 digests (on the
# processor's SHA instructions); chromium and a CJK font render the HTML reports
# in the browser test; python3-yaml is for the reference evaluator
# (tests/reference, run by /usr/bin/python3). The bindings: python3-dev,
# pybind11-dev and python3-pybind11 build the Python package
# (python3-setuptools, python3-wheel and python3-venv for
# `pip install ./python`); python3-pytest runs its tests and the JSON schema
# test (python3-jsonschema); python3-pandas is optional for users, installed
# here so that the DataFrame tests run; openjdk-17-jdk-headless and
# libjna-java build and run the Java binding. poppler-utils (pdfinfo,
# pdftotext) reads the browser test's PDFs back; libicu-dev orders Chinese
# names, libxlsxwriter-dev writes workbooks (results, and the generator's
# office workbook); libzip-dev, libexpat1-dev and libfreexl-dev read
# workbooks (.xlsx, .xls); python3-openpyxl and libreoffice-calc-nogui
# write workbooks in the tests, as other programs do, and read ours back.
# libsimdjson-dev gives the SIMD UTF-8 validator of the text read.
set -euo pipefail
packages=(cmake g++ make pkg-config
  libboost-date-time-dev libeigen3-dev libyaml-cpp-dev libsodium-dev nettle-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libcli11-dev
  libicu-dev libxlsxwriter-dev libzip-dev libexpat1-dev libfreexl-dev libsimdjson-dev
  clang libclang-rt-14-dev
  chromium fonts-wqy-zenhei poppler-utils python3-openpyxl libreoffice-calc-nogui
  python3 python3-yaml
  python3-dev pybind11-dev python3-pybind11 python3-setuptools python3-wheel python3-venv
  python3-pytest python3-jsonschema python3-pandas
  openjdk-17-jdk-headless libjna-java)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
