package io.outpost.gateway.endpoint;

/** A backend connection could not be had; {@link Kind} decides the answer the client gets. */
public final class BackendUnavailableException extends Exception {
    public enum Kind {
        /** Name resolution, TCP connect or its timeout: the member is down (503, fails over). */
        CONNECT,
        /** The TLS handshake failed: untrusted certificate, wrong host name, no client certificate (502). */
        TLS,
        /** Every pooled connection stayed busy for the whole wait time (503, the member is not blamed). */
        POOL_EXHAUSTED
    }

    private final Kind kind;

    public BackendUnavailableException(Kind kind, String message, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
