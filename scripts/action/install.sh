#!/usr/bin/env bash
# The GitHub Action's first step: builds pgext-lint from the action's own checkout ($GITHUB_ACTION_PATH).
# --ignore-scripts: the grammar packages' native builds are never used (only their .wasm is), and the
# build is run explicitly.
set -euo pipefail
cd "${GITHUB_ACTION_PATH:?}"
if ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' 2>/dev/null; then
  echo "::error title=pgext-lint::pgext-lint needs Node.js 20 or later (found: $(node --version 2>/dev/null || echo none)); add actions/setup-node before this step"
  exit 2
fi
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
npm run build --silent
