#!/usr/bin/env bash
# Builds and runs the journal's JMH benchmark (not part of mvn verify). Extra arguments go to JMH,
# e.g.  journal/jmh.sh -f 1 -wi 3 -i 5 -r 2s -bm sample
set -euo pipefail
cd "$(dirname "$0")/.."
flock /tmp/outpost-mvn.lock mvn -B -o -q -Pjmh test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/jmh.classpath -Dmdep.includeScope=test -pl journal
JVM_COMMON=$(sed -n 's/^jvm.common=//p' jvm.properties)
# shellcheck disable=SC2086
exec java $JVM_COMMON -cp "journal/target/test-classes:journal/target/classes:$(cat journal/target/jmh.classpath)" \
  org.openjdk.jmh.Main 'io.outpost.journal.JournalAppendBenchmark' -jvmArgsAppend "$JVM_COMMON" "$@"
