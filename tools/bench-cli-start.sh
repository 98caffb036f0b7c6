#!/usr/bin/env bash
# Start-up benchmark of one-shot commands: `tailtalos talos version` against one simulated node, next to the real
# talosctl on the same node in the same run, and the plain JVM start (no class-data archive, full JIT) as baseline.
# Prints median and p90 wall time, CPU time and peak RSS per variant, and ratios. Loopback only (127.0.61.1).
#   tools/bench-cli-start.sh [RUNS]        TALOSCTL=/path/to/talosctl (default: tools/build-talosctl.sh's cache)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-11}"
case "$runs" in ''|*[!0-9]*|0) echo "usage: $0 [RUNS>0]" >&2; exit 2 ;; esac
talosctl="${TALOSCTL:-/var/cache/tailtalos/talosctl-v1.10.4/talosctl}"
[ -x "$talosctl" ] || talosctl="$(command -v talosctl || true)"
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

work="$(mktemp -d)"
cleanup() { [ -n "${sim:-}" ] && kill "$sim" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

"$here/tailtalos" --version >/dev/null          # build the CLI and its class-data archive first, untimed
"$here/tailtalos" sim --configured --nodes 1 --base-address 127.0.61.1 --port 50000 --talosconfig-out "$work/talosconfig" \
  >"$work/sim.out" 2>&1 &
sim=$!
for _ in $(seq 1 600); do grep -q 'running until stopped' "$work/sim.out" 2>/dev/null && break; sleep 0.1; done
grep -q 'running until stopped' "$work/sim.out" || { echo "the simulated node did not start:" >&2; cat "$work/sim.out" >&2; exit 1; }

jar="$here/cli/target/tailtalos-cli.jar"
measure() { # name, command...
  local name="$1"; shift
  : >"$work/$name.times"
  "$@" >"$work/$name.out" 2>&1 || { echo "$name failed:" >&2; cat "$work/$name.out" >&2; exit 1; }   # warm-up
  for _ in $(seq 1 "$runs"); do
    /usr/bin/time -f '%e %U %S %M' -a -o "$work/$name.times" "$@" >/dev/null 2>&1
  done
  python3 - "$name" "$work/$name.times" "$work/$name.median" <<'PY'
import statistics, sys
name, times, median_file = sys.argv[1:4]
rows = [line.split() for line in open(times) if line.strip() and line.split()[0][0].isdigit()]
wall = sorted(float(r[0]) for r in rows)
cpu = sorted(float(r[1]) + float(r[2]) for r in rows)
rss = sorted(int(r[3]) for r in rows)
p90 = wall[min(len(wall) - 1, int(len(wall) * 0.9 + 0.999) - 1)]
print(f"{name:<24} median {statistics.median(wall):.2f} s  p90 {p90:.2f} s  "
      f"cpu median {statistics.median(cpu):.2f} s  rss median {statistics.median(rss) / 1024:.0f} MiB  ({len(wall)} runs)")
open(median_file, "w").write(f"{statistics.median(wall)}\n")
PY
}

echo "== one-shot start: talos version against 127.0.61.1:50000, $runs runs each, $(nproc) cores"
measure "tailtalos (launcher)" "$here/tailtalos" talos version --talosconfig "$work/talosconfig" -n 127.0.61.1
measure "java -jar (baseline)" java -Xmx2g -Dtailtalos.home="$here" -jar "$jar" talos version \
  --talosconfig "$work/talosconfig" -n 127.0.61.1
if [ -n "$talosctl" ]; then
  measure "talosctl v1.10.4" "$talosctl" --talosconfig "$work/talosconfig" -n 127.0.61.1 version
fi
launcher="$(cat "$work/tailtalos (launcher).median")"
baseline="$(cat "$work/java -jar (baseline).median")"
awk -v a="$launcher" -v b="$baseline" 'BEGIN { printf "ratio launcher / plain java -jar: %.2f\n", a/b }'
if [ -n "$talosctl" ]; then
  t="$(cat "$work/talosctl v1.10.4.median")"
  awk -v a="$launcher" -v t="$t" 'BEGIN { printf "ratio launcher / talosctl: %.1f\n", a/t }'
else
  echo "talosctl: not found (build it with tools/build-talosctl.sh or set TALOSCTL); no talosctl figures"
fi
