#!/usr/bin/env bash
# Time `jobmark history` on a generated repository of N commits and M
# write-ups against `git log -p --all` on the same repository, in the same
# script, and print the ratio.
#
#   benches/history.sh [N] [M]      (default 20000 2000)
set -euo pipefail

n=${1:-20000}
m=${2:-2000}
runs=3
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --manifest-path "$root/Cargo.toml"
jobmark="$root/target/release/jobmark"
"$root/benches/gen_repo.sh" "$n" "$m" "$work/repo" >/dev/null

median() {
  local times=() start end
  for _ in $(seq "$runs"); do
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s.%N)
    times+=("$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')")
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}

echo "repository: $n commits, $m write-ups; $runs runs each, median wall time"
t_jobmark=$("$jobmark" --version >/dev/null; median "$jobmark" history --repo "$work/repo" --format json)
printf 'jobmark history    %6.3f s\n' "$t_jobmark"
t_git=$(median git -C "$work/repo" log -p --all)
printf 'git log -p --all   %6.3f s\n' "$t_git"
awk -v a="$t_jobmark" -v b="$t_git" 'BEGIN { printf "ratio jobmark/git: %.2f\n", a / b }'
