#!/usr/bin/env bash
# Time `jobmark check` on N synthetic write-ups against rumdl, the closest
# peer (a Rust Markdown linter), on the same files in the same script, and
# print the ratio. Then, on LARGE write-ups, measure what streaming is for:
# wall time, CPU time (user+sys), CPU/wall (how many cores were busy) and
# peak memory (/usr/bin/time -v), against rumdl. Machines are
# noisy: compare ratios, not seconds.
#
#   benches/check.sh [N] [LARGE]     (defaults 2000 and 20000; LARGE=0 skips)
#   JOBMARK=/path/to/jobmark benches/check.sh   (time another build, e.g.
#                                                one from before a change)
#
#   RUNS=11 benches/check.sh 2000 0          (more runs on a busy machine)
#
# The table gives, for jobmark (human format, then one thread, then the
# concise format) and rumdl, the median wall time, the median CPU time
# (user + sys over all threads) and their quotient (cores kept busy), and
# the ratios rumdl/jobmark in wall and CPU time: CPU time is the fairer
# one when other work shares the cores. rumdl checks the same files with
# its own ~90 rules in parallel and prints one line per issue (closer to
# `--format concise` than to the snippets of the human format).
#
# rumdl comes from PyPI into target/bench-tools on first use; without
# network the script still times jobmark and says the peer is missing.
set -euo pipefail

n=${1:-2000}
large=${2:-20000}
runs=${RUNS:-7}
large_runs=3
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [[ -n ${JOBMARK:-} ]]; then
  jobmark=$JOBMARK
else
  cargo build --release --quiet --manifest-path "$root/Cargo.toml"
  jobmark="$root/target/release/jobmark"
fi
python3 "$root/benches/gen_writeups.py" "$n" "$work/repo"

tools="$root/target/bench-tools"
if [[ ! -x $tools/bin/rumdl ]]; then
  pip install --quiet --target "$tools" rumdl >/dev/null 2>&1 || true
fi
rumdl=()
if [[ -x $tools/bin/rumdl ]]; then
  rumdl=(env PYTHONPATH="$tools" "$tools/bin/rumdl" check --no-cache)
fi

# One run: "wall cpu" in seconds (cpu = user + sys of all threads, from
# bash's `time`, to the millisecond; /usr/bin/time counts hundredths).
run_once() {
  local TIMEFORMAT='%3R %3U %3S'
  { time "$@" >/dev/null 2>&1 || true; } 2>"$work/once.txt"
  awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' "$work/once.txt"
}

# The tools run alternately, run after run, so a busy machine (the cores
# are shared) slows each of them alike; each gets the median of its wall
# times and the median of its CPU times.
jobmark_human=("$jobmark" check "$work/repo" --color never --exit-zero)
jobmark_1_thread=(env RAYON_NUM_THREADS=1 "${jobmark_human[@]}")
jobmark_concise=("${jobmark_human[@]}" --format concise)
rumdl_check=("${rumdl[@]}" "$work/repo")
names=(jobmark_human jobmark_1_thread jobmark_concise)
(( ${#rumdl[@]} )) && names+=(rumdl_check)
declare -A walls cpus
for _ in $(seq "$runs"); do
  for name in "${names[@]}"; do
    declare -n command=$name
    read -r wall cpu < <(run_once "${command[@]}")
    unset -n command
    walls[$name]+="$wall "
    cpus[$name]+="$cpu "
  done
done
median_of() {
  printf '%s\n' $1 | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}

files=$(find "$work/repo" -name '*.md' | wc -l)
echo "files: $files Markdown files ($n write-ups); $runs runs each, alternating; medians"
printf '%-26s %8s %8s %9s\n' "" "wall s" "cpu s" "cpu/wall"
for name in "${names[@]}"; do
  w=$(median_of "${walls[$name]}")
  c=$(median_of "${cpus[$name]}")
  printf '%-26s %8.3f %8.3f %9.2f\n' "$name" "$w" "$c" "$(awk -v c="$c" -v w="$w" 'BEGIN { print (w > 0 ? c / w : 0) }')"
done
if (( ${#rumdl[@]} )); then
  rules=$("${rumdl[@]:0:3}" rule 2>/dev/null | sed -n 's/^Total: \([0-9]*\) rules.*/\1/p')
  echo "rumdl $("${rumdl[@]:0:3}" --version 2>/dev/null | awk '{ print $2 }'): ${rules:-?} rules, parallel (a rayon pool), --no-cache; output one line per issue"
  jw=$(median_of "${walls[jobmark_human]}"); jc=$(median_of "${cpus[jobmark_human]}")
  rw=$(median_of "${walls[rumdl_check]}"); rc=$(median_of "${cpus[rumdl_check]}")
  cw=$(median_of "${walls[jobmark_concise]}"); cc=$(median_of "${cpus[jobmark_concise]}")
  awk -v jw="$jw" -v jc="$jc" -v rw="$rw" -v rc="$rc" -v cw="$cw" -v cc="$cc" 'BEGIN {
    printf "ratio rumdl/jobmark (human):   wall %.1fx  cpu %.1fx   (target: 10x)\n", rw / jw, rc / jc
    printf "ratio rumdl/jobmark (concise): wall %.1fx  cpu %.1fx\n", rw / cw, rc / cc
  }'
else
  echo "rumdl not available (no PyPI access?): no peer ratio"
fi

(( large > 0 )) || exit 0

# One run under /usr/bin/time -v: "wall cpu rss_kib" (seconds, seconds, KiB).
measure() {
  /usr/bin/time -v -o "$work/time.txt" "$@" >/dev/null 2>&1 || true
  awk -F': ' '
    /User time/ { user = $2 }
    /System time/ { sys = $2 }
    /Elapsed \(wall clock\)/ {
      k = split($2, part, ":"); wall = 0
      for (i = 1; i <= k; i++) wall = wall * 60 + part[i]
    }
    /Maximum resident set size/ { rss = $2 }
    END { printf "%.3f %.3f %d\n", wall, user + sys, rss }' "$work/time.txt"
}

rm -rf "$work/repo"
python3 "$root/benches/gen_writeups.py" "$large" "$work/large"
echo
echo "$large write-ups, $large_runs runs, the run with the median wall time:"
results=()
for _ in $(seq "$large_runs"); do
  results+=("$(measure "$jobmark" check "$work/large" --color never --exit-zero)")
done
read -r wall cpu rss < <(printf '%s\n' "${results[@]}" | sort -n | sed -n "$(( (large_runs + 1) / 2 ))p")
printf 'jobmark check      wall %6.3f s  cpu %6.3f s  cpu/wall %.2f  peak RSS %6.1f MiB\n' \
  "$wall" "$cpu" "$(awk -v c="$cpu" -v w="$wall" 'BEGIN { print c / w }')" \
  "$(awk -v r="$rss" 'BEGIN { print r / 1024 }')"
if (( ${#rumdl[@]} )); then
  read -r r_wall r_cpu r_rss < <(measure "${rumdl[@]}" "$work/large")
  printf 'rumdl check (1 run) wall %6.3f s  cpu %6.3f s  peak RSS %6.1f MiB\n' \
    "$r_wall" "$r_cpu" "$(awk -v r="$r_rss" 'BEGIN { print r / 1024 }')"
  awk -v jw="$wall" -v jc="$cpu" -v rw="$r_wall" -v rc="$r_cpu" 'BEGIN {
    printf "ratio rumdl/jobmark (human): wall %.1fx  cpu %.1fx\n", rw / jw, rc / jc
  }'
fi
