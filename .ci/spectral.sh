#!/usr/bin/env bash
# Lints the served OpenAPI document with @stoplight/spectral-cli (pinned in .ci/spectral/package.json and its
# lock file) and the spectral:oas ruleset (.spectral.yaml). Errors fail; warnings are printed.
# Needs the .NET SDK and Node.js 18+ with npm (installed from Debian's packages when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

source .ci/openapi-document.sh

out="artifacts/openapi.json"
write_openapi_document "$out"
ensure_npm

echo "== installing the pinned Spectral CLI"
npm ci --prefix .ci/spectral --no-audit --no-fund --loglevel=error

echo "== spectral lint (spectral:oas; errors fail)"
.ci/spectral/node_modules/.bin/spectral lint "$out" --ruleset .spectral.yaml --fail-severity error
