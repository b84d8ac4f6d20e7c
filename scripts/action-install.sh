#!/usr/bin/env bash
# Install step of the jobmark GitHub Action (action.yml runs this file):
# download the release archive for this runner, verify its SHA-256 against
# the release's SHA256SUMS before anything from it runs, and keep it in the
# runner's tool cache so that a second run downloads nothing.
#
# Which release: the `version` input when given; else the action's own ref
# when it is a release tag (vX.Y.Z), or a major/minor alias (v1, v1.2) of
# the version in the action's Cargo.toml. Any other ref (a branch, a commit,
# `uses: ./`) has no release: the step then says so and asks action.yml to
# build from source (output build-from-source=true).
#
# Kept outside action.yml so that it runs and is tested locally. Inputs come
# from the environment:
#   INPUT_VERSION          X.Y.Z or vX.Y.Z (empty: from the action's ref)
#   INPUT_DOWNLOAD_URL     where releases are (default: JOBMARK_DOWNLOAD_URL,
#                          else GITHUB_SERVER_URL/ACTION_REPOSITORY/releases/download);
#                          files are read from BASE/vX.Y.Z/NAME
#   JOBMARK_ACTION_REF, JOBMARK_ACTION_REPOSITORY   github.action_ref / action_repository
#   JOBMARK_TARGET         the Rust target triple to download (default: from
#                          RUNNER_OS / RUNNER_ARCH)
#   GITHUB_ACTION_PATH, RUNNER_OS, RUNNER_ARCH, RUNNER_TOOL_CACHE,
#   RUNNER_TEMP, GITHUB_OUTPUT, GITHUB_PATH     (set by Actions)
# Outputs (to GITHUB_OUTPUT, else stdout): bin, version, build-from-source,
# cache-key. Exit 0 installed or "build from source", 2 on any failure.
set -euo pipefail

action_path="${GITHUB_ACTION_PATH:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"

fail() {
  echo "::error title=jobmark action::$*"
  exit 2
}
note() { echo "jobmark: $*" >&2; }
output() {
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    echo "$1=$2" >>"$GITHUB_OUTPUT"
  else
    echo "$1=$2"
  fi
}

semver='^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$'

crate_version() {
  awk '
    /^\[/ { in_package = ($0 == "[package]") }
    in_package && /^version *= *"/ { gsub(/^version *= *"|".*$/, ""); print; exit }
  ' "$action_path/Cargo.toml" 2>/dev/null
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

# --- which version -----------------------------------------------------------
ref="${JOBMARK_ACTION_REF:-}"
version=""
if [ -n "${INPUT_VERSION:-}" ]; then
  version="${INPUT_VERSION#v}"
  [[ "$version" =~ $semver ]] || fail "version must be X.Y.Z (a jobmark release), not '${INPUT_VERSION}'"
elif [[ "${ref#v}" =~ $semver ]] && [ "${ref:0:1}" = v ]; then
  version="${ref#v}"
elif [[ "$ref" =~ ^v[0-9]+(\.[0-9]+)?$ ]]; then
  version="$(crate_version)"
  case "$version" in
    "${ref#v}".*) ;;
    *) fail "the action's ref ${ref} does not match the version in its Cargo.toml (${version:-none}); pass a version input" ;;
  esac
fi

if [ -z "$version" ]; then
  note "the action's ref '${ref:-local}' is not a release tag: building jobmark from source (slow; pin a release, e.g. @v$(crate_version))"
  key="jobmark-source-${RUNNER_OS:-$(uname -s)}-${RUNNER_ARCH:-$(uname -m)}-$(sha256_of "$action_path/Cargo.lock" | cut -c1-16)"
  output build-from-source true
  output cache-key "$key"
  exit 0
fi

# --- which archive -----------------------------------------------------------
target="${JOBMARK_TARGET:-}"
if [ -z "$target" ]; then
  case "${RUNNER_OS:-$(uname -s)}/${RUNNER_ARCH:-$(uname -m)}" in
    Linux/X64 | Linux/x86_64) target=x86_64-unknown-linux-musl ;;
    Linux/ARM64 | Linux/aarch64) target=aarch64-unknown-linux-musl ;;
    macOS/X64 | Darwin/x86_64) target=x86_64-apple-darwin ;;
    macOS/ARM64 | Darwin/arm64) target=aarch64-apple-darwin ;;
    Windows/X64) target=x86_64-pc-windows-msvc ;;
    *) fail "no jobmark release binary for ${RUNNER_OS:-?}/${RUNNER_ARCH:-?}; set the target with JOBMARK_TARGET or use the action from a branch to build from source" ;;
  esac
fi
exe=""
archive="jobmark-${version}-${target}.tar.gz"
case "$target" in
  *windows*)
    exe=".exe"
    archive="jobmark-${version}-${target}.zip"
    ;;
esac

cache_root="${RUNNER_TOOL_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/jobmark-tool-cache}"
# The layout of @actions/tool-cache: TOOL/VERSION/ARCH plus ARCH.complete.
cache_dir="$cache_root/jobmark/$version/$target"
bin="$cache_dir/jobmark$exe"

finish() {
  output bin "$bin"
  output version "$version"
  output build-from-source false
  if [ -n "${GITHUB_PATH:-}" ]; then
    echo "$cache_dir" >>"$GITHUB_PATH"
  fi
}

if [ -f "$cache_dir.complete" ] && [ -x "$bin" ]; then
  note "jobmark $version ($target) from the tool cache: $cache_dir"
  finish
  exit 0
fi

# --- download and verify -----------------------------------------------------
base="${INPUT_DOWNLOAD_URL:-${JOBMARK_DOWNLOAD_URL:-}}"
if [ -z "$base" ]; then
  repository="${JOBMARK_ACTION_REPOSITORY:-${GITHUB_REPOSITORY:-}}"
  [ -n "$repository" ] || fail "cannot tell which repository publishes jobmark; set download-url"
  base="${GITHUB_SERVER_URL:-https://github.com}/${repository}/releases/download"
fi
base="${base%/}/v${version}"

scratch="$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/jobmark-install.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT

download() {
  curl --fail --silent --show-error --location --retry 3 --connect-timeout 10 \
    --max-time 300 -o "$scratch/$1" "$base/$1" ||
    fail "cannot download $base/$1 (is v${version} released, with a build for ${target}?)"
}

note "downloading jobmark $version for $target from $base"
download SHA256SUMS
download "$archive"

expected="$(awk -v name="$archive" '$2 == name || $2 == "*" name { print $1; exit }' "$scratch/SHA256SUMS")"
[[ "$expected" =~ ^[0-9a-f]{64}$ ]] || fail "SHA256SUMS of v${version} lists no checksum for ${archive}; refusing to install it"
actual="$(sha256_of "$scratch/$archive")"
if [ "$actual" != "$expected" ]; then
  fail "checksum mismatch for ${archive}: SHA256SUMS says ${expected}, the download is ${actual}; refusing to install it"
fi
note "checksum verified: $actual  $archive"

mkdir -p "$scratch/unpacked"
case "$archive" in
  *.zip)
    if command -v unzip >/dev/null 2>&1; then
      unzip -q "$scratch/$archive" -d "$scratch/unpacked"
    else
      pwsh -NoProfile -Command "Expand-Archive -LiteralPath '$scratch/$archive' -DestinationPath '$scratch/unpacked'"
    fi
    ;;
  *) tar -xzf "$scratch/$archive" -C "$scratch/unpacked" ;;
esac
unpacked="$scratch/unpacked/jobmark-${version}-${target}"
[ -f "$unpacked/jobmark$exe" ] || fail "${archive} holds no jobmark-${version}-${target}/jobmark${exe}"

# Into the cache only whole: a run killed half-way leaves no .complete.
mkdir -p "$(dirname "$cache_dir")"
rm -rf "$cache_dir" "$cache_dir.complete"
mv "$unpacked" "$cache_dir"
chmod +x "$bin"
"$bin" --version >&2 || fail "the downloaded jobmark does not run on this runner (${target})"
touch "$cache_dir.complete"
finish
