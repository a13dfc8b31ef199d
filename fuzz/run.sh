#!/usr/bin/env bash
# Coverage-guided fuzzing of the credential parsers (issue 12), with Jazzer from Maven Central.
#
#   fuzz/run.sh                 each target fuzzed for one round (its @FuzzTest maxDuration, 15 s): CI's slice
#   FUZZ_ROUNDS=40 fuzz/run.sh  a longer campaign: 40 rounds per target (10 min each)
#
# Each round is one JVM fuzzing one target (Jazzer fuzzes one test per run). Rounds go on from the
# corpus the earlier ones grew (edge-runtime/.cifuzz-corpus/, not committed), so a long campaign is
# many rounds. A finding fails the run and is written by Jazzer under
# edge-runtime/src/test/resources/io/outpost/gateway/security/CredentialFuzzTestInputs/<target>/:
# fix the cause and commit the input there, where the default suite replays it from then on.
set -euo pipefail
ROOT="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
ROUNDS="${FUZZ_ROUNDS:-1}"
TARGETS=(bearerTokens jwsShapedTokens apiKeys basicCredentials storedHashFormats queryParameters)
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || { echo "fuzz: FUZZ_ROUNDS must be a positive integer" >&2; exit 2; }
[ "$(uname -m)" = x86_64 ] || [ "$(uname -m)" = aarch64 ] || { echo "fuzz: Jazzer runs on x86_64 and aarch64 Linux only" >&2; exit 2; }

echo "fuzz: building edge-runtime and what it needs (mvn -B -q -o install -DskipTests -pl edge-runtime -am)" >&2
mvn -B -q -o install -DskipTests -pl edge-runtime -am >&2
# Guide the fuzzer by coverage of our code and of the JWT library that parses tokens first.
export JAZZER_FUZZ=1
export JAZZER_INSTRUMENTATION_INCLUDES='io.outpost.**:com.nimbusds.**'
for round in $(seq "$ROUNDS"); do
  for target in "${TARGETS[@]}"; do
    echo "fuzz: round $round/$ROUNDS, CredentialFuzzTest#$target" >&2
    mvn -B -q -o test -pl edge-runtime -Dtest="CredentialFuzzTest#$target" -Dsurefire.failIfNoSpecifiedTests=false \
      || { echo "fuzz: FAILED on $target: the finding is in edge-runtime/src/test/resources/io/outpost/gateway/security/CredentialFuzzTestInputs/$target/" >&2; exit 1; }
  done
done
echo "fuzz: ${#TARGETS[@]} targets x $ROUNDS round(s): no finding" >&2
