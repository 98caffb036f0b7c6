#!/usr/bin/env bash
# Builds the tailtalos base image as a docker-archive tar (what `docker save` writes; `docker load` reads it,
# and Jib uses it as <from>tar://…</from>) without a Docker daemon or registry, from this machine's packages:
#   /opt/java/openjdk     a jlink'ed JRE (java.se + the JDK modules Spring Boot, Kafka, gRPC/Netty need) of the
#                         installed JDK 17, with the CA certificates of the host (Java cacerts)
#   /lib, /usr/lib …      the shared libraries the JRE needs (ldd) and the dynamic loader
#   /etc/passwd, /etc/group  root and the unprivileged user tailtalos (uid/gid 10001), /etc/nsswitch.conf
#   /etc/ssl/certs/ca-certificates.crt
#   /tmp (1777), /var/lib/tailtalos/{data,seal} (owned by 10001: named volumes inherit it)
#   /opt/tailtalos/healthcheck.jar  HealthCheck (http | tcp | process) for compose health checks
# Usage: deploy/base-image/build.sh [OUT.tar]   (default target/base-image.tar at the repository root)
# Needs: bash, python3, a JDK 17 with jlink/javac/jar (JAVA_HOME or on PATH), ldd. Takes ~20 s.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$root/target/base-image.tar}"
tag="${TAILTALOS_BASE_TAG:-tailtalos/base-jre:17}"

java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
for tool in jlink javac jar; do
  [ -x "$java_home/bin/$tool" ] || { echo "build.sh: $java_home/bin/$tool missing: install a JDK 17 (openjdk-17-jdk-headless)" >&2; exit 1; }
done
version="$("$java_home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
[ "$version" = 17 ] || { echo "build.sh: JDK 17 required, $java_home is $version" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
mkdir -p "$rootfs"

echo "base-image: jlink JRE from $java_home"
modules="java.se,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.naming.dns,jdk.zipfs,jdk.management,jdk.management.agent,jdk.jfr,jdk.httpserver,jdk.net,jdk.localedata"
"$java_home/bin/jlink" --add-modules "$modules" --output "$rootfs/opt/java/openjdk" \
  --strip-debug --no-man-pages --no-header-files --compress=2 --include-locales=en
# Debian's JDK links cacerts to /etc/ssl/certs/java/cacerts: put the real file into the image.
rm -f "$rootfs/opt/java/openjdk/lib/security/cacerts"
cp -L "$java_home/lib/security/cacerts" "$rootfs/opt/java/openjdk/lib/security/cacerts"
# Native AWT/X11/sound parts of java.desktop: a server needs java.beans from that module, not a display.
rm -f "$rootfs/opt/java/openjdk/lib/"{libawt_xawt.so,libsplashscreen.so,libjsound.so,libjawt.so}
# Class data sharing archive of the JRE's own classes: faster start.
"$rootfs/opt/java/openjdk/bin/java" -Xshare:dump >/dev/null 2>&1 || true

echo "base-image: shared libraries (ldd)"
# Debian's merged /usr: /lib → usr/lib, /lib64 → usr/lib64, /bin → usr/bin; the image gets the same links.
for link in lib lib64 bin sbin; do
  if [ -L "/$link" ]; then
    mkdir -p "$rootfs/$(readlink "/$link")"
    ln -s "$(readlink "/$link")" "$rootfs/$link"
  fi
done
copy_lib() {   # copies the real file; recreates the library's own name as a link to it (libz.so.1 → libz.so.1.2.13)
  local lib="$1" real named
  real="$(readlink -f "$lib")"
  named="$(readlink -f "$(dirname "$lib")")/$(basename "$lib")"
  mkdir -p "$rootfs$(dirname "$real")" "$rootfs$(dirname "$named")"
  [ -e "$rootfs$real" ] || cp "$real" "$rootfs$real"
  if [ "$named" != "$real" ] && [ ! -e "$rootfs$named" ]; then
    ln -s "$real" "$rootfs$named"
  fi
}
libs="$work/libs.txt"
find "$rootfs/opt/java/openjdk" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 |
  xargs -0 -n1 ldd 2>/dev/null | awk '/=> \// {print $3} /^\t\/[^ ]+ \(/ {print $1}' | sort -u > "$libs"
while read -r lib; do
  [ -e "$lib" ] || continue
  case "$lib" in "$rootfs"/*) continue ;; esac   # the JRE's own libraries, found through $ORIGIN
  copy_lib "$lib"
done < "$libs"
# The loader as the ELF interpreter names it (/lib64/ld-linux-x86-64.so.2 on amd64).
interp="$(python3 - "$rootfs/opt/java/openjdk/bin/java" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
i = data.find(b'/lib')
print(data[i:data.index(b'\0', i)].decode() if i >= 0 else '')
PY
)"
[ -z "$interp" ] || copy_lib "$interp"
# dlopen'ed by glibc at run time (not visible to ldd): libgcc_s for thread cancellation.
for extra in /lib/x86_64-linux-gnu/libgcc_s.so.1; do
  [ -e "$extra" ] && copy_lib "$extra"
done

echo "base-image: /etc, health check"
mkdir -p "$rootfs/etc/ssl/certs" "$rootfs/tmp" "$rootfs/proc" "$rootfs/sys" "$rootfs/dev" "$rootfs/var/lib/tailtalos/data" "$rootfs/var/lib/tailtalos/seal" \
  "$rootfs/opt/tailtalos" "$rootfs/home/tailtalos"
cat > "$rootfs/etc/passwd" <<'ETC'
root:x:0:0:root:/root:/sbin/nologin
tailtalos:x:10001:10001:tailtalos:/home/tailtalos:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
ETC
cat > "$rootfs/etc/group" <<'ETC'
root:x:0:
tailtalos:x:10001:
nogroup:x:65534:
ETC
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$rootfs/etc/nsswitch.conf"
cp -L /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
mkdir -p "$work/hc"
"$java_home/bin/javac" --release 17 -d "$work/hc" "$here/HealthCheck.java"
"$java_home/bin/jar" --create --file "$rootfs/opt/tailtalos/healthcheck.jar" --main-class HealthCheck -C "$work/hc" .

mkdir -p "$(dirname "$out")"
python3 "$here/docker_archive.py" "$rootfs" "$out" "$tag"
echo "base-image: wrote $out ($(du -h "$out" | cut -f1), $tag)"
