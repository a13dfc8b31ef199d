package io.outpost.sync.mgmt;

/** {@code outpost mgmt}: the reference management receiver; not available in this build yet. */
public final class MgmtMain {
    private MgmtMain() {}

    public static void main(String[] args) {
        boolean help = args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"));
        (help ? System.out : System.err).println("""
                Usage: outpost mgmt serve ...
                The reference management receiver (event ingest, update bundles).
                It is not available in this build yet.""");
        System.exit(help ? 0 : 2);
    }
}
