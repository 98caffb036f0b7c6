#!/bin/sh
# One-shot (openbao-keygen service): create, once, the keys that must exist before anything starts.
#   /openbao/unseal/unseal.key   OpenBao's static seal key: 32 raw random bytes, owner openbao, mode 0400
#   /tailtalos/seal/seal.key     tailtalos' local sealing key: 32 random bytes base64, owner uid 10001, mode 0600
#                                (used while the seal backend is local; see docs/operator-guide.md)
#   /tailtalos/deployer-token/api.token  the deployer API bearer token, owner uid 10001, mode 0400
# Never overwrites an existing key: replacing one makes the data it protects unreadable.
set -eu
umask 077

unseal=/openbao/unseal/unseal.key
if [ -s "$unseal" ]; then
  echo "keygen: $unseal exists, keeping it"
else
  head -c 32 /dev/urandom > "$unseal.tmp"
  [ "$(wc -c < "$unseal.tmp")" -eq 32 ] || { echo "keygen: could not read 32 random bytes" >&2; exit 1; }
  mv "$unseal.tmp" "$unseal"
  echo "keygen: wrote a new OpenBao static seal key (back it up apart from the openbao-data volume)"
fi
# the image's own openbao user (the OpenBao images name it; no numeric guess): a failure here stops the stack
chown openbao "$unseal" || { echo "keygen: this image has no user openbao: run keygen with the OpenBao image" >&2; exit 1; }
chmod 0400 "$unseal"

if [ -d /tailtalos/seal ]; then
  seal=/tailtalos/seal/seal.key
  if [ -s "$seal" ]; then
    echo "keygen: $seal exists, keeping it"
  else
    head -c 32 /dev/urandom | base64 > "$seal.tmp"
    mv "$seal.tmp" "$seal"
    echo "keygen: wrote a new tailtalos sealing key"
  fi
  chown "${TAILTALOS_SERVICE_UID:-10001}" /tailtalos/seal "$seal"
  chmod 0700 /tailtalos/seal
  chmod 0600 "$seal"
fi

if [ -d /tailtalos/deployer-token ]; then
  token=/tailtalos/deployer-token/api.token
  if [ -s "$token" ]; then
    echo "keygen: $token exists, keeping it"
  else
    printf 'ttdep-%s\n' "$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')" > "$token.tmp"
    mv "$token.tmp" "$token"
    echo "keygen: wrote a new deployer API token"
  fi
  chown "${TAILTALOS_SERVICE_UID:-10001}" /tailtalos/deployer-token "$token"
  chmod 0500 /tailtalos/deployer-token
  chmod 0400 "$token"
fi
