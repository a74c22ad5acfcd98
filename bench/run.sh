#!/usr/bin/env bash
# `make bench`: builds the proxy and the bench module, makes sure nginx is
# installed (Debian package, as root), then runs io.azmonrw.bench.run.BenchMain, which rewrites BENCHMARKS.md.
# Measures only: it fails when something cannot run, never because of a number.
# The proxy runs as the image runs it when `make images` has left images/target/oci/azmon-rw-proxy-*.oci.tar (and we
# are root): its layers for this machine's architecture are unpacked into bench/target/image/rootfs and its Entrypoint
# and Env run through images/rootfs-run.sh; otherwise the host's java with images/proxy.flags (BENCHMARKS.md says which).
# Knobs (env): BENCH_ROUNDS (3), BENCH_SUSTAIN_SECONDS (50, per round), BENCH_CLOSED_SECONDS (8), BENCH_OPEN_SECONDS (10),
# BENCH_WARMUP_SECONDS (4), BENCH_STARTUP_RUNS (5), BENCH_NOISY_SHARE (0.25), BENCH_SERIES (10000), BENCH_CONCURRENCY (8),
# BENCH_PHASES (startup,paths,sustained,webhook,profile,jmh), BENCH_JMH (regex), BENCH_RUNTIME=host (skip the image),
# BENCH_SKIP_BUILD=1 to reuse the jars.
set -euo pipefail
cd "$(dirname "$0")/.."
MVN=${MVN:-mvn -B -ntp}
WORK=bench/target/run

if ! command -v nginx >/dev/null 2>&1 && [[ ! -x /usr/sbin/nginx ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "bench: installing nginx (Debian package)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends nginx >/dev/null
    # the package may start its own server on :80; we run our own instance, so stop the one the install started
    if [[ -s /run/nginx.pid ]]; then kill "$(cat /run/nginx.pid)" 2>/dev/null || true; fi
  else
    echo "bench: nginx missing (sudo apt-get install -y --no-install-recommends nginx); the nginx path will be skipped" >&2
  fi
fi

if [[ ${BENCH_SKIP_BUILD:-0} != 1 ]]; then
  $MVN -q -pl bench -am package -DskipTests
fi

rm -rf "$WORK"

# the proxy image for this machine's architecture, unpacked: rootfs, entrypoint (one argument a line), env (KEY=VALUE lines)
IMAGE=bench/target/image
rm -rf "$IMAGE"
oci=$(ls images/target/oci/azmon-rw-proxy-*.oci.tar 2>/dev/null | head -1 || true)
if [[ ${BENCH_RUNTIME:-image} != host && -n $oci && $(id -u) -eq 0 ]] && command -v jq >/dev/null && command -v unshare >/dev/null; then
  arch=$(dpkg --print-architecture 2>/dev/null || uname -m | sed 's/x86_64/amd64/;s/aarch64/arm64/')
  mkdir -p "$IMAGE/layout" "$IMAGE/rootfs"
  tar -xf "$oci" -C "$IMAGE/layout"
  blob() { echo "$IMAGE/layout/blobs/${1/://}"; }
  # index.json may list the platforms itself or point at a multi-platform index
  manifest=$(jq -r --arg a "$arch" '.manifests[] | select(.platform.architecture == $a or .platform == null) | .digest' "$IMAGE/layout/index.json" | head -1)
  while [[ -n $manifest ]] && jq -e '.manifests' "$(blob "$manifest")" >/dev/null 2>&1; do
    manifest=$(jq -r --arg a "$arch" '.manifests[] | select(.platform.architecture == $a) | .digest' "$(blob "$manifest")" | head -1)
  done
  if [[ -n $manifest ]]; then
    for layer in $(jq -r '.layers[].digest' "$(blob "$manifest")"); do tar -xf "$(blob "$layer")" -C "$IMAGE/rootfs"; done
    config=$(blob "$(jq -r '.config.digest' "$(blob "$manifest")")")
    jq -r '.config.Entrypoint[], (.config.Cmd // [])[]' "$config" > "$IMAGE/entrypoint"
    jq -r '(.config.Env // [])[]' "$config" > "$IMAGE/env"
    echo "$(basename "$oci") linux/$arch $manifest" > "$IMAGE/source"
    mkdir -p "$IMAGE/tmp"
    chmod 1777 "$IMAGE/tmp"
    env -i $(cat "$IMAGE/env") images/rootfs-run.sh "$IMAGE/rootfs" "$IMAGE/tmp" java -version > "$IMAGE/java-version" 2>&1 \
      || { echo "bench: the image's java does not run here; measuring the host java" >&2; cat "$IMAGE/java-version" >&2; rm -rf "$IMAGE"; }
  else
    echo "bench: $oci has no linux/$arch image; measuring the host java" >&2
    rm -rf "$IMAGE"
  fi
elif [[ -z $oci ]]; then
  echo "bench: no proxy image (make images writes images/target/oci/azmon-rw-proxy-*.oci.tar); measuring the host java with images/proxy.flags"
else
  echo "bench: not unpacking $oci (BENCH_RUNTIME=host, not root, or jq/unshare missing); measuring the host java with images/proxy.flags"
fi
[[ -f $IMAGE/entrypoint ]] && export BENCH_IMAGE_DIR=$IMAGE
# BenchMain writes a throwaway CA and server certificate (testkit's TestCa) under $WORK/tls
mkdir -p "$WORK"

CPUS=$(nproc)
GEN_CPUS=0
PROXY_CPUS=1
if ((CPUS < 2)); then PROXY_CPUS=0; fi
export BENCH_PROXY_CPUS=${BENCH_PROXY_CPUS:-$PROXY_CPUS}
export BENCH_COMMAND=${BENCH_COMMAND:-make bench}
export BENCH_WORK_DIR=$WORK
TASKSET=()
if command -v taskset >/dev/null 2>&1; then TASKSET=(taskset -c "$GEN_CPUS"); fi

start=$(date +%s)
"${TASKSET[@]}" java -Xms512m -Xmx1g -XX:+UseParallelGC -jar bench/target/azmon-rw-bench.jar 2>&1 | tee "$WORK/bench.log"
echo "bench: done in $(( $(date +%s) - start )) s; see BENCHMARKS.md"
