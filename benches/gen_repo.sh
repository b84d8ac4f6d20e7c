#!/usr/bin/env bash
# Generate a synthetic repository of job-interview write-ups for timing
# history walks: N commits touching M write-ups, with the renames real
# repositories have (x.md -> x/x.md -> src/x/x.md), empty placeholders
# filled in later, and generated HTML under book/.
#
#   benches/gen_repo.sh N M OUTDIR
#
# The history is linear; commit i changes one write-up, an hour after the
# one before. Each application's status line gains one stage per version
# up to its own last stage, then most end in an outcome (some stay open),
# so `stats --history` has a pipeline to draw. Uses git
# fast-import so 20,000 commits take seconds, then repacks into one pack
# like a fresh clone. Dates are fixed, so the same N M give the same ids.
set -euo pipefail

if [[ $# -ne 3 ]]; then
  echo "usage: $0 N_COMMITS M_FILES OUTDIR" >&2
  exit 2
fi
n=$1 m=$2 out=$3
if ! [[ $n =~ ^[0-9]+$ && $m =~ ^[0-9]+$ ]] || (( m < 1 || n < m )); then
  echo "$0: need integers with N >= M >= 1" >&2
  exit 2
fi
if [[ -e $out ]]; then
  echo "$0: $out exists; refusing to overwrite" >&2
  exit 1
fi

export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
git -c init.defaultBranch=main init -q "$out"

LC_ALL=C awk -v N="$n" -v M="$m" '
# The status line of application k at its version v. Lengths are in bytes
# (LC_ALL=C): the first four emojis take 4 bytes each, ⚖️ takes 6.
function status_line(k, v,    reach, shown, s) {
  reach = 1 + k % 5                             # stages this one reaches
  shown = v + 1 < reach ? v + 1 : reach
  s = substr("📜📞🔧📝⚖️", 1, shown < 5 ? 4 * shown : 22)
  if (v > reach && k % 7 != 0) {                # one version later, an outcome
    if (k % 4 == 0) s = s "✅"; else if (k % 4 == 3) s = s "❎"; else s = s "❌"
  }
  return s
}
function content(k, v,    s, i, status) {
  if (v == 0 && k % 10 == 0) return ""          # empty placeholder
  status = status_line(k, v)
  s = "# [Company " k "](https://company" k ".example)\n\n### Status\n\n#### " status "\n\n"
  s = s "## Python Engineer\n\n### Interview Process\n\n```mermaid\nflowchart LR\n  A[Resume] --> B[HR]\n```\n\n"
  s = s "### Apply Way\n\nLinkedIn & Site\n\n### Interview Date\n\n- **Sent Resume** <br />1402.08.02\n"
  for (i = 1; i <= v; i++) s = s "- **Stage " i "** <br />1402.08." sprintf("%02d", 1 + i % 28) "\n"
  s = s "\n### Technical Interview\n\n"
  for (i = 1; i <= 20; i++) s = s "- question " i " about topic " (k * 31 + i) % 97 "\n"
  s = s "\n### Score\n\n<h4><mark style=\"background-color:#4caf50\">" (v % 11) "/10</mark></h4>\n"
  return s
}
function path(k) {
  if (stage[k] == 0) return "c" k ".md"
  if (stage[k] == 1) return "c" k "/c" k ".md"
  return "src/c" k "/c" k ".md"
}
function blob(p, text) {
  printf "M 100644 inline %s\ndata %d\n%s\n", p, length(text), text
}
BEGIN {
  for (i = 1; i <= N; i++) {
    t = 1600000000 + i * 3600
    if (i <= M) { k = i; ver[k] = 0; stage[k] = 0; msg = "add c" k }
    else { k = (i * 7919) % M + 1; ver[k]++; msg = "update c" k " (" ver[k] ")" }
    printf "commit refs/heads/main\nmark :%d\n", i
    printf "author Bench Author <author@example.com> %d +0330\n", t
    printf "committer Bench Committer <committer@example.com> %d +0330\n", t
    printf "data %d\n%s\n", length(msg), msg
    if (i == 1) { } else printf "from :%d\n", i - 1
    if (i > M && ver[k] == 3 && stage[k] == 0) {
      old = path(k); stage[k] = 1; printf "R %s %s\n", old, path(k)
    } else if (i > M && ver[k] == 6 && stage[k] == 1) {
      old = path(k); stage[k] = 2; printf "R %s %s\n", old, path(k)
      blob(path(k), content(k, ver[k]))
    } else {
      blob(path(k), content(k, ver[k]))
    }
    if (i % 500 == 0) blob("book/index.html", "<html>build " i "</html>")
    if (i % 1000 == 0) blob("README.md", "# Interviews\n\n" i " commits so far\n")
    printf "\n"
  }
}' | LC_ALL=C git -C "$out" fast-import --quiet

git -C "$out" repack -a -d -q
git -C "$out" checkout -q main 2>/dev/null || git -C "$out" reset -q --hard main
echo "$out: $(git -C "$out" rev-list --count main) commits, $(git -C "$out" ls-files | wc -l) files"
