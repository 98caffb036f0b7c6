#!/bin/sh
# Test image only: the behaviour of OpenBao's official docker-entrypoint.sh that tailtalos relies on.
#   `-flag …`           runs `bao -flag …`
#   `server …`          runs `bao server -config=/openbao/config …` (every *.hcl/*.json there), as user openbao,
#                       after giving openbao the config/file/logs directories (named volumes start root-owned)
#   `bao …` / other      runs as given
# BAO_LOCAL_CONFIG (JSON/HCL text) is written to /openbao/config/local.json like the official image does.
set -e
if [ "${1#-}" != "$1" ]; then set -- bao "$@"; fi
case "$1" in
  server|version|status|operator|secrets|auth|write|read|policy|token|kv|audit|login|list|delete) set -- bao "$@" ;;
esac
if [ "$1" = bao ] && [ "$2" = server ]; then
  shift 2
  if [ -n "${BAO_LOCAL_CONFIG:-}" ]; then echo "$BAO_LOCAL_CONFIG" > /openbao/config/local.json; fi
  if [ "$(id -u)" = 0 ]; then
    for dir in /openbao/file /openbao/logs; do
      [ "$(stat -c %u "$dir")" = "$(id -u openbao)" ] || chown -R openbao:openbao "$dir"
    done
    exec su -p -s /bin/sh openbao -c 'exec bao server -config=/openbao/config "$@"' -- sh "$@"
  fi
  exec bao server -config=/openbao/config "$@"
fi
exec "$@"
