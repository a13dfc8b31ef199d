package io.outpost.sync;

/**
 * {@code outpost sync}: the store-and-forward agent. The journal it forwards is not written yet
 * (the analytics stage comes next), so this entry point only says so instead of pretending.
 */
public final class SyncMain {
    private SyncMain() {}

    public static void main(String[] args) {
        boolean help = args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"));
        (help ? System.out : System.err).println("""
                Usage: outpost sync [run|status|export|import] ...
                The sync agent forwards the gateway's analytics journal to API Management.
                It is not available in this build yet: the gateway does not journal events so far.""");
        System.exit(help ? 0 : 2);
    }
}
