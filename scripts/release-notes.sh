#!/usr/bin/env bash
# The GitHub release notes of VERSION, from its CHANGELOG.md section.
# The section must name the rule pack (`Rule pack: NAME X.Y.Z`); the notes
# open with it and say whether it changed since the previous release, since
# findings depend on it. With MANIFEST (scripts/build-dist.sh's
# jobmark-VERSION-manifest.json) the rule pack the built binary reports must
# be the one the changelog names.
# Usage: scripts/release-notes.sh VERSION [MANIFEST]   (notes on stdout;
# JOBMARK_CHANGELOG reads another changelog, for tests)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
die() {
  printf 'release-notes: %s\n' "$*" >&2
  exit 1
}
[ $# -ge 1 ] && [ $# -le 2 ] || die "usage: $0 VERSION [MANIFEST]"
version="${1#v}"
manifest="${2:-}"
changelog="${JOBMARK_CHANGELOG:-$root/CHANGELOG.md}"
repository="$(sed -n 's/^repository *= *"\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)"
slug="${repository#https://github.com/}"

# The body of `## VERSION` (up to the next `## `).
section="$(awk -v heading="## $version" '
  /^## / { inside = ($0 == heading); next }
  inside { print }
' "$changelog")"
[ -n "$(printf '%s' "$section" | tr -d '[:space:]')" ] ||
  die "CHANGELOG.md has no section '## $version' (docs/release.md: move Unreleased there)"

pack_of() { sed -n 's/^Rule pack: *//p' | head -n 1; }
pack="$(printf '%s\n' "$section" | pack_of)"
[ -n "$pack" ] || die "the $version section of CHANGELOG.md has no 'Rule pack: NAME VERSION' line"

# The release before VERSION: the next `## X.Y.Z` heading below it.
previous="$(awk -v heading="## $version" '
  $0 == heading { seen = 1; next }
  seen && /^## [0-9]/ { sub(/^## /, ""); print; exit }
' "$changelog")"
previous_pack=""
if [ -n "$previous" ]; then
  previous_pack="$(awk -v heading="## $previous" '
    /^## / { inside = ($0 == heading); next }
    inside { print }
  ' "$changelog" | pack_of)"
fi

if [ -n "$manifest" ]; then
  built="$(jq -r '.rule_pack' "$manifest")"
  [ "$built" = "$pack" ] ||
    die "CHANGELOG.md says rule pack '$pack' for $version, the built binary says '$built'"
fi

if [ -z "$previous" ]; then
  pack_line="**Rule pack: $pack** (the first release)."
elif [ "$pack" = "$previous_pack" ]; then
  pack_line="**Rule pack: $pack**, unchanged since $previous: the same write-ups give the same findings."
else
  pack_line="**Rule pack: $pack, changed** since $previous (${previous_pack:-unknown}): findings may differ; see below."
fi

printf '%s\n' "$pack_line"
printf '%s\n' "$section" | grep -v '^Rule pack:' | sed -e '/./,$!d'
cat <<EOF

## Install

- \`pip install jobmark\`, \`pipx run jobmark\`, \`uvx jobmark\` (wheels with the binary inside)
- \`cargo binstall jobmark\` (these archives) or \`cargo install jobmark\`
- GitHub Action: \`uses: $slug@v$version\`; pre-commit: \`repo: $repository-pre-commit\` at rev \`v$version\`

## Verify

\`sha256sum -c SHA256SUMS --ignore-missing\` checks what you downloaded;
\`gh attestation verify FILE --repo $slug\` checks that this workflow
built it. \`jobmark-$version-manifest.json\` lists every file with its
target, size and checksum.
EOF
