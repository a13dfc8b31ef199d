# Sourced by /usr/bin/outpost, /usr/bin/outpost-gateway, /usr/bin/outpost-sync and cds-refresh: how the
# package starts a JVM (the checkout's ./outpost does the same from target/). POSIX sh.
#   OUTPOST_SHARE    the jars, their class path lists and jvm.properties (default /usr/share/outpost;
#                    the package's tests point it at an extracted copy)
#   OUTPOST_CDS_DIR  the class-data sharing archives postinst makes (default /var/cache/outpost)
#   OUTPOST_JAVA_OPTS  more JVM options, after the project's;  JAVA_HOME  which java (default: java on PATH)
OUTPOST_SHARE="${OUTPOST_SHARE:-/usr/share/outpost}"
OUTPOST_CDS_DIR="${OUTPOST_CDS_DIR:-/var/cache/outpost}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# One role's options from jvm.properties, the file Maven, the tests and ./outpost read too.
outpost_prop() {
  sed -n "s/^$1=//p" "$OUTPOST_SHARE/jvm.properties" | tail -n 1
}

# A role's class path: classpath/ROLE names its jars in lib/, one a line, in the order of the module's
# build. An explicit list, not lib/*: the roles need different jars (the device CLI needs no Netty, the
# gateway does), and a class-data sharing archive is only used with the class path it was made with.
outpost_classpath() {
  sed "s#^#$OUTPOST_SHARE/lib/#" "$OUTPOST_SHARE/classpath/$1" | paste -sd: -
}

# outpost_exec OPTIONS CLASSPATH MAIN ARGS...: OPTIONS is the jvm.properties role (gateway, sync,
# sync-status, device), CLASSPATH the classpath/ list (gateway, sync, device).
outpost_exec() {
  options=$1 classpath=$2 main=$3
  shift 3
  [ -f "$OUTPOST_SHARE/classpath/$classpath" ] || {
    echo "outpost: $OUTPOST_SHARE/classpath/$classpath is missing: is the outpost package installed whole?" >&2
    exit 2
  }
  cds=
  if [ -f "$OUTPOST_CDS_DIR/$options.jsa" ]; then
    # A stale archive (another JDK) is ignored with a warning: warnings go to stderr, never stdout.
    cds="-XX:SharedArchiveFile=$OUTPOST_CDS_DIR/$options.jsa -Xshare:auto -Xlog:disable -Xlog:all=warning:stderr"
  fi
  # shellcheck disable=SC2046,SC2086 # the options are space-separated by design (jvm.properties)
  exec "$JAVA" $(outpost_prop jvm.common) $(outpost_prop "jvm.$options") $cds ${OUTPOST_JAVA_OPTS:-} \
    -cp "$(outpost_classpath "$classpath")" "$main" "$@"
}
