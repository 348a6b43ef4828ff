#!/usr/bin/env bash
# Prints, as manifests for `kubectl apply -f -`, what the local overlay needs and git does not hold:
# the ONS reference data, the development device CA (bin/meternet infra up makes it), the broker's
# certificate and hashed service passwords, and a self-signed certificate for the Ingress.
# Needs kubectl (client only: nothing is sent to a cluster), openssl and mosquitto_passwd.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
source "$root/bin/lib/common.sh"   # ROOT, PKI
source "$root/bin/lib/infra.sh"    # write_dev_broker_passwords
pki="${METERNET_PKI:-$PKI}"
kubectl="${KUBECTL:-kubectl}"
for f in device-ca.p12 device-ca.crt device-ca.crl broker.crt broker.key; do
  [[ -f "$pki/$f" ]] || { echo "no $pki/$f: run bin/meternet infra up first" >&2; exit 1; }
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

emit() { "$kubectl" "$@" --namespace meternet --dry-run=client -o yaml; echo "---"; }

"$root/k8s/reference-data.sh"
echo "---"
emit create secret generic meternet-device-ca --from-file=device-ca.p12="$pki/device-ca.p12" \
  --from-file=device-ca.crt="$pki/device-ca.crt" --from-file=device-ca.crl="$pki/device-ca.crl" \
  --from-literal=keystore-password=dev-device-ca
emit create secret tls meternet-broker-tls --cert="$pki/broker.crt" --key="$pki/broker.key"
write_dev_broker_passwords "$work/passwords"
emit create secret generic meternet-broker-passwords --from-file=passwords="$work/passwords"
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=api.meternet.example" \
  -addext "subjectAltName=DNS:api.meternet.example" -keyout "$work/tls.key" -out "$work/tls.crt" 2>/dev/null
emit create secret tls meternet-gateway-tls --cert="$work/tls.crt" --key="$work/tls.key"
