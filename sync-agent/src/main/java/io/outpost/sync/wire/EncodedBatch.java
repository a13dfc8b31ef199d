package io.outpost.sync.wire;

/**
 * A batch ready to send or export: the gzip NDJSON body exactly as it goes on the wire (kept as is
 * across retries, so a resend is byte-identical) and the sizes for metrics and pacing.
 *
 * @param ndjsonBytes size before compression (header line included)
 */
public record EncodedBatch(BatchHeader header, byte[] gzip, long ndjsonBytes) {}
