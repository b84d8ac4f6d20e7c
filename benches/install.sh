#!/usr/bin/env bash
# Time from nothing to the first result, for the two ways jobmark reaches
# users without compiling it:
#   1. the GitHub Action's install step (scripts/action-install.sh) against
#      a fake release served on 127.0.0.1 (python3 -m http.server) laid out
#      as the GitHub release: cold (empty tool cache), then cached; and the
#      install plus the first `jobmark check` of examples/src;
#   2. `pre-commit run` on first use with the mirror hooks
#      (packaging/pre-commit-mirror, rendered) installing the jobmark wheel
#      from a local directory (PIP_NO_INDEX), on a PATH without cargo/rustc;
#      then the second run, with the hook environment in place.
# Targets: (1) under 10 s, (2) under 30 s. With --baseline it also times
# what the Action did before (`cargo install --path .` into an empty target
# directory; minutes) and prints the ratio.
#
# Needs the artefacts of `scripts/build-dist.sh local target/dist` and the
# tools of `.ci/dist-tools` (both run by .ci/run).
# Usage: benches/install.sh [--baseline] [RUNS]   (default 3 runs, median)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
baseline=false
if [ "${1:-}" = "--baseline" ]; then
  baseline=true
  shift
fi
runs="${1:-3}"
dist="${JOBMARK_DIST_DIR:-$root/target/dist}"
version="$(scripts/build-dist.sh version)"
tools="$(bash .ci/dist-tools)"
[ -f "$dist/SHA256SUMS" ] || {
  echo "no artefacts in $dist: run scripts/build-dist.sh local target/dist" >&2
  exit 2
}

scratch="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# --- the fake release --------------------------------------------------------
archive="$(jq -r '.artifacts[] | select(.kind == "archive") | .file' "$dist/jobmark-$version-manifest.json" | head -n 1)"
target="$(jq -r --arg f "$archive" '.artifacts[] | select(.file == $f) | .target' "$dist/jobmark-$version-manifest.json")"
mkdir -p "$scratch/release/v$version"
cp "$dist/$archive" "$dist/SHA256SUMS" "$dist/jobmark-$version-manifest.json" "$scratch/release/v$version/"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$scratch/release" >/dev/null 2>&1 &
server_pid=$!
for _ in $(seq 50); do
  curl -fs "http://127.0.0.1:$port/v$version/SHA256SUMS" >/dev/null && break
  sleep 0.1
done

install_once() { # RUNNER_DIR
  env -i PATH="$PATH" HOME="$1" RUNNER_OS=Linux RUNNER_ARCH=X64 \
    RUNNER_TOOL_CACHE="$1/tool-cache" RUNNER_TEMP="$1" GITHUB_OUTPUT="$1/output" \
    GITHUB_ACTION_PATH="$root" JOBMARK_ACTION_REF="v$version" \
    JOBMARK_DOWNLOAD_URL="http://127.0.0.1:$port" JOBMARK_TARGET="$target" \
    bash scripts/action-install.sh 2>/dev/null >/dev/null
}

cold=() cached=() first=()
for i in $(seq "$runs"); do
  runner="$scratch/runner-$i"
  mkdir -p "$runner"
  t0="$(now)"
  install_once "$runner"
  t1="$(now)"
  bin="$(sed -n 's/^bin=//p' "$runner/output" | tail -n 1)"
  "$bin" check --quiet examples/src >/dev/null 2>&1 || true
  t2="$(now)"
  install_once "$runner"
  t3="$(now)"
  cold+=("$(elapsed "$t0" "$t1")")
  first+=("$(elapsed "$t0" "$t2")")
  cached+=("$(elapsed "$t2" "$t3")")
done
cold_median="$(printf '%s\n' "${cold[@]}" | median)"
first_median="$(printf '%s\n' "${first[@]}" | median)"
cached_median="$(printf '%s\n' "${cached[@]}" | median)"

# --- pre-commit first use ----------------------------------------------------
index="$scratch/index"
mkdir -p "$index"
cp "$dist"/jobmark-"$version"-*.whl "$index/"
cp "$(dirname "$tools")"/wheelhouse/*.whl "$index/"
mirror="$scratch/jobmark-pre-commit"
scripts/render-pre-commit-mirror.sh "$version" "$mirror"
no_rust_path=""
IFS=: read -r -a path_dirs <<<"$tools:$PATH"
for d in "${path_dirs[@]}"; do
  [ -e "$d/cargo" ] || [ -e "$d/rustc" ] || [ -e "$d/jobmark" ] && continue
  no_rust_path="${no_rust_path:+$no_rust_path:}$d"
done
isolated() { # DIR COMMAND...
  local dir="$1"
  shift
  (cd "$dir" && env -i PATH="$no_rust_path" HOME="$scratch/home" \
    GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 \
    GIT_AUTHOR_NAME=a GIT_AUTHOR_EMAIL=a@example.com \
    GIT_COMMITTER_NAME=a GIT_COMMITTER_EMAIL=a@example.com \
    PRE_COMMIT_HOME="$scratch/pre-commit-home-$run" PIP_NO_INDEX=1 \
    PIP_FIND_LINKS="$index" PIP_CONFIG_FILE=/dev/null PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUALENV_NO_PERIODIC_UPDATE=1 "$@")
}
mkdir -p "$scratch/home"
run=0
isolated "$mirror" sh -c "git init -q && git add -A && git commit -q -m m && git tag v$version"
if isolated "$scratch" sh -c 'command -v cargo || command -v rustc' >/dev/null; then
  echo "cargo is still on the PATH of the pre-commit measurement" >&2
  exit 1
fi
pc_first=() pc_again=()
for run in $(seq "$runs"); do
  repo="$scratch/repo-$run"
  mkdir -p "$repo/src/acme"
  cp examples/src/zalando/rust-platform-engineer.md "$repo/src/acme/rust-engineer.md"
  printf 'repos:\n  - repo: %s\n    rev: v%s\n    hooks:\n      - id: jobmark\n' "$mirror" "$version" >"$repo/.pre-commit-config.yaml"
  isolated "$repo" sh -c 'git init -q && git add -A'
  t0="$(now)"
  isolated "$repo" pre-commit run >/dev/null 2>&1 || {
    echo "pre-commit run failed on a clean write-up" >&2
    exit 1
  }
  t1="$(now)"
  isolated "$repo" pre-commit run >/dev/null 2>&1
  t2="$(now)"
  pc_first+=("$(elapsed "$t0" "$t1")")
  pc_again+=("$(elapsed "$t1" "$t2")")
done
pc_first_median="$(printf '%s\n' "${pc_first[@]}" | median)"
pc_again_median="$(printf '%s\n' "${pc_again[@]}" | median)"

verdict() { awk -v v="$1" -v t="$2" 'BEGIN { print (v < t) ? "under" : "OVER" }'; }
echo "jobmark $version, $runs runs each, median seconds (archive: $archive)"
printf '%-52s %8s   %s\n' "what" "seconds" "target"
printf '%-52s %8s   %s\n' "Action install, cold (download + verify + cache)" "$cold_median" "$(verdict "$cold_median" 10) 10 s"
printf '%-52s %8s   %s\n' "Action install + first check of examples/src" "$first_median" "$(verdict "$first_median" 10) 10 s"
printf '%-52s %8s   %s\n' "Action install, cached (tool cache hit)" "$cached_median" "$(verdict "$cached_median" 10) 10 s"
printf '%-52s %8s   %s\n' "pre-commit run, first use from the wheel, no Rust" "$pc_first_median" "$(verdict "$pc_first_median" 30) 30 s"
printf '%-52s %8s   %s\n' "pre-commit run, second use" "$pc_again_median" "-"

if $baseline; then
  t0="$(now)"
  CARGO_TARGET_DIR="$scratch/source-target" nice -n 19 cargo install --quiet --locked \
    --root "$scratch/source-root" --path . >/dev/null 2>&1
  t1="$(now)"
  source_build="$(elapsed "$t0" "$t1")"
  printf '%-52s %8s\n' "baseline: cargo install --path . (the old Action)" "$source_build"
  awk -v b="$source_build" -v c="$first_median" -v p="$pc_first_median" 'BEGIN {
    printf "ratio: cold Action install + first check is %.0fx faster; pre-commit first use %.0fx faster\n", b / c, b / p }'
fi
