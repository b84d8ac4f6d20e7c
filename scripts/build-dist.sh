#!/usr/bin/env bash
# Build jobmark's release artefacts. The release workflow
# (.github/workflows/release.yml) runs this script for every archive and for
# the checksum file and manifest; .ci/run runs `local` so that tests/ check
# the same layout users download. One layout, defined here:
#
#   DIR/jobmark-VERSION-TARGET.tar.gz   (.zip for Windows targets) holding
#       jobmark-VERSION-TARGET/jobmark[.exe], README.md, CHANGELOG.md, LICENSE
#   DIR/jobmark-VERSION-*.whl, jobmark-VERSION.tar.gz (wheels, sdist)
#   DIR/SHA256SUMS                       `sha256sum -c` format, every file above
#   DIR/jobmark-VERSION-manifest.json    the same, as data (see `finish`)
#
# Usage:
#   scripts/build-dist.sh archive TARGET DIR   release build for TARGET, packed into DIR
#   scripts/build-dist.sh wheel DIR [ARGS...]  maturin wheel(s) into DIR (ARGS go to maturin)
#   scripts/build-dist.sh finish DIR           SHA256SUMS and the manifest over DIR
#   scripts/build-dist.sh local DIR            what this machine can build: the Linux
#                                              archive (musl when rustup can add the
#                                              target, else the host's gnu target),
#                                              the wheel, then finish
#   scripts/build-dist.sh version              print the crate version
# maturin is taken from PATH, else installed from PyPI into a cache venv
# (JOBMARK_CI_CACHE, as .ci/lint-workflows does).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

die() {
  printf 'build-dist: %s\n' "$*" >&2
  exit 2
}
log() { printf 'build-dist: %s\n' "$*" >&2; }

# The [package] version of Cargo.toml: the one version every artefact has.
crate_version() {
  awk '
    /^\[/ { in_package = ($0 == "[package]") }
    in_package && /^version *= *"/ { gsub(/^version *= *"|".*$/, ""); print; exit }
  ' Cargo.toml
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

python_cmd() {
  command -v python3 2>/dev/null || command -v python 2>/dev/null || die "python3 not found"
}

host_target() {
  rustc -vV | sed -n 's/^host: //p'
}

build_archive() {
  local target="$1" out="$2" version name exe="" stage
  version="$(crate_version)"
  name="jobmark-${version}-${target}"
  case "$target" in *windows*) exe=".exe" ;; esac
  mkdir -p "$out"
  out="$(cd "$out" && pwd)"
  local rustflags="${RUSTFLAGS:-}"
  case "$target" in
    # Static C runtime: the .exe needs no Visual C++ redistributable.
    *windows-msvc) rustflags="${rustflags:+$rustflags }-C target-feature=+crt-static" ;;
  esac
  # The musl build compiles mimalloc (C): cc-rs looks for a cross compiler
  # named after the target, but musl-tools installs `musl-gcc`.
  local cc_var
  cc_var="CC_$(echo "$target" | tr '-' '_')"
  case "$target" in
    *linux-musl)
      if [ -z "${!cc_var:-}" ] && command -v musl-gcc >/dev/null 2>&1; then
        export "$cc_var=musl-gcc"
      fi
      ;;
  esac
  log "cargo build --release --locked --target $target"
  RUSTFLAGS="$rustflags" cargo build --release --locked --target "$target"
  local binary="target/$target/release/jobmark$exe"
  [ -f "$binary" ] || die "cargo built no $binary"

  stage="$(mktemp -d)"
  mkdir "$stage/$name"
  cp "$binary" "$stage/$name/"
  # The release profile keeps line tables for backtraces in development;
  # users get a binary a third the size (the wheel is stripped by maturin).
  case "$target" in
    *windows*) ;;
    *)
      if command -v strip >/dev/null 2>&1 && strip "$stage/$name/jobmark"; then
        :
      else
        log "could not strip the $target binary; shipping it with symbols"
      fi
      ;;
  esac
  cp README.md CHANGELOG.md LICENSE "$stage/$name/"
  case "$target" in
    *windows*)
      rm -f "$out/$name.zip"
      (cd "$stage" && "$(python_cmd)" -m zipfile -c "$out/$name.zip" "$name")
      log "wrote $out/$name.zip"
      ;;
    *)
      rm -f "$out/$name.tar.gz"
      tar -C "$stage" -czf "$out/$name.tar.gz" "$name"
      log "wrote $out/$name.tar.gz"
      ;;
  esac
  rm -rf "$stage"
  # A binary that cannot print its version must not be shipped.
  if [ "$target" = "$(host_target)" ] || case "$target" in x86_64-unknown-linux-musl) [ "$(uname -sm)" = "Linux x86_64" ] ;; aarch64-unknown-linux-musl) [ "$(uname -sm)" = "Linux aarch64" ] ;; *) false ;; esac then
    "$binary" --version >&2 || die "$binary --version failed"
  fi
}

ensure_maturin() {
  if command -v maturin >/dev/null 2>&1; then
    return
  fi
  local cache="${JOBMARK_CI_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/jobmark-ci}"
  if [ ! -x "$cache/venv/bin/maturin" ]; then
    [ -x "$cache/venv/bin/python" ] || "$(python_cmd)" -m venv "$cache/venv"
    log "installing maturin into $cache/venv"
    "$cache/venv/bin/pip" install --quiet "maturin>=1.7,<2" >&2
  fi
  export PATH="$cache/venv/bin:$PATH"
}

build_wheel() {
  local out="$1"
  shift
  ensure_maturin
  mkdir -p "$out"
  log "maturin build --release --out $out $*"
  maturin build --release --locked --out "$out" "$@"
}

# SHA256SUMS and the manifest over every archive, wheel and sdist in DIR.
finish() {
  local out="$1" version
  version="$(crate_version)"
  [ -d "$out" ] || die "$out is not a directory"
  out="$(cd "$out" && pwd)"
  local files=()
  local f
  for f in "$out"/jobmark-"$version"-*.tar.gz "$out"/jobmark-"$version"-*.zip \
    "$out"/jobmark-"$version"-*.whl "$out"/jobmark-"$version".tar.gz; do
    [ -f "$f" ] && files+=("$(basename "$f")")
  done
  [ "${#files[@]}" -gt 0 ] || die "no artefact of version $version in $out"
  mapfile -t files < <(printf '%s\n' "${files[@]}" | LC_ALL=C sort -u)

  : >"$out/SHA256SUMS.tmp"
  for f in "${files[@]}"; do
    printf '%s  %s\n' "$(sha256_of "$out/$f")" "$f" >>"$out/SHA256SUMS.tmp"
  done
  mv "$out/SHA256SUMS.tmp" "$out/SHA256SUMS"

  # The version line (with the rule pack) from an archive this machine runs.
  local version_line="" scratch
  scratch="$(mktemp -d)"
  for f in "${files[@]}"; do
    case "$f" in *.whl | "jobmark-$version.tar.gz" | *.zip) continue ;; esac
    tar -C "$scratch" -xzf "$out/$f"
    if version_line="$("$scratch/${f%.tar.gz}/jobmark" --version 2>/dev/null)"; then
      break
    fi
    version_line=""
  done
  rm -rf "$scratch"
  [ -n "$version_line" ] || die "no archive in $out has a binary this machine can run for --version"
  case "$version_line" in
    "jobmark $version "*) ;;
    *) die "the archived binary says '$version_line', not version $version" ;;
  esac
  local rule_pack
  rule_pack="$(printf '%s\n' "$version_line" | sed -n 's/.*(rule pack \(.*\))$/\1/p')"

  local entries=() kind target binary
  for f in "${files[@]}"; do
    target=""
    binary=""
    case "$f" in
      *.whl)
        kind=wheel
        target="${f%.whl}"
        target="${target##*-}"
        ;;
      "jobmark-$version.tar.gz") kind=sdist ;;
      *)
        kind=archive
        target="${f#"jobmark-$version-"}"
        target="${target%.tar.gz}"
        target="${target%.zip}"
        binary="jobmark-$version-$target/jobmark"
        case "$target" in *windows*) binary="$binary.exe" ;; esac
        ;;
    esac
    entries+=("$(jq -n --arg file "$f" --arg kind "$kind" --arg target "$target" \
      --arg binary "$binary" --arg sha256 "$(sha256_of "$out/$f")" \
      --argjson size "$(wc -c <"$out/$f" | tr -d ' ')" \
      '{file: $file, kind: $kind, sha256: $sha256, size: $size}
       + (if $target != "" then {target: $target} else {} end)
       + (if $binary != "" then {binary: $binary} else {} end)')")
  done
  printf '%s\n' "${entries[@]}" | jq -s --arg version "$version" \
    --arg rule_pack "$rule_pack" --arg version_line "$version_line" '{
      format: "jobmark-release-manifest/1",
      name: "jobmark",
      version: $version,
      tag: ("v" + $version),
      rule_pack: $rule_pack,
      version_output: $version_line,
      checksums: "SHA256SUMS",
      artifacts: .
    }' >"$out/jobmark-$version-manifest.json"
  log "wrote $out/SHA256SUMS and $out/jobmark-$version-manifest.json (${#files[@]} artefacts, rule pack $rule_pack)"
}

# The Linux archive of this machine's architecture: musl (static, what the
# release ships) when rustup can add the target and musl-gcc is there to
# compile mimalloc, else the host target.
local_linux_target() {
  local arch musl
  arch="$(uname -m)"
  musl="${arch}-unknown-linux-musl"
  if ! command -v musl-gcc >/dev/null 2>&1; then
    log "no musl-gcc (Debian/Ubuntu: apt-get install musl-tools); building the host target instead"
    host_target
  elif rustup target list --installed 2>/dev/null | grep -qx "$musl" ||
    rustup target add "$musl" >&2; then
    echo "$musl"
  else
    log "rustup cannot add $musl here; building the host target instead"
    host_target
  fi
}

command="${1:-}"
case "$command" in
  archive)
    [ $# -eq 3 ] || die "usage: $0 archive TARGET DIR"
    build_archive "$2" "$3"
    ;;
  wheel)
    [ $# -ge 2 ] || die "usage: $0 wheel DIR [MATURIN ARGS...]"
    out="$2"
    shift 2
    build_wheel "$out" "$@"
    ;;
  finish)
    [ $# -eq 2 ] || die "usage: $0 finish DIR"
    finish "$2"
    ;;
  local)
    [ $# -eq 2 ] || die "usage: $0 local DIR"
    [ "$(uname -s)" = Linux ] || die "local builds the Linux artefacts; run it on Linux"
    mkdir -p "$2"
    # Start from an empty directory: a stale artefact would be checksummed.
    find "$2" -mindepth 1 -maxdepth 1 -name 'jobmark-*' -exec rm -f {} +
    rm -f "$2/SHA256SUMS"
    build_archive "$(local_linux_target)" "$2"
    build_wheel "$2"
    finish "$2"
    ;;
  version)
    crate_version
    ;;
  *)
    die "usage: $0 archive|wheel|finish|local|version ... (see the header of this file)"
    ;;
esac
