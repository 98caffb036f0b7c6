#!/bin/sh
# One-shot, idempotent set-up of OpenBao for tailtalos (run by the openbao-bootstrap service):
#   initialise (recovery key + root token kept in the openbao-bootstrap volume, mode 0400),
#   KV v2 at secret/, transit at transit/ with the key tailtalos-seal, AppRole,
#   one policy and one AppRole per service (policies in /policies/<service>.hcl),
#   an AppRole sops-editor (encrypt/decrypt with transit/keys/sops only; SecretID in /bootstrap),
#   a SecretID file for each service that talks to OpenBao (/approle/<service>/secret-id, readable by uid 10001 only).
# Role IDs are fixed to the service name (they are identifiers, not secrets); SecretIDs are the secrets.
set -eu
export BAO_ADDR="${BAO_ADDR:-http://openbao:8200}"
state=/bootstrap
services="config-service secrets-service deployer-service monitor-service sops-editor"
with_secret_id="${TAILTALOS_APPROLE_SERVICES:-secrets-service deployer-service}"
service_uid="${TAILTALOS_SERVICE_UID:-10001}"
umask 077

status() { bao status >/dev/null 2>&1; echo $?; }   # 0 unsealed, 2 sealed or uninitialised, 1 unreachable

i=0
while [ "$(status)" = 1 ]; do
  i=$((i + 1)); [ "$i" -gt 60 ] && { echo "bootstrap: OpenBao at $BAO_ADDR is unreachable" >&2; exit 1; }
  sleep 1
done

if bao status 2>/dev/null | grep -q '^Initialized *false'; then
  echo "bootstrap: initialising OpenBao (static seal: recovery key instead of unseal keys)"
  bao operator init -recovery-shares=1 -recovery-threshold=1 -format=json > "$state/init.json.tmp"
  mv "$state/init.json.tmp" "$state/init.json"
  chmod 0400 "$state/init.json"
fi
[ -s "$state/init.json" ] || { echo "bootstrap: OpenBao is initialised but $state/init.json is missing;" \
  "restore the openbao-bootstrap volume or set BAO_TOKEN" >&2; [ -n "${BAO_TOKEN:-}" ] || exit 1; }

i=0
until [ "$(status)" = 0 ]; do
  i=$((i + 1)); [ "$i" -gt 60 ] && { echo "bootstrap: OpenBao stays sealed; check the static seal key" >&2; exit 1; }
  sleep 1
done

if [ -z "${BAO_TOKEN:-}" ]; then
  BAO_TOKEN="$(sed -n 's/.*"root_token": *"\([^"]*\)".*/\1/p' "$state/init.json")"
  export BAO_TOKEN
fi

bao secrets list | grep -q '^secret/ ' || bao secrets enable -path=secret -version=2 kv
bao secrets list | grep -q '^transit/ ' || bao secrets enable -path=transit transit
# `bao write transit/keys/…` answers with the key's metadata table: keep it out of the log.
bao read transit/keys/tailtalos-seal >/dev/null 2>&1 || bao write -f transit/keys/tailtalos-seal type=aes256-gcm96 >/dev/null
bao read transit/keys/sops >/dev/null 2>&1 || bao write -f transit/keys/sops type=aes256-gcm96 >/dev/null
bao auth list | grep -q '^approle/ ' || bao auth enable approle

for svc in $services; do
  bao policy write "$svc" "/policies/$svc.hcl"
  bao write "auth/approle/role/$svc" token_policies="$svc" token_ttl=1h token_max_ttl=24h \
    secret_id_ttl=0 secret_id_num_uses=0 >/dev/null
  bao write "auth/approle/role/$svc/role-id" role_id="$svc" >/dev/null
done

for svc in $with_secret_id; do
  dir="/approle/$svc"
  mkdir -p "$dir"
  if [ ! -s "$dir/secret-id" ]; then
    bao write -f -field=secret_id "auth/approle/role/$svc/secret-id" > "$dir/secret-id.tmp"
    mv "$dir/secret-id.tmp" "$dir/secret-id"
    echo "bootstrap: issued a SecretID for $svc"
  fi
  chown "$service_uid" "$dir" "$dir/secret-id"
  chmod 0500 "$dir"
  chmod 0400 "$dir/secret-id"
done
# sops-editor: may encrypt/decrypt with transit/keys/sops only (hc_vault SOPS files without the root token).
# Its SecretID stays in the openbao-bootstrap volume (docs/operator-guide.md "SOPS files encrypted with OpenBao").
if [ ! -s "$state/sops-editor.secret-id" ]; then
  bao write -f -field=secret_id auth/approle/role/sops-editor/secret-id > "$state/sops-editor.secret-id.tmp"
  mv "$state/sops-editor.secret-id.tmp" "$state/sops-editor.secret-id"
  chmod 0400 "$state/sops-editor.secret-id"
  echo "bootstrap: issued a SecretID for sops-editor"
fi
echo "bootstrap: OpenBao ready (kv-v2 secret/, transit tailtalos-seal + sops, approle for: $services)"
