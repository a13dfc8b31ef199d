#!/usr/bin/env bash
# Agent drain benchmark (not a test): fills a journal with N events, starts the reference receiver,
# then the agent with the launcher's JVM options for the "sync" role (jvm.properties: -Xmx64m,
# SerialGC), and measures until the receiver holds all N.
#   sync-agent/bench/drain.sh [N=1000000] [WORKDIR=/tmp/outpost-drain]
# Needs the module compiled with its tests: flock /tmp/outpost-mvn.lock mvn -B -o -q test-compile -pl sync-agent
# Prints: drain time and rate, gzip bytes per event on the wire, the agent's CPU seconds and peak RSS.
set -euo pipefail
N="${1:-1000000}"
WORK="${2:-/tmp/outpost-drain}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
prop() { sed -n "s/^$1=//p" "$ROOT/jvm.properties" | tail -n 1; }
CPFILE="$ROOT/sync-agent/target/bench-classpath.txt"
if [ ! -f "$CPFILE" ] || [ "$ROOT/sync-agent/pom.xml" -nt "$CPFILE" ]; then
  (cd "$ROOT" && mvn -B -o -q dependency:build-classpath -pl sync-agent -Dmdep.includeScope=test -Dmdep.outputFile="$CPFILE") >&2
fi
CP="$ROOT/sync-agent/target/test-classes:$ROOT/sync-agent/target/classes:$(cat "$CPFILE")"
COMMON="$(prop jvm.common)"
SYNC="$(prop jvm.sync)"

rm -rf "$WORK"; mkdir -p "$WORK"
echo "== filling the journal with $N events"
# shellcheck disable=SC2086
java $COMMON -cp "$CP" io.outpost.sync.bench.FillJournal "$WORK/journal" "$N" bench-device
du -sh "$WORK/journal" | awk '{print "journal on disk: " $1}'

# shellcheck disable=SC2086
java $COMMON $SYNC -cp "$CP" io.outpost.sync.mgmt.MgmtMain serve --port 0 --data "$WORK/mgmt" > "$WORK/mgmt.log" 2>&1 &
MGMT=$!
trap 'kill $MGMT ${AGENT:-} 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q 'outpost-mgmt ready' "$WORK/mgmt.log" && break; sleep 0.1; done
PORT=$(sed -n 's/.*outpost-mgmt ready http=127.0.0.1:\([0-9]*\).*/\1/p' "$WORK/mgmt.log")
cat > "$WORK/sync.yaml" <<YAML
journal: $WORK/journal
stateDir: $WORK/state
management:
  url: http://127.0.0.1:$PORT
admin:
  port: 0
YAML
echo "== draining to the receiver on port $PORT (agent: $SYNC)"
START=$(date +%s%N)
# shellcheck disable=SC2086
java $COMMON $SYNC -cp "$CP" io.outpost.sync.SyncMain run --config "$WORK/sync.yaml" > "$WORK/agent.log" 2>&1 &
AGENT=$!
for _ in $(seq 100); do grep -q 'outpost-sync ready' "$WORK/agent.log" && break; sleep 0.1; done
READY=$(date +%s%N)
ADMIN=$(sed -n 's/.*outpost-sync ready admin=\(127.0.0.1:[0-9]*\).*/\1/p' "$WORK/agent.log")
while :; do
  ACC=$(curl -s "http://127.0.0.1:$PORT/api/v1/stats" | sed -n 's/^{"accepted":\([0-9]*\).*/\1/p')
  [ "${ACC:-0}" -ge "$N" ] && break
  sleep 0.2
done
END=$(date +%s%N)
METRICS=$(curl -s "http://$ADMIN/metrics")
m() { echo "$METRICS" | awk -v k="$1" '$1 == k {print $2}'; }
SENT=$(m outpost_sync_bytes_sent_total); RAW=$(m outpost_sync_bytes_uncompressed_total); BATCHES=$(m outpost_sync_batches_total)
read -r UT ST < <(awk '{print $14, $15}' "/proc/$AGENT/stat")
TCK=$(getconf CLK_TCK)
HWM=$(awk '/VmHWM/ {print $2 " " $3}' "/proc/$AGENT/status")
read -r MUT MST < <(awk '{print $14, $15}' "/proc/$MGMT/stat")
awk -v n="$N" -v s="$START" -v r="$READY" -v e="$END" -v sent="$SENT" -v raw="$RAW" -v b="$BATCHES" -v ut="$UT" -v st="$ST" -v t="$TCK" -v hwm="$HWM" -v mut="$MUT" -v mst="$MST" 'BEGIN {
  total = (e - s) / 1e9; drain = (e - r) / 1e9;
  printf "events: %d in %d batches\n", n, b;
  printf "agent start -> all stored: %.2f s (%.0f events/s); from the ready line: %.2f s (%.0f events/s)\n", total, n / total, drain, n / drain;
  printf "wire: %.1f bytes/event gzip (%.1f bytes/event NDJSON before gzip, ratio %.1fx)\n", sent / n, raw / n, raw / sent;
  printf "agent CPU: %.2f s user + %.2f s system = %.1f us/event; peak RSS %s\n", ut / t, st / t, (ut + st) / t / n * 1e6, hwm;
  printf "receiver CPU (whole run, incl. start-up): %.2f s = %.1f us/event\n", (mut + mst) / t, (mut + mst) / t / n * 1e6;
}'
grep -E "WARN|ERROR|OutOfMemory" "$WORK/agent.log" | head -5 || true
