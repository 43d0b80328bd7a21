#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang (ASan + UBSan) and runs each for
# a bounded time from seed corpora made of rules/, tests/ and examples/.
# Usage: fuzz/run.sh [seconds per harness, default 60] [build dir]
# Fails when a harness finds a crash; the reproducer is left in the build
# dir's fuzz/ folder (crash-*) and must become a regression test in tests/fuzz_regressions.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
build=${2:-build-fuzz}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DDUTYSCORE_FUZZ=ON -DDUTYSCORE_BUILD_TESTS=OFF -DDUTYSCORE_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j2 --target fuzz_rules fuzz_csv fuzz_workbook fuzz_profile fuzz_archive
corpus="$build/corpus"
mkdir -p "$corpus/rules" "$corpus/csv" "$corpus/workbook" "$corpus/profile" "$corpus/archive"
cp examples/office-export/profile.yaml "$corpus/profile/"
cp rules/*.yaml tests/bad_rules/*.yaml "$corpus/rules/"
find tests/methods tests/bad_inputs -name '*.yaml' -exec cp {} "$corpus/rules/" \; 2>/dev/null || true
# CSV seeds: the harness reads its first byte as the mode (encoding,
# keep-going, members or records), so each seed gets a few prefixes.
i=0
while IFS= read -r -d '' f; do
  for mode in 0 4 9 13 16 24 56 88; do
    { printf "\\x$(printf %02x $mode)"; head -c 4096 "$f"; } >"$corpus/csv/seed-$i-$mode"
  done
  i=$((i + 1))
done < <(find examples/data tests/methods tests/bad_inputs -name '*.csv' -print0 2>/dev/null)
# Archive seeds: each stored archive's content (after the 60-byte header)
# with the mode byte of its format version, and the whole file (mode 4).
i=0
for f in tests/archives/*.dsa tests/bad_inputs/archive_*.dsa; do
  [[ -f $f ]] || continue
  version=$(od -An -tu1 -j16 -N1 "$f" | tr -d ' ')
  { printf "\\x0$((version == 1 ? 1 : 0))"; tail -c +61 "$f"; } >"$corpus/archive/seed-$i"
  { printf '\x04'; cat "$f"; } >"$corpus/archive/whole-$i"
  i=$((i + 1))
done
# Stored regressions already carry their mode byte.
for f in tests/fuzz_regressions/*; do
  case "$f" in
    *.md) ;;
    */profile-*) cp "$f" "$corpus/profile/" ;;
    */workbook-*) cp "$f" "$corpus/workbook/" ;;
    *.yaml) cp "$f" "$corpus/rules/" ;;
    *.dsa) cp "$f" "$corpus/archive/" ;;
    *) cp "$f" "$corpus/csv/" ;;
  esac
done
# libFuzzer runs on one core: the harnesses run side by side, one a core
# (FUZZ_JOBS to change), each for the whole time; results in a fixed order.
parallel=${FUZZ_JOBS:-$(nproc)}
run_harness() {
  local harness=$1 max_len=8192
  [[ $harness == fuzz_workbook ]] && max_len=65536  # a small .xlsx is some 6 KB
  # An archive holds its rule set: the seeds are 2 to 16 KB.
  [[ $harness == fuzz_archive ]] && max_len=32768
  local status=0
  (cd "$build/fuzz" && "./$harness" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 \
      -rss_limit_mb=2048 -print_final_stats=1 "../corpus/${harness#fuzz_}" >"$harness.log" 2>&1) ||
    status=$?
  echo "$status" >"$build/fuzz/$harness.status"
}
harnesses=(fuzz_rules fuzz_csv fuzz_workbook fuzz_profile fuzz_archive)
echo "== ${harnesses[*]}: ${seconds}s each, $parallel at a time"
for harness in "${harnesses[@]}"; do
  rm -f "$build/fuzz/$harness.status"
  while (($(jobs -rp | wc -l) >= parallel)); do wait -n || true; done
  run_harness "$harness" &
done
wait
status=0
for harness in "${harnesses[@]}"; do
  log="$build/fuzz/$harness.log"
  echo "== $harness"
  if [[ $(cat "$build/fuzz/$harness.status" 2>/dev/null) != 0 ]]; then
    echo "$harness found a problem:"; tail -n 60 "$log"; status=1
  fi
  grep -E '^stat::number_of_executed_units|^Done [0-9]+ runs' "$log" || true
done
exit $status
