#!/usr/bin/env bash
# Regenerates the configpatcher differential corpus and the Talos type models from real Talos machinery, one
# build of talos-oracle per Talos line (the go.mod here pins v1.10.4; other lines are built in a temporary copy).
# Needs Go and the Go module proxy. Usage: tools/talos-oracle/regenerate.sh [machinery versions...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
versions=("${@:-v1.10.4 v1.11.6 v1.12.7 v1.13.8}")
read -r -a versions <<< "${versions[*]}"
export GOFLAGS=-mod=mod GOSUMDB=off GOWORK=off CGO_ENABLED=0
python3 "$here/cases/generate.py"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for version in "${versions[@]}"; do
  cp -r "$here" "$work/$version"
  (cd "$work/$version" && go mod edit -require="github.com/siderolabs/talos/pkg/machinery@$version" \
    && go mod tidy && go build -o "$work/oracle-$version" .)
  machinery=$(cd "$work/$version" && go list -m -f '{{.Dir}}' github.com/siderolabs/talos/pkg/machinery)
  "$work/oracle-$version" types "$machinery/config/schemas/config.schema.json" "$version" \
    "$repo/common/src/main/resources/talos-types/$version.json"
  "$work/oracle-$version" cases "$here/cases/cases-in.json" "$version" \
    "$repo/common/src/test/resources/configpatcher/$version.json"
  if [ -x "$here/validate-goldens.sh" ]; then
    "$here/validate-goldens.sh" "$work/oracle-$version" "$version"
  fi
done
