#!/usr/bin/env bash
# Sync agent at a steady low rate (issue 17): requests and wire bytes per 1,000 events.
#
#   bench/sync-rate.sh                                  # 150 req/s, 3000 requests, agent defaults
#   BENCH_LINGER_MILLIS=0 bench/sync-rate.sh            # batch.lingerMillis set in sync.yaml
#
# A real gateway -> sync agent -> reference receiver, all on loopback: curl sends BENCH_REQUESTS
# requests at BENCH_RATE per second (serially, `curl --rate`) through the gateway to a backend; the
# gateway journals each exchange, the agent forwards the journal to the receiver. Once the receiver
# holds every event, it prints, per 1,000 events: the agent's POSTs, the gzip bytes of their bodies
# (the agent's counters) and, when run as root with nft installed, the IP bytes and packets that
# crossed loopback to and from the receiver's port in both directions (an nftables counter in a
# table of its own, removed on exit). Ends with one Markdown row for docs/benchmarks.md.
# The backend is a second reference receiver answering GET /api/v1/stats (200, small JSON), so the
# script needs nothing but the Outpost jars, java and curl.
set -euo pipefail

ROOT="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RATE="${BENCH_RATE:-150}"
REQUESTS="${BENCH_REQUESTS:-3000}"
LINGER="${BENCH_LINGER_MILLIS:-}"      # empty: the key is left out (the agent's default)
PORT_BASE="${BENCH_PORT_BASE:-28180}"
BUILD="${BENCH_BUILD:-auto}"            # auto | never
MVN_LOCK="${BENCH_MVN_LOCK:-/tmp/outpost-mvn.lock}"
GW_PORT=$PORT_BASE
RECV_PORT=$((PORT_BASE + 1))
BACKEND_PORT=$((PORT_BASE + 2))

log() { printf 'bench: %s\n' "$*" >&2; }
die() { printf '\nbench: FAILED: %s\n' "$*" >&2; exit 1; }
[[ $RATE =~ ^[1-9][0-9]*$ ]] && [ "$RATE" -le 1000 ] || die "BENCH_RATE must be 1..1000 requests per second"
[[ $REQUESTS =~ ^[1-9][0-9]*$ ]] || die "BENCH_REQUESTS must be a positive integer"
[ -z "$LINGER" ] || [[ $LINGER =~ ^[0-9]+$ ]] || die "BENCH_LINGER_MILLIS must be a whole number of milliseconds"
for tool in java curl flock; do command -v "$tool" >/dev/null || die "$tool not found"; done

# Jars: as in proxy.sh, never let ./outpost rebuild in the middle; Maven under the shared lock.
GW_JAR="$ROOT/edge-runtime/target/outpost-edge-runtime.jar"
SYNC_JAR="$ROOT/sync-agent/target/outpost-sync-agent.jar"
TK_JAR="$ROOT/toolkit/target/outpost-toolkit.jar"
stale_jars() {
  local jar
  for jar in "$GW_JAR" "$SYNC_JAR" "$TK_JAR"; do
    [ -f "$jar" ] || return 0
    [ "$ROOT/pom.xml" -nt "$jar" ] && return 0
    [ -n "$(find "$ROOT" -path "$ROOT/*/src/main/*" -newer "$jar" -print -quit 2>/dev/null)" ] && return 0
  done
  return 1
}
if stale_jars; then
  [ "$BUILD" = never ] && die "BENCH_BUILD=never but a jar is missing or older than the sources"
  log "building the jars (flock $MVN_LOCK mvn -B -q -DskipTests package -pl edge-runtime,sync-agent,toolkit -am) ..."
  (cd "$ROOT" && flock "$MVN_LOCK" mvn -B -q -DskipTests package -pl edge-runtime,sync-agent,toolkit -am) >&2 \
    || die "the Maven build failed"
fi
# `env CP_x ./outpost ...`: through the launcher (its JVM options from jvm.properties), which execs
# java, so a background start's pid is the JVM's own.
cp_of() { echo "OUTPOST_CLASSPATH=$ROOT/$1/target/outpost-$1.jar:$ROOT/$1/target/lib/*"; }
OUTPOST="$ROOT/outpost"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/outpost-sync-rate.XXXXXX")"
declare -A PID=()
NFT_TABLE=""
cleanup() {
  local rc=$? name
  trap - EXIT INT TERM
  for name in "${!PID[@]}"; do kill -TERM "${PID[$name]}" 2>/dev/null || true; done
  for name in "${!PID[@]}"; do wait "${PID[$name]}" 2>/dev/null || true; done
  [ -n "$NFT_TABLE" ] && nft delete table inet "$NFT_TABLE" 2>/dev/null || true
  if [ "$rc" -ne 0 ]; then log "logs and configurations kept in $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in "$GW_PORT" "$RECV_PORT" "$BACKEND_PORT"; do
  port_busy "$p" && die "127.0.0.1:$p is in use: set BENCH_PORT_BASE (uses BASE..BASE+2)"
done
start() {  # start NAME READY_REGEX COMMAND...: in the background, until its ready line
  local name=$1 ready=$2; shift 2
  "$@" >"$WORK/$name.log" 2>&1 &
  PID[$name]=$!
  for _ in $(seq 600); do
    grep -q "$ready" "$WORK/$name.log" && return 0
    kill -0 "${PID[$name]}" 2>/dev/null || die "$name exited during start-up:
$(tail -n 20 "$WORK/$name.log")"
    sleep 0.1
  done
  die "$name was not ready within 60 s"
}

start backend 'outpost-mgmt ready' env "$(cp_of sync-agent)" "$OUTPOST" mgmt serve --port "$BACKEND_PORT" --data "$WORK/backend"
cat >"$WORK/api.yaml" <<EOF
openapi: 3.0.3
info: {title: SyncRate, version: 1.0.0}
x-wso2-basePath: /bench
x-wso2-production-endpoints:
  urls: [http://127.0.0.1:$BACKEND_PORT/api/v1]
x-wso2-disable-security: true
paths:
  /stats:
    get:
      operationId: stats
      responses: {"200": {description: totals}}
EOF
export OUTPOST_HOME="$WORK/home"
env "$(cp_of toolkit)" "$OUTPOST" init "$WORK/project" -a "$WORK/api.yaml" >"$WORK/toolkit.log" 2>&1 || die "outpost init: $(cat "$WORK/toolkit.log")"
env "$(cp_of toolkit)" "$OUTPOST" build "$WORK/project" -o "$WORK/bench.outpost" >>"$WORK/toolkit.log" 2>&1 || die "outpost build: $(cat "$WORK/toolkit.log")"
cat >"$WORK/gateway.yaml" <<EOF
listeners:
  http: {host: 127.0.0.1, port: $GW_PORT}
admin: {host: 127.0.0.1, port: 0}
stateDir: state
analytics: {enabled: true, deviceId: bench-device}
EOF
mkdir -p "$WORK/state"
start gateway '^outpost-gateway ready' env "$(cp_of edge-runtime)" "$OUTPOST" gateway --config "$WORK/gateway.yaml" \
  --artifact "$WORK/bench.outpost" --dev
start receiver 'outpost-mgmt ready' env "$(cp_of sync-agent)" "$OUTPOST" mgmt serve --port "$RECV_PORT" --data "$WORK/received"
{
  printf 'journal: %s\nstateDir: %s\nmanagement:\n  url: http://127.0.0.1:%s\nadmin:\n  port: 0\n' \
    "$WORK/state/journal" "$WORK/state" "$RECV_PORT"
  [ -n "$LINGER" ] && printf 'batch:\n  lingerMillis: %s\n' "$LINGER"
} >"$WORK/sync.yaml"
start agent 'outpost-sync ready' env "$(cp_of sync-agent)" "$OUTPOST" sync run --config "$WORK/sync.yaml"
ADMIN=$(sed -n 's/.*outpost-sync ready admin=\([0-9.]*:[0-9]*\).*/\1/p' "$WORK/agent.log")

accepted() { curl -s "http://127.0.0.1:$RECV_PORT/api/v1/stats" | sed -n 's/^{"accepted":\([0-9]*\).*/\1/p'; }
metric() { curl -s "http://$ADMIN/metrics" | awk -v k="$1" '$1 == k {printf "%d", $2}'; }
wait_accepted() {  # until the receiver holds $1 events (at most 60 s)
  for _ in $(seq 600); do [ "$(accepted)" -ge "$1" ] && return 0; sleep 0.1; done
  die "the receiver holds $(accepted) events, expected $1"
}
# One request first, so start-up work (the journal's first cycle, the first connection) is not measured.
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$GW_PORT/bench/stats")" = 200 ] \
  || die "the gateway does not answer 200 through to the backend"
wait_accepted 1

NFT_NOTE="IP bytes: not measured (needs root and nft)"
if [ "$(id -u)" -eq 0 ] && command -v nft >/dev/null; then
  NFT_TABLE="outpost_bench_sync_$$"
  nft -f - <<EOF
table inet $NFT_TABLE {
  counter to_receiver {}
  counter from_receiver {}
  chain out {
    type filter hook output priority 0; policy accept;
    oifname "lo" tcp dport $RECV_PORT counter name to_receiver
    oifname "lo" tcp sport $RECV_PORT counter name from_receiver
  }
}
EOF
fi
nft_counter() { nft list counter inet "$NFT_TABLE" "$1" | awk '/packets/ {print $2, $4}'; }

B0=$(metric outpost_sync_batches_total); S0=$(metric outpost_sync_bytes_sent_total); E0=$(metric outpost_sync_events_forwarded_total)
A0=$(accepted)
log "sending $REQUESTS requests at $RATE/s through the gateway (agent lingerMillis: ${LINGER:-default}) ..."
T0=$(date +%s%N)
# curl paces in whole milliseconds and counts its interval from the end of the previous transfer
# (one stream at 150/s ran at 139/s), so the rate is split over up to 10 parallel streams whose
# interval is a whole number of milliseconds and long beside a request's ~1 ms: 150/s = 6 x 25/s.
STREAMS=1
for s in 10 8 6 5 4 3 2; do
  if [ $((RATE % s)) -eq 0 ] && [ $((1000 % (RATE / s))) -eq 0 ]; then STREAMS=$s; break; fi
done
CURLS=()
for s in $(seq "$STREAMS"); do
  from=$(( (s - 1) * REQUESTS / STREAMS + 1 )); to=$(( s * REQUESTS / STREAMS ))
  # Each stream starts 1/RATE s after the one before, so together they send evenly spaced requests.
  (sleep "$(awk -v s="$s" -v r="$RATE" 'BEGIN {printf "%.4f", (s - 1) / r}')"
   exec curl -s --rate "$((RATE / STREAMS))/s" -o /dev/null -w '%{http_code}\n' \
     "http://127.0.0.1:$GW_PORT/bench/stats?n=[$from-$to]") >"$WORK/codes.$s" &
  CURLS+=($!)
done
for c in "${CURLS[@]}"; do wait "$c"; done
T1=$(date +%s%N)
cat "$WORK"/codes.* >"$WORK/codes"
OK=$(grep -c '^200$' "$WORK/codes" || true)
[ "$OK" -eq "$REQUESTS" ] || die "only $OK of $REQUESTS requests answered 200"
wait_accepted $((A0 + REQUESTS))
T2=$(date +%s%N)
B1=$(metric outpost_sync_batches_total); S1=$(metric outpost_sync_bytes_sent_total); E1=$(metric outpost_sync_events_forwarded_total)
EVENTS=$((E1 - E0)); POSTS=$((B1 - B0)); BODY=$((S1 - S0))
[ "$EVENTS" -eq "$REQUESTS" ] || log "note: the agent forwarded $EVENTS events for $REQUESTS requests"
IP_TO="" IP_FROM=""
if [ -n "$NFT_TABLE" ]; then
  read -r PT BT < <(nft_counter to_receiver); read -r PF BF < <(nft_counter from_receiver)
  IP_TO=$BT; IP_FROM=$BF
  NFT_NOTE=$(awk -v e="$EVENTS" -v bt="$BT" -v bf="$BF" -v pt="$PT" -v pf="$PF" 'BEGIN {
    printf "IP bytes per 1000 events: %.0f to the receiver + %.0f back = %.0f (packets: %.0f + %.0f)",
      bt * 1000 / e, bf * 1000 / e, (bt + bf) * 1000 / e, pt * 1000 / e, pf * 1000 / e }')
fi
awk -v e="$EVENTS" -v p="$POSTS" -v b="$BODY" -v t0="$T0" -v t1="$T1" -v t2="$T2" -v n="$REQUESTS" 'BEGIN {
  printf "requests: %d in %.1f s (%.1f/s); the last event stored %.2f s after the last request\n", n, (t1 - t0) / 1e9, n / ((t1 - t0) / 1e9), (t2 - t1) / 1e9;
  printf "agent: %d events in %d POSTs (%.1f events per POST, %.1f POSTs/s)\n", e, p, e / p, p / ((t2 - t0) / 1e9);
  printf "per 1000 events: %.1f POSTs, %.0f gzip body bytes\n", p * 1000 / e, b * 1000 / e }'
echo "$NFT_NOTE"
COMMIT="${BENCH_COMMIT:-$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)}"
awk -v e="$EVENTS" -v p="$POSTS" -v b="$BODY" -v it="$IP_TO" -v if_="$IP_FROM" -v c="$COMMIT" -v l="${LINGER:-default}" 'BEGIN {
  ip = (it == "") ? "—" : sprintf("%.0f", (it + if_) * 1000 / e);
  printf "| %s | %s | %.1f | %.1f | %.0f | %s |\n", c, l, p * 1000 / e, e / p, b * 1000 / e, ip }'
