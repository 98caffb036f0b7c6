#!/usr/bin/env bash
# Regenerates expected/<talosVersion>/ of every golden repo (or of the repos named) with the real talhelper.
# Needs talhelper v3.1.16 on PATH (or TALHELPER=/path/to/talhelper); tests never run this. To build it:
#   go mod download github.com/budimanjojo/talhelper/v3@v3.1.16
#   cp -r "$(go env GOMODCACHE)/github.com/budimanjojo/talhelper/v3@v3.1.16" /tmp/talhelper && chmod -R u+w /tmp/talhelper
#   (cd /tmp/talhelper && GOWORK=off GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod go build -o talhelper .)
# Repos with SOPS-encrypted inputs (sops-encrypted, seed-sops) are decrypted by talhelper with age.key.
#   bash regenerate.sh [REPO...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
talhelper=${TALHELPER:-talhelper}
command -v "$talhelper" >/dev/null || { echo "regenerate.sh: $talhelper not found (see the build steps above)" >&2; exit 1; }
versions=(v1.10.4 v1.13.8)
cd "$here"
repos=("$@")
if [ ${#repos[@]} -eq 0 ]; then
  for d in */; do [ -f "$d/talconfig.yaml" ] && repos+=("${d%/}"); done
fi
for repo in "${repos[@]}"; do
  for v in "${versions[@]}"; do
    out="$here/$repo/expected/$v"
    rm -rf "$out" && mkdir -p "$out"
    secrets="$here/talsecret.yaml"
    for own in "$here/$repo"/talsecret*.yaml; do [ -f "$own" ] && secrets="$own"; done
    tmp=$(mktemp -d)
    if (cd "$here/$repo" && TALOS_VERSION=$v SOPS_AGE_KEY_FILE="$here/age.key" \
          "$talhelper" genconfig --offline-mode -s "$secrets" -o "$tmp/out" --no-gitignore >"$tmp/log" 2>&1); then
      cp "$tmp"/out/* "$out/"
      echo "$repo $v: $(ls "$out" | wc -l) files"
    else
      grep -v '^\s*$' "$tmp/log" | tail -1 | sed 's/^.*failed to generate talos config: //' > "$out/error.txt"
      echo "$repo $v: talhelper refused: $(cat "$out/error.txt")"
    fi
    rm -rf "$tmp"
  done
done
