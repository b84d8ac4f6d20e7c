#!/usr/bin/env bash
# Entry point of the jobmark GitHub Action (action.yml runs this file).
#
# On a `pull_request` event it checks only what the pull request changes
# (`jobmark check --range BASE...HEAD`, SHAs read from $GITHUB_EVENT_PATH);
# on any other event it checks PATHS in the working tree. It prints GitHub
# annotations (`--format github`) to stdout, appends a Markdown summary to
# $GITHUB_STEP_SUMMARY when that is set, writes SARIF when asked, and exits
# like `jobmark check --fail-on FAIL_ON`: 0 clean, 1 findings at that level,
# 2 usage/repo error. jobmark runs once: the summary and the SARIF file are
# extra reports of the same run (`--also-report FORMAT=FILE`).
#
# Kept outside action.yml so it can be run and tested locally. Inputs come
# from the environment:
#   JOBMARK_BIN        the jobmark binary (default: `jobmark` from PATH)
#   INPUT_PATHS        whitespace-separated paths (default `.`)
#   INPUT_ARGS         extra arguments for `jobmark check`, split on spaces
#   INPUT_FAIL_ON      error | warning | info | never (default error)
#   INPUT_SARIF_FILE   also write SARIF to this file (default: none)
#   GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_STEP_SUMMARY  (set by Actions)
set -euo pipefail

jobmark="${JOBMARK_BIN:-jobmark}"
fail_on="${INPUT_FAIL_ON:-error}"
event="${GITHUB_EVENT_NAME:-}"

case "$fail_on" in
  error | warning | info | never) ;;
  *)
    echo "::error title=jobmark action::fail-on must be error, warning, info or never, not '${fail_on}'"
    exit 2
    ;;
esac

# Word-splitting of the two list inputs is intended (no globbing).
set -f
read -r -a paths <<<"${INPUT_PATHS:-.}"
read -r -a extra <<<"${INPUT_ARGS:-}"
set +f
if [ "${#paths[@]}" -eq 0 ]; then
  paths=(.)
fi

source_args=()
if [ "$event" = "pull_request" ] || [ "$event" = "pull_request_target" ]; then
  if [ -z "${GITHUB_EVENT_PATH:-}" ] || [ ! -r "$GITHUB_EVENT_PATH" ]; then
    echo "::error title=jobmark action::${event} event without a readable GITHUB_EVENT_PATH"
    exit 2
  fi
  base="$(jq -r '.pull_request.base.sha // empty' "$GITHUB_EVENT_PATH")"
  head="$(jq -r '.pull_request.head.sha // empty' "$GITHUB_EVENT_PATH")"
  if [ -z "$base" ] || [ -z "$head" ]; then
    echo "::error title=jobmark action::the event file has no pull_request.base.sha / head.sha"
    exit 2
  fi
  for sha in "$base" "$head"; do
    if ! git cat-file -e "${sha}^{commit}" 2>/dev/null; then
      echo "::error title=jobmark action::commit ${sha} is not in the clone; check out with 'fetch-depth: 0' (actions/checkout) so the pull request's base is present"
      exit 2
    fi
  done
  # Three dots, as GitHub diffs a pull request: from the merge base, so
  # commits that landed on the base branch meanwhile are not the PR's.
  source_args=(--range "${base}...${head}")
  # Only `.` means "everything"; other paths select within the range.
  if [ "${paths[*]}" = "." ]; then
    paths=()
  fi
  echo "jobmark: checking what ${base:0:12}...${head:0:12} changes" >&2
else
  echo "jobmark: checking ${paths[*]}" >&2
fi

reports=()
summary=""
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  summary="$(mktemp)"
  trap 'rm -f "$summary"' EXIT
  reports+=(--also-report "summary=$summary")
fi
if [ -n "${INPUT_SARIF_FILE:-}" ]; then
  mkdir -p "$(dirname "$INPUT_SARIF_FILE")"
  reports+=(--also-report "sarif=$INPUT_SARIF_FILE")
fi

status=0
"$jobmark" check "${source_args[@]}" --format github --fail-on "$fail_on" \
  "${reports[@]}" "${extra[@]}" -- "${paths[@]}" || status=$?

# Empty when jobmark stopped before reporting (a usage or repository error).
if [ -n "$summary" ] && [ -s "$summary" ]; then
  cat "$summary" >>"$GITHUB_STEP_SUMMARY"
fi

exit "$status"
