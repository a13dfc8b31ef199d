#!/bin/sh
# The device set's jars and their sizes (issue 14: gateway + sync agent + the CLI a device runs, goal
# <= 20 MiB; docs/device.md records the figures). Reads an installed or extracted package:
#   packaging/device-jars.sh [SHARE_DIR] [ROLE...]
# SHARE_DIR defaults to packaging/target/stage/share/outpost (what `mvn -pl packaging package` stages),
# ROLES to "gateway sync device" (device: the device CLI, provisioning module; the toolkit is not in the package).
set -eu
share="${1:-$(dirname "$0")/target/stage/share/outpost}"
[ $# -gt 0 ] && shift
roles="${*:-gateway sync device}"
[ -d "$share/classpath" ] || { echo "device-jars: no $share/classpath: build with mvn -pl packaging package" >&2; exit 2; }
list="$(for r in $roles; do cat "$share/classpath/$r"; done | sort -u)"
# One jar a line: bytes, family, name. A family is who brings it (the first matching pattern wins).
echo "$list" | while read -r jar; do
  size=$(wc -c < "$share/lib/$jar")
  case "$jar" in
    outpost-*) family=outpost ;;
    bcprov-*|bcpkix-*|bcutil-*) family=bouncycastle ;;
    chronicle-*) family=chronicle ;;
    jna-*|jnr-*|jffi-*|asm-*|affinity-*|posix-*|compiler-*) family="chronicle-native (JNA/JNR/jffi/ASM)" ;;
    netty-*) family=netty ;;
    jackson-*|snakeyaml-*) family="jackson+snakeyaml" ;;
    nimbus-*) family=nimbus-jose-jwt ;;
    prometheus-*) family=prometheus ;;
    *) family=other ;;
  esac
  printf '%s\t%s\t%s\n' "$size" "$family" "$jar"
done | sort -rn > "${TMPDIR:-/tmp}/device-jars.$$"
total=$(awk -F'\t' '{ s += $1 } END { print s }' "${TMPDIR:-/tmp}/device-jars.$$")
echo "device set ($roles): $(echo "$list" | wc -l) jars, $total bytes = $(awk -v t="$total" 'BEGIN { printf "%.2f", t / 1048576 }') MiB"
echo "by family:"
awk -F'\t' -v t="$total" '{ f[$2] += $1 } END { for (k in f) printf "  %7.2f MiB  %4.1f%%  %s\n", f[k] / 1048576, 100 * f[k] / t, k }' \
  "${TMPDIR:-/tmp}/device-jars.$$" | sort -rn
echo "largest jars:"
head -n 12 "${TMPDIR:-/tmp}/device-jars.$$" | awk -F'\t' '{ printf "  %7.2f MiB  %s\n", $1 / 1048576, $3 }'
rm -f "${TMPDIR:-/tmp}/device-jars.$$"
