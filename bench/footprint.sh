#!/usr/bin/env bash
# Device footprint of the packaged gateway (issue 14): one command, loopback only.
#
#   bench/footprint.sh            (after mvn -B -pl packaging -am package -DskipTests)
#
# Runs the gateway exactly as the .deb installs it: packaging/target/outpost_*_all.deb unpacked into a
# work directory, its launcher (OUTPOST_SHARE pointed there), its jvm.properties (-Xmx64m ...), its
# class-data sharing archives made by its own cds-refresh. The artifact is examples/quickstart built by
# the checkout's toolkit (the authoring machine's; the package has only the device CLI). Measures:
#   ready       process start -> the 'outpost-gateway ready' line, median of FOOTPRINT_STARTS starts,
#               with the gateway's CDS archive and without it
#   idle        RssAnon and RssFile (/proc/PID/status) 3 s after ready
#   1,000 conns RssAnon and RssFile while wrk holds FOOTPRINT_CONNECTIONS keep-alive connections busy
#               for FOOTPRINT_SECONDS (30; GET of a path no API serves: the gateway answers 404 itself,
#               journals it, keeps the connection): RssAnon each second, settled = median of the last
#               10 s (the goal's figure), peak and the reading at 10 s beside it; RssFile 2 s before
#               wrk stops
#   jars        the device set's size (packaging/device-jars.sh)
# Prints a Markdown section and, unless FOOTPRINT_WRITE_DOCS=0, rewrites "Device footprint (issue 14)"
# in docs/benchmarks.md. Every process it starts is stopped on exit.
set -euo pipefail
ROOT="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STARTS="${FOOTPRINT_STARTS:-5}"
CONNECTIONS="${FOOTPRINT_CONNECTIONS:-1000}"
SECONDS_LOADED="${FOOTPRINT_SECONDS:-30}"
PORT="${FOOTPRINT_PORT:-29090}"
ADMIN_PORT=$((PORT + 1))
WRITE_DOCS="${FOOTPRINT_WRITE_DOCS:-1}"

die() { echo "footprint: $*" >&2; exit 1; }
log() { echo "footprint: $*" >&2; }
for tool in java wrk dpkg-deb curl; do command -v "$tool" >/dev/null || die "$tool is needed (apt-get install wrk curl)"; done
# shellcheck disable=SC2012
DEB="$(ls "$ROOT"/packaging/target/outpost_*_all.deb 2>/dev/null | head -n 1)"
[ -n "$DEB" ] || die "no packaging/target/outpost_*_all.deb: mvn -B -pl packaging -am package -DskipTests"

WORK="$(mktemp -d /tmp/outpost-footprint.XXXXXX)"
GW_PID=""
cleanup() {
  [ -n "$GW_PID" ] && kill "$GW_PID" 2>/dev/null && wait "$GW_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)"

dpkg-deb -x "$DEB" "$WORK/root"
export OUTPOST_SHARE="$WORK/root/usr/share/outpost" OUTPOST_CDS_DIR="$WORK/root/var/cache/outpost"
log "making the class-data sharing archives (the package's cds-refresh) ..."
"$OUTPOST_SHARE/cds-refresh" >&2
[ -f "$OUTPOST_CDS_DIR/gateway.jsa" ] || die "cds-refresh made no gateway.jsa: $(cat "$OUTPOST_CDS_DIR/gateway.log" 2>/dev/null)"

log "building examples/quickstart with the checkout's toolkit ..."
export OUTPOST_HOME="$WORK/home"   # the publisher key for this run only
"$ROOT/outpost" build "$ROOT/examples/quickstart" -o "$WORK/app.outpost" >"$WORK/build.log" 2>&1 \
  || die "outpost build failed: $(cat "$WORK/build.log")"
mkdir -p "$WORK/state"
cat >"$WORK/gateway.yaml" <<EOF
listeners: {http: {host: 127.0.0.1, port: $PORT}}
admin: {host: 127.0.0.1, port: $ADMIN_PORT}
artifact: $WORK/app.outpost
stateDir: $WORK/state
trust: {publisherKeys: [$OUTPOST_HOME/keys/publisher.pub.jwk]}
limits: {maxConnections: $((CONNECTIONS + 100))}
EOF

# start_gateway CDS_DIR: starts it, waits for the ready line, sets GW_PID and READY_MS.
start_gateway() {
  local t0 t1
  : >"$WORK/gateway.out"
  t0=$(date +%s%N)
  OUTPOST_CDS_DIR="$1" "$WORK/root/usr/bin/outpost-gateway" --config "$WORK/gateway.yaml" >"$WORK/gateway.out" 2>"$WORK/gateway.err" &
  GW_PID=$!
  until grep -q '^outpost-gateway ready' "$WORK/gateway.out"; do
    kill -0 "$GW_PID" 2>/dev/null || die "the gateway exited: $(cat "$WORK/gateway.err")"
    [ $(( ($(date +%s%N) - t0) / 1000000 )) -lt 30000 ] || die "no ready line in 30 s"
    sleep 0.005
  done
  t1=$(date +%s%N)
  READY_MS=$(( (t1 - t0) / 1000000 ))
}
stop_gateway() { kill "$GW_PID"; wait "$GW_PID" 2>/dev/null || true; GW_PID=""; }
median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
rss() { awk -v k="$2:" '$1 == k { print int($2 / 1024) }' "/proc/$1/status"; }

WITH="" WITHOUT=""
for i in $(seq "$STARTS"); do
  start_gateway "$OUTPOST_CDS_DIR"; WITH+="$READY_MS "; stop_gateway
  start_gateway "$WORK/no-cds"; WITHOUT+="$READY_MS "; stop_gateway
  log "start $i: ready in $(echo "$WITH" | awk '{print $NF}') ms with the archive, $(echo "$WITHOUT" | awk '{print $NF}') ms without"
done
READY_WITH=$(echo "$WITH" | median)
READY_WITHOUT=$(echo "$WITHOUT" | median)
TRANSPORT=$(sed -n 's/.* transport=\([a-z_]*\).*/\1/p' "$WORK/gateway.out" | tail -n 1)

start_gateway "$OUTPOST_CDS_DIR"
curl -s -o /dev/null "http://127.0.0.1:$PORT/nowhere" || true
sleep 3
IDLE_ANON=$(rss "$GW_PID" RssAnon); IDLE_FILE=$(rss "$GW_PID" RssFile)
log "idle: RssAnon $IDLE_ANON MB, RssFile $IDLE_FILE MB"
# RssAnon once a second under the load. One instant says little: C2's compiler arenas peak in the
# first seconds, and glibc gives back what they and other malloc users free only at jvm.gateway's
# TrimNativeHeapInterval (5 s), so single readings landed anywhere from 90 to 107 MB. Reported: the
# settled figure (median of the last 10 s, the one the goal is judged on), the peak, and the reading
# at 10 s (what this script reported before, from a 12 s load).
wrk -t1 "-c$CONNECTIONS" "-d${SECONDS_LOADED}s" --timeout 10s "http://127.0.0.1:$PORT/nowhere" >"$WORK/wrk.txt" 2>&1 &
WRK_PID=$!
SERIES=""
for s in $(seq 1 $((SECONDS_LOADED - 1))); do
  sleep 1
  SERIES+="$(rss "$GW_PID" RssAnon) "
  if [ "$s" -eq $((SECONDS_LOADED - 2)) ]; then
    OPEN=$(find "/proc/$GW_PID/fd" -mindepth 1 | wc -l); LOAD_FILE=$(rss "$GW_PID" RssFile)
  fi
done
wait "$WRK_PID" || die "wrk failed: $(cat "$WORK/wrk.txt")"
REQS=$(sed -nE 's/^ *([0-9]+) requests in.*/\1/p' "$WORK/wrk.txt")
LOAD_ANON=$(echo "$SERIES" | tr ' ' '\n' | grep . | tail -n 10 | median)
LOAD_PEAK=$(echo "$SERIES" | tr ' ' '\n' | sort -n | tail -n 1)
LOAD_AT10=$(echo "$SERIES" | awk '{ print $10 }')
log "$CONNECTIONS connections ($OPEN fds): RssAnon settled $LOAD_ANON MB (median of the last 10 s), peak $LOAD_PEAK MB, $LOAD_AT10 MB at 10 s; RssFile $LOAD_FILE MB; $REQS requests"
log "RssAnon each second under load (MB): $SERIES"
stop_gateway

start_gateway "$WORK/no-cds"
curl -s -o /dev/null "http://127.0.0.1:$PORT/nowhere" || true
sleep 3
NOCDS_ANON=$(rss "$GW_PID" RssAnon); NOCDS_FILE=$(rss "$GW_PID" RssFile)
log "idle without the archive: RssAnon $NOCDS_ANON MB, RssFile $NOCDS_FILE MB"
stop_gateway

JARS="$("$ROOT/packaging/device-jars.sh" "$OUTPOST_SHARE")"
JARS_WITH_CLI="$("$ROOT/packaging/device-jars.sh" "$OUTPOST_SHARE" gateway sync toolkit)"
JARS_WITH_CLI="${JARS_WITH_CLI%%$'\n'*}"
JARS_LINE="${JARS%%$'\n'*}"
CPU="$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1), $(nproc) cores"
SECTION="## Device footprint (issue 14)

\`bench/footprint.sh\` ($(date -u +%Y-%m-%d), $(basename "$DEB"), $(java -version 2>&1 | head -n 1), $CPU, load $(cut -d' ' -f1-3 /proc/loadavg)):
the gateway as the package installs it (its launcher, \`-Xmx64m -XX:+UseSerialGC\` from jvm.properties,
the class-data sharing archive its postinst makes), serving examples/quickstart, transport=$TRANSPORT.

| | figure | goal |
|---|---|---|
| start to ready line, with the CDS archive (median of $STARTS) | ${READY_WITH} ms | ≤ 1,000 ms |
| start to ready line, without it (median of $STARTS) | ${READY_WITHOUT} ms | |
| idle: RssAnon / RssFile | $IDLE_ANON MB / $IDLE_FILE MB | |
| idle without the CDS archive: RssAnon / RssFile | $NOCDS_ANON MB / $NOCDS_FILE MB | |
| $CONNECTIONS keep-alive connections busy ($REQS requests in ${SECONDS_LOADED} s, 404s the gateway answers and journals): RssAnon settled (median of the last 10 s) / RssFile | **$LOAD_ANON MB** / $LOAD_FILE MB | anonymous ≤ 96 MB |
| the same load: RssAnon peak / at 10 s | $LOAD_PEAK MB / $LOAD_AT10 MB | |
| device jars (gateway + sync agent) | ${JARS_LINE#*: } | ≤ 20 MiB |
| with the CLI (today the toolkit's jars) | ${JARS_WITH_CLI#*: } | |

RssFile counts the mapped jars' and CDS archive's pages touched, and the journal's mapped cycle file.
Jar sizes by family (\`packaging/device-jars.sh\`; docs/device.md says what stands in the way of 20 MiB):

\`\`\`
$JARS
\`\`\`
"
echo "$SECTION"
if [ "$WRITE_DOCS" = 1 ]; then
  DOCS="$ROOT/docs/benchmarks.md"
  # Replace the section (up to the next '## ') or append it.
  SECTION="$SECTION" awk '
    /^## Device footprint \(issue 14\)/ { print ENVIRON["SECTION"]; skip = 1; done = 1; next }
    skip && /^## / { skip = 0 }
    !skip { print }
    END { if (!done) { print ""; print ENVIRON["SECTION"] } }' "$DOCS" >"$DOCS.tmp" && mv "$DOCS.tmp" "$DOCS"
  log "docs/benchmarks.md: section 'Device footprint (issue 14)' written"
fi
