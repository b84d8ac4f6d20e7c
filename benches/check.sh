#!/usr/bin/env bash
# Time `jobmark check` on N synthetic write-ups against rumdl, the closest
# peer (a Rust Markdown linter), on the same files in the same script, and
# print the ratio. Machines are noisy: compare ratios, not seconds.
#
#   benches/check.sh [N]        (default 2000)
#
# rumdl comes from PyPI into target/bench-tools on first use; without
# network the script still times jobmark and says the peer is missing.
set -euo pipefail

n=${1:-2000}
runs=5
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --manifest-path "$root/Cargo.toml"
jobmark="$root/target/release/jobmark"
python3 "$root/benches/gen_writeups.py" "$n" "$work/repo"

tools="$root/target/bench-tools"
if [[ ! -x $tools/bin/rumdl ]]; then
  pip install --quiet --target "$tools" rumdl >/dev/null 2>&1 || true
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
if [[ -x $tools/bin/rumdl ]]; then
  t_rumdl=$(median env PYTHONPATH="$tools" "$tools/bin/rumdl" check --no-cache "$work/repo")
  printf 'rumdl check        %6.3f s\n' "$t_rumdl"
  awk -v a="$t_jobmark" -v b="$t_rumdl" 'BEGIN { printf "ratio jobmark/rumdl: %.2f\n", a / b }'
else
  echo "rumdl not available (no PyPI access?): no peer ratio"
fi
