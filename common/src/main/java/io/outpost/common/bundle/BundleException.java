package io.outpost.common.bundle;

/** An update bundle that was refused, with a reason callers can count and a message operators can act on. */
public class BundleException extends Exception {
    /** Why a bundle was refused. */
    public enum Reason {
        /** Not a compact JWS, or its payload is not a bundle. */
        MALFORMED,
        /** An algorithm other than EdDSA (including "none"), or header parameters we do not understand. */
        ALGORITHM,
        /** Signed by (or naming) a key other than the configured update-signing key. */
        WRONG_KEY,
        /** The signature does not verify: the bundle was altered. */
        BAD_SIGNATURE,
        /** A type this device does not know. */
        UNKNOWN_TYPE,
        /** Its sequence is not newer than the bundle already installed. */
        ROLLBACK,
        /** The file could not be read or written. */
        IO
    }

    private final Reason reason;

    public BundleException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public BundleException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
