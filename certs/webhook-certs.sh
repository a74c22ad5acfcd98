#!/usr/bin/env bash
# Makes the webhook's TLS material for the manifests/self-signed overlay with openssl only:
# a CA and a serving certificate (ECDSA P-256) for the webhook Service's DNS names, the Secret manifest and the
# caBundle patch for the MutatingWebhookConfiguration.
#
#   webhook-certs.sh generate [options]   new CA + serving certificate (refuses to overwrite without --force)
#   webhook-certs.sh rotate   [options]   new serving certificate from the existing CA (caBundle unchanged);
#                                         with --ca also a new CA, and the caBundle trusts new and previous CA
#                                         so pods still serving the old certificate keep working until reloaded
# then: kubectl apply -k manifests/self-signed
#
# Options (defaults match manifests/base):
#   --out DIR               output directory (default: manifests/self-signed/tls next to this script)
#   --namespace NS          azmon-rw-system
#   --service NAME          azmon-rw-webhook
#   --secret NAME           azmon-rw-webhook-tls
#   --webhook-config NAME   azmon-rw-webhook (MutatingWebhookConfiguration)
#   --webhook-name NAME     inject.azmon-rw.io (the webhook entry in it)
#   --days N                serving certificate lifetime in days (365)
#   --ca-days N             CA lifetime in days (3650)
#   --ca                    rotate: roll the CA too
#   --force                 generate: overwrite existing files
set -euo pipefail

die() { echo "webhook-certs.sh: $*" >&2; exit 1; }

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$(cd "$here/.." && pwd)/manifests/self-signed/tls"
ns=azmon-rw-system
svc=azmon-rw-webhook
secret=azmon-rw-webhook-tls
mwc=azmon-rw-webhook
hook=inject.azmon-rw.io
days=365
ca_days=3650
roll_ca=false
force=false

[[ $# -ge 1 ]] || die "usage: webhook-certs.sh generate|rotate [options] (see the header of this script)"
cmd=$1; shift
while [[ $# -gt 0 ]]; do
  case $1 in
    --out) out=$2; shift 2 ;;
    --namespace) ns=$2; shift 2 ;;
    --service) svc=$2; shift 2 ;;
    --secret) secret=$2; shift 2 ;;
    --webhook-config) mwc=$2; shift 2 ;;
    --webhook-name) hook=$2; shift 2 ;;
    --days) days=$2; shift 2 ;;
    --ca-days) ca_days=$2; shift 2 ;;
    --ca) roll_ca=true; shift ;;
    --force) force=true; shift ;;
    *) die "unknown option $1" ;;
  esac
done
[[ $days =~ ^[1-9][0-9]*$ ]] || die "--days must be a positive integer, got '$days'"
[[ $ca_days =~ ^[1-9][0-9]*$ ]] || die "--ca-days must be a positive integer, got '$ca_days'"
(( ca_days >= days )) || die "--ca-days ($ca_days) must be at least --days ($days): the CA must outlive the certificate"
command -v openssl >/dev/null || die "openssl not found"

mkdir -p "$out"
umask 077
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

new_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
serial() { echo "0x$(openssl rand -hex 16)"; }

new_ca() {
  new_key "$work/ca.key"
  openssl req -x509 -new -key "$work/ca.key" -sha256 -days "$ca_days" -set_serial "$(serial)" \
    -subj "/CN=azmon-rw-webhook-ca.$ns" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -addext "subjectKeyIdentifier=hash" \
    -out "$work/ca.crt"
}

new_serving_cert() { # $1 CA cert, $2 CA key
  new_key "$work/tls.key"
  openssl req -new -key "$work/tls.key" -subj "/CN=$svc.$ns.svc" -out "$work/tls.csr"
  cat > "$work/ext.cnf" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
subjectAltName=DNS:$svc,DNS:$svc.$ns,DNS:$svc.$ns.svc,DNS:$svc.$ns.svc.cluster.local
EXT
  openssl x509 -req -in "$work/tls.csr" -CA "$1" -CAkey "$2" -set_serial "$(serial)" -sha256 -days "$days" \
    -extfile "$work/ext.cnf" -out "$work/tls.crt" 2>/dev/null
}

b64() { base64 < "$1" | tr -d '\n'; }

case $cmd in
  generate)
    if [[ -e $out/ca.key || -e $out/tls.key ]] && ! $force; then
      die "$out already holds keys: use 'rotate', or --force to start over"
    fi
    new_ca
    new_serving_cert "$work/ca.crt" "$work/ca.key"
    cp "$work/ca.crt" "$work/ca-bundle.crt"
    ;;
  rotate)
    [[ -s $out/ca.crt && -s $out/ca.key ]] || die "no CA in $out: run 'generate' first"
    if $roll_ca; then
      new_ca
      # new CA first, then the previous one, so the API server trusts both during the switch
      cat "$work/ca.crt" "$out/ca.crt" > "$work/ca-bundle.crt"
    else
      openssl x509 -in "$out/ca.crt" -noout -checkend $(( days * 86400 )) >/dev/null \
        || die "the CA expires before a ${days}-day certificate would: use 'rotate --ca'"
      cp "$out/ca.crt" "$out/ca.key" "$work/"
      cp "$out/ca-bundle.crt" "$work/ca-bundle.crt" 2>/dev/null || cp "$out/ca.crt" "$work/ca-bundle.crt"
    fi
    new_serving_cert "$work/ca.crt" "$work/ca.key"
    ;;
  *) die "unknown command '$cmd' (generate or rotate)" ;;
esac

cat > "$work/secret.yaml" <<YAML
# Generated by certs/webhook-certs.sh $cmd on $(date -u +%Y-%m-%dT%H:%M:%SZ). Holds a private key: do not commit.
apiVersion: v1
kind: Secret
metadata:
  name: $secret
  namespace: $ns
  labels:
    app.kubernetes.io/name: azmon-rw-webhook
type: kubernetes.io/tls
data:
  ca.crt: $(b64 "$work/ca-bundle.crt")
  tls.crt: $(b64 "$work/tls.crt")
  tls.key: $(b64 "$work/tls.key")
YAML

cat > "$work/ca-bundle-patch.yaml" <<YAML
# Generated by certs/webhook-certs.sh $cmd: the CA(s) the API server trusts when calling the webhook.
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: $mwc
webhooks:
  - name: $hook
    clientConfig:
      caBundle: $(b64 "$work/ca-bundle.crt")
YAML

# install everything only once all of it was made, so a failure leaves the previous set intact
for f in ca.crt ca.key ca-bundle.crt tls.crt tls.key secret.yaml ca-bundle-patch.yaml; do
  mv -f "$work/$f" "$out/$f"
done
echo "wrote $out: serving certificate for $svc.$ns.svc valid until $(openssl x509 -in "$out/tls.crt" -noout -enddate | cut -d= -f2)"
