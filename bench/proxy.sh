#!/usr/bin/env bash
# Proxy pass-through benchmark (issue 3): one command, one run, loopback only.
#
#   bench/proxy.sh
#
# Measures with wrk, in the same run and on the same pinned cores:
#   backend   nginx answering "hello\n" itself (the backend every proxy below forwards to)
#   nginx     nginx as a plain reverse proxy (upstream keep-alive)
#   haproxy   haproxy as a plain reverse proxy (http mode, keep-alive to the server)
#   outpost   the Outpost gateway serving one open API whose endpoint is the backend
#   outpost-base  with BENCH_BASELINE=<commit>: the gateway built from that commit, serving the same
#             artifact beside `outpost`, so a change's cost is read from paired rounds
#   outpost-jwt   the same gateway (it runs with `outpost`) on a second API of the artifact that needs
#             an RS256 JWT: tokens from a fixed set of BENCH_JWT_TOKENS, minted for this run, cache warm
#   haproxy-jwt   haproxy verifying the same tokens itself (jwt_verify with the public key, and the
#             exp, iss and aud claims checked with jwt_payload_query) and rate-limiting them in a
#             stick table keyed by the token's subject, so it does the same work as outpost-jwt
#             (which also counts every request against the token's subscription and application
#             tiers and the resource's, and journals it)
#   outpost-unthrottled  a second gateway of the same tree and artifact with `throttling.enabled:
#             false`, beside `outpost` (whose tiers count every request, never binding): the
#             throttling stage's cost, from paired rounds
# Median of BENCH_RUNS runs per target: requests/s, p50, p99, requests per CPU-second of the proxy,
# RSS. Prints a Markdown table and rewrites the "Proxy pass-through (issue 3)" section of
# docs/benchmarks.md (with a baseline: the "Pass-through against a baseline commit (issue 11)"
# section, with the per-round ratios outpost / outpost-base). Every process it starts is stopped on
# exit, Ctrl-C or failure.
# Knobs (environment variables) are listed in bench/README.md.
set -euo pipefail

ROOT="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COMMAND_LINE="$(env | grep -E '^BENCH_[A-Z_]+=' | sort | sed -E "s/=(.*)/='\1'/" | tr '\n' ' ')bench/proxy.sh"

DURATION="${BENCH_DURATION:-10s}"
WARMUP="${BENCH_WARMUP:-5s}"
# Many short warm-up rounds, each ending with requests in flight and starting with new connections:
# the JVM's JIT compiler needs ~30 s on one shared core for the request path, but the code that runs
# only when connections open, or close under a request, is first met at a round's edge, and each
# first meeting deoptimizes the hot methods it is compiled into. With 3 rounds of 10 s, such
# recompilations (seen with -XX:+PrintCompilation, up to ~70 s in) slowed the first measured runs.
WARMUP_ROUNDS="${BENCH_WARMUP_ROUNDS:-12}"
THREADS="${BENCH_THREADS:-1}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
RUNS="${BENCH_RUNS:-3}"
TARGETS="${BENCH_TARGETS:-backend nginx haproxy outpost}"
BASELINE="${BENCH_BASELINE:-}"          # a commit: its gateway runs as target outpost-base
OUTPOST_COMMIT="${BENCH_OUTPOST_COMMIT:-}"  # a commit: the outpost target runs its jars, not the work tree's
CACHE="${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/outpost-bench}"
PORT_BASE="${BENCH_PORT_BASE:-28080}"
LOAD_CPU="${BENCH_LOAD_CPU:-1}"
SERVER_CPU="${BENCH_SERVER_CPU:-0}"
BUILD="${BENCH_BUILD:-auto}"            # auto | always | never
DOCS="${BENCH_DOCS:-$ROOT/docs/benchmarks.md}"
WRITE_DOCS="${BENCH_WRITE_DOCS:-1}"
KEEP_WORKDIR="${BENCH_KEEP_WORKDIR:-0}"

BACKEND_PORT=$PORT_BASE
NGINX_PORT=$((PORT_BASE + 1))
HAPROXY_PORT=$((PORT_BASE + 2))
OUTPOST_PORT=$((PORT_BASE + 3))
OUTPOST_ADMIN_PORT=$((PORT_BASE + 4))
BASE_PORT=$((PORT_BASE + 5))
BASE_ADMIN_PORT=$((PORT_BASE + 6))
HAPROXY_JWT_PORT=$((PORT_BASE + 7))
UNTHROTTLED_PORT=$((PORT_BASE + 8))
UNTHROTTLED_ADMIN_PORT=$((PORT_BASE + 9))
JWT_TOKENS="${BENCH_JWT_TOKENS:-100}"
# Footprint with the outpost-jwt target: after the runs, this many distinct tokens (the token cache's
# default size: a full cache) through 1,000 open connections, then the gateway's RSS; 0 = skip.
FOOTPRINT_TOKENS="${BENCH_JWT_FOOTPRINT_TOKENS:-10000}"
FOOTPRINT_CONNECTIONS="${BENCH_JWT_FOOTPRINT_CONNECTIONS:-1000}"

log() { printf 'bench: %s\n' "$*" >&2; }
die() { printf '\nbench: FAILED: %s\n' "$*" >&2; exit 1; }

case "$BUILD" in auto|always|never) ;; *) die "BENCH_BUILD must be auto, always or never (got '$BUILD')" ;; esac
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer"
[[ $WARMUP_ROUNDS =~ ^[0-9]+$ ]] || die "BENCH_WARMUP_ROUNDS must be a whole number"
for t in $TARGETS; do
  case "$t" in backend|nginx|haproxy|outpost|outpost-base|outpost-unthrottled|outpost-jwt|haproxy-jwt) ;;
    *) die "unknown target '$t' in BENCH_TARGETS" ;; esac
done
has_target() { [[ " $TARGETS " == *" $1 "* ]]; }
has_target outpost-unthrottled && ! has_target outpost && die "outpost-unthrottled is paired with the outpost target: add outpost to BENCH_TARGETS"
has_target outpost-jwt && ! has_target outpost && die "outpost-jwt is served by the outpost target's gateway: add outpost to BENCH_TARGETS"
[[ $JWT_TOKENS =~ ^[1-9][0-9]*$ ]] || die "BENCH_JWT_TOKENS must be a positive integer"
[[ $FOOTPRINT_TOKENS =~ ^[0-9]+$ ]] || die "BENCH_JWT_FOOTPRINT_TOKENS must be a whole number"
has_target outpost-jwt || FOOTPRINT_TOKENS=0
if [ -n "$BASELINE" ]; then
  has_target outpost || die "BENCH_BASELINE is measured against the outpost target: add outpost to BENCH_TARGETS"
  has_target outpost-base || TARGETS+=" outpost-base"
else
  has_target outpost-base && die "target outpost-base needs BENCH_BASELINE=<commit> (the commit whose gateway it runs)"
fi

# ---------------------------------------------------------------------------------------------
# Tools: wrk, nginx and haproxy from Debian's packages, installed only when missing.
# ---------------------------------------------------------------------------------------------
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get: install them with your package manager"
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "missing ${missing[*]}: run as root or install them (apt-get install ${missing[*]})"
    sudo=(sudo)
  fi
  log "installing ${missing[*]} from Debian's packages (apt-get update && apt-get install -y ${missing[*]})"
  log "note: installing nginx/haproxy may enable their system services; this script never uses them"
  "${sudo[@]}" apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q "${missing[@]}" >&2
fi
export PATH="$PATH:/usr/sbin:/sbin"
for tool in wrk nginx haproxy taskset java curl; do
  command -v "$tool" >/dev/null || die "$tool not found"
done

NPROC=$(nproc)
if [ "$LOAD_CPU" = "$SERVER_CPU" ]; then
  log "warning: load generator and servers share cpu$SERVER_CPU (BENCH_LOAD_CPU = BENCH_SERVER_CPU)"
fi
for c in "$LOAD_CPU" "$SERVER_CPU"; do
  taskset -c "$c" true 2>/dev/null || die "cannot pin to cpu$c (nproc=$NPROC); set BENCH_LOAD_CPU / BENCH_SERVER_CPU"
done

# ---------------------------------------------------------------------------------------------
# Outpost jars. The script uses the jars directly (never lets ./outpost rebuild mid-benchmark).
# SRC[target] is the tree a gateway target runs from: its jars, its launcher and its jvm.properties,
# so a baseline runs with the JVM options of its own commit.
# ---------------------------------------------------------------------------------------------
declare -A SRC=() REV=()
# build_commit REV: sets BUILT to the tree of commit REV with its gateway and toolkit jars, built once
# into the cache, and BUILT_SHA to the commit. Outside the work tree, so neither ./outpost's rebuild rule
# nor anyone's grep meets a second copy of the sources; `package`, never `install`, so the local Maven
# repository keeps the work tree's modules.
build_commit() {
  BUILT_SHA=$(git -C "$ROOT" rev-parse -q --verify "$1^{commit}") || die "'$1' is not a commit of $ROOT"
  BUILT="$CACHE/$BUILT_SHA"
  [ -f "$BUILT/.built" ] && return 0
  [ "$BUILD" = never ] && die "BENCH_BUILD=never but commit ${BUILT_SHA:0:7} is not built yet in $BUILT"
  command -v mvn >/dev/null || die "Maven (mvn) is needed to build commit ${BUILT_SHA:0:7}"
  log "building commit ${BUILT_SHA:0:7} once into $BUILT (git archive; mvn -B -q -DskipTests package -pl edge-runtime,toolkit -am) ..."
  rm -rf "$BUILT" && mkdir -p "$BUILT"
  git -C "$ROOT" archive "$BUILT_SHA" | tar -x -C "$BUILT" || die "git archive ${BUILT_SHA:0:7} failed"
  (cd "$BUILT" && mvn -B -q -DskipTests package -pl edge-runtime,toolkit -am) >&2 \
    || die "the Maven build of commit ${BUILT_SHA:0:7} failed (sources kept in $BUILT)"
  touch "$BUILT/.built"
}
gw_jar() { echo "${SRC[$1]}/edge-runtime/target/outpost-edge-runtime.jar"; }
JARS_NOTE=""
if [ -n "$OUTPOST_COMMIT" ]; then
  build_commit "$OUTPOST_COMMIT"
  SRC[outpost]=$BUILT; REV[outpost]=$BUILT_SHA
else
  SRC[outpost]=$ROOT
fi
GW_JAR="$(gw_jar outpost)"
TK_JAR="${SRC[outpost]}/toolkit/target/outpost-toolkit.jar"
stale_jars() {  # the launcher's rule: a jar missing, or older than any main source or the root pom
  local jar
  for jar in "$GW_JAR" "$TK_JAR"; do
    [ -f "$jar" ] || return 0
    [ "$ROOT/pom.xml" -nt "$jar" ] && return 0
    [ -n "$(find "$ROOT" -path "$ROOT/*/src/main/*" -newer "$jar" -print -quit 2>/dev/null)" ] && return 0
  done
  return 1
}
if [ -n "$OUTPOST_COMMIT" ]; then
  :  # a commit's jars are built once and never stale
elif [ "$BUILD" = always ] || { [ "$BUILD" = auto ] && stale_jars; }; then
  command -v mvn >/dev/null || die "Maven (mvn) is needed to build Outpost (or set BENCH_BUILD=never)"
  log "building Outpost once (mvn -B -q -DskipTests install) ..."
  (cd "$ROOT" && mvn -B -q -DskipTests install) >&2 || die "the Maven build failed"
elif [ "$BUILD" = never ]; then
  [ -f "$GW_JAR" ] && [ -f "$TK_JAR" ] || die "BENCH_BUILD=never but the jars are missing: $GW_JAR, $TK_JAR"
  if stale_jars; then
    JARS_NOTE="the jars were older than some sources in the working tree (BENCH_BUILD=never): measured as built"
    log "warning: $JARS_NOTE"
  fi
fi
if [ -n "$BASELINE" ]; then
  build_commit "$BASELINE"
  SRC[outpost-base]=$BUILT; REV[outpost-base]=$BUILT_SHA
fi
SRC[outpost-unthrottled]=${SRC[outpost]}; REV[outpost-unthrottled]=${REV[outpost]:-}
TK_CP="$TK_JAR:${SRC[outpost]}/toolkit/target/lib/*"
outpost_toolkit() { OUTPOST_CLASSPATH="$TK_CP" "${SRC[outpost]}/outpost" "$@"; }

# ---------------------------------------------------------------------------------------------
# Work directory, process bookkeeping and clean-up.
# ---------------------------------------------------------------------------------------------
WORK="${BENCH_WORKDIR:-}"
if [ -z "$WORK" ]; then
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/outpost-bench.XXXXXX")"
else
  mkdir -p "$WORK"
  WORK="$(cd "$WORK" && pwd)"
fi
declare -A PID=()      # name -> pid of every long-running process started here
WRK_PID=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -n "$WRK_PID" ] && kill "$WRK_PID" 2>/dev/null || true
  local name pid
  for name in "${!PID[@]}"; do
    pid=${PID[$name]}
    kill -TERM "$pid" 2>/dev/null || true
  done
  for name in "${!PID[@]}"; do
    pid=${PID[$name]}
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      log "$name (pid $pid) did not stop on TERM; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
  if [ "$rc" -ne 0 ]; then
    log "logs and configurations kept in $WORK"
  elif [ "$KEEP_WORKDIR" = 1 ] || [ -n "${BENCH_WORKDIR:-}" ]; then
    log "work directory kept: $WORK"
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORTS=("$BACKEND_PORT" "$NGINX_PORT" "$HAPROXY_PORT" "$OUTPOST_PORT" "$OUTPOST_ADMIN_PORT")
[ -n "$BASELINE" ] && PORTS+=("$BASE_PORT" "$BASE_ADMIN_PORT")
for p in "${PORTS[@]}"; do
  port_busy "$p" && die "127.0.0.1:$p is already in use: set BENCH_PORT_BASE (uses BASE..BASE+$((${#PORTS[@]} - 1)))"
done

# start NAME LOGFILE CMD...: runs CMD pinned to the server core, in the background.
start() {
  local name=$1 logfile=$2; shift 2
  taskset -c "$SERVER_CPU" "$@" >"$logfile" 2>&1 &
  PID[$name]=$!
}
wait_http() {  # wait_http NAME URL: until URL answers at all, or the process died
  local name=$1 url=$2
  for _ in $(seq 300); do
    kill -0 "${PID[$name]}" 2>/dev/null || die "$name exited during start-up; see $WORK/$name.log:
$(tail -n 20 "$WORK/$name.log" 2>/dev/null)"
    curl -s -o /dev/null --max-time 1 "$url" && return 0
    sleep 0.2
  done
  die "$name did not answer on $url within 60 s"
}
check_hello() {  # one request through the target: must be exactly 200 "hello"
  local name=$1 url=$2 code body auth=()
  [[ $name == *-jwt ]] && auth=(-H "Authorization: Bearer $(head -n1 "$WORK/jwt/tokens.txt")")
  code=$(curl -s -o "$WORK/check-$name.body" -w '%{http_code}' --max-time 5 "${auth[@]}" "$url") || true
  body=$(cat "$WORK/check-$name.body" 2>/dev/null || true)
  [ "$code" = 200 ] && [ "$body" = hello ] \
    || die "$name: GET $url gave status '$code' body '$(head -c 300 <<<"$body")' instead of 200 'hello'"
}

NGINX_TEMP_PATHS() {  # keep nginx away from /var/lib/nginx and /var/log/nginx
  local d=$1
  cat <<EOF
    client_body_temp_path $d/client_body;
    proxy_temp_path $d/proxy;
    fastcgi_temp_path $d/fastcgi;
    uwsgi_temp_path $d/uwsgi;
    scgi_temp_path $d/scgi;
EOF
}

# ---------------------------------------------------------------------------------------------
# The backend: nginx answering a fixed 6-byte body itself.
# ---------------------------------------------------------------------------------------------
mkdir -p "$WORK/backend" "$WORK/nginx" "$WORK/haproxy" "$WORK/outpost"
cat >"$WORK/backend/nginx.conf" <<EOF
# Outpost bench: the backend. One worker, no access log, answers every request itself.
worker_processes 1;
pid $WORK/backend/nginx.pid;
error_log $WORK/backend/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
$(NGINX_TEMP_PATHS "$WORK/backend")
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$BACKEND_PORT backlog=4096;
        location / {
            default_type text/plain;
            return 200 "hello\n";
        }
    }
}
EOF
start backend "$WORK/backend.log" nginx -p "$WORK/backend" -e "$WORK/backend/error.log" \
  -c "$WORK/backend/nginx.conf" -g 'daemon off;'
wait_http backend "http://127.0.0.1:$BACKEND_PORT/hello"

declare -A URL=([backend]="http://127.0.0.1:$BACKEND_PORT/hello")

# ---------------------------------------------------------------------------------------------
# JWT targets: an RSA key made for this run, and a fixed set of RS256 tokens signed with it (openssl
# only, so the tokens owe nothing to the code under test).
# ---------------------------------------------------------------------------------------------
JWT_ISSUER="https://issuer.bench.invalid/oauth2/token"
if has_target outpost-jwt || has_target haproxy-jwt; then
  mkdir -p "$WORK/jwt"
  b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/jwt/private.pem" 2>/dev/null \
    || die "openssl could not make an RSA key"
  openssl pkey -in "$WORK/jwt/private.pem" -pubout -out "$WORK/jwt/public.pem"
  openssl req -x509 -new -key "$WORK/jwt/private.pem" -subj /CN=bench-issuer -days 2 -out "$WORK/jwt/issuer.pem" 2>/dev/null
  # mint.sh FIRST LAST: the tokens of those numbers, one a line (run in parallel, in chunks).
  cat >"$WORK/jwt/mint.sh" <<EOF
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
header=\$(printf '{"alg":"RS256","typ":"JWT","kid":"bench"}' | b64url)
for i in \$(seq "\$1" "\$2"); do
  payload=\$(printf '{"iss":"%s","aud":"bench","sub":"user-%d","jti":"bench-%d","iat":%d,"exp":%d,"scope":"read","application":{"id":"app-%d","name":"app-%d","tier":"50PerMin"},"subscribedAPIs":[{"name":"BenchSecure","context":"/secure","version":"1.0.0","subscriptionTier":"Gold"}]}' \\
    "$JWT_ISSUER" "\$i" "\$i" "$(date +%s)" "$(( $(date +%s) + 86400 ))" "\$i" "\$i" | b64url)
  signature=\$(printf '%s.%s' "\$header" "\$payload" | openssl dgst -sha256 -sign "$WORK/jwt/private.pem" -binary | b64url)
  printf '%s.%s.%s\\n' "\$header" "\$payload" "\$signature"
done
EOF
  minted=$(( JWT_TOKENS > FOOTPRINT_TOKENS ? JWT_TOKENS : FOOTPRINT_TOKENS ))
  log "minting $minted RS256 tokens (2048-bit key made for this run, openssl) ..."
  for first in $(seq 1 500 "$minted"); do
    last=$(( first + 499 < minted ? first + 499 : minted ))
    echo "$first $last"
  done | xargs -P "$NPROC" -n 2 sh -c 'bash "$0/mint.sh" "$1" "$2" >"$0/chunk-$(printf %08d "$1")"' "$WORK/jwt"
  cat "$WORK/jwt"/chunk-* >"$WORK/jwt/all-tokens.txt"
  [ "$(wc -l <"$WORK/jwt/all-tokens.txt")" -eq "$minted" ] || die "minting the tokens failed"
  head -n "$JWT_TOKENS" "$WORK/jwt/all-tokens.txt" >"$WORK/jwt/tokens.txt"
  log "minted $minted tokens; the measured runs rotate over the first $JWT_TOKENS ($WORK/jwt/tokens.txt)"
fi

# ---------------------------------------------------------------------------------------------
# The proxies.
# ---------------------------------------------------------------------------------------------
if [[ " $TARGETS " == *" nginx "* ]]; then
  cat >"$WORK/nginx/nginx.conf" <<EOF
# Outpost bench: nginx as a plain reverse proxy. One worker, no access log, upstream keep-alive.
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
$(NGINX_TEMP_PATHS "$WORK/nginx")
    keepalive_requests 1000000;
    upstream backend {
        server 127.0.0.1:$BACKEND_PORT;
        keepalive 64;
        keepalive_requests 1000000;
    }
    server {
        listen 127.0.0.1:$NGINX_PORT backlog=4096;
        location / {
            proxy_pass http://backend;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
EOF
  start nginx "$WORK/nginx.log" nginx -p "$WORK/nginx" -e "$WORK/nginx/error.log" \
    -c "$WORK/nginx/nginx.conf" -g 'daemon off;'
  URL[nginx]="http://127.0.0.1:$NGINX_PORT/hello"
  wait_http nginx "${URL[nginx]}"
fi

HAPROXY_COMMON() {  # what both haproxy targets share: one thread, no logging, keep-alive both sides
  cat <<EOF
global
    nbthread 1
    maxconn 4096
defaults
    mode http
    option http-keep-alive
    http-reuse safe
    timeout connect 5s
    timeout client 30s
    timeout server 30s
EOF
}

if [[ " $TARGETS " == *" haproxy "* ]]; then
  cat >"$WORK/haproxy/haproxy.cfg" <<EOF
# Outpost bench: haproxy as a plain reverse proxy. One thread, no logging, keep-alive both sides.
$(HAPROXY_COMMON)
frontend bench
    bind 127.0.0.1:$HAPROXY_PORT
    default_backend hello
backend hello
    server backend 127.0.0.1:$BACKEND_PORT
EOF
  haproxy -c -q -f "$WORK/haproxy/haproxy.cfg" >&2 || die "haproxy rejected $WORK/haproxy/haproxy.cfg"
  start haproxy "$WORK/haproxy.log" haproxy -db -f "$WORK/haproxy/haproxy.cfg"
  URL[haproxy]="http://127.0.0.1:$HAPROXY_PORT/hello"
  wait_http haproxy "${URL[haproxy]}"
fi

if has_target haproxy-jwt; then
  mkdir -p "$WORK/haproxy-jwt"
  cat >"$WORK/haproxy-jwt/haproxy.cfg" <<EOF
# Outpost bench: haproxy verifying an RS256 JWT on every request (signature, then alg, iss, aud, exp),
# as the gateway does, then rate-limiting per token subject in a stick table (a limit that never
# binds, as the gateway's tiers), then proxying as the plain haproxy target. 401 for a token that
# fails any check, 429 over the rate.
$(HAPROXY_COMMON)
frontend bench_jwt
    bind 127.0.0.1:$HAPROXY_JWT_PORT
    http-request set-var(txn.bearer) http_auth_bearer
    http-request set-var(txn.alg) var(txn.bearer),jwt_header_query('\$.alg')
    http-request set-var(txn.iss) var(txn.bearer),jwt_payload_query('\$.iss')
    http-request set-var(txn.aud) var(txn.bearer),jwt_payload_query('\$.aud')
    http-request set-var(txn.exp) var(txn.bearer),jwt_payload_query('\$.exp','int')
    http-request set-var(txn.now) date()
    http-request return status 401 unless { var(txn.alg) -m str RS256 }
    http-request return status 401 unless { var(txn.bearer),jwt_verify(txn.alg,"$WORK/jwt/public.pem") -m int 1 }
    http-request return status 401 unless { var(txn.iss) -m str $JWT_ISSUER }
    http-request return status 401 unless { var(txn.aud) -m str bench }
    http-request return status 401 if { var(txn.exp),sub(txn.now) -m int lt 0 }
    http-request set-var(txn.sub) var(txn.bearer),jwt_payload_query('\$.sub')
    http-request track-sc0 var(txn.sub) table per_subject
    http-request return status 429 if { sc_http_req_rate(0,per_subject) gt 2000000000 }
    default_backend hello
backend per_subject
    stick-table type string len 64 size 100k expire 60s store http_req_rate(60s)
backend hello
    server backend 127.0.0.1:$BACKEND_PORT
EOF
  haproxy -c -q -f "$WORK/haproxy-jwt/haproxy.cfg" >&2 || die "haproxy rejected $WORK/haproxy-jwt/haproxy.cfg"
  start haproxy-jwt "$WORK/haproxy-jwt.log" haproxy -db -f "$WORK/haproxy-jwt/haproxy.cfg"
  URL[haproxy-jwt]="http://127.0.0.1:$HAPROXY_JWT_PORT/hello"
  wait_http haproxy-jwt "${URL[haproxy-jwt]}"
fi

if [[ " $TARGETS " == *" outpost "* ]]; then
  cat >"$WORK/outpost/bench-api.yaml" <<EOF
openapi: 3.0.3
info:
  title: Bench
  version: 1.0.0
  description: Pass-through to the benchmark's backend; no security, one resource.
x-wso2-basePath: /bench
x-wso2-production-endpoints:
  urls:
    - http://127.0.0.1:$BACKEND_PORT
x-wso2-disable-security: true
paths:
  /hello:
    get:
      operationId: hello
      x-wso2-throttling-tier: Bench
      responses:
        "200":
          description: hello
EOF
  # The same resource behind WSO2's default security (an OAuth2 bearer token: here, a JWT).
  sed -e 's|^  title: Bench$|  title: BenchSecure|' -e 's|^x-wso2-basePath: /bench$|x-wso2-basePath: /secure|' \
      -e '/^x-wso2-disable-security: true$/d' \
      -e 's|^  description: Pass-through.*|  description: The pass-through API, secured by the default OAuth2 (a JWT).|' \
      "$WORK/outpost/bench-api.yaml" >"$WORK/outpost/bench-secure.yaml"
  log "building the Outpost project (outpost init, outpost build) ..."
  export OUTPOST_HOME="$WORK/outpost/home"   # the publisher key for this run only
  outpost_toolkit init "$WORK/outpost/bench" -a "$WORK/outpost/bench-api.yaml" >"$WORK/outpost/toolkit.log" 2>&1 \
    || die "outpost init failed: $(cat "$WORK/outpost/toolkit.log")"
  cp "$ROOT/bench/policies.yaml" "$WORK/outpost/bench/policies.yaml"   # limits that never bind during a run
  outpost_toolkit api add "$WORK/outpost/bench" "$WORK/outpost/bench-secure.yaml" >>"$WORK/outpost/toolkit.log" 2>&1 \
    || die "outpost api add failed: $(cat "$WORK/outpost/toolkit.log")"
  outpost_toolkit build "$WORK/outpost/bench" -o "$WORK/outpost/bench.outpost" >>"$WORK/outpost/toolkit.log" 2>&1 \
    || die "outpost build failed: $(cat "$WORK/outpost/toolkit.log")"
fi

# start_gateway NAME PORT ADMIN_PORT: the gateway of tree SRC[NAME] with its own launcher (jvm.properties
# jvm.common + jvm.gateway; it execs java, so the pid is the JVM's), serving the one artifact; the
# same gateway.yaml for every gateway but for its ports and its own state directory (journal).
declare -A TRANSPORT_OF=()
start_gateway() {
  local name=$1 port=$2 admin=$3 ready throttling=true
  [ "$name" = outpost-unthrottled ] && throttling=false
  mkdir -p "$WORK/$name/state"
  cat >"$WORK/$name/gateway.yaml" <<EOF
listeners:
  http: {host: 127.0.0.1, port: $port}
admin: {host: 127.0.0.1, port: $admin}
stateDir: state
analytics:
  enabled: ${BENCH_OUTPOST_JOURNAL:-true}
$([ -n "${BENCH_OUTPOST_DURABILITY:-}" ] && echo "  durability: $BENCH_OUTPOST_DURABILITY")
transport: ${BENCH_OUTPOST_TRANSPORT:-auto}
throttling: {enabled: $throttling}
$(has_target outpost-jwt && cat <<JWT
security:
  jwt:
    issuers:
      - issuer: $JWT_ISSUER
        audiences: [bench]
        certificates: [$WORK/jwt/issuer.pem]
JWT
)
EOF
  start "$name" "$WORK/$name.log" env OUTPOST_CLASSPATH="$(gw_jar "$name"):${SRC[$name]}/edge-runtime/target/lib/*" \
    "${SRC[$name]}/outpost" gateway \
    --config "$WORK/$name/gateway.yaml" --artifact "$WORK/outpost/bench.outpost" --dev
  for _ in $(seq 600); do
    grep -q '^outpost-gateway ready' "$WORK/$name.log" 2>/dev/null && break
    kill -0 "${PID[$name]}" 2>/dev/null || die "the gateway $name exited during start-up:
$(tail -n 30 "$WORK/$name.log")"
    sleep 0.1
  done
  ready=$(grep -m1 '^outpost-gateway ready' "$WORK/$name.log") || die "the gateway $name was not ready within 60 s"
  log "$name: $ready"
  TRANSPORT_OF[$name]=$(sed -n 's/.* transport=\([^ ]*\).*/\1/p' <<<"$ready")
  URL[$name]="http://127.0.0.1:$port/bench/hello"
  [ "$name" = outpost ] && URL[outpost-jwt]="http://127.0.0.1:$port/secure/hello"
  return 0
}
if has_target outpost; then
  start_gateway outpost "$OUTPOST_PORT" "$OUTPOST_ADMIN_PORT"
  OUTPOST_TRANSPORT=${TRANSPORT_OF[outpost]}
fi
has_target outpost-base && start_gateway outpost-base "$BASE_PORT" "$BASE_ADMIN_PORT"
has_target outpost-unthrottled && start_gateway outpost-unthrottled "$UNTHROTTLED_PORT" "$UNTHROTTLED_ADMIN_PORT"

for t in $TARGETS; do check_hello "$t" "${URL[$t]}"; done
for t in outpost-jwt haproxy-jwt; do  # the JWT targets must really check tokens
  has_target "$t" || continue
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "${URL[$t]}") || true
  [ "$code" = 401 ] || die "$t: GET ${URL[$t]} without a token gave '$code' instead of 401: it does not check tokens"
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "Authorization: Bearer $(head -n1 "$WORK/jwt/tokens.txt")x" \
    "${URL[$t]}") || true
  [ "$code" = 401 ] || die "$t: GET ${URL[$t]} with a broken signature gave '$code' instead of 401"
done

# ---------------------------------------------------------------------------------------------
# Measuring.
# ---------------------------------------------------------------------------------------------
HZ=$(getconf CLK_TCK)
tree_pids() {  # the process and all its descendants (nginx master + workers)
  sed -E 's/^([0-9]+) \(.*\) [A-Za-z] ([0-9]+) .*/\2 \1/' /proc/[0-9]*/stat 2>/dev/null \
    | awk -v root="$1" '{kids[$1] = kids[$1] " " $2}
        END {n = 1; q[1] = root; out = root
             for (i = 1; i <= n; i++) { c = split(kids[q[i]], k, " ")
               for (j = 1; j <= c; j++) { q[++n] = k[j]; out = out " " k[j] } }
             print out}'
}
cpu_ticks() {  # utime + stime of a process tree, in clock ticks
  local total=0 p rest
  for p in $(tree_pids "$1"); do
    rest=$(sed -E 's/^.*\) //' "/proc/$p/stat" 2>/dev/null) || continue
    # after "pid (comm) ": state is field 1, utime field 12, stime field 13
    total=$((total + $(awk '{print $12 + $13}' <<<"$rest")))
  done
  echo "$total"
}
all_server_ticks() {  # every server this script started (all pinned to the server core)
  local total=0 name
  for name in "${!PID[@]}"; do total=$((total + $(cpu_ticks "${PID[$name]}"))); done
  echo "$total"
}
core_busy_ticks() {  # all but idle and iowait of the server core, from /proc/stat
  awk -v cpu="cpu$SERVER_CPU" '$1 == cpu {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat
}
rss_kb() {
  local total=0 p v
  for p in $(tree_pids "$1"); do
    v=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null || true)
    total=$((total + ${v:-0}))
  done
  echo "$total"
}

cat >"$WORK/report.lua" <<'EOF'
-- Machine-readable summary after wrk's own report (latency percentiles in microseconds).
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%.1f p99_us=%.1f connect=%d read=%d write=%d status=%d timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end
EOF
# The JWT targets' requests: each carries the next token of the fixed set (every thread reads the set once).
if [ -f "$WORK/jwt/tokens.txt" ]; then
  { cat <<EOF
local tokens = {}
local next = 0
init = function(args)
  for line in io.lines("$WORK/jwt/tokens.txt") do tokens[#tokens + 1] = "Bearer " .. line end
end
request = function()
  next = next % #tokens + 1
  return wrk.format(nil, nil, {["Authorization"] = tokens[next]})
end
EOF
    cat "$WORK/report.lua"; } >"$WORK/jwt.lua"
  sed "s|$WORK/jwt/tokens.txt|$WORK/jwt/all-tokens.txt|" "$WORK/jwt.lua" >"$WORK/footprint.lua"
fi
script_of() { if [[ $1 == *-jwt ]]; then echo jwt.lua; else echo report.lua; fi; }
wrk_cmd() { echo "taskset -c $LOAD_CPU wrk -t$THREADS -c$CONNECTIONS -d$1 --latency -s ${3:-report.lua} $2"; }

run_wrk() {  # run_wrk DURATION URL OUTFILE [SCRIPT]
  taskset -c "$LOAD_CPU" wrk "-t$THREADS" "-c$CONNECTIONS" "-d$1" --latency -s "$WORK/${4:-report.lua}" "$2" >"$3" 2>&1 &
  WRK_PID=$!
  local rc=0
  wait "$WRK_PID" || rc=$?
  WRK_PID=""
  [ "$rc" -eq 0 ] || die "wrk exited with $rc on $2:
$(cat "$3")"
  local name
  for name in "${!PID[@]}"; do
    kill -0 "${PID[$name]}" 2>/dev/null || die "$name (pid ${PID[$name]}) died during the run; see $WORK/$name.log:
$(tail -n 20 "$WORK/$name.log" 2>/dev/null)"
  done
}

ERRORS=()
check_wrk_errors() {  # check_wrk_errors NAME OUTFILE LABEL: non-2xx and socket errors fail the run
  local line
  line=$(grep '^BENCH ' "$2") || die "$1: no summary from wrk:
$(cat "$2")"
  if grep -qE '^ *(Non-2xx or 3xx responses|Socket errors):' "$2" \
     || ! grep -qE 'connect=0 read=0 write=0 status=0 timeout=0' <<<"$line"; then
    ERRORS+=("$1 $3: $(grep -E '^ *(Non-2xx or 3xx responses|Socket errors):' "$2" | tr -s ' ' | tr '\n' ';')")
    log "ERROR: $1 ($3) reported non-2xx responses or socket errors:"
    sed 's/^/    /' "$2" >&2
  fi
}

declare -A PROXY_OF=([backend]=backend [nginx]=nginx [haproxy]=haproxy [outpost]=outpost [outpost-base]=outpost-base
                     [outpost-unthrottled]=outpost-unthrottled
                     [outpost-jwt]=outpost [haproxy-jwt]=haproxy-jwt)
LOADAVG_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
read -ra ORDER <<<"$TARGETS"
seconds() { awk -v d="$1" 'BEGIN {n = d + 0; u = substr(d, length(d)); print (u == "m") ? n * 60 : (u == "h") ? n * 3600 : n}'; }

log "work directory: $WORK"
log "pinning: wrk on cpu$LOAD_CPU; backend and proxies on cpu$SERVER_CPU"
log "measuring for about $(( ( ($(seconds "$WARMUP") * WARMUP_ROUNDS + $(seconds "$DURATION") * RUNS) * ${#ORDER[@]} + 59) / 60 )) min: \
${#ORDER[@]} targets × ($WARMUP_ROUNDS warm-up runs of $WARMUP + $RUNS runs of $DURATION)"
for t in $TARGETS; do
  for w in $(seq "$WARMUP_ROUNDS"); do
    log "warm-up $w/$WARMUP_ROUNDS $t ($WARMUP, not recorded): $(wrk_cmd "$WARMUP" "${URL[$t]}" "$(script_of "$t")")"
    run_wrk "$WARMUP" "${URL[$t]}" "$WORK/warmup-$t.txt" "$(script_of "$t")"
    check_wrk_errors "$t" "$WORK/warmup-$t.txt" warm-up
  done
done

# Rounds interleave the targets so that a noisy neighbour on the shared cores hurts all of them alike,
# and the order rotates by one each round so that no target always runs first, or always right after
# the same neighbour (with as many rounds as targets, each target runs once in each place).
declare -A RPS=() P50=() P99=() PER_CPU=() PER_CPU_ALL=() RSS=() CPU_SHARE=() OTHER=() ROUND_ORDER=()
for r in $(seq "$RUNS"); do
  round=()
  for i in "${!ORDER[@]}"; do round+=("${ORDER[$(( (i + r - 1) % ${#ORDER[@]} ))]}"); done
  ROUND_ORDER[$r]="${round[*]}"
  for t in "${round[@]}"; do
    out="$WORK/run$r-$t.txt"
    proxy_pid=${PID[${PROXY_OF[$t]}]}
    backend_pid=${PID[backend]}
    a0=$(all_server_ticks); p0=$(cpu_ticks "$proxy_pid"); b0=$(cpu_ticks "$backend_pid"); c0=$(core_busy_ticks)
    run_wrk "$DURATION" "${URL[$t]}" "$out" "$(script_of "$t")"
    c1=$(core_busy_ticks); p1=$(cpu_ticks "$proxy_pid"); b1=$(cpu_ticks "$backend_pid"); a1=$(all_server_ticks)
    check_wrk_errors "$t" "$out" "run $r"
    read -r req dur p50 p99 < <(sed -nE 's/^BENCH requests=([0-9]+) duration_us=([0-9]+) p50_us=([0-9.]+) p99_us=([0-9.]+).*/\1 \2 \3 \4/p' "$out")
    dp=$((p1 - p0)); db=$((b1 - b0))
    [ "$t" = backend ] && db=0   # the backend is the server itself: counted once
    [ "$dp" -gt 0 ] || dp=1
    RPS[$t]+="$(awk -v n="$req" -v d="$dur" 'BEGIN {printf "%.1f", n / (d / 1e6)}') "
    P50[$t]+="$(awk -v v="$p50" 'BEGIN {printf "%.3f", v / 1000}') "
    P99[$t]+="$(awk -v v="$p99" 'BEGIN {printf "%.3f", v / 1000}') "
    PER_CPU[$t]+="$(awk -v n="$req" -v c="$dp" -v hz="$HZ" 'BEGIN {printf "%.1f", n / (c / hz)}') "
    PER_CPU_ALL[$t]+="$(awk -v n="$req" -v c="$((dp + db))" -v hz="$HZ" 'BEGIN {printf "%.1f", n / (c / hz)}') "
    CPU_SHARE[$t]+="$(awk -v c="$dp" -v hz="$HZ" -v d="$dur" 'BEGIN {printf "%.2f", (c / hz) / (d / 1e6)}') "
    OTHER[$t]+="$(awk -v c="$(( (c1 - c0) - (a1 - a0) ))" -v hz="$HZ" -v d="$dur" 'BEGIN {v = (c / hz) / (d / 1e6); printf "%.2f", v < 0 ? 0 : v}') "
    RSS[$t]=$(rss_kb "$proxy_pid")
    log "run $r/$RUNS $t: $(awk -v n="$req" -v d="$dur" -v a="$p50" -v b="$p99" -v c="$dp" -v hz="$HZ" \
      'BEGIN {printf "%.0f req/s, p50 %.2f ms, p99 %.2f ms, proxy CPU %.2f s", n / (d / 1e6), a / 1000, b / 1000, c / hz}')"
  done
done
# Footprint: every minted token verified once (a full cache at the default cacheSize) through
# FOOTPRINT_CONNECTIONS open connections, then the gateway's memory while they are still open.
FOOTPRINT=""
if [ "$FOOTPRINT_TOKENS" -gt 0 ]; then
  footprint_seconds=$(( FOOTPRINT_TOKENS / 2000 + 10 ))
  log "footprint: $FOOTPRINT_CONNECTIONS connections for ${footprint_seconds}s over all $FOOTPRINT_TOKENS tokens (outpost-jwt)"
  taskset -c "$LOAD_CPU" wrk -t1 "-c$FOOTPRINT_CONNECTIONS" "-d${footprint_seconds}s" --timeout 10s -s "$WORK/footprint.lua" \
    "${URL[outpost-jwt]}" >"$WORK/footprint.txt" 2>&1 &
  WRK_PID=$!
  sleep $(( footprint_seconds - 2 ))   # the connections are all open and busy: read the memory now, before wrk closes them
  gw_pid=${PID[outpost]}
  open_conns=$(ls "/proc/$gw_pid/fd" 2>/dev/null | wc -l)
  rss_anon=$(awk '/^RssAnon:/ {print $2}' "/proc/$gw_pid/status")
  vm_rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$gw_pid/status")
  wait "$WRK_PID" || die "wrk failed in the footprint run: $(cat "$WORK/footprint.txt")"
  WRK_PID=""
  check_wrk_errors outpost-jwt "$WORK/footprint.txt" footprint
  fp_requests=$(sed -nE 's/^BENCH requests=([0-9]+).*/\1/p' "$WORK/footprint.txt")
  [ "${fp_requests:-0}" -ge "$FOOTPRINT_TOKENS" ] || log "warning: the footprint run made ${fp_requests:-0} requests, fewer than the $FOOTPRINT_TOKENS tokens"
  FOOTPRINT="- Footprint (outpost-jwt): $FOOTPRINT_CONNECTIONS connections open for ${footprint_seconds} s, $fp_requests requests over $FOOTPRINT_TOKENS distinct tokens
  (each verified once, then answered from the verified-token cache, \`cacheSize\` 10,000 by default); read while the connections were open:
  **anonymous RSS $((rss_anon / 1024)) MB** (RssAnon), RSS $((vm_rss / 1024)) MB (with the journal's mapped file), $open_conns open file descriptors; heap \`-Xmx64m\`.
"
  log "footprint: RssAnon $((rss_anon / 1024)) MB, VmRSS $((vm_rss / 1024)) MB, $open_conns fds, $fp_requests requests"
fi
LOADAVG_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------------------------------------
# Report.
# ---------------------------------------------------------------------------------------------
median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
minmax() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk 'NR == 1 {lo = $1} {hi = $1} END {printf "%.0f–%.0f", lo, hi}'; }
fmt0() { awk -v v="$1" 'BEGIN {printf "%.0f", v}'; }
fmt2() { awk -v v="$1" 'BEGIN {printf "%.2f", v}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f×", a / b}'; }
if [ -n "$OUTPOST_COMMIT" ]; then
  COMMIT=$(git -C "$ROOT" rev-parse --short "${REV[outpost]}")
  DIRTY=" (built from the commit alone, not the working tree)"
else
  COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
  DIRTY=""
  if [ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no -- edge-runtime common journal pom.xml 2>/dev/null)" ]; then
    DIRTY=" (with uncommitted changes under edge-runtime/, common/ or journal/)"
  fi
fi
BASE_COMMIT=""
[ -n "$BASELINE" ] && BASE_COMMIT=$(git -C "$ROOT" rev-parse --short "${REV[outpost-base]}")
declare -A LABEL=(
  [backend]="backend direct (nginx \`return 200\`)"
  [nginx]="nginx reverse proxy"
  [haproxy]="haproxy reverse proxy"
  [outpost]="Outpost gateway pass-through${BASE_COMMIT:+, $COMMIT}"
  [outpost-base]="Outpost gateway pass-through, baseline $BASE_COMMIT"
  [outpost-unthrottled]="Outpost gateway pass-through, throttling off"
  [outpost-jwt]="Outpost gateway, RS256 JWT (cache warm) + throttling + journal"
  [haproxy-jwt]="haproxy verifying the RS256 JWT (jwt_verify + claims) + stick-table rate limit"
)
TABLE="| target | req/s (median, range) | p50 ms | p99 ms | req per CPU-s of the proxy | req per CPU-s proxy + backend | proxy CPU use (cores) | proxy RSS after | other load on cpu${SERVER_CPU} (cores) |
|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for t in $TARGETS; do
  TABLE+="
| ${LABEL[$t]} | $(fmt0 "$(median "${RPS[$t]}")") ($(minmax "${RPS[$t]}")) | $(fmt2 "$(median "${P50[$t]}")") | $(fmt2 "$(median "${P99[$t]}")") | $(fmt0 "$(median "${PER_CPU[$t]}")") | $(fmt0 "$(median "${PER_CPU_ALL[$t]}")") | $(fmt2 "$(median "${CPU_SHARE[$t]}")") | $((RSS[$t] / 1024)) MB | $(fmt2 "$(median "${OTHER[$t]}")") |"
done
RATIOS=""
declare -A NAME_OF=([outpost]="Outpost" [outpost-base]="Baseline $BASE_COMMIT")
for gw in outpost outpost-base; do
  has_target "$gw" || continue
  for ref in nginx haproxy; do
    has_target "$ref" || continue
    RATIOS+="- ${NAME_OF[$gw]} / $ref: throughput **$(ratio "$(median "${RPS[$gw]}")" "$(median "${RPS[$ref]}")")**, requests per CPU-second of the proxy **$(ratio "$(median "${PER_CPU[$gw]}")" "$(median "${PER_CPU[$ref]}")")**, p99 $(ratio "$(median "${P99[$gw]}")" "$(median "${P99[$ref]}")")
"
  done
done

pair_ratio() {  # pair_ratio A B TEXT: the line comparing target A with target B, when both ran
  has_target "$1" && has_target "$2" || return 0
  RATIOS+="- $3: throughput **$(ratio "$(median "${RPS[$1]}")" "$(median "${RPS[$2]}")")**, requests per CPU-second of the proxy **$(ratio "$(median "${PER_CPU[$1]}")" "$(median "${PER_CPU[$2]}")")**, p99 $(ratio "$(median "${P99[$1]}")" "$(median "${P99[$2]}")")
"
}
pair_ratio outpost outpost-unthrottled "Outpost throttling on (tiers never binding) / off"
pair_ratio outpost-jwt outpost "Outpost JWT-protected / the same API open"
pair_ratio outpost-jwt haproxy-jwt "Outpost JWT-protected / haproxy-JWT"
pair_ratio outpost-jwt nginx "Outpost JWT-protected / nginx plain proxy"

# With a baseline: the two gateways' figures paired by round (each round ran both, minutes apart at
# most, under the same neighbours), so the machine's drift between rounds cancels out of each ratio.
PAIRED=""
if [ -n "$BASELINE" ]; then
  paired() { paste -d' ' <(tr ' ' '\n' <<<"$1" | grep .) <(tr ' ' '\n' <<<"$2" | grep .) | awk '{printf "%.4f ", $1 / $2}'; }
  times3() { awk -v v="$1" 'BEGIN {printf "%.3f×", v}'; }
  pct() { awk -v v="$1" 'BEGIN {printf "%+.1f %%", (v - 1) * 100}'; }
  spread3() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk 'NR == 1 {lo = $1} {hi = $1} END {printf "%.3f–%.3f×", lo, hi}'; }
  PAIR_CPU=$(paired "${PER_CPU[outpost]}" "${PER_CPU[outpost-base]}")
  PAIR_RPS=$(paired "${RPS[outpost]}" "${RPS[outpost-base]}")
  read -ra a_rps <<<"${RPS[outpost]}"; read -ra b_rps <<<"${RPS[outpost-base]}"; read -ra q_rps <<<"$PAIR_RPS"
  read -ra a_cpu <<<"${PER_CPU[outpost]}"; read -ra b_cpu <<<"${PER_CPU[outpost-base]}"; read -ra q_cpu <<<"$PAIR_CPU"
  read -ra a_oth <<<"${OTHER[outpost]}"; read -ra b_oth <<<"${OTHER[outpost-base]}"
  m_cpu=$(median "$PAIR_CPU"); m_rps=$(median "$PAIR_RPS")
  PAIRED="- **Outpost $COMMIT / baseline $BASE_COMMIT, paired by round** (median of the $RUNS per-round ratios; spread = lowest–highest):
  requests per CPU-second of the proxy **$(times3 "$m_cpu")** ($(pct "$m_cpu"); $(spread3 "$PAIR_CPU")),
  throughput **$(times3 "$m_rps")** ($(pct "$m_rps"); $(spread3 "$PAIR_RPS"))

| round | order | Outpost req/s | baseline req/s | ratio | Outpost req per CPU-s | baseline req per CPU-s | ratio | other load (Outpost run, baseline run) |
|---:|---|---:|---:|---:|---:|---:|---:|---:|"
  for r in $(seq "$RUNS"); do
    i=$((r - 1))
    PAIRED+="
| $r | ${ROUND_ORDER[$r]// / ▸ } | $(fmt0 "${a_rps[$i]}") | $(fmt0 "${b_rps[$i]}") | $(times3 "${q_rps[$i]}") | $(fmt0 "${a_cpu[$i]}") | $(fmt0 "${b_cpu[$i]}") | $(times3 "${q_cpu[$i]}") | ${a_oth[$i]}, ${b_oth[$i]} |"
  done
  PAIRED+="
"
fi

first_line() { "$@" 2>&1 | head -n 1 || true; }
JAVA_V=$(first_line "${JAVA_HOME:+$JAVA_HOME/bin/}java" -version)
NGINX_V=$(first_line nginx -v)
HAPROXY_V=$(first_line haproxy -v | sed -E 's/^(HAProxy version [^ ]+).*/\1/')
WRK_V=$(wrk -v 2>&1 | head -n 1 | sed -E 's/ *Copyright.*//' || true)
CPU_MODEL=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo)
[ -n "$CPU_MODEL" ] || CPU_MODEL=$(lscpu 2>/dev/null | awk -F': *' '/Model name/ {print $2; exit}')
MEM_TOTAL=$(awk '/^MemTotal:/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo)
jar_time() { date -u -r "$(gw_jar "$1")" '+%Y-%m-%d %H:%M UTC' 2>/dev/null || echo unknown; }
jvm_gateway() { sed -n 's/^jvm.gateway=//p' "${SRC[$1]}/jvm.properties" | tail -n 1; }
GW_JAR_TIME=$(jar_time outpost)
JVM_GATEWAY=$(jvm_gateway outpost)
NOW=$(date -u '+%Y-%m-%d %H:%M UTC')
BASELINE_NOTE=""
if [ -n "$BASELINE" ]; then
  BASELINE_NOTE="
- Baseline (\`outpost-base\`): commit ${BASE_COMMIT} ($(git -C "$ROOT" log -1 --format=%cs "${REV[outpost-base]}"): $(git -C "$ROOT" log -1 --format=%s "${REV[outpost-base]}" | cut -c1-90)…),
  built once from \`git archive\` with \`mvn -B -q -DskipTests package -pl edge-runtime,toolkit -am\`, gateway jar built $(jar_time outpost-base);
  started by its own launcher with its own \`jvm.gateway\`: \`$(jvm_gateway outpost-base)\`. It serves the same artifact
  (built by the Outpost side's toolkit) with the same gateway.yaml but for its ports and state directory, on BASE+5
  (admin BASE+6); \`transport: ${BENCH_OUTPOST_TRANSPORT:-auto}\`, which ran ${TRANSPORT_OF[outpost-base]:-?}."
fi
if [ -n "$BASELINE" ]; then
  SECTION_ID=proxy-baseline SECTION_TITLE="Pass-through against a baseline commit (issue 11)"
elif has_target outpost-jwt || has_target haproxy-jwt; then
  SECTION_ID=proxy-jwt SECTION_TITLE="A JWT-protected API (issue 12)"
else
  SECTION_ID=proxy-passthrough SECTION_TITLE="Proxy pass-through (issue 3)"
fi

SECTION="<!-- BEGIN ${SECTION_ID}: written by bench/proxy.sh; edit the script, not this section -->
## ${SECTION_TITLE}

Run ${NOW} with \`${COMMAND_LINE}\`.

${TABLE}

${RATIOS}${PAIRED}${FOOTPRINT}
Median of ${RUNS} runs of ${DURATION} per target (each column's median taken on its own; range = slowest–fastest run),
after ${WARMUP_ROUNDS} unrecorded warm-up runs of ${WARMUP} per target, each with new connections; the rounds interleave
the targets, in an order that rotates by one each round. The runs measure the steady state a long-running gateway
serves in: on one core shared with its backend, Outpost's JIT compiler keeps compiling for about 30 s after start
(throughput in the first 10 s is about a third of the steady state), and code first used when connections close
under a request or reopen must be compiled as well: each round ends with requests in flight, and each path first
met there deoptimizes hot code.
Each run: \`$(wrk_cmd "$DURATION" URL)\`, URL one of
\`${URL[backend]}\`$(for t in $TARGETS; do [ "$t" = backend ] || printf ', `%s`' "${URL[$t]}"; done).

- Machine: $(uname -m), ${NPROC} CPUs (\`nproc\`), ${CPU_MODEL}, ${MEM_TOTAL} RAM, Linux $(uname -r).
  Load average before / after: ${LOADAVG_BEFORE} / ${LOADAVG_AFTER} (the cores are shared; see the range column).
- Pinning: wrk alone on cpu${LOAD_CPU}; the backend and every proxy on cpu${SERVER_CPU} (\`taskset -c\`), so a proxy
  and the backend it forwards to share one core, as they would on a small edge device.
- Versions: ${JAVA_V}; ${NGINX_V}; ${HAPROXY_V}; ${WRK_V}.
- Outpost: commit ${COMMIT}${DIRTY}; gateway jar built ${GW_JAR_TIME}${JARS_NOTE:+ — ${JARS_NOTE}}.
  JVM options as the launcher applies them from \`jvm.properties\`: \`${JVM_GATEWAY}\`${OUTPOST_JAVA_OPTS:+ plus OUTPOST_JAVA_OPTS \`${OUTPOST_JAVA_OPTS}\`}.${BASELINE_NOTE}
- Backend: nginx, 1 worker, \`return 200 \"hello\\n\"\`, access log off, \`keepalive_requests 1000000\`.
  nginx proxy: 1 worker, access log off, upstream \`keepalive 64\`, HTTP/1.1 upstream.
  haproxy: \`nbthread 1\`, \`mode http\`, \`option http-keep-alive\`, \`http-reuse safe\`, no logging.$(has_target haproxy-jwt && printf '%s' "
  haproxy-JWT: the same, plus on every request \`jwt_verify\` of the RS256 signature with the issuer's public key and
  \`jwt_payload_query\` checks of \`iss\`, \`aud\` and \`exp\` (401 otherwise): haproxy keeps no cache of verified tokens.")$(has_target outpost-jwt && printf '%s' "
  Outpost JWT: a second API of the same artifact and gateway, with no \`security\` declared (WSO2's default: an OAuth2
  bearer token), the issuer's certificate in \`security.jwt.issuers\`; the verified-token cache is warm after the warm-up.
  Tokens: ${JWT_TOKENS} RS256 tokens (2048-bit key made for the run by openssl), each request the next one in turn.")
  Outpost: one API, \`x-wso2-disable-security: true\`, endpoint = the backend; \`outpost gateway --dev\`;
  analytics journal $([ "${BENCH_OUTPOST_JOURNAL:-true}" = true ] && echo on || echo off); \`transport: ${BENCH_OUTPOST_TRANSPORT:-auto}\`, which ran ${OUTPOST_TRANSPORT:-?}.
- req per CPU-s = requests completed in a run ÷ (utime + stime) the proxy's processes used during it, from
  \`/proc/PID/stat\` (nginx: master + worker; haproxy: its one process; Outpost: the JVM, all its threads).
  \"proxy + backend\" adds the backend's CPU time. \"proxy CPU use\" is CPU-seconds per second of the run.
  RSS is VmRSS of the proxy's processes after the last run. \"other load\" is the server core's busy time
  (all but idle and iowait in \`/proc/stat\`) not charged to this benchmark's servers — other engineers'
  builds, softirq work not charged to a process, the hypervisor's steal — per second of the run; a high
  figure marks a noisy row. The per-CPU-second columns are the ones least disturbed by such neighbours.
<!-- END ${SECTION_ID} -->"

printf '\n%s\n\n%s%s%s' "$TABLE" "$RATIOS" "$PAIRED" "$FOOTPRINT"
if [ ${#ERRORS[@]} -gt 0 ]; then
  printf '\nbench: FAILED: wrk reported non-2xx responses or socket errors:\n' >&2
  printf '  %s\n' "${ERRORS[@]}" >&2
  log "docs not written; the raw wrk output is above and in $WORK"
  exit 1
fi

if [ "$WRITE_DOCS" = 1 ]; then
  mkdir -p "$(dirname "$DOCS")"
  if [ ! -f "$DOCS" ]; then
    cat >"$DOCS" <<'EOF'
# Benchmarks

Each section below is written by one script under `bench/` and rewritten only by it (between its
BEGIN/END markers); re-run the script rather than editing a section by hand. Numbers are from
one machine at one time: compare rows within a section, not across sections or machines.
EOF
  fi
  printf '%s\n' "$SECTION" >"$WORK/section.md"
  awk -v section="$WORK/section.md" -v id="$SECTION_ID" '
    $0 ~ "^<!-- BEGIN " id "[: ]" { while ((getline l < section) > 0) print l; skip = 1; found = 1; next }
    $0 ~ "^<!-- END " id " " { skip = 0; next }
    !skip { print }
    END { if (!found) { print ""; while ((getline l < section) > 0) print l } }
  ' "$DOCS" >"$WORK/benchmarks.md"
  cp "$WORK/benchmarks.md" "$DOCS.tmp.$$" && mv "$DOCS.tmp.$$" "$DOCS"
  log "wrote the \"${SECTION_TITLE}\" section of ${DOCS#"$ROOT"/}"
fi
