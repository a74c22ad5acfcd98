#!/usr/bin/env bash
# Measures admissions/s and latency of the webhook over TLS for the kube-prometheus-stack Prometheus pod.
# Starts the real jar on loopback (no cluster: the pod carries its client id, tenant id and ingestion URL as
# annotations, so no API lookup is needed; KUBECONFIG points at a closed loopback port), runs AdmissionLoad, stops it.
# Usage (after `mvn -pl webhook -am verify` or `package` + `test-compile`): webhook/src/test/sh/admission-load.sh [seconds] [concurrency]
set -euo pipefail
cd "$(dirname "$0")/../../.."   # webhook/
SECONDS_RUN="${1:-20}"
CONC="${2:-8}"
WORK="$(mktemp -d)"
trap 'kill "${PID:-0}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=127.0.0.1 \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$WORK/tls.key" -out "$WORK/tls.crt" 2>/dev/null
cat > "$WORK/kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters: [{name: none, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}]
contexts: [{name: none, context: {cluster: none, user: none}}]
users: [{name: none, user: {token: none}}]
current-context: none
KC
# the fixture plus the identity annotations, so that admission needs no API call
python3 - "$WORK/pod.json" <<'PY'
import json, sys
pod = json.load(open("src/test/resources/pods/kps-prometheus.json"))
a = pod["metadata"].setdefault("annotations", {})
a.update({"azmon-rw.io/client-id": "00000000-0000-0000-0000-000000000001", "azmon-rw.io/tenant-id": "00000000-0000-0000-0000-000000000002",
          "azmon-rw.io/ingestion-url": "https://127.0.0.1:9/dataCollectionRules/dcr-x/streams/Microsoft-PrometheusMetrics/api/v1/write?api-version=2023-04-24"})
json.dump(pod, open(sys.argv[1], "w"))
PY
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
MPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
WEBHOOK_PORT=$PORT MANAGEMENT_PORT=$MPORT TLS_CERT_FILE="$WORK/tls.crt" TLS_KEY_FILE="$WORK/tls.key" SIDECAR_MODE=container \
  KUBECONFIG="$WORK/kubeconfig" LOG_LEVEL=ERROR java -jar target/azmon-rw-webhook.jar > "$WORK/webhook.log" 2>&1 &
PID=$!
for _ in $(seq 1 120); do
  curl -sk -o /dev/null "https://127.0.0.1:$PORT/" && break
  sleep 0.5
done
java -cp target/test-classes:target/azmon-rw-webhook.jar io.azmonrw.webhook.server.AdmissionLoad "$PORT" "$WORK/tls.crt" "$WORK/pod.json" "$SECONDS_RUN" "$CONC"
curl -s "http://127.0.0.1:$MPORT/metrics" | grep -E '^azmon_rw_webhook_admissions_total|^azmon_rw_webhook_admission_duration_seconds_(sum|count)' || true
