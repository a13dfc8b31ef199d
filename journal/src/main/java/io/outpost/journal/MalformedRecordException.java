package io.outpost.journal;

/** Bytes that are not a journal record this version can read (corrupt, or from an incompatible format). */
public final class MalformedRecordException extends IllegalArgumentException {
    public MalformedRecordException(String message) {
        super(message);
    }
}
