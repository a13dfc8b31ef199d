package io.outpost.sync.wire;

/** A batch that does not follow the ingest format; the message says where (line N) and what. */
public class BatchFormatException extends Exception {
    public BatchFormatException(String message) {
        super(message);
    }
}
