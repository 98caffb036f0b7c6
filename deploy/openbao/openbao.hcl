# OpenBao for the tailtalos homelab stack (docker-compose.yml). The image's entrypoint starts
# `bao server -config=/openbao/config`, which loads every *.hcl in that directory: this file is mounted there
# and compose passes no second -config (a second one would declare the listener twice).
# Single node, integrated (raft) storage on the openbao-data volume (mounted at /openbao/file, owned by openbao):
# OpenBao 2.7 removed storage "file"; raft works on 2.4 and later.
# Plain HTTP on the compose network only (the port is not published; put TLS in front before exposing it).

storage "raft" {
  path    = "/openbao/file"
  node_id = "openbao-1"
}

listener "tcp" {
  address     = "0.0.0.0:8200"
  tls_disable = true
}

# Auto-unseal after every restart/reboot from a 32-byte AES-256-GCM key in a file
# (https://openbao.org/docs/configuration/seal/static). The keygen one-shot writes it once
# to the openbao-unseal volume. Whoever holds this key and the data volume holds every secret:
# back it up apart from the data (docs/operator-guide.md: "Back up and restore").
# To rotate: write a new key, set current_key_id/current_key to it and previous_key_id/previous_key to the old one.
seal "static" {
  current_key_id = "tailtalos-1"
  current_key    = "file:///openbao/unseal/unseal.key"
}

# Declarative audit device (OpenBao >= 2.4 refuses `bao audit enable` over the API): every request and response,
# secrets HMAC'ed, on the openbao-audit volume. Rotate with logrotate + SIGHUP (`docker kill -s HUP`).
audit "file" "file" {
  description = "tailtalos audit trail of OpenBao"
  options {
    file_path = "/openbao/logs/audit.log"
    mode      = "0600"
  }
}

api_addr      = "http://openbao:8200"
cluster_addr  = "http://openbao:8201"
disable_mlock = true
ui            = false
