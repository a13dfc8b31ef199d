#!/usr/bin/env bash
# vm-test/run.sh: the .deb under a real systemd (issue 14, "Under a real systemd"; vm-test/README.md).
# Boots a Debian bookworm guest (build-image.sh, cached), installs packaging/target/outpost_*_all.deb in
# it, provisions an artifact built here by the package's own CLI, and checks from this host: both
# units active (Type=notify), no failed unit, requests served through a forwarded port, SIGKILL and
# a wedged event loop (watchdog) each restarted by systemd, an upgrade to a second build keeping
# state and journal, purge. Issue 15's level 2 (arm-test/vm-test.sh runs it with VM_ARCH=arm64): the
# guest is provisioned with a bundle the toolkit made here, requests carry JWTs minted here (allowed,
# bad, revoked, throttled), and the management receiver starts only after some traffic: every
# journaled exchange arrives exactly once, across a SIGKILL of the gateway.
#   VM_ARCH=amd64|arm64   VM_ACCEL=auto|kvm|tcg   VM_DEB=FILE   VM_KEEP=1 (keep the work dir)
#   VM_SKIP="watchdog upgrade purge" (any of them)   VM_TRANSPORT=io_uring|epoll (the ready line must say it)
#   VM_PREPARE_ONLY=1 (make the payload on the host and stop: no image, no boot)
# As root (apt-get, mmdebstrap). Exit 0 with "SKIPPED" only when VM_ACCEL=kvm is asked and
# /dev/kvm is not usable.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
arch="${VM_ARCH:-amd64}"
accel="${VM_ACCEL:-auto}"
t0=$(date +%s.%N)
summary=()
now() { date +%s.%N; }
since() { printf '%.1f' "$(echo "$(now) - $1" | bc)"; }
say() { echo "vm-test: $*" >&2; }
fail() { say "FAIL: $*"; summary+=("FAIL  $*"); print_summary; exit 1; }
ok() { say "ok: $*"; summary+=("ok    $*"); }
soft_failed=
soft_fail() { say "FAIL: $*"; summary+=("FAIL  $*"); soft_failed=1; }   # recorded, the run goes on, exits 1
skip() { case " ${VM_SKIP:-} " in *" $1 "*) say "skipped: $1 (VM_SKIP)"; summary+=("skip  $1 (VM_SKIP)"); return 0 ;; esac; return 1; }
print_summary() {
  echo "== vm-test summary ($arch, accel=$accel, $(since "$t0") s in all) =="
  printf '%s\n' "${summary[@]}"
}

[ "$(id -u)" -eq 0 ] || { say "needs root (apt-get, mmdebstrap, loop-free ext4 images with owners)"; exit 2; }

# 1. Tools.
case "$arch" in
  amd64) qemu=qemu-system-x86_64; qpkg=qemu-system-x86; machine=(-M q35); console=ttyS0
         vdev=pci; ptrace_nr=101 ;;
  arm64) qemu=qemu-system-aarch64; qpkg="qemu-system-arm ipxe-qemu qemu-user-static arch-test"; machine=(-M virt -cpu cortex-a72); console=ttyAMA0
         vdev=device; ptrace_nr=117 ;;
  *) say "VM_ARCH=$arch: amd64 or arm64"; exit 2 ;;
esac
need=()
command -v mmdebstrap >/dev/null || need+=(mmdebstrap)
command -v "$qemu" >/dev/null || need+=($qpkg)
command -v qemu-img >/dev/null || need+=(qemu-utils)
command -v mkfs.ext4 >/dev/null || need+=(e2fsprogs)
command -v bc >/dev/null || need+=(bc)
python3 -c 'import cryptography' 2>/dev/null || need+=(python3-cryptography)   # jwt.py signs the tokens
if [ ${#need[@]} -gt 0 ]; then
  s=$(now); { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}"; } >&2
  ok "installed ${need[*]} ($(since "$s") s)"
fi

# 2. The guest image (cached by recipe hash).
[ -n "${VM_PREPARE_ONLY:-}" ] && accel=none || {
s=$(now); img="$(VM_ARCH=$arch "$here/build-image.sh")"; ok "guest image $(basename "$img") ($(since "$s") s)"

# KVM: /dev/kvm must exist and a kernel must get past its decompressor under it (on some nested
# hosts KVM runs firmware but a Linux kernel hangs): a 20 s probe, else TCG, said plainly.
kvm_boots() {
  [ "$arch" = amd64 ] && [ -c /dev/kvm ] && [ -r /dev/kvm ] && [ -w /dev/kvm ] || return 1
  local log; log="$(mktemp)"
  timeout 20 "$qemu" -accel kvm "${machine[@]}" -m 256 -kernel "$img/vmlinuz" -append "console=$console panic=-1" \
    -display none -serial "file:$log" -no-reboot >/dev/null 2>&1 &
  local pid=$! i
  for i in $(seq 1 40); do grep -q 'Linux version' "$log" 2>/dev/null && break; sleep 0.5; done
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  grep -q 'Linux version' "$log"; local r=$?; rm -f "$log"; return $r
}
case "$accel" in
  auto) if kvm_boots; then accel=kvm; else
          say "KVM not usable for a Linux guest here ($( [ -c /dev/kvm ] && echo '/dev/kvm exists but the kernel does not boot under it' || echo 'no /dev/kvm' )): running under TCG emulation, slower"
          accel=tcg; fi ;;
  kvm)  if ! kvm_boots; then echo "vm-test: SKIPPED: /dev/kvm is missing or does not boot a Linux guest (VM_ACCEL=tcg runs it emulated)"; exit 0; fi ;;
  tcg)  ;;
  *) say "VM_ACCEL=$accel: auto, kvm or tcg"; exit 2 ;;
esac
ok "accelerator: $accel"
}
[ "$accel" = kvm ] && factor=1 || factor=4

# 3. The package, a second build of it, and what provisioning brings, made here with the package's CLI.
deb="${VM_DEB:-$(ls -t "$root"/packaging/target/outpost_*_all.deb 2>/dev/null | head -n1 || true)}"
if [ -z "$deb" ] || [ ! -f "$deb" ]; then
  s=$(now); (cd "$root" && flock /tmp/outpost-mvn.lock mvn -B -q -pl packaging -am package -DskipTests) >&2
  deb="$(ls -t "$root"/packaging/target/outpost_*_all.deb | head -n1)"; ok "built $(basename "$deb") ($(since "$s") s)"
fi
# A package built with other units (-Doutpost.units=DIR, as a packaging test does) would test those.
for u in "$root"/systemd/*.service; do
  dpkg-deb --fsys-tarfile "$deb" | tar -xO "./lib/systemd/system/$(basename "$u")" 2>/dev/null | cmp -s - "$u" \
    || fail "$deb holds a $(basename "$u") other than systemd/'s: rebuild it (mvn -B -pl packaging -am package -DskipTests) or give VM_DEB"
done
work="$(mktemp -d /tmp/vm-test.XXXXXX)"
cleanup() {
  [ -f "$work/qemu.pid" ] && kill "$(cat "$work/qemu.pid")" 2>/dev/null || true
  for p in backend mgmt; do [ -f "$work/$p.pid" ] && kill "$(cat "$work/$p.pid")" 2>/dev/null || true; done
  if [ -n "${VM_KEEP:-}" ]; then say "kept $work (console.log, host logs)"; else rm -rf "$work"; fi
}
trap cleanup EXIT
payload="$work/payload"; mkdir -p "$payload"
v1="$(dpkg-deb -f "$deb" Version)"; v2="$v1+vmtest2"
cp "$deb" "$payload/outpost-v1.deb"
# The second build: the same package with a higher version (as DpkgRootInstallTest makes it); the
# packaging pom has no version property to rebuild with.
dpkg-deb -R "$deb" "$work/v2"
sed -i "s/^Version: .*/Version: $v2/" "$work/v2/DEBIAN/control"
dpkg-deb -Zgzip -b "$work/v2" "$payload/outpost-v2.deb" >/dev/null; rm -rf "$work/v2"
dpkg-deb -x "$deb" "$work/pkg"
cli() { OUTPOST_SHARE="$work/pkg/usr/share/outpost" OUTPOST_HOME="$work/home" "$work/pkg/usr/bin/outpost" "$@"; }

freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
backend_port=$(freeport); mgmt_port=$(freeport); gw_port=$(freeport)
mkdir -p "$work/backend"; echo "hello from the host backend" > "$work/backend/hello"; echo "limited" > "$work/backend/limited"
# Secured as WSO2's default (no security section: a bearer token); /limited carries a resource tier
# of 3 a minute so the 4th request is throttled.
cat > "$work/vmapi.yaml" <<YAML
openapi: 3.0.3
info: {title: VmTest, version: 1.0.0}
x-wso2-basePath: /vm/v1
# The host, as QEMU's user network shows it to the guest.
x-wso2-production-endpoints:
  urls: [http://10.0.2.2:$backend_port]
paths:
  /hello:
    get:
      responses: {"200": {description: hello}}
  /limited:
    get:
      x-wso2-throttling-tier: VmTest3PerMin
      responses: {"200": {description: limited}}
YAML

# The device is set up as docs/device.md ("Provisioning a device") sets one up: on this (the
# authority's and authoring) machine the toolkit makes an authority, an artifact signed by its
# publisher key, an initial revocations bundle signed by its update key, and one provisioning
# bundle; the guest gets that bundle, the authority's certificate and the device key's passphrase,
# nothing else. The device key travels encrypted in the bundle (no --csr): the bundle can then be
# made before the guest boots, and `provision install` is the guest's one step.
tk() { OUTPOST_HOME="$work/home" "$root/outpost" "$@"; }
s=$(now)
printf 'vm-test authority %s\nvm-test device key %s\n' "$RANDOM$RANDOM$RANDOM" "$RANDOM$RANDOM$RANDOM" > "$work/passphrases"
sed -n 2p "$work/passphrases" > "$payload/device.pass"
issuer="https://vm-test.issuer.example/oauth2/token"
mkdir -p "$work/issuer" "$work/impostor"
"$here/jwt.py" keys "$work/issuer"; "$here/jwt.py" keys "$work/impostor"
now_s=$(date +%s)
echo "[{\"jti\": \"vm-test-revoked\", \"expiresAt\": $((now_s + 86400))}]" > "$work/revoked.json"
# The management side's HTTPS: a CA of its own (what --mgmt-ca brings) and a server certificate for
# 10.0.2.2, the host as the guest sees it; the receiver asks for the authority's client certificates.
( cd "$work" \
  && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout mgmt-ca.key -out mgmt-ca.pem -days 2 \
       -subj /CN=vm-test-mgmt-ca -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign \
  && openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout mgmt.key -out mgmt.csr -subj /CN=10.0.2.2 \
  && printf 'subjectAltName=IP:10.0.2.2,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > mgmt.ext \
  && openssl x509 -req -in mgmt.csr -CA mgmt-ca.pem -CAkey mgmt-ca.key -CAcreateserial -days 2 -out mgmt.pem -extfile mgmt.ext
) >"$work/toolkit.log" 2>&1 || { cat "$work/toolkit.log" >&2; fail "openssl: the management side's certificates"; }
( cd "$work" \
  && tk provision authority init "$work/authority" --passphrase-fd 3 3<"$work/passphrases" \
  && tk init vmapi -a vmapi.yaml \
  && sed -i 's/^resourcePolicies:$/resourcePolicies:\n  - VmTest3PerMin: {count: 3, unitTime: 1, timeUnit: min}/' vmapi/policies.yaml \
  && tk build vmapi --sign-key "$work/authority/publisher.jwk" \
  && tk mgmt bundle publish --type revocations --content revoked.json --key "$work/authority/update-signing.jwk" --to bundles \
  && tk provision device outpost-vm --authority "$work/authority" --artifact "$(ls "$work"/vmapi/target/*.outpost)" \
       --jwt-issuer "$issuer=$work/issuer/issuer.jwks.json" --update-bundle "$(ls "$work"/bundles/revocations/*.jws)" \
       --mgmt-url "https://10.0.2.2:$mgmt_port" --mgmt-ca "$work/mgmt-ca.pem" --dns outpost-vm --ip 10.0.2.15 \
       --out "$payload/outpost-vm.provision" --passphrase-fd 3 3<"$work/passphrases"
) >>"$work/toolkit.log" 2>&1 || { cat "$work/toolkit.log" >&2; fail "outpost provision authority init / init / build / mgmt bundle publish / provision device"; }
cp "$work/authority/authority.pem" "$payload/authority.pem"
ok "provisioning bundle by the toolkit: authority, artifact signed by its publisher key, revocations bundle, $(basename "$payload"/*.provision) ($(du -h "$payload"/*.provision | cut -f1), $(since "$s") s)"
tok_ok="$("$here/jwt.py" mint "$work/issuer/issuer.key.pem" "$issuer")"
tok_revoked="$("$here/jwt.py" mint "$work/issuer/issuer.key.pem" "$issuer" vm-test-revoked)"
tok_impostor="$("$here/jwt.py" mint "$work/impostor/issuer.key.pem" "$issuer")"
cat > "$payload/provision.sh" <<'SH'
# On the device: the bundle, with the authority's certificate brought apart from it and the device
# key's passphrase on a descriptor (docs/device.md).
set -e
p=/mnt/payload
outpost provision install $p/outpost-vm.provision --authority-cert $p/authority.pem --passphrase-fd 3 3<$p/device.pass
systemctl daemon-reload
SH
mkfs.ext4 -q -F -L payload -d "$payload" "$work/payload.img" 200M
if [ -n "${VM_PREPARE_ONLY:-}" ]; then VM_KEEP=1; ok "VM_PREPARE_ONLY: the payload is in $payload"; print_summary; exit 0; fi

# Host side: the backend the guest reaches through 10.0.2.2. The management receiver comes later,
# after some traffic (level 2: what is journaled while it is down arrives once it is up).
python3 -m http.server --bind 127.0.0.1 --directory "$work/backend" "$backend_port" >"$work/backend.log" 2>&1 &
echo $! > "$work/backend.pid"
start_receiver() {
  # exec all the way down (the launcher execs java), so that mgmt.pid is the JVM cleanup kills: through
  # cli() it was a subshell, and the receiver outlived every run holding its port.
  (exec env OUTPOST_SHARE="$work/pkg/usr/share/outpost" OUTPOST_HOME="$work/home" "$work/pkg/usr/bin/outpost" mgmt serve \
    --bind 127.0.0.1 --port "$mgmt_port" --data "$work/mgmt-data" \
    --tls-cert "$work/mgmt.pem" --tls-key "$work/mgmt.key" --client-ca "$work/authority/authority.pem") >"$work/mgmt.log" 2>&1 &
  echo $! > "$work/mgmt.pid"
}
# What the receiver holds: exchange events, distinct ids among them, loss records.
received() {
  python3 - "$work/mgmt-data/events" <<'PY'
import glob, json, sys
ex, ids, loss = 0, set(), 0
for f in glob.glob(sys.argv[1] + "/*.ndjson"):
    data = open(f, encoding="utf-8").read()
    for line in data[: data.rfind("\n") + 1].splitlines():
        if not line:
            continue
        e = json.loads(line)
        if e.get("type") == "exchange":
            ex += 1; ids.add(e.get("id"))
        elif e.get("type") == "loss":
            loss += 1
print(ex, len(ids), loss)
PY
}

# 4. Boot.
qemu-img create -q -f qcow2 -b "$img/rootfs.img" -F raw "$work/disk.qcow2"
# The root disk must be the guest's /dev/vda, the payload /dev/vdb. virtio-mmio devices (arm64's
# virt) are probed in the reverse order of the command line, so there the payload comes first
# (else the kernel mounts the payload as root and finds no /sbin/init).
root_disk=(-drive file="$work/disk.qcow2",format=qcow2,if=none,id=hd0 -device virtio-blk-$vdev,drive=hd0)
payload_disk=(-drive file="$work/payload.img",format=raw,if=none,id=hd1,readonly=on -device virtio-blk-$vdev,drive=hd1)
if [ "$vdev" = device ]; then disks=("${payload_disk[@]}" "${root_disk[@]}"); else disks=("${root_disk[@]}" "${payload_disk[@]}"); fi
accel_args=(-accel "$accel"); [ "$accel" = tcg ] && accel_args=(-accel tcg,thread=multi)
s=$(now)
"$qemu" "${accel_args[@]}" "${machine[@]}" -m 1024 -smp 2 \
  -kernel "$img/vmlinuz" -initrd "$img/initrd.img" -append "console=$console root=/dev/vda rw" \
  "${disks[@]}" \
  -netdev user,id=n0,hostfwd=tcp:127.0.0.1:$gw_port-:9090 -device virtio-net-$vdev,netdev=n0 \
  -device virtio-serial-$vdev -chardev socket,id=agent,path="$work/agent.sock",server=on,wait=off \
  -device virtserialport,chardev=agent,name=outpost.agent \
  -display none -serial file:"$work/console.log" -no-reboot >"$work/qemu.log" 2>&1 &
echo $! > "$work/qemu.pid"
# A command the guest does not answer in time shows the guest's console (kernel messages: OOM, hung
# tasks) and what runs there, so a CI log says why; the agent runs commands side by side, so a stuck
# one does not hold the next.
g() {
  local rc=0
  "$here/guest.py" "$work/agent.sock" --timeout $((120 * factor)) -- "$@" || rc=$?
  if [ "$rc" -eq 124 ]; then
    { echo "vm-test: the guest's console, last 20 lines:"; tail -n 20 "$work/console.log"
      echo "vm-test: in the guest now:"
      "$here/guest.py" "$work/agent.sock" --timeout 60 -- 'uptime; free -m; ps -eo pid,stat,etime,rss,args --sort=-rss | head -n 15' || true
    } >&2
  fi
  return "$rc"
}
"$here/guest.py" "$work/agent.sock" --wait $((90 * factor)) -- true || { tail -n 20 "$work/console.log" >&2; fail "guest agent did not answer (console.log)"; }
ok "guest agent answers ($(since "$s") s after qemu started)"
state="$(g 'systemctl is-system-running --wait' || true)"
[ "$state" = running ] || { g 'systemctl --failed --no-legend' >&2 || true; fail "guest is-system-running=$state"; }
ok "booted: is-system-running=running ($(since "$s") s); $(g "systemd-analyze | head -n1")"

# 5. Install: a first install enables and starts nothing.
s=$(now)
g 'mkdir -p /mnt/payload && mount -o ro /dev/vdb /mnt/payload' >/dev/null || fail "mount the payload disk"
out="$(g 'dpkg -i /mnt/payload/outpost-v1.deb 2>&1')" || { echo "$out" >&2; fail "dpkg -i v1"; }
ok "dpkg -i $v1 ($(since "$s") s, cds-refresh included)"
[ "$(g 'systemctl is-enabled outpost-gateway outpost-sync | sort -u')" = enabled ] || fail "units not enabled after install"
act="$(g 'systemctl is-active outpost-gateway outpost-sync | sort -u' || true)"
[ "$act" = inactive ] || fail "first install started something: $act"
ok "first install: both units enabled, neither started"

# 6. Provision and start: Type=notify, so start returns when READY=1 arrived.
s=$(now); out="$(g 'sh /mnt/payload/provision.sh 2>&1')" || { echo "$out" >&2; fail "outpost provision install"; }
ok "outpost provision install in the guest ($(since "$s") s): $(echo "$out" | tail -n1 | cut -c1-160)"
s=$(now); out="$(g 'systemctl start outpost-gateway outpost-sync 2>&1')" || { echo "$out" >&2; g 'journalctl -u outpost-gateway -u outpost-sync --no-pager | tail -n 40' >&2; fail "systemctl start"; }
ok "systemctl start both (until READY=1): $(since "$s") s"
check_active() {
  local a; a="$(g 'systemctl is-active outpost-gateway outpost-sync | sort -u' || true)"
  [ "$a" = active ] || { g 'systemctl status --no-pager outpost-gateway outpost-sync; journalctl -u outpost-gateway -u outpost-sync --no-pager | tail -n 40' >&2; fail "$1: units are '$a'"; }
  local f; f="$(g 'systemctl --failed --no-legend --plain' || true)"
  [ -z "$f" ] || fail "$1: failed units: $f"
}
check_active "after start"
ok "both active, no failed unit; gateway $(g "systemctl show -p StatusText --value outpost-gateway"); sync $(g "systemctl show -p StatusText --value outpost-sync")"
ready_line="$(g "journalctl -u outpost-gateway -o cat --no-pager | grep -m1 'ready'" | cut -c1-200)"
transport="$(echo "$ready_line" | grep -o 'transport=[a-z_]*' | cut -d= -f2)"
ok "ready line: $ready_line"
if [ -n "${VM_TRANSPORT:-}" ] && [ "$transport" != "$VM_TRANSPORT" ]; then
  soft_fail "transport: the gateway runs ${transport:-?}, $VM_TRANSPORT expected"
else ok "transport: ${transport:-?}"; fi

sent=0   # requests that reached the gateway (any HTTP status): each is one journaled exchange
req() {  # req PATH [TOKEN]: one request through the forwarded port; sets code and body
  local auth=()
  [ -z "${2-}" ] || auth=(-H "Authorization: Bearer $2")
  code="$(curl -s -o "$work/body" -w '%{http_code}' --max-time $((15 * factor)) "${auth[@]}" "http://127.0.0.1:$gw_port$1" || true)"
  body="$(cat "$work/body" 2>/dev/null || true)"; rm -f "$work/body"
  [ "$code" = 000 ] || sent=$((sent + 1))
}
serve() {  # a request through the forwarded port, answered by the host's backend through the gateway
  local end=$(( $(date +%s) + $2 ))
  while [ "$(date +%s)" -lt "$end" ]; do
    req /vm/v1/hello "$tok_ok"
    [ "$code" = 200 ] && [ "$body" = "hello from the host backend" ] && return 0
    sleep 0.5
  done
  fail "$1: no answer through the forwarded port within $2 s (last: $code $body)"
}
serve "after start" $((30 * factor)); ok "request with a host-minted JWT served through the forwarded port (host -> gateway in guest -> host backend)"
ready="$(g "curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:9097/ready" || true)"
[ "$ready" = 200 ] || fail "admin /ready in the guest: $ready"; ok "admin /ready 200 (the provisioned admin port, loopback in the guest)"
for i in $(seq 1 5); do req /vm/v1/hello "$tok_ok"; [ "$code" = 200 ] || fail "allowed request $i: $code $body"; done

# Who is let in (issue 15, level 2), with tokens minted here: refusals carry WSO2's codes.
s=$(now)
expect() {  # expect WHAT CODE WSO2CODE
  [ "$code" = "$2" ] && { [ -z "$3" ] || echo "$body" | grep -q "$3"; } || fail "$1: got $code $(echo "$body" | head -c 200), expected $2 $3"
}
req /vm/v1/hello; expect "no token" 401 900902
req /vm/v1/hello "$tok_impostor"; expect "token signed by another key" 401 900901
req /vm/v1/hello "${tok_ok%?}x"; expect "token with a changed signature" 401 900901
req /vm/v1/hello "$tok_revoked"; expect "token revoked by the provisioned revocations bundle" 401 900901
for i in 1 2 3; do req /vm/v1/limited "$tok_ok"; expect "throttled resource, request $i of its 3 a minute" 200 ""; done
req /vm/v1/limited "$tok_ok"; expect "throttled resource, 4th request in the minute" 429 900802
ok "allowed 200; no token 401/900902; bad and re-signed tokens 401/900901; revoked jti 401/900901; 4th of 3-a-minute 429/900802 ($(since "$s") s)"

# The receiver comes up only now: what the agent could not deliver while it was down arrives, once.
wait_received() {  # wait_received WHAT: until the receiver holds every exchange sent so far, each once
  local end=$(( $(date +%s) + $2 )) r
  while [ "$(date +%s)" -lt "$end" ]; do
    r="$(received 2>/dev/null || echo '0 0 0')"
    [ "${r%% *}" -ge "$sent" ] && break
    sleep 2
  done
  set -- "$1" "$2" $r
  [ "$3" = "$sent" ] && [ "$4" = "$sent" ] && [ "$5" = 0 ] \
    || fail "$1: receiver holds $3 exchange events ($4 distinct ids, $5 loss records); $sent requests reached the gateway"
}
g 'journalctl -u outpost-sync -o cat --no-pager | tail -n 3' | sed 's/^/vm-test: agent before the receiver: /' >&2 || true
s=$(now); start_receiver
wait_received "receiver started after $sent requests" $((120 * factor))
ok "receiver started after the traffic: all $sent exchanges arrived, each once, no loss record, $(since "$s") s after it started"
ok "guest memory with both services up: $(g "free -m | awk '/^Mem:/ { print \$3 \" MB used of \" \$2 \", \" \$7 \" MB available\" }'")"

pid_of() { g "systemctl show -p MainPID --value outpost-gateway"; }
wait_new_pid() {  # until the gateway runs again under a new main PID, active, serving
  local old=$1 end=$(( $(date +%s) + $2 )) p a
  while [ "$(date +%s)" -lt "$end" ]; do
    p="$(pid_of)"; a="$(g 'systemctl is-active outpost-gateway' || true)"
    [ "$a" = active ] && [ "$p" != 0 ] && [ "$p" != "$old" ] && return 0
    sleep 1
  done
  fail "$3: gateway not back under a new PID within $2 s (last: $a, $p)"
}

# 7. SIGKILL: Restart=on-failure brings it back.
p1="$(pid_of)"; s=$(now)
g 'systemctl kill -s KILL outpost-gateway' >/dev/null
wait_new_pid "$p1" $((30 * factor)) "SIGKILL"; serve "after SIGKILL" $((30 * factor))
ok "SIGKILL: restarted by systemd, PID $p1 -> $(pid_of), serving again after $(since "$s") s"
for i in 1 2 3; do req /vm/v1/hello "$tok_ok"; done
s=$(now); wait_received "after SIGKILL" $((60 * factor))
ok "after SIGKILL: all $sent exchanges at the receiver, each once, no loss record ($(since "$s") s)"

if ! skip watchdog; then
# 8. The watchdog: one event loop thread frozen (ptrace-seized and interrupted: only that thread
# stops, the rest of the JVM runs), so WATCHDOG=1 stops and systemd kills and restarts after WatchdogSec.
p2="$(pid_of)"
tid="$(g "grep -l '^multiThreadIoEv' /proc/$p2/task/*/comm | sort -t/ -k5 -n | tail -n1 | cut -d/ -f5")"
[ -n "$tid" ] || fail "watchdog: no event loop thread found in /proc/$p2/task"
g "nohup perl -e 'syscall($ptrace_nr, 0x4206, $tid, 0, 0) == 0 or die \"seize: \$!\"; syscall($ptrace_nr, 0x4207, $tid, 0, 0) == 0 or die \"interrupt: \$!\"; sleep 300' >/run/wedge.log 2>&1 & sleep 1; cat /run/wedge.log; grep State /proc/$p2/task/$tid/status" >&2
s=$(now)
wait_new_pid "$p2" $((90 * factor)) "watchdog"
g 'pkill -x perl || true' >/dev/null
wd="$(since "$s")"; serve "after the watchdog" $((30 * factor))
result="$(g "systemctl show -p Result --value outpost-gateway; journalctl -u outpost-gateway --no-pager -o cat | grep -i -m3 -E 'watchdog|event loop' | cut -c1-200")"
echo "$result" | grep -qi watchdog || fail "watchdog: no watchdog timeout in the journal: $result"
ok "wedged event loop (thread $tid stopped): watchdog restart, PID $p2 -> $(pid_of), after $wd s; journal: $(echo "$result" | tr '\n' ' ' | cut -c1-300)"

fi

if ! skip upgrade; then
# 9. Upgrade to the second build: /etc/outpost and /var/lib/outpost (journal included) kept, services restarted.
sleep 2
before="$(g 'cd /var/lib/outpost && find journal artifact -type f | sort; sha256sum /etc/outpost/gateway.yaml artifact/current.outpost')"
jbytes="$(g 'du -sb /var/lib/outpost/journal | cut -f1')"
pg="$(pid_of)"; ps="$(g 'systemctl show -p MainPID --value outpost-sync')"
s=$(now); out="$(g 'dpkg -i /mnt/payload/outpost-v2.deb 2>&1')" || { echo "$out" >&2; fail "dpkg -i v2"; }
ok "dpkg -i $v2 (upgrade): $(since "$s") s"
[ "$(g "dpkg-query -W -f='\${Version}' outpost")" = "$v2" ] || fail "upgrade: installed version is not $v2"
check_active "after upgrade"
[ "$(pid_of)" != "$pg" ] && [ "$(g 'systemctl show -p MainPID --value outpost-sync')" != "$ps" ] || fail "upgrade: services not restarted"
after="$(g 'cd /var/lib/outpost && find journal artifact -type f | sort; sha256sum /etc/outpost/gateway.yaml artifact/current.outpost')"
missing="$(comm -23 <(echo "$before" | sort) <(echo "$after" | sort) | grep -v '^[0-9a-f]\{64\} ' || true)"
[ -z "$missing" ] || fail "upgrade lost files: $missing"
[ "$(echo "$before" | grep '^[0-9a-f]\{64\} ')" = "$(echo "$after" | grep '^[0-9a-f]\{64\} ')" ] || fail "upgrade changed gateway.yaml or the artifact"
jafter="$(g 'du -sb /var/lib/outpost/journal | cut -f1')"
[ "$jafter" -ge "$jbytes" ] || fail "upgrade: journal shrank ($jbytes -> $jafter bytes)"
serve "after upgrade" $((30 * factor))
ok "upgrade: both restarted (new PIDs), gateway.yaml and artifact unchanged, journal kept ($jbytes -> $jafter bytes, $(echo "$before" | grep -c '^journal/') files), serving"
wait_received "after the upgrade" $((60 * factor))
ok "after the upgrade: all $sent exchanges at the receiver, each once, no loss record"
fi

if ! skip purge; then
# 10. Purge.
s=$(now); out="$(g 'dpkg --purge outpost 2>&1')" || { echo "$out" >&2; fail "dpkg --purge"; }
left="$(g 'ls -d /etc/outpost /var/lib/outpost /var/cache/outpost /lib/systemd/system/outpost-gateway.service 2>/dev/null; getent passwd outpost; systemctl is-active outpost-gateway outpost-sync 2>/dev/null | grep -x active' || true)"
[ -z "$left" ] || fail "purge left: $left"
f="$(g 'systemctl --failed --no-legend --plain' || true)"; [ -z "$f" ] || fail "after purge: failed units: $f"
ok "purge: $(since "$s") s; services stopped, config, state, cache, units and user gone, no failed unit"
fi

s=$(now); "$here/guest.py" "$work/agent.sock" --timeout 5 -- 'systemctl poweroff' >/dev/null 2>&1 || true
for i in $(seq 1 $((60 * factor))); do kill -0 "$(cat "$work/qemu.pid")" 2>/dev/null || break; sleep 0.5; done
kill -0 "$(cat "$work/qemu.pid")" 2>/dev/null && fail "poweroff: qemu still running after $(since "$s") s"
grep -q 'reboot: Power down' "$work/console.log" || soft_fail "poweroff: no 'reboot: Power down' on the console"
ok "poweroff: clean, qemu exited after $(since "$s") s"
print_summary
[ -z "$soft_failed" ]
