#!/usr/bin/env bash
# `make demo`: the whole product on this machine, no cloud account. Builds if needed, installs Prometheus
# (Debian package) when missing and running as root, then runs io.azmonrw.e2e.Demo.
# DEMO_SECONDS (default 30) sets how long samples flow; Ctrl-C stops early and still prints the summary.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

if ! command -v prometheus >/dev/null 2>&1 && [[ ! -x /usr/bin/prometheus ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Prometheus (Debian package)..."
    apt-get install -y --no-install-recommends prometheus >/dev/null 2>&1 \
      || { apt-get update >/dev/null && apt-get install -y --no-install-recommends prometheus >/dev/null; }
    # the package starts a system service on :9090; the demo runs its own on an ephemeral port
    if command -v systemctl >/dev/null 2>&1; then systemctl stop prometheus >/dev/null 2>&1 || true; fi
  else
    echo "make demo needs Prometheus: run as root (it installs the Debian package) or" >&2
    echo "  sudo apt-get install -y --no-install-recommends prometheus" >&2
    exit 1
  fi
fi
command -v java >/dev/null 2>&1 || { echo "make demo needs Java 17+ (apt-get install -y openjdk-17-jdk-headless)" >&2; exit 1; }

jars=(proxy/target/azmon-rw-proxy.jar webhook/target/azmon-rw-webhook.jar e2e/target/azmon-rw-e2e.jar testkit/target/azmon-rw-testkit.jar)
build=0
for j in "${jars[@]}"; do
  if [[ ! -f $j ]]; then build=1; fi
done
if [[ $build -eq 0 ]]; then
  for m in common testkit proxy webhook e2e; do
    if [[ -n $(find "$m/src" "$m/pom.xml" pom.xml -newer "e2e/target/azmon-rw-e2e.jar" -print -quit 2>/dev/null) ]]; then build=1; fi
  done
fi
if [[ $build -eq 1 ]]; then
  echo "building (mvn package -DskipTests)..."
  ${MVN:-mvn -B -q} package -DskipTests -pl proxy,webhook,testkit,e2e -am
fi

exec java -Dazmonrw.root="$root" -Dlogback.configurationFile="$root/testkit/logback-standins.xml" \
  -jar e2e/target/azmon-rw-e2e.jar
