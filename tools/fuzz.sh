#!/usr/bin/env bash
# Builds one libFuzzer target with clang (ASan + UBSan, build-fuzz/) and runs
# it for SECONDS on its seed corpus:
#
#   tools/fuzz.sh ivrflow 60
#
# The seed directory is rebuilt in build-fuzz/seeds/TARGET from samples/,
# tests/data/ and the shared corpus (../shared/corpus, or $IVRSCOPE_CORPUS);
# nothing is copied into the repository. What the fuzzer learns is kept in
# build-fuzz/corpus/TARGET for the next run; a crashing input is written to
# build-fuzz/crashes/ and the run exits non-zero. Rerun one input with
#   build-fuzz/tests/fuzz/fuzz_TARGET build-fuzz/crashes/FILE
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  echo "usage: tools/fuzz.sh TARGET SECONDS   (TARGET: $(ls tests/fuzz/fuzz_*.cpp |
    sed 's|.*/fuzz_||; s|\.cpp||' | paste -sd' '))" >&2
  exit 2
}
[ $# -eq 2 ] || usage
target=$1
seconds=$2
[ -f "tests/fuzz/fuzz_${target}.cpp" ] || usage
[[ $seconds =~ ^[0-9]+$ ]] || usage

corpus_root=${IVRSCOPE_CORPUS:-../shared/corpus}
build=build-fuzz

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ -DIVRSCOPE_FUZZ=ON \
  -DIVRSCOPE_BUILD_TESTS=OFF -DIVRSCOPE_BUILD_TOOLS=OFF >/dev/null
cmake --build "$build" --target "fuzz_${target}" -- -j2

# The seeds: every file of the target's format found in the usual places.
case $target in
  ivrflow) patterns=(-name '*.ivrflow' -o -name '*.xml' -o -name '*.vxml') ;;
  voicexml) patterns=(-name '*.vxml' -o -name '*.xml') ;;
  config) patterns=(-name '*.ini') ;;
  baseline) patterns=(-name '*.json') ;;
esac
seeds=$build/seeds/$target
rm -rf "$seeds"
mkdir -p "$seeds" "$build/corpus/$target" "$build/crashes"
n=0
for dir in samples tests/data "$corpus_root"; do
  [ -d "$dir" ] || continue
  while IFS= read -r -d '' file; do
    cp "$file" "$seeds/seed-$n"
    n=$((n + 1))
  done < <(find "$dir" -type f \( "${patterns[@]}" \) -size -256k -print0 | sort -z)
done
# Linked estates joined into one input (fuzz_support.hpp: a form feed
# separates files), so that linking between flows is fuzzed from the start.
for dir in samples/*/ samples/*/*/ tests/data/cli/linked/; do
  [ -d "$dir" ] || continue
  mapfile -d '' files < <(find "$dir" -maxdepth 1 -type f \( "${patterns[@]}" \) \
    -print0 | sort -z)
  [ ${#files[@]} -gt 1 ] || continue
  for ((i = 0; i < ${#files[@]}; i++)); do
    [ "$i" -gt 0 ] && printf '\f'
    cat "${files[$i]}"
  done >"$seeds/estate-$n"
  n=$((n + 1))
done
echo "fuzz.sh: $n seeds in $seeds; running fuzz_${target} for ${seconds}s"

dict=()
[ -f "tests/fuzz/${target}.dict" ] && dict=(-dict="tests/fuzz/${target}.dict")
"$build/tests/fuzz/fuzz_${target}" "${dict[@]}" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -print_final_stats=1 -artifact_prefix="$build/crashes/${target}-" \
  "$build/corpus/$target" "$seeds"
