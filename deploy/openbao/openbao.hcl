# OpenBao for the tailtalos homelab stack (docker-compose.yml).
# Single node, file storage on the openbao-data volume (mounted at /openbao/file, which the image owns as openbao), plain HTTP on the compose network only
# (the port is not published; put TLS in front before exposing it).

storage "file" {
  path = "/openbao/file"
}

listener "tcp" {
  address     = "0.0.0.0:8200"
  tls_disable = true
}

# Auto-unseal after every restart/reboot from a 32-byte AES-256-GCM key in a file
# (https://openbao.org/docs/configuration/seal/static). The openbao-keygen one-shot writes it once
# to the openbao-unseal volume. Whoever holds this key and the data volume holds every secret:
# back it up apart from the data (README: "Back up and restore").
# To rotate: write a new key, set current_key_id/current_key to it and previous_key_id/previous_key to the old one.
seal "static" {
  current_key_id = "tailtalos-1"
  current_key    = "file:///openbao/unseal/unseal.key"
}

api_addr      = "http://openbao:8200"
disable_mlock = true
ui            = false
