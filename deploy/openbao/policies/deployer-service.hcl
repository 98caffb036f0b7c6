# deployer-service: may only unwrap sealed configs' data keys. No custody, no encrypt, no key management.
path "transit/decrypt/tailtalos-seal" {
  capabilities = ["update"]
}
