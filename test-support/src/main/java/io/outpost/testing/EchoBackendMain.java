package io.outpost.testing;

/**
 * {@link EchoBackend} as a process of its own, for tests that need the backend somewhere the test
 * JVM is not (inside a network namespace): {@code EchoBackendMain PORT} (0 = any free port) prints
 * {@code echo-backend ready port=N} and serves until killed.
 */
public final class EchoBackendMain {
    private EchoBackendMain() {}

    public static void main(String[] args) throws Exception {
        EchoBackend backend = new EchoBackend("echo", args.length > 0 ? Integer.parseInt(args[0]) : 0, null);
        System.out.println("echo-backend ready port=" + backend.port());
        System.out.flush();
        Thread.currentThread().join(); // the server's threads are daemons: keep the process up until killed
    }
}
