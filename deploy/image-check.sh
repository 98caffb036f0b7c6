#!/usr/bin/env bash
# Proves a service image tar runs, without a Docker engine: checks the archive (deploy/image-check.py), unpacks its
# layers and runs its entrypoint as the image's user under chroot in new mount and PID namespaces (proc and /dev
# mounted, host network), with the given environment, until EXPECTED (a grep -E pattern) shows in its output.
# Usage (as root): deploy/image-check.sh IMAGE.tar EXPECTED [NAME=VALUE …]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
image="$1" expected="$2"; shift 2
[ "$(id -u)" = 0 ] || { echo "image-check: needs root (chroot, unshare); run it as root or skip the image run" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 "$here/image-check.py" "$image" "$work/rootfs" > "$work/spec"
user="$(sed -n 's/^USER=//p' "$work/spec")"
workdir="$(sed -n 's/^WORKDIR=//p' "$work/spec")"
mapfile -t envs < <(sed -n 's/^ENV=//p' "$work/spec")
mapfile -t argv < <(python3 -c 'import json,sys; print("\n".join(json.loads(sys.argv[1])))' "$(sed -n 's/^ARGV=//p' "$work/spec")")
echo "image-check: entrypoint ${argv[*]} as $user in $workdir"
mkdir -p "$work/rootfs/proc" "$work/rootfs/dev" "$work/rootfs/tmp"
set +e
# The image has no env or shell: the host's env clears the environment, chroot then runs the entrypoint inside.
timeout 120 unshare --mount --pid --fork bash -c '
  root="$1" user="$2" nenv="$3"; shift 3
  mount -t proc proc "$root/proc" && mount --rbind /dev "$root/dev" &&
  exec env -i "${@:1:$nenv}" chroot --userspec="$user" "$root" "${@:$((nenv + 1))}"' _ "$work/rootfs" "$user" \
  "$((${#envs[@]} + $# + 1))" "${envs[@]}" "$@" HOME="$workdir" "${argv[@]}" > "$work/out" 2>&1
rc=$?
set -e
if grep -qE "$expected" "$work/out"; then
  echo "image-check: $(basename "$image") ran (exit $rc) and printed: $(grep -m1 -oE "$expected" "$work/out")"
  exit 0
fi
echo "image-check: $(basename "$image") exited $rc without printing /$expected/; its output:" >&2
tail -40 "$work/out" >&2
exit 1
