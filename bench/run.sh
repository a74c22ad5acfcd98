#!/usr/bin/env bash
# `make bench`: builds the proxy and the bench module, makes sure nginx is
# installed (Debian package, as root), then runs io.azmonrw.bench.run.BenchMain, which rewrites BENCHMARKS.md.
# Measures only: it fails when something cannot run, never because of a number.
# Knobs (env): BENCH_SUSTAIN_SECONDS (180), BENCH_CLOSED_SECONDS (10), BENCH_OPEN_SECONDS (15), BENCH_ROUNDS (2),
# BENCH_SERIES (10000), BENCH_CONCURRENCY (8), BENCH_PHASES (startup,paths,sustained,jmh), BENCH_JMH (regex),
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
