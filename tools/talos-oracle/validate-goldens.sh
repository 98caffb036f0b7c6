#!/usr/bin/env bash
# Runs Talos' own configloader + Validate (metal mode) on every golden machine config of one Talos line and writes
# the verdicts to config-service/src/test/resources/talos-validation/<version>.json.
# Usage: validate-goldens.sh ORACLE_BINARY MACHINERY_VERSION (called by regenerate.sh)
set -euo pipefail
oracle=$1 version=$2
repo=$(cd "$(dirname "$0")/../.." && pwd)
golden=$repo/config-service/src/test/resources/golden
files=$(cd "$golden" && ls -- */expected/"$version"/*.yaml 2>/dev/null || true)
[ -n "$files" ] || { echo "no goldens for $version" >&2; }
mkdir -p "$repo/config-service/src/test/resources/talos-validation"
# shellcheck disable=SC2086
[ -z "$files" ] || (cd "$golden" && "$oracle" validate $files) > "$repo/config-service/src/test/resources/talos-validation/$version.json"
# the validation cases (configs written to probe Talos's decoder: machine.disks, sizes, unknown keys and kinds)
cases=$repo/config-service/src/test/resources/talos-validation/cases
(cd "$cases" && "$oracle" validate *.yaml) > "$repo/config-service/src/test/resources/talos-validation/cases-$version.json"
