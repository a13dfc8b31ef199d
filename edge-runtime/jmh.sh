#!/usr/bin/env bash
# Builds and runs the gateway's JMH benchmarks (not part of mvn verify). Extra arguments go to JMH,
# e.g.  edge-runtime/jmh.sh -f 1 -wi 3 -i 5 -r 2s -prof gc     (a benchmark name regex may come first)
set -euo pipefail
cd "$(dirname "$0")/.."
flock /tmp/outpost-mvn.lock mvn -B -o -q -Pjmh test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/jmh.classpath -Dmdep.includeScope=test -pl edge-runtime -am
JVM_COMMON=$(sed -n 's/^jvm.common=//p' jvm.properties)
PATTERN='io.outpost.gateway..*Benchmark'
if [[ $# -gt 0 && $1 != -* ]]; then PATTERN=$1; shift; fi
# shellcheck disable=SC2086
exec java $JVM_COMMON -cp "edge-runtime/target/test-classes:edge-runtime/target/classes:$(cat edge-runtime/target/jmh.classpath)" \
  org.openjdk.jmh.Main "$PATTERN" -jvmArgsAppend "$JVM_COMMON" "$@"
