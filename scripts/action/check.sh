#!/usr/bin/env bash
# The GitHub Action's check step, driven by the action's inputs (as environment variables):
#   INPUT_PATH        paths to check, separated by spaces or newlines (default .)
#   INPUT_FORMAT      gcc (default), text, json or sarif: what the log shows; gcc lines become
#                     annotations through problem-matchers/pgext-lint-gcc.json
#   INPUT_PG_VERSIONS target PostgreSQL major versions, e.g. 15,16,17 (default: the project's)
#   INPUT_FAIL_LEVEL  error (default), warning, info, hint, or none (never fail)
#   INPUT_SARIF_FILE  when set, a SARIF report is also written there (for upload to code scanning)
# Writes `exit-code` (0 clean, 1 findings at the fail level, 2 usage or configuration error) and
# `sarif-file` to $GITHUB_OUTPUT and always exits 0: the action's last step fails the job, after the
# SARIF upload has had its chance.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
pgext_lint=(node "$root/bin/pgext-lint.js")

read -r -a paths <<< "$(printf '%s' "${INPUT_PATH:-.}" | tr '\n' ' ')"
[ "${#paths[@]}" -eq 0 ] && paths=(.)
format="${INPUT_FORMAT:-gcc}"
fail_level="${INPUT_FAIL_LEVEL:-error}"

args=(check)
[ -n "${INPUT_PG_VERSIONS:-}" ] && args+=(--pg-version "$INPUT_PG_VERSIONS")
[ "$fail_level" != none ] && args+=(--fail-level "$fail_level")

output() { [ -n "${GITHUB_OUTPUT:-}" ] && echo "$1=$2" >> "$GITHUB_OUTPUT"; }

if [ -n "${INPUT_SARIF_FILE:-}" ]; then
  "${pgext_lint[@]}" "${args[@]}" --format sarif --output "$INPUT_SARIF_FILE" -- "${paths[@]}" 2>/dev/null
  [ -f "$INPUT_SARIF_FILE" ] && output sarif-file "$INPUT_SARIF_FILE"
fi

[ "$format" = gcc ] && echo "::add-matcher::$root/problem-matchers/pgext-lint-gcc.json"
"${pgext_lint[@]}" "${args[@]}" --format "$format" -- "${paths[@]}"
status=$?
[ "$format" = gcc ] && echo "::remove-matcher owner=pgext-lint-gcc::"

if [ "$fail_level" = none ] && [ "$status" -eq 1 ]; then status=0; fi
output exit-code "$status"
exit 0
