#!/usr/bin/env bash
# Scaling of jobmark on pathological input (issue 8): each family is
# generated at size n and 4n, the release binary runs on both, and the
# script prints the time ratio. Linear work gives about 4x; every family
# must stay under 5x. For the list-heavy family it also prints peak memory
# as a multiple of the file size (must be at most 5x).
#
#   benches/scaling.sh [SCALE]     (default 1: a few minutes on 2 cores)
#
# SCALE multiplies every n. Times are the median of 3 runs. Exit status 1
# when a family breaks its bound, so the script can gate a change.
set -euo pipefail

scale=${1:-1}
runs=3
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --manifest-path "$root/Cargo.toml"
jobmark="$root/target/release/jobmark"

# The seed write-up S of the issue, or an example when shared/ is absent.
seed="$root/../shared/seed/digikala.md"
[[ -f $seed ]] || seed="$root/examples/src/snappfood/python-developer.md"

# gen FAMILY N OUT: write the family's input of size N to OUT.
gen() {
  python3 - "$1" "$2" "$3" "$seed" <<'PY'
import sys
family, n, out, seed = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
s = open(seed, encoding="utf-8").read()
if not s.endswith("\n"):
    s += "\n"
with open(out, "w", encoding="utf-8", newline="") as f:
    if family == "human-headings":
        # S plus n unknown headings: one finding each, human output.
        f.write(s + "".join(f"### H{i}\n\n" for i in range(n)))
    elif family == "human-big-file":
        # n lines of prose, then 200 findings at the end.
        f.write(s + "Plain prose that no rule cares about, line after line.\n" * n)
        f.write("".join(f"### H{i}\n\n" for i in range(200)))
    elif family == "unclosed-html":
        # `<` never closed, in a value section (strip_html).
        f.write(s + "### Apply Way\n" + "<http://a" * n + "\n")
    elif family == "many-fixes":
        # n sections at the wrong level: one safe fix each.
        f.write(s + "## Apply Way\nLinkedIn\n\n" * n)
    elif family == "long-status-line":
        # A status line of n unknown emojis: one finding (and column) each.
        f.write(s.replace("#### 📜", "#### " + "🦄" * n + "📜", 1))
    elif family == "mojibake-line":
        # One long line of mis-decoded words (line lookups per run).
        f.write(s + "cafÃ© " * n + "\n")
    elif family == "list-heavy":
        # A section of many short list items (notes of an interview).
        items = "".join(f"- asked about item {i}\n" for i in range(n))
        f.write(s.replace("### Technical Interview\n", "### Technical Interview\n" + items, 1))
    else:
        raise SystemExit(f"unknown family {family}")
PY
}

# Peak resident memory in KB and wall seconds of one run of "$@".
measure() {
  if /usr/bin/time -f '%e %M' true >/dev/null 2>&1; then
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>&1 || true
    read -r seconds kb <"$work/time"
  else
    read -r seconds kb < <(python3 - "$@" <<'PY'
import resource, subprocess, sys, time
start = time.monotonic()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wall = time.monotonic() - start
print(f"{wall:.3f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
PY
)
  fi
  echo "$seconds $kb"
}

# Median seconds and max KB over $runs runs; files are copied fresh for
# each run since --fix rewrites them.
run_family() {
  local file=$1; shift
  local times=() peak=0
  for _ in $(seq "$runs"); do
    cp "$file" "$work/run.md"
    read -r seconds kb < <(measure "$jobmark" "$@" "$work/run.md")
    times+=("$seconds")
    (( kb > peak )) && peak=$kb
  done
  echo "$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p") $peak"
}

common=(check --color never --exit-zero --today 2026-11-25 --max-file-size 1GiB)
failed=0
printf '%-17s %9s %9s %8s %8s %6s  %s\n' family n 4n "t(n)" "t(4n)" ratio note
for spec in \
  "human-headings 5000 --format human" \
  "human-big-file 100000 --format human" \
  "unclosed-html 100000 --format concise" \
  "many-fixes 20000 --format concise --fix" \
  "long-status-line 50000 --format concise" \
  "mojibake-line 50000 --format concise" \
  "list-heavy 500000 --format concise"; do
  read -r family n args <<<"$spec"
  n=$(( n * scale ))
  gen "$family" "$n" "$work/small.md"
  gen "$family" "$(( 4 * n ))" "$work/large.md"
  # shellcheck disable=SC2086 # $args holds several flags
  read -r t1 _ < <(run_family "$work/small.md" "${common[@]}" $args)
  # shellcheck disable=SC2086
  read -r t4 kb4 < <(run_family "$work/large.md" "${common[@]}" $args)
  ratio=$(awk -v a="$t1" -v b="$t4" 'BEGIN { printf "%.2f", (a > 0.005 ? b / a : 0) }')
  note=""
  if awk -v r="$ratio" -v a="$t1" 'BEGIN { exit !(a > 0.005 && r >= 5) }'; then
    note="TOO SLOW (>= 5x)"
    failed=1
  fi
  if [[ $family == list-heavy ]]; then
    size=$(stat -c %s "$work/large.md")
    memory=$(awk -v kb="$kb4" -v s="$size" 'BEGIN { printf "%.1f", kb * 1024 / s }')
    note="peak $(( kb4 / 1024 )) MB = ${memory}x the file ($(( size / 1024 / 1024 )) MB) $note"
    if awk -v m="$memory" 'BEGIN { exit !(m > 5) }'; then
      note="$note TOO MUCH MEMORY (> 5x)"
      failed=1
    fi
  fi
  printf '%-17s %9s %9s %8s %8s %6s  %s\n' "$family" "$n" "$(( 4 * n ))" "$t1" "$t4" "${ratio}x" "$note"
done
exit "$failed"
