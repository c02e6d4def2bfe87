#!/usr/bin/env bash
# Lints the served OpenAPI document with @stoplight/spectral-cli (pinned in .ci/spectral/package.json and its
# lock file) and the spectral:oas ruleset (.spectral.yaml). Errors fail; warnings are printed.
# Needs the .NET SDK and Node.js 18+ with npm (installed from Debian's packages when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

out="artifacts/openapi.json"
rm -f "$out"
echo "== writing the OpenAPI document to $out"
KANO_OPENAPI_OUT="$PWD/$out" dotnet test tests/KanoApi.Tests --nologo \
    --filter "FullyQualifiedName~OpenApiDocumentTests.TheServedDocumentIsWrittenWhereKanoOpenApiOutSays"
test -s "$out"

if ! command -v npm >/dev/null; then
    echo "== npm missing: installing Debian's nodejs and npm"
    apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
fi

echo "== installing the pinned Spectral CLI"
npm ci --prefix .ci/spectral --no-audit --no-fund --loglevel=error

echo "== spectral lint (spectral:oas; errors fail)"
.ci/spectral/node_modules/.bin/spectral lint "$out" --ruleset .spectral.yaml --fail-severity error
