# config-service renders configs with custody:// references only; it reads no secret.
# This policy grants nothing beyond the default policy (token self-lookup/renewal).
path "auth/token/lookup-self" {
  capabilities = ["read"]
}
