# sops-editor: whoever writes hc_vault SOPS files for the cluster repo (`sops --hc-vault-transit …/transit/keys/sops`).
# Encrypt and decrypt with the sops transit key only: no custody, no key management, no tailtalos-seal.
path "transit/encrypt/sops" {
  capabilities = ["update"]
}
path "transit/decrypt/sops" {
  capabilities = ["update"]
}
