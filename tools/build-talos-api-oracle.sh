#!/usr/bin/env bash
# Builds tools/talos-api-oracle (a Talos machine API server on Talos' own generated gRPC code) and caches it by the
# hash of its sources. Prints the path of the binary on its last line.
# Env: TALOSCTL_CACHE_DIR (default /var/cache/tailtalos), GO (default: go on PATH, else /usr/local/go/bin/go).
set -euo pipefail

src="$(cd "$(dirname "$0")/talos-api-oracle" && pwd)"
cache_dir="${TALOSCTL_CACHE_DIR:-/var/cache/tailtalos}"
hash="$(cat "$src/go.mod" "$src/go.sum" "$src"/*.go | sha256sum | cut -c1-16)"
binary="$cache_dir/talos-api-oracle-$hash"

if [[ -x "$binary" ]]; then
    echo "$binary"
    exit 0
fi

go_bin="${GO:-$(command -v go || echo /usr/local/go/bin/go)}"
[[ -x "$go_bin" ]] || { echo "build-talos-api-oracle: Go not found (set GO=/path/to/go)" >&2; exit 1; }

mkdir -p "$cache_dir"
(cd "$src" && GOWORK=off GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod "$go_bin" build -o "$binary.tmp" .)
mv -f "$binary.tmp" "$binary"
echo "$binary"
