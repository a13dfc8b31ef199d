#!/usr/bin/env bash
# The tests tagged "arm" on aarch64 HotSpot under qemu-user (issue 15, level 1): Debian's arm64 JRE from
# a cached sysroot, run through jvm-aarch64/bin/java as Surefire's <jvm> (mvn -Parm64), child JVMs
# through the same wrapper, every JVM checked to report os.arch=aarch64. See arm-test/README.md.
#   ARM_TIMEOUT_FACTOR  how much longer the tests wait than natively (default 10)
#   ARM_GROUPS          the JUnit tag expression to run (default arm)
#   ARM_CACHE           where the sysroot lives (default arm-test/cache, ignored by git)
#   extra arguments go to Maven, e.g. -pl journal -am, or -Dtest=KilledWriterTest -Dsurefire.failIfNoSpecifiedTests=false
# Needs root and apt-get the first time (qemu-user-static, the arm64 packages); fails, never skips, when
# they cannot be had.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.."
start=$(date +%s)

"$here/setup-sysroot.sh"
setup=$(date +%s)

# The wrapper must really give an aarch64 JVM before any test trusts it.
arch=$("$here/jvm-aarch64/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *os.arch = //p')
if [ "$arch" != aarch64 ]; then
  echo "arm-test: the wrapper's JVM reports os.arch='$arch', not aarch64" >&2
  exit 1
fi

mvn -B -Parm64 test -Darm.timeoutFactor="${ARM_TIMEOUT_FACTOR:-10}" -Darm.groups="${ARM_GROUPS:-arm}" "$@"
end=$(date +%s)
echo "arm-test: sysroot $((setup - start)) s, tagged tests on aarch64 $((end - setup)) s" >&2
