#!/usr/bin/env bash
# Builds the real talosctl from the Go module proxy (Talos source + its machinery module) and caches it.
# Usage: tools/build-talosctl.sh [VERSION]   (default v1.10.4)
# Prints the path of the binary on its last line. A binary already in the cache is reused.
# Env: TALOSCTL_CACHE_DIR (default /var/cache/tailtalos), GO (default: go on PATH, else /usr/local/go/bin/go).
set -euo pipefail

version="${1:-v1.10.4}"
cache_dir="${TALOSCTL_CACHE_DIR:-/var/cache/tailtalos}"
binary="$cache_dir/talosctl-$version"

if [[ -x "$binary" ]] && "$binary" version --client --short >/dev/null 2>&1; then
    echo "$binary"
    exit 0
fi

go_bin="${GO:-$(command -v go || echo /usr/local/go/bin/go)}"
[[ -x "$go_bin" ]] || { echo "build-talosctl: Go not found (set GO=/path/to/go)" >&2; exit 1; }

mkdir -p "$cache_dir"
work="$(mktemp -d "${TMPDIR:-/tmp}/talosctl-build.XXXXXX")"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

# go mod download needs a module context; an empty throwaway module gives it one.
(cd "$work" && GOWORK=off GOFLAGS=-mod=mod "$go_bin" mod init talosctl-build >/dev/null 2>&1 \
    && GOWORK=off GOFLAGS=-mod=mod "$go_bin" mod download \
        "github.com/siderolabs/talos@$version" "github.com/siderolabs/talos/pkg/machinery@$version")

modcache="$("$go_bin" env GOMODCACHE)"
cp -r "$modcache/github.com/siderolabs/talos@$version" "$work/talos"
chmod -R u+w "$work/talos"
rm -rf "$work/talos/pkg/machinery"
cp -r "$modcache/github.com/siderolabs/talos/pkg/machinery@$version" "$work/talos/pkg/machinery"
chmod -R u+w "$work/talos/pkg/machinery"

(cd "$work/talos" && GOWORK=off GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod \
    "$go_bin" build -tags grpcnotrace -o "$work/talosctl" ./cmd/talosctl)

install -m 0755 "$work/talosctl" "$binary.tmp"
mv -f "$binary.tmp" "$binary"
echo "$binary"
