#!/usr/bin/env bash
# vm-test/run.sh: the .deb under a real systemd (issue 14, "Under a real systemd"; vm-test/README.md).
# Boots a Debian bookworm guest (build-image.sh, cached), installs packaging/target/outpost_*_all.deb in
# it, provisions an artifact built here by the package's own CLI, and checks from this host: both
# units active (Type=notify), no failed unit, requests served through a forwarded port, SIGKILL and
# a wedged event loop (watchdog) each restarted by systemd, an upgrade to a second build keeping
# state and journal, purge. Prints a summary with timings; exits non-zero on any failure.
#   VM_ARCH=amd64|arm64   VM_ACCEL=auto|kvm|tcg   VM_DEB=FILE   VM_KEEP=1 (keep the work dir)
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
if [ ${#need[@]} -gt 0 ]; then
  s=$(now); { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}"; } >&2
  ok "installed ${need[*]} ($(since "$s") s)"
fi

# 2. The guest image (cached by recipe hash).
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
backend_port=$(freeport); mgmt_port=$(freeport); gw_port=$(freeport); admin_port=$(freeport)
mkdir -p "$work/backend"; echo "hello from the host backend" > "$work/backend/hello"
cat > "$work/vmapi.yaml" <<YAML
openapi: 3.0.3
info: {title: VmTest, version: 1.0.0}
x-wso2-basePath: /vm/v1
# The host, as QEMU's user network shows it to the guest.
x-wso2-production-endpoints:
  urls: [http://10.0.2.2:$backend_port]
x-wso2-disable-security: true
paths:
  /hello:
    get:
      responses: {"200": {description: hello}}
YAML
s=$(now)
# Authoring is the toolkit's, on this (the authoring) machine: the .deb holds only the device CLI.
(cd "$work" && OUTPOST_HOME="$work/home" "$root/outpost" init vmapi -a vmapi.yaml \
  && OUTPOST_HOME="$work/home" "$root/outpost" build vmapi) >"$work/toolkit.log" 2>&1 || { cat "$work/toolkit.log" >&2; fail "outpost init/build"; }
artifact="$(ls "$work"/vmapi/target/*.outpost)"; pub="$(find "$work/home" -name 'publisher*.pub*' | head -n1)"
[ -f "$artifact" ] && [ -f "$pub" ] || fail "no artifact or publisher key after outpost build (toolkit.log)"
cp "$artifact" "$payload/current.outpost"; cp "$pub" "$payload/publisher.pub.jwk"
ok "artifact $(basename "$artifact") signed by the package's CLI ($(since "$s") s)"
cat > "$payload/gateway.yaml" <<YAML
# vm-test's provisioned gateway.yaml
listeners:
  http: {host: 0.0.0.0, port: 9090}
admin: {host: 0.0.0.0, port: 9097}
artifact: /var/lib/outpost/artifact/current.outpost
stateDir: /var/lib/outpost
trust:
  publisherKeys:
    - /etc/outpost/trust/publisher.pub.jwk
YAML
echo "vm-test-token-$RANDOM$RANDOM" > "$work/token"; cp "$work/token" "$payload/sync.token"
cat > "$payload/sync.yaml" <<YAML
# vm-test's provisioned sync.yaml: the reference receiver on the host
stateDir: /var/lib/outpost
journal: /var/lib/outpost/journal
management:
  url: http://10.0.2.2:$mgmt_port
  auth: {bearerTokenFile: /etc/outpost/sync.token}
batch: {lingerMillis: 200}
admin: {host: 127.0.0.1, port: 9098}
YAML
cat > "$payload/provision.sh" <<'SH'
# What provisioning brings (docs/device.md), from the payload disk.
set -e
p=/mnt/payload
install -d -o root -g outpost -m 0750 /etc/outpost/trust
install -o root -g outpost -m 0640 $p/gateway.yaml $p/sync.yaml $p/sync.token /etc/outpost/
install -o root -g outpost -m 0640 $p/publisher.pub.jwk /etc/outpost/trust/
install -d -o outpost -g outpost -m 0700 /var/lib/outpost/artifact
install -o outpost -g outpost -m 0600 $p/current.outpost /var/lib/outpost/artifact/
SH
mkfs.ext4 -q -F -L payload -d "$payload" "$work/payload.img" 200M

# Host side: the backend and the management receiver the guest reaches through 10.0.2.2.
python3 -m http.server --bind 127.0.0.1 --directory "$work/backend" "$backend_port" >"$work/backend.log" 2>&1 &
echo $! > "$work/backend.pid"
# exec all the way down (the launcher execs java), so that mgmt.pid is the JVM cleanup kills: through
# cli() it was a subshell, and the receiver outlived every run holding its port.
(exec env OUTPOST_SHARE="$work/pkg/usr/share/outpost" OUTPOST_HOME="$work/home" "$work/pkg/usr/bin/outpost" mgmt serve \
  --bind 127.0.0.1 --port "$mgmt_port" --data "$work/mgmt-data" --token-file "$work/token") >"$work/mgmt.log" 2>&1 &
echo $! > "$work/mgmt.pid"

# 4. Boot.
qemu-img create -q -f qcow2 -b "$img/rootfs.img" -F raw "$work/disk.qcow2"
accel_args=(-accel "$accel"); [ "$accel" = tcg ] && accel_args=(-accel tcg,thread=multi)
s=$(now)
"$qemu" "${accel_args[@]}" "${machine[@]}" -m 1024 -smp 2 \
  -kernel "$img/vmlinuz" -initrd "$img/initrd.img" -append "console=$console root=/dev/vda rw" \
  -drive file="$work/disk.qcow2",format=qcow2,if=none,id=hd0 -device virtio-blk-$vdev,drive=hd0 \
  -drive file="$work/payload.img",format=raw,if=none,id=hd1,readonly=on -device virtio-blk-$vdev,drive=hd1 \
  -netdev user,id=n0,hostfwd=tcp:127.0.0.1:$gw_port-:9090,hostfwd=tcp:127.0.0.1:$admin_port-:9097 -device virtio-net-$vdev,netdev=n0 \
  -device virtio-serial-$vdev -chardev socket,id=agent,path="$work/agent.sock",server=on,wait=off \
  -device virtserialport,chardev=agent,name=outpost.agent \
  -display none -serial file:"$work/console.log" -no-reboot >"$work/qemu.log" 2>&1 &
echo $! > "$work/qemu.pid"
g() { "$here/guest.py" "$work/agent.sock" --timeout $((120 * factor)) -- "$@"; }
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
g 'sh /mnt/payload/provision.sh' >/dev/null || fail "provision"
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
ok "ready line: $(g "journalctl -u outpost-gateway -o cat --no-pager | grep -m1 'ready' | cut -c1-160")"
serve() {  # a request through the forwarded port, answered by the host's backend through the gateway
  local end=$(( $(date +%s) + $2 )) body
  while [ "$(date +%s)" -lt "$end" ]; do
    body="$(curl -sf --max-time 5 "http://127.0.0.1:$gw_port/vm/v1/hello" || true)"
    [ "$body" = "hello from the host backend" ] && return 0
    sleep 0.5
  done
  fail "$1: no answer through the forwarded port within $2 s"
}
serve "after start" 30; ok "request served through the forwarded port (host -> gateway in guest -> host backend)"
ready="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$admin_port/ready" || true)"
[ "$ready" = 200 ] || fail "admin /ready through the forwarded port: $ready"; ok "admin /ready 200 through the forwarded port"
for i in $(seq 1 5); do curl -sf -o /dev/null "http://127.0.0.1:$gw_port/vm/v1/hello"; done

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
wait_new_pid "$p1" $((30 * factor)) "SIGKILL"; serve "after SIGKILL" 30
ok "SIGKILL: restarted by systemd, PID $p1 -> $(pid_of), serving again after $(since "$s") s"

# 8. The watchdog: one event loop thread frozen (ptrace-seized and interrupted: only that thread
# stops, the rest of the JVM runs), so WATCHDOG=1 stops and systemd kills and restarts after WatchdogSec.
p2="$(pid_of)"
tid="$(g "grep -l '^multiThreadIoEv' /proc/$p2/task/*/comm | sort -t/ -k5 -n | tail -n1 | cut -d/ -f5")"
[ -n "$tid" ] || fail "watchdog: no event loop thread found in /proc/$p2/task"
g "nohup perl -e 'syscall($ptrace_nr, 0x4206, $tid, 0, 0) == 0 or die \"seize: \$!\"; syscall($ptrace_nr, 0x4207, $tid, 0, 0) == 0 or die \"interrupt: \$!\"; sleep 300' >/run/wedge.log 2>&1 & sleep 1; cat /run/wedge.log; grep State /proc/$p2/task/$tid/status" >&2
s=$(now)
wait_new_pid "$p2" $((90 * factor)) "watchdog"
g 'pkill -x perl || true' >/dev/null
wd="$(since "$s")"; serve "after the watchdog" 30
result="$(g "systemctl show -p Result --value outpost-gateway; journalctl -u outpost-gateway --no-pager -o cat | grep -i -m3 -E 'watchdog|event loop' | cut -c1-200")"
echo "$result" | grep -qi watchdog || fail "watchdog: no watchdog timeout in the journal: $result"
ok "wedged event loop (thread $tid stopped): watchdog restart, PID $p2 -> $(pid_of), after $wd s; journal: $(echo "$result" | tr '\n' ' ' | cut -c1-300)"

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
serve "after upgrade" 30
ok "upgrade: both restarted (new PIDs), gateway.yaml and artifact unchanged, journal kept ($jbytes -> $jafter bytes, $(echo "$before" | grep -c '^journal/') files), serving"
received="$(find "$work/mgmt-data" -type f 2>/dev/null | wc -l)"
ok "management receiver on the host holds $received file(s) from the sync agent"

# 10. Purge.
s=$(now); out="$(g 'dpkg --purge outpost 2>&1')" || { echo "$out" >&2; fail "dpkg --purge"; }
left="$(g 'ls -d /etc/outpost /var/lib/outpost /var/cache/outpost /lib/systemd/system/outpost-gateway.service 2>/dev/null; getent passwd outpost; systemctl is-active outpost-gateway outpost-sync 2>/dev/null | grep -x active' || true)"
[ -z "$left" ] || fail "purge left: $left"
f="$(g 'systemctl --failed --no-legend --plain' || true)"; [ -z "$f" ] || fail "after purge: failed units: $f"
ok "purge: $(since "$s") s; services stopped, config, state, cache, units and user gone, no failed unit"

s=$(now); "$here/guest.py" "$work/agent.sock" --timeout 5 -- 'systemctl poweroff' >/dev/null 2>&1 || true
for i in $(seq 1 $((60 * factor))); do kill -0 "$(cat "$work/qemu.pid")" 2>/dev/null || break; sleep 0.5; done
ok "poweroff: $(since "$s") s"
print_summary
