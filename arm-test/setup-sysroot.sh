#!/usr/bin/env bash
# Builds the aarch64 sysroot the qemu-user JVM runs from: Debian's arm64 headless JRE and the four
# libraries its server paths NEED (readelf -d on bin/java, lib/*.so, libjvm.so), unpacked with dpkg -x
# into a cache directory git ignores. Installs qemu-user-static first. Needs root and apt-get: when a
# package cannot be had it fails loudly (set -e), it never skips.
#   ARM_CACHE   where the sysroot and .debs go (default arm-test/cache)
#   EXTRA_PKGS  more arm64 packages to unpack (e.g. for a test that needs fontconfig)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${ARM_CACHE:-$here/cache}
sysroot=$cache/sysroot
jre=$sysroot/usr/lib/jvm/java-17-openjdk-arm64
pkgs="openjdk-17-jre-headless libc6 libgcc-s1 libstdc++6 zlib1g gcc-12-base ${EXTRA_PKGS:-}"
stamp="$pkgs"

apt() { DEBIAN_FRONTEND=noninteractive apt-get -q "$@"; }
need_root() {
  [ "$(id -u)" -eq 0 ] || { echo "arm-test: $1 needs root (run as root, or install it first)" >&2; exit 1; }
}

if ! command -v qemu-aarch64-static >/dev/null; then
  need_root "installing qemu-user-static"
  { apt update && apt install -y qemu-user-static; } >&2
fi

if [ -x "$jre/bin/java" ] && [ "$(cat "$cache/sysroot.pkgs" 2>/dev/null)" = "$stamp" ]; then
  exit 0   # cached
fi

if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  need_root "adding the arm64 architecture to dpkg"
  dpkg --add-architecture arm64
  apt update >&2
fi
rm -rf "$cache/debs" "$sysroot"
mkdir -p "$cache/debs" "$sysroot"
arm=""; for p in $pkgs; do arm="$arm $p:arm64"; done
# apt-get download runs as the _apt user when it can; the directory must be writable by it.
chmod 777 "$cache/debs"
if ! (cd "$cache/debs" && apt-get -q download $arm >&2); then
  apt update >&2   # stale lists (a package superseded since the last update)
  (cd "$cache/debs" && apt-get -q download $arm >&2)
fi
for d in "$cache"/debs/*.deb; do dpkg -x "$d" "$sysroot"; done

# 25 files of the JRE are absolute symlinks into /etc/java-17-openjdk (jvm.cfg, java.security, ...).
# qemu's -L prefix does not apply to link targets, so they would resolve on the host, to nothing or to
# the amd64 JDK's files: point every absolute link back inside the sysroot.
find "$sysroot" -type l | while read -r link; do
  target=$(readlink "$link")
  case "$target" in /*) ln -sfn "$sysroot$target" "$link" ;; esac
done
# cacerts is made by ca-certificates-java's postinst, which dpkg -x does not run: use the host's.
host_cacerts=$(readlink -f "$(dirname "$(readlink -f "$(command -v java)")")/../lib/security/cacerts" || true)
if [ -f "$host_cacerts" ]; then
  rm -f "$jre/lib/security/cacerts"
  cp "$host_cacerts" "$jre/lib/security/cacerts"
fi
echo "$stamp" > "$cache/sysroot.pkgs"
