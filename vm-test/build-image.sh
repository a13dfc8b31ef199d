#!/usr/bin/env bash
# vm-test/build-image.sh: a small Debian bookworm guest with systemd as PID 1 and Java 17, for
# vm-test/run.sh (vm-test/README.md). One mmdebstrap run into a directory, then an ext4 image of it.
#   VM_ARCH=amd64 (default) | arm64 (arm64 needs qemu-user-static, arch-test and binfmt_misc: issue 15)
#   VM_CACHE  where images are kept (default vm-test/cache, ignored by git)
# Prints the image's directory: $VM_CACHE/<arch>-<hash of this recipe>/{rootfs.img,vmlinuz,initrd.img}.
# Nothing of the project is in the image (the .deb and the provisioned files come per run), so it is
# rebuilt only when this file, guest/ or the arch change. As root; about 2 min on amd64 the first time.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
arch="${VM_ARCH:-amd64}"
cache="${VM_CACHE:-$here/cache}"
# Debian's sources as this machine's apt has them (deb822), so the guest uses the same mirror.
sources="${VM_SOURCES:-/etc/apt/sources.list.d/debian.sources}"

case "$arch" in
  amd64) kernel=linux-image-amd64 ;;
  arm64) kernel=linux-image-arm64 ;;
  *) echo "build-image.sh: VM_ARCH=$arch: amd64 or arm64" >&2; exit 2 ;;
esac
packages="systemd,systemd-sysv,udev,dbus,$kernel,openjdk-17-jre-headless,e2fsprogs,iproute2,procps,curl,passwd"
# The modules the guest needs before its root is mounted (Debian builds these as modules): virtio
# disk and network on PCI (amd64, q35) and MMIO (arm64, virt), ext4.
initrd_modules="virtio_pci virtio_mmio virtio_blk virtio_net virtio_console ext4 crc32c_generic"

key="$( { cat "$0" "$here"/guest/*; echo "$arch $packages $initrd_modules"; grep -v '^#' "$sources"; } | sha256sum | cut -c1-12)"
out="$cache/$arch-$key"
if [ -f "$out/rootfs.img" ] && [ -f "$out/vmlinuz" ] && [ -f "$out/initrd.img" ]; then
  echo "$out"; exit 0
fi

[ "$(id -u)" -eq 0 ] || { echo "build-image.sh: needs root (mmdebstrap into a directory, mkfs.ext4 -d with owners)" >&2; exit 2; }
mkdir -p "$cache"
work="$(mktemp -d "$cache/build.XXXXXX")"
registered=   # set when this run registered qemu-aarch64 with binfmt_misc (below), to undo on exit
trap 'rm -rf "$work"; [ -z "$registered" ] || echo -1 > /proc/sys/fs/binfmt_misc/qemu-aarch64' EXIT
start=$(date +%s)

# arm64: the packages' maintainer scripts run in the chroot under qemu-user through binfmt_misc
# (mmdebstrap checks it with arch-test). Where PID 1 is not systemd nothing registers it when
# qemu-user-static is installed, so mount and register it here, and unregister on exit what this run
# registered (arm-test's level 1 must not come to depend on it). Debian's qemu-aarch64.conf names the
# interpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P, which qemu-user-static 7.2 does not ship:
# register /usr/bin/qemu-aarch64-static itself, F (opened now, so it works inside the chroot).
if [ "$arch" = arm64 ]; then
  command -v arch-test >/dev/null && [ -x /usr/bin/qemu-aarch64-static ] \
    || { echo "build-image.sh: arm64 needs qemu-user-static and arch-test (apt-get install qemu-user-static arch-test)" >&2; exit 2; }
  bf=/proc/sys/fs/binfmt_misc
  [ -e "$bf/register" ] || mount -t binfmt_misc binfmt_misc "$bf" \
    || { echo "build-image.sh: cannot mount binfmt_misc on $bf: an arm64 image cannot be built in this container" >&2; exit 2; }
  if [ ! -e "$bf/qemu-aarch64" ]; then
    conf="$(grep -h '^:qemu-aarch64:' /usr/lib/binfmt.d/qemu-aarch64.conf)"
    echo "$conf" | awk -F: -v OFS=: '{ $7 = "/usr/bin/qemu-aarch64-static"; $8 = "F"; print }' > "$bf/register" \
      || { echo "build-image.sh: cannot register qemu-aarch64 with binfmt_misc" >&2; exit 2; }
    registered=1
  fi
fi
echo "build-image.sh: building the $arch guest image into $out (once per recipe) ..." >&2

# update-initramfs is diverted to true while the packages install (the kernel's postinst and a trigger
# would each pack every module: minutes under emulation), then run once with the list above.
mmdebstrap --variant=apt --arch="$arch" --include="$packages" \
  --aptopt='Acquire::Check-Valid-Until "false"' --aptopt='APT::Install-Recommends "false"' \
  --essential-hook='chroot "$1" dpkg-divert --quiet --local --rename --add /usr/sbin/update-initramfs && ln -s /bin/true "$1/usr/sbin/update-initramfs"' \
  --customize-hook='rm "$1/usr/sbin/update-initramfs" && chroot "$1" dpkg-divert --quiet --local --rename --remove /usr/sbin/update-initramfs' \
  --customize-hook="printf 'MODULES=list\n' > \"\$1/etc/initramfs-tools/conf.d/vm-test\"; printf '%s\n' $initrd_modules >> \"\$1/etc/initramfs-tools/modules\"" \
  --customize-hook='chroot "$1" update-initramfs -c -k "$(ls "$1/lib/modules")"' \
  --customize-hook='echo outpost-vm > "$1/etc/hostname"; printf "127.0.1.1 outpost-vm\n" >> "$1/etc/hosts"' \
  --customize-hook='printf "/dev/vda / ext4 rw,errors=remount-ro 0 1\n" > "$1/etc/fstab"' \
  --customize-hook='mkdir -p "$1/etc/systemd/network" && printf "[Match]\nName=e*\n\n[Network]\nDHCP=ipv4\n" > "$1/etc/systemd/network/20-wired.network"' \
  --customize-hook='chroot "$1" systemctl enable systemd-networkd.service' \
  --customize-hook="install -m 0755 '$here/guest/vm-agent' \"\$1/usr/local/sbin/vm-agent\" && install -m 0644 '$here/guest/vm-agent.service' \"\$1/etc/systemd/system/\" && chroot \"\$1\" systemctl enable vm-agent.service" \
  --customize-hook='chroot "$1" passwd -d root' \
  --customize-hook='cp "$1"/boot/vmlinuz-* "$1/../vmlinuz" && cp "$1"/boot/initrd.img-* "$1/../initrd.img"' \
  bookworm "$work/root" - < "$sources" >&2

# 3 GiB sparse; the packages take about 0.8.
mkfs.ext4 -q -F -L outpost-vm -d "$work/root" "$work/rootfs.img" 3G >&2  # it says "Creating regular file" on stdout, which is the image path's
rm -rf "$work/root"
rm -rf "$out"; mkdir -p "$out"
mv "$work/rootfs.img" "$work/vmlinuz" "$work/initrd.img" "$out/"
echo "build-image.sh: built in $(( $(date +%s) - start )) s: $(du -sh --apparent-size "$out/rootfs.img" | cut -f1) image ($(du -sh "$out/rootfs.img" | cut -f1) used), initrd $(du -h "$out/initrd.img" | cut -f1)" >&2
echo "$out"
