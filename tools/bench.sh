#!/usr/bin/env bash
# The speed-and-scale benchmark of issue 7. On the same generated files, in
# one run, it measures:
#   ivrscope  `ivrscope check --format json` end to end (report to a file);
#   floor     tools/parse_floor: pugixml loading the file, nothing else;
#   xmllint   `xmllint --noout` (libxml2), the peer every engineer has;
#   walk      `parse_floor --walk`: the floor plus one visit of every DOM
#             node, for scale: the least any whole-document analysis adds;
# and prints time and peak memory (the kernel's rusage of each run, to the
# microsecond, by tools/runstat: /usr/bin/time's hundredths made the small
# rows noise), their ratios to the floor, time per node, and (with valgrind,
# up to --callgrind-max elements) instruction counts, which unlike times do
# not depend on how loaded the machine is. Then the same for an estate of many small flows.
#
#   tools/bench.sh                         # ivrflow, 10k/100k/1M, estate
#   tools/bench.sh --format voicexml       # 50k/100k/1M elements, estate
#   tools/bench.sh --sizes "10000 100000" --estate 0 --reps 1
#
# Sizes are XML elements for VoiceXML (N/5 menus of five choices, as issue 7
# counts them; 50,000 elements are 10,000 nodes) and model nodes for ivrflow
# (ivrgen --nodes N). "Time per node flat" is judged from 10,000 nodes up,
# the range issue 7 names (below it, starting the process is most of the
# time). Times are CPU
# seconds (user + system), the minimum of --reps runs, so that other work on
# a shared machine inflates them as little as possible; the estate, run with
# --jobs 2, is timed by the wall clock, which is what its target is about.
# Not a test: nothing here fails the build; the last lines say which targets
# hold.
set -euo pipefail
cd "$(dirname "$0")/.."

format=ivrflow
sizes=""
estate=10000
estate_nodes=50
reps=3
build=build
work=${TMPDIR:-/tmp}/ivrscope-bench
callgrind_max=100000

usage() {
  sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'
  echo "options: --format ivrflow|voicexml  --sizes \"N...\"  --estate FILES"
  echo "         --estate-nodes N  --reps R  --build DIR  --work DIR"
  echo "         --callgrind-max ELEMENTS (0: no instruction counts)"
  exit 2
}
while [ $# -gt 0 ]; do
  case "$1" in
    --format) format=$2; shift 2 ;;
    --sizes) sizes=$2; shift 2 ;;
    --estate) estate=$2; shift 2 ;;
    --estate-nodes) estate_nodes=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --callgrind-max) callgrind_max=$2; shift 2 ;;
    *) usage ;;
  esac
done
case "$format" in
  ivrflow) ext=ivrflow; sizes=${sizes:-"10000 100000 1000000"} ;;
  voicexml) ext=vxml; sizes=${sizes:-"50000 100000 1000000"} ;;
  *) usage ;;
esac

# xmllint is Debian's libxml2-utils: install it as root, otherwise ask.
if ! command -v xmllint >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && apt-get install -y -qq --no-install-recommends libxml2-utils
  else
    echo "bench: needs xmllint: sudo apt-get install libxml2-utils" >&2
    exit 2
  fi
fi
for tool in ivrscope ivrgen parse_floor runstat; do
  [ -x "$build/$tool" ] || { echo "bench: build $build/$tool first (tools/build.sh)" >&2; exit 2; }
done
have_valgrind=0
command -v valgrind >/dev/null && have_valgrind=1
mkdir -p "$work"

# measure OUT CMD...: runs CMD under tools/runstat and appends
# "cpu_seconds wall_seconds peak_kb" to OUT (the rusage wait4 returns: user
# + system time to the microsecond, the maximum resident set). Exit codes 0
# and 1 are fine (ivrscope exits 1 when it has findings); anything else
# stops the bench.
measure() {
  local out=$1; shift
  local rc=0
  "$build/runstat" "$work/stderr.log" "$@" >>"$out" || rc=$?
  if [ "$rc" -gt 1 ]; then
    echo "bench: '$*' exited $rc:" >&2
    head -5 "$work/stderr.log" >&2
    exit 1
  fi
}

# best OUT: the fastest run (by CPU, or by wall with "wall") and the largest
# peak memory of the runs in OUT: "seconds peak_kb".
best() {
  awk -v by="${2:-cpu}" '
    { t = by == "wall" ? $2 : $1
      if (NR == 1 || t < best) best = t
      if ($3 > rss) rss = $3 }
    END {printf "%.4f %d\n", best, rss}' "$1"
}

# instructions CMD...: instructions executed, counted by callgrind.
instructions() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" \
    >/dev/null 2>"$work/callgrind.log" || true
  awk '/Collected :/ {print $NF}' "$work/callgrind.log"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf (b > 0 ? "%.2f" : "-"), a / b}'; }
mb() { awk -v k="$1" 'BEGIN {printf "%.0f", k / 1024}'; }
gi() { awk -v i="$1" 'BEGIN {printf "%.2f", i / 1e9}'; }

ivrscope=("$build/ivrscope" check --format json --fail-on never -o "$work/report.json")
verdict() { if awk "BEGIN {exit !($1)}"; then echo "holds"; else echo "DOES NOT HOLD"; fi; }

echo "ivrscope benchmark: $format, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)," \
     "min of $reps runs, CPU seconds"
echo
echo "| input | elements | nodes | MB | floor s / MB | ivrscope s / MB | xmllint s / MB | time x floor | memory x floor | instr. x floor | vs xmllint | µs per node | walk x floor |"
echo "|---|---:|---:|---:|---|---|---|---:|---:|---:|---:|---:|---:|"

per_node=()
big_checks=""
for n in $sizes; do
  file="$work/flow-$n.$ext"
  if [ ! -s "$file" ]; then
    if [ "$format" = voicexml ]; then
      "$build/ivrgen" --format voicexml --menus $((n / 5)) --options 5 --out "$file"
    else
      "$build/ivrgen" --nodes "$n" --out "$file"
    fi
  fi
  elements=$(grep -o '<[A-Za-z]' "$file" | wc -l)
  size_mb=$(mb $(( $(stat -c %s "$file") / 1024 )))
  : >"$work/floor.runs"; : >"$work/ivrscope.runs"; : >"$work/xmllint.runs"
  : >"$work/walk.runs"
  for _ in $(seq "$reps"); do
    measure "$work/floor.runs" "$build/parse_floor" "$file"
    measure "$work/ivrscope.runs" "${ivrscope[@]}" "$file"
    measure "$work/xmllint.runs" xmllint --noout --huge "$file"
    measure "$work/walk.runs" "$build/parse_floor" --walk "$file"
  done
  nodes=$(grep -o '"nodes": [0-9]*' "$work/report.json" | awk '{s += $2} END {print s}')
  read -r ft fm <<<"$(best "$work/floor.runs")"
  read -r it im <<<"$(best "$work/ivrscope.runs")"
  read -r xt xm <<<"$(best "$work/xmllint.runs")"
  read -r wt _ <<<"$(best "$work/walk.runs")"
  instr="-"
  if [ "$have_valgrind" = 1 ] && [ "$elements" -le "$callgrind_max" ]; then
    fi_=$(instructions "$build/parse_floor" "$file")
    ii_=$(instructions "${ivrscope[@]}" "$file")
    instr="$(ratio "$ii_" "$fi_") ($(gi "$ii_")/$(gi "$fi_") G)"
  fi
  us=$(awk -v t="$it" -v n="$nodes" 'BEGIN {printf "%.2f", t * 1e6 / n}')
  [ "$nodes" -ge 10000 ] && per_node+=("$us")
  echo "| $(basename "$file") | $elements | $nodes | $size_mb | $ft / $(mb "$fm") | $it / $(mb "$im") | $xt / $(mb "$xm") | $(ratio "$it" "$ft") | $(ratio "$im" "$fm") | $instr | $(ratio "$it" "$xt") | $us | $(ratio "$wt" "$ft") |"
  big_checks="$n $it $ft $im $fm $xt $wt"
done

if [ "$estate" -gt 0 ]; then
  dir="$work/estate-$estate-$estate_nodes-$format"
  if [ ! -d "$dir" ]; then
    "$build/ivrgen" --format "$format" --files "$estate" --nodes "$estate_nodes" --out "$dir"
  fi
  files=("$dir"/*."$ext")
  elements=$(cat "${files[@]}" | grep -o '<[A-Za-z]' | wc -l)
  size_mb=$(mb $(( $(du -sk "$dir" | cut -f1) )))
  : >"$work/floor.runs"; : >"$work/ivrscope.runs"; : >"$work/xmllint.runs"
  for _ in $(seq "$reps"); do
    measure "$work/floor.runs" "$build/parse_floor" "${files[@]}"
    measure "$work/ivrscope.runs" "${ivrscope[@]}" --jobs 2 "$dir"
    measure "$work/xmllint.runs" xmllint --noout "${files[@]}"
  done
  nodes=$(grep -o '"nodes": [0-9]*' "$work/report.json" | awk '{s += $2} END {print s}')
  read -r ft fm <<<"$(best "$work/floor.runs" wall)"
  read -r it im <<<"$(best "$work/ivrscope.runs" wall)"
  read -r xt xm <<<"$(best "$work/xmllint.runs" wall)"
  us=$(awk -v t="$it" -v n="$nodes" 'BEGIN {printf "%.2f", t * 1e6 / n}')
  echo "| estate: ${#files[@]} files, --jobs 2 (wall s) | $elements | $nodes | $size_mb | $ft / $(mb "$fm") | $it / $(mb "$im") | $xt / $(mb "$xm") | $(ratio "$it" "$ft") | $(ratio "$im" "$fm") | - | $(ratio "$it" "$xt") | $us | - |"
  estate_time=$it
fi

echo
echo "Targets (issue 7):"
if [ -n "$big_checks" ]; then
  read -r n it ft im fm xt wt <<<"$big_checks"
  echo "- time at most 1.5x the floor at $n: $(ratio "$it" "$ft")x, $(verdict "$it <= 1.5 * $ft")" \
       "(one bare walk of the DOM after the parse alone: $(ratio "$wt" "$ft")x)"
  echo "- memory at most 1.5x the floor at $n: $(ratio "$im" "$fm")x, $(verdict "$im <= 1.5 * $fm")"
  echo "- faster than xmllint --noout at $n: $(ratio "$it" "$xt")x, $(verdict "$it < $xt")"
  if [ ${#per_node[@]} -ge 2 ]; then
    lo=$(printf '%s\n' "${per_node[@]}" | sort -g | head -1)
    hi=$(printf '%s\n' "${per_node[@]}" | sort -g | tail -1)
    echo "- time per node flat within 1.5x (10,000 nodes and up): ${per_node[*]} µs, $(verdict "$hi <= 1.5 * $lo")"
  fi
fi
if [ -n "${estate_time:-}" ]; then
  echo "- estate under 10 s on 2 cores: $estate_time s, $(verdict "$estate_time < 10")"
fi
