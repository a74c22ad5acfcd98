#!/usr/bin/env bash
# `make standins`: runs the Entra, managed identity and ingestion stand-ins on 127.0.0.1 until Ctrl-C and
# prints their URLs, the trust store and a proxy env file. Usage: testkit/standins.sh [dir]
set -euo pipefail
cd "$(dirname "$0")/.."
jar=testkit/target/azmon-rw-testkit.jar
if [[ ! -f $jar || -n $(find testkit/src pom.xml testkit/pom.xml -newer "$jar" -print -quit) ]]; then
  echo "building testkit..." >&2
  mvn -B -q -pl testkit -am package -DskipTests >&2
fi
exec java -Dlogback.configurationFile=testkit/logback-standins.xml -jar "$jar" "$@"
