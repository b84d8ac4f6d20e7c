#!/usr/bin/env bash
# `jobmark history` against git on the same generated repository, in the
# same run: wall time, CPU time (user + sys) and peak memory (max RSS) of
#   - jobmark history --format json          (2 cores, and pinned to one)
#   - git log -p --all                       (the CPU/memory target, also
#                                             pinned to one core)
# and the ratios jobmark/git; `jobmark stats --history` against `jobmark
# history` (the same walk, plus parsing each distinct blob once); then
# blob reading alone (benches/blob_read.rs:
# the blobs history reads, through jobmark's own read path, against
# `git cat-file --batch` over the same ids). Set BEFORE=/path/to/old/jobmark
# to add rows for another build (e.g. the previous release) in the same run,
# and check that both print byte-identical JSON.
#
#   benches/history.sh [N_COMMITS] [M_WRITEUPS] [REPO_DIR]
#     default 20000 2000; REPO_DIR reuses (or keeps) a generated repository
#
# Wall time is noisy on a shared machine; compare CPU and peak memory.
set -euo pipefail

n=${1:-20000}
m=${2:-2000}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo=${3:-$work/repo}

cargo build --release --quiet --manifest-path "$root/Cargo.toml"
cargo bench --no-run --quiet --manifest-path "$root/Cargo.toml" --bench blob_read
jobmark="$root/target/release/jobmark"
if [[ ! -d $repo ]]; then
  start=$(date +%s)
  "$root/benches/gen_repo.sh" "$n" "$m" "$repo" >/dev/null
  echo "generated $n commits in $(( $(date +%s) - start )) s"
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
    'BEGIN { printf "%-34s %8.2f %8.2f %9.0f\n", l, w, u + s, r / 1024 }'
}

# The blobs jobmark reads: every version of every candidate Markdown file,
# listed in pack order (as jobmark reads them), so cat-file gets the same
# locality for its delta-base cache.
git -C "$repo" rev-list --objects --all |
  awk '$2 ~ /\.md$/ && $2 !~ /^(book|target)\// { print $1 }' |
  git -C "$repo" cat-file --batch-check='%(objecttype) %(objectname)' |
  awk '$1 == "blob" { print $2 }' | sort -u >"$work/wanted"
git -C "$repo" cat-file --batch-all-objects --unordered --batch-check='%(objectname)' |
  awk 'NR == FNR { want[$1] = 1; next } ($1 in want) { print $1; delete want[$1] }
       END { for (id in want) print id }' \
    "$work/wanted" - >"$work/blobs"

echo "repository: $(git -C "$repo" rev-list --count --all) commits, $m write-ups, $(wc -l <"$work/blobs") distinct write-up blobs; $(nproc) cores"
printf '%-34s %8s %8s %9s\n' "command" "wall s" "cpu s" "peak MiB"
{
  measure "git log -p --all" git -C "$repo" log -p --all
  measure "git log -p --all (1 core)" taskset -c 0 git -C "$repo" log -p --all
  measure "git cat-file --batch (blobs)" sh -c "git -C '$repo' cat-file --batch <'$work/blobs'"
  measure "jobmark history" "$jobmark" history --repo "$repo" --format json
  measure "jobmark history (1 core)" taskset -c 0 "$jobmark" history --repo "$repo" --format json
  # stats --history walks the same history and parses each distinct blob
  # once: it should cost about what history costs.
  measure "jobmark stats --history" "$jobmark" stats --history --repo "$repo" --rev HEAD --out "$work/page-history"
  if [[ -n ${BEFORE:-} ]]; then
    measure "before: jobmark history" "$BEFORE" history --repo "$repo" --format json
    measure "before: jobmark history (1 core)" taskset -c 0 "$BEFORE" history --repo "$repo" --format json
  fi
} | tee "$work/table"
if [[ -n ${BEFORE:-} ]]; then
  # Outside the timed runs, so every timed command writes to /dev/null.
  "$jobmark" history --repo "$repo" --format json >"$work/after.json"
  "$BEFORE" history --repo "$repo" --format json >"$work/before.json"
  if cmp -s "$work/before.json" "$work/after.json"; then
    echo "JSON output: byte-identical to BEFORE ($(wc -c <"$work/after.json") bytes)"
  else
    echo "JSON output: DIFFERS from BEFORE" >&2
    exit 1
  fi
fi

# Phase times from jobmark itself: the walk, and reading + linting blobs.
"$jobmark" -v history --repo "$repo" --format json 2>&1 >/dev/null | grep -E '^walked' || true

ratio() { # ratio LABEL_A LABEL_B FIELD (0 wall, 1 cpu, 2 peak memory)
  python3 - "$work/table" "$1" "$2" "$3" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    label, *nums = line.rstrip("\n").rsplit(None, 3)
    rows[label.strip()] = [float(x) for x in nums]
a, b, f = sys.argv[2], sys.argv[3], int(sys.argv[4])
if a in rows and b in rows and rows[b][f] > 0:
    name = ["wall", "cpu", "peak memory"][f]
    print(f"{name:12s} {a} / {b}: {rows[a][f] / rows[b][f]:.2f}")
PY
}
echo "ratios (below 1: jobmark uses less):"
ratio "jobmark history" "git log -p --all" 1
ratio "jobmark history" "git log -p --all" 2
ratio "jobmark history (1 core)" "git log -p --all (1 core)" 1
ratio "jobmark history (1 core)" "git log -p --all (1 core)" 2
ratio "jobmark history" "git log -p --all" 0
ratio "jobmark stats --history" "jobmark history" 1
ratio "jobmark stats --history" "jobmark history" 2
if [[ -n ${BEFORE:-} ]]; then
  ratio "before: jobmark history" "git log -p --all" 1
  ratio "before: jobmark history" "git log -p --all" 2
  ratio "before: jobmark history (1 core)" "git log -p --all (1 core)" 1
  ratio "jobmark history" "before: jobmark history" 1
  ratio "jobmark history" "before: jobmark history" 2
fi

# Blob reading alone, same blob list, same machine state.
cargo bench --quiet --manifest-path "$root/Cargo.toml" --bench blob_read -- "$repo" "$work/blobs"
