#!/usr/bin/env bash
# Slow suite: a real, nearly full file system under the gateway's journal (issue 4).
#
# Mounts a small tmpfs, puts the journal on it, fills the file system with another file, and
# checks that the gateway suspends journaling before Chronicle could touch a page it cannot back
# (a SIGBUS would kill the JVM), keeps answering every request, counts what it drops, and resumes
# with a disk-full loss record once space returns. Needs root (mount) and curl.
#
#   slow/disk-full.sh            # ~1 minute; exit 0 = passed
#
# The fast slice of this (an injected free-space probe) runs in CI: journal FreeSpaceTest.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d /tmp/outpost-diskfull.XXXXXX)"
MNT="$WORK/fs"
GW_PID=""
cleanup() {
  [ -n "$GW_PID" ] && kill "$GW_PID" 2>/dev/null && wait "$GW_PID" 2>/dev/null || true
  mountpoint -q "$MNT" && umount "$MNT" || true
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "disk-full: FAILED: $*" >&2; [ -f "$WORK/gateway.log" ] && tail -20 "$WORK/gateway.log" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "disk-full: needs root to mount a tmpfs" >&2; exit 2; }
command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl >/dev/null; }

mkdir -p "$MNT"
mount -t tmpfs -o size=48m tmpfs "$MNT"

# An artifact with no open API: every request is the gateway's own 404, journaled all the same.
cat >"$WORK/none.yaml" <<'EOF'
openapi: 3.0.0
info: {title: none, version: 1.0.0}
x-wso2-basePath: /none
x-wso2-disable-security: true
paths:
  /x:
    get:
      x-wso2-production-endpoints: {urls: ["http://127.0.0.1:9/"]}
      responses: {"200": {description: ok}}
EOF
(cd "$WORK" && OUTPOST_HOME="$WORK/home" "$ROOT/outpost" init p -a none.yaml >/dev/null)
OUTPOST_HOME="$WORK/home" "$ROOT/outpost" build "$WORK/p" -o "$WORK/none.outpost" >/dev/null
cat >"$WORK/gateway.yaml" <<EOF
listeners: {http: {host: 127.0.0.1, port: 0}}
admin: {host: 127.0.0.1, port: 0}
artifact: none.outpost
stateDir: state
trust: {publisherKeys: [home/keys/publisher.pub.jwk]}
analytics:
  journalDir: $MNT/journal
  minFreeBytes: 16777216
EOF
"$ROOT/outpost" gateway --config "$WORK/gateway.yaml" >"$WORK/gateway.log" 2>&1 &
GW_PID=$!
for _ in $(seq 300); do grep -q "outpost-gateway ready" "$WORK/gateway.log" && break; sleep 0.2; done
ready="$(grep -o 'ready http=[0-9.]*:[0-9]* admin=[0-9.]*:[0-9]*' "$WORK/gateway.log")" || fail "gateway not ready"
HTTP="${ready#ready http=}"; HTTP="${HTTP%% *}"; ADMIN="${ready##*admin=}"
health() { curl -s "http://$ADMIN/health"; }
field() { health | sed -n "s/.*\"$1\":\([a-z0-9-]*\).*/\1/p"; }
requests() { for _ in $(seq "$1"); do code=$(curl -s -o /dev/null -w '%{http_code}' "http://$HTTP/nowhere"); [ "$code" = 404 ] || fail "answered $code"; done; }

requests 50
[ "$(field suspended)" = false ] || fail "suspended with space free"
echo "disk-full: 50 requests journaled; filling the file system"
avail=$(df --output=avail -B1 "$MNT" | tail -1)
dd if=/dev/zero of="$MNT/filler" bs=1M count=$(( (avail - 4 * 1024 * 1024) / 1048576 )) status=none
requests 300
for _ in $(seq 50); do [ "$(field suspended)" = true ] && break; sleep 0.2; done
[ "$(field suspended)" = true ] || fail "journaling not suspended with $(df -h --output=avail "$MNT" | tail -1) free"
dropped=$(field droppedDiskFull)
[ "${dropped:-0}" -gt 0 ] || fail "nothing counted as dropped"
kill -0 "$GW_PID" || fail "the gateway died"
echo "disk-full: suspended, $dropped dropped and counted, every request answered"
rm -f "$MNT/filler"
requests 20
for _ in $(seq 100); do [ "$(field suspended)" = false ] && break; sleep 0.2; done
[ "$(field suspended)" = false ] || fail "journaling did not resume"
kill -0 "$GW_PID" || fail "the gateway died"
ls "$WORK"/hs_err* "$ROOT"/hs_err* 2>/dev/null && fail "JVM crash file found"
echo "disk-full: resumed after space returned; passed ($(health))"
