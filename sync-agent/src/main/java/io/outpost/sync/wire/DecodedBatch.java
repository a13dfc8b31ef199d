package io.outpost.sync.wire;

import java.util.List;

/** A batch that passed format checks: its header and its events, each line as received. */
public record DecodedBatch(BatchHeader header, List<EventLine> events) {
    /** One event: its id and its JSON line (without the line end), stored verbatim by the receiver. */
    public record EventLine(String id, byte[] json) {}
}
