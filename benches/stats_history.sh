#!/usr/bin/env bash
# `jobmark stats --history` against `jobmark history --format json` on the
# same generated repository, in the same run: wall time, CPU time
# (user + sys) and peak memory (max RSS), and the ratios. stats --history
# walks the same history and parses each distinct blob once (no rules), so
# it should cost about what the history walk costs.
#
#   benches/stats_history.sh [N_COMMITS] [M_WRITEUPS] [REPO_DIR]
#     default 20000 2000; REPO_DIR reuses (or keeps) a generated repository
set -euo pipefail

n=${1:-20000}
m=${2:-2000}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo=${3:-$work/repo}

cargo build --release --quiet --manifest-path "$root/Cargo.toml"
jobmark="$root/target/release/jobmark"
if [[ ! -d $repo ]]; then
  "$root/benches/gen_repo.sh" "$n" "$m" "$repo" >/dev/null
fi

# measure LABEL CMD...: prints "LABEL wall cpu peak_mib", output discarded.
measure() {
  local label=$1
  shift
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >/dev/null 2>"$work/err" || {
    echo "$label failed:" >&2
    cat "$work/err" >&2
    exit 1
  }
  read -r wall user sys rss <"$work/time"
  awk -v l="$label" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" \
    'BEGIN { printf "%-30s %8.2f %8.2f %9.0f\n", l, w, u + s, r / 1024 }'
}

echo "repository: $(git -C "$repo" rev-list --count HEAD) commits; $(nproc) cores"
printf '%-30s %8s %8s %9s\n' "command" "wall s" "cpu s" "peak MiB"
{
  measure "jobmark history" "$jobmark" history --repo "$repo" --format json
  measure "jobmark stats --history" "$jobmark" stats --history --repo "$repo" --rev HEAD --out "$work/page-history"
  measure "jobmark stats" "$jobmark" stats --repo "$repo" --rev HEAD --out "$work/page"
} | tee "$work/table"

awk '
  { label = $0; sub(/ +[0-9.]+ +[0-9.]+ +[0-9]+$/, "", label); wall[label] = $(NF-2); cpu[label] = $(NF-1); mem[label] = $NF }
  END {
    a = "jobmark stats --history"; b = "jobmark history"
    if (cpu[b] > 0) printf "ratios stats --history / history: wall %.2f, cpu %.2f, peak memory %.2f\n", wall[a] / wall[b], cpu[a] / cpu[b], mem[a] / mem[b]
  }' "$work/table"
