# Sourced by .ci/spectral.sh and .ci/typescript.sh: what both need before their npm tools run.

# Writes the served OpenAPI document to $1 (through the test that serves it) and fails when it is empty.
write_openapi_document() {
    local out="$1"
    rm -f "$out"
    echo "== writing the OpenAPI document to $out"
    KANO_OPENAPI_OUT="$PWD/$out" dotnet test tests/KanoApi.Tests --nologo \
        --filter "FullyQualifiedName~OpenApiDocumentTests.TheServedDocumentIsWrittenWhereKanoOpenApiOutSays"
    test -s "$out"
}

# Installs Debian's nodejs and npm when npm is missing.
ensure_npm() {
    if ! command -v npm >/dev/null; then
        echo "== npm missing: installing Debian's nodejs and npm"
        apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
    fi
}
