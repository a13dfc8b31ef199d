package io.outpost.common.artifact;

/** An artifact that must not be loaded: malformed, altered, unsigned or signed by an untrusted key. */
public class ArtifactException extends Exception {
    public ArtifactException(String message) {
        super(message);
    }

    public ArtifactException(String message, Throwable cause) {
        super(message, cause);
    }
}
