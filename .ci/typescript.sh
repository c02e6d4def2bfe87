#!/usr/bin/env bash
# Front-end apps are among KanoApi's users: generates TypeScript types from the served OpenAPI document with
# openapi-typescript and type-checks a small client written against them (.ci/typescript/client.ts) with tsc
# --strict. Both tools are pinned in .ci/typescript/package.json and its lock file. Fails when the document does
# not generate, or when an operation, parameter or field the client uses changes shape.
# Needs the .NET SDK and Node.js 18+ with npm (installed from Debian's packages when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

source .ci/openapi-document.sh

out="artifacts/openapi.json"
types="artifacts/kano-api.d.ts"
rm -f "$types"
write_openapi_document "$out"
ensure_npm

echo "== installing the pinned openapi-typescript and TypeScript"
npm ci --prefix .ci/typescript --no-audit --no-fund --loglevel=error

echo "== openapi-typescript: $out -> $types"
.ci/typescript/node_modules/.bin/openapi-typescript "$out" --output "$types"
test -s "$types"

echo "== tsc --strict: .ci/typescript/client.ts against the generated types"
.ci/typescript/node_modules/.bin/tsc -p .ci/typescript/tsconfig.json
echo "TypeScript check passed."
