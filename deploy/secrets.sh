#!/usr/bin/env bash
# Makes the secrets of a new cluster, once: random keys and passwords and a self-signed cluster certificate.
#
#   bash deploy/secrets.sh [directory]          # default: deploy/secrets (git ignores it)
#
# Writes, for deploy/compose.yml: membercard.env (the silos), postgres.env, grafana.env, cluster.pfx; and for
# Kubernetes: k8s-secrets.yaml (Secrets membercard-keys and membercard-cluster-certificate, applied with
# `kubectl apply -f`). The database host in its connection string is MEMBERCARD_K8S_DB_HOST (default postgres).
# It refuses to write into a directory that already holds secrets: the phone index key and the personal-data keys
# must never change once members exist (docs/security.md), so a second run must not replace them by mistake.
set -euo pipefail

DIR="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/secrets}"
K8S_DB_HOST="${MEMBERCARD_K8S_DB_HOST:-postgres}"
command -v openssl >/dev/null || { echo "secrets.sh: openssl is needed" >&2; exit 1; }
if [[ -e $DIR/membercard.env ]]; then
    echo "secrets.sh: $DIR already holds secrets; keys must not change on a live cluster. Remove them first if this is a new cluster." >&2
    exit 1
fi
mkdir -p "$DIR"
chmod 700 "$DIR"
umask 077

hex() { openssl rand -hex "$1"; }
b64() { openssl rand -base64 "$1"; }

db_password="$(hex 24)"
bootstrap_key="$(hex 24)"
phone_key="$(b64 32)"
id_number_key="$(b64 32)"
personal_key="$(b64 32)"
jwt_key="$(b64 48)"
cert_password="$(hex 24)"
grafana_password="$(hex 16)"

openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=membercard-cluster" \
    -keyout "$DIR/cluster.key" -out "$DIR/cluster.crt" 2>/dev/null
openssl pkcs12 -export -out "$DIR/cluster.pfx" -inkey "$DIR/cluster.key" -in "$DIR/cluster.crt" -passout "pass:$cert_password"
rm -f "$DIR/cluster.key"

cat >"$DIR/postgres.env" <<ENV
POSTGRES_PASSWORD=$db_password
ENV

cat >"$DIR/grafana.env" <<ENV
GF_SECURITY_ADMIN_PASSWORD=$grafana_password
ENV

cat >"$DIR/membercard.env" <<ENV
Storage__Postgres__ConnectionString=Host=db;Username=membercard;Password=$db_password;Database=membercard
MEMBERCARD_BOOTSTRAP_API_KEY=$bootstrap_key
PhoneIndex__HashKey=$phone_key
IdNumberIndex__HashKey=$id_number_key
PersonalData__Keys__k1=$personal_key
PersonalData__CurrentKeyId=k1
Auth__Jwt__SigningKey=$jwt_key
Cluster__Certificate__Password=$cert_password
ENV

cat >"$DIR/k8s-secrets.yaml" <<YAML
# Made by deploy/secrets.sh. Apply once per cluster: kubectl apply -f $DIR/k8s-secrets.yaml
apiVersion: v1
kind: Secret
metadata:
  name: membercard-keys
  labels: { app.kubernetes.io/name: membercard }
type: Opaque
stringData:
  postgres-connection-string: "Host=$K8S_DB_HOST;Username=membercard;Password=$db_password;Database=membercard"
  bootstrap-api-key: "$bootstrap_key"
  phone-index-key: "$phone_key"
  id-number-index-key: "$id_number_key"
  personal-data-key-k1: "$personal_key"
  personal-data-current-key-id: "k1"
  jwt-signing-key: "$jwt_key"
  cluster-certificate-password: "$cert_password"
---
apiVersion: v1
kind: Secret
metadata:
  name: membercard-cluster-certificate
  labels: { app.kubernetes.io/name: membercard }
type: Opaque
data:
  cluster.pfx: $(base64 -w0 "$DIR/cluster.pfx")
YAML

echo "secrets.sh: written to $DIR (keep it; the database password for PostgreSQL's own setup is in postgres.env)"
