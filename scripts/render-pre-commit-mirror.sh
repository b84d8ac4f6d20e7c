#!/usr/bin/env bash
# Render the pre-commit mirror (packaging/pre-commit-mirror/) for a jobmark
# version into DIR: the hooks repository whose tag vX.Y.Z pre-commit users
# pin. The release workflow pushes the result to REPOSITORY-pre-commit;
# tests/ecosystem_precommit.rs runs it with pre-commit against a local wheel.
# Usage: scripts/render-pre-commit-mirror.sh VERSION DIR
# (REPOSITORY is Cargo.toml's `repository`, the one place it is kept.)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ $# -ne 2 ]; then
  echo "usage: $0 VERSION DIR" >&2
  exit 2
fi
version="${1#v}"
out="$2"
if ! [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
  echo "render-pre-commit-mirror: '$1' is not a version X.Y.Z" >&2
  exit 2
fi
repository="$(sed -n 's/^repository *= *"\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)"
if [ -z "$repository" ]; then
  echo "render-pre-commit-mirror: Cargo.toml has no repository" >&2
  exit 2
fi

mkdir -p "$out"
for file in .pre-commit-hooks.yaml pyproject.toml README.md; do
  sed -e "s|@JOBMARK_VERSION@|$version|g" -e "s|@JOBMARK_REPOSITORY@|$repository|g" \
    "$root/packaging/pre-commit-mirror/$file" >"$out/$file"
done
if grep -q '@JOBMARK_' "$out"/.pre-commit-hooks.yaml "$out"/pyproject.toml "$out"/README.md; then
  echo "render-pre-commit-mirror: a placeholder was left unfilled in $out" >&2
  exit 1
fi
