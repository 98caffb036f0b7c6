# secrets-service: the only reader and writer of custody (auth keys, Talos bundle, SOPS identities) and the only
# service that may seal (encrypt) with the transit key.
path "secret/data/tailtalos/*" {
  capabilities = ["create", "read", "update", "patch", "delete"]
}
path "secret/metadata/tailtalos" {
  capabilities = ["list"]
}
path "secret/metadata/tailtalos/*" {
  capabilities = ["read", "list", "delete"]
}
path "secret/delete/tailtalos/*" {
  capabilities = ["update"]
}
path "secret/undelete/tailtalos/*" {
  capabilities = ["update"]
}
path "transit/encrypt/tailtalos-seal" {
  capabilities = ["update"]
}
path "transit/decrypt/tailtalos-seal" {
  capabilities = ["update"]
}
# SOPS files encrypted with hc_vault name their transit key; tailtalos' convention is transit/keys/sops.
path "transit/decrypt/sops" {
  capabilities = ["update"]
}
