package io.outpost.common.credentials;

/**
 * A stored password or key hash that cannot be used. The message completes "the hash ..." and ends
 * with the fix, so a config reader can put it after the key's file and line as it is.
 */
public final class CredentialFormatException extends IllegalArgumentException {
    public CredentialFormatException(String message) {
        super(message);
    }
}
