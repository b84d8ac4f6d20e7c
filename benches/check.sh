#!/usr/bin/env bash
# Time `jobmark check` on N synthetic write-ups against rumdl, the closest
# peer (a Rust Markdown linter), on the same files in the same script, and
# print the ratio. Then, on LARGE write-ups, measure what streaming is for:
# wall time, CPU time (user+sys), CPU/wall (how many cores were busy) and
# peak memory (/usr/bin/time -v), against rumdl's wall time. Machines are
# noisy: compare ratios, not seconds.
#
#   benches/check.sh [N] [LARGE]     (defaults 2000 and 20000; LARGE=0 skips)
#   JOBMARK=/path/to/jobmark benches/check.sh   (time another build, e.g.
#                                                one from before a change)
#
# rumdl comes from PyPI into target/bench-tools on first use; without
# network the script still times jobmark and says the peer is missing.
set -euo pipefail

n=${1:-2000}
large=${2:-20000}
runs=5
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

# Median wall time of $runs runs of a command, in seconds.
median() {
  local times=() start end
  for _ in $(seq "$runs"); do
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s.%N)
    times+=("$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')")
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}

files=$(find "$work/repo" -name '*.md' | wc -l)
echo "files: $files Markdown files ($n write-ups), $runs runs each, median wall time"
t_jobmark=$(median "$jobmark" check "$work/repo" --color never --exit-zero)
printf 'jobmark check      %6.3f s\n' "$t_jobmark"
t_jobmark_1=$(median env RAYON_NUM_THREADS=1 "$jobmark" check "$work/repo" --color never --exit-zero)
printf 'jobmark (1 thread) %6.3f s\n' "$t_jobmark_1"
if (( ${#rumdl[@]} )); then
  t_rumdl=$(median "${rumdl[@]}" "$work/repo")
  printf 'rumdl check        %6.3f s\n' "$t_rumdl"
  awk -v a="$t_jobmark" -v b="$t_rumdl" 'BEGIN { printf "ratio jobmark/rumdl: %.3f (rumdl/jobmark: %.1fx)\n", a / b, b / a }'
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
  awk -v a="$wall" -v b="$r_wall" 'BEGIN { printf "ratio jobmark/rumdl (wall): %.3f (rumdl/jobmark: %.1fx)\n", a / b, b / a }'
fi
