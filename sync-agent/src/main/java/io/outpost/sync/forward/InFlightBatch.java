package io.outpost.sync.forward;

import io.outpost.common.json.Json;
import io.outpost.sync.wire.BatchDecoder;
import io.outpost.sync.wire.BatchFormatException;
import io.outpost.sync.wire.DecodedBatch;
import io.outpost.sync.wire.EncodedBatch;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch being sent, kept as its exact wire bytes ({@code <stateDir>/sync-in-flight.ndjson.gz})
 * from before its first attempt until it is acknowledged. A batch the receiver stored but
 * the agent did not live to acknowledge (a kill between the 2xx and the acknowledgement, or before
 * the answer came) may lose its journal cycle to the gateway's budget before the agent runs again;
 * re-read from the journal it would then be reported lost although it was delivered. So a starting
 * agent sends this batch again first (the receiver de-duplicates it) and reads on after it: what
 * was delivered is counted delivered, the rest of a deleted cycle lost, each index once.
 *
 * <p>A new file per batch, written in place and deleted once the batch is acknowledged, without
 * fsync: a batch is in flight for milliseconds (unless the link is down), and the pages of a file
 * deleted before the kernel writes them back never reach the device, so keeping every batch costs
 * the flash next to nothing (a temp file renamed over the last one would be written out each time:
 * ext4 flushes a file that replaces another). A kill in the middle of writing it leaves a torn file,
 * which is ignored: that batch had not been sent. Exact across kills of the agent; a power cut can
 * lose the file as it can lose the acknowledgement.
 */
final class InFlightBatch {
    static final String FILE_NAME = "sync-in-flight.ndjson.gz";
    private static final Logger LOG = LoggerFactory.getLogger(InFlightBatch.class);

    private final Path file;
    private boolean failing;

    InFlightBatch(Path stateDir) {
        this.file = stateDir.resolve(FILE_NAME);
    }

    /** Keeps {@code batch} before it is first sent. A failure costs only the exactness above: it is logged, not thrown. */
    void keep(EncodedBatch batch) {
        try {
            Files.deleteIfExists(file); // normally gone with the last acknowledgement
            Files.write(file, batch.gzip(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            failing = false;
        } catch (IOException e) {
            if (!failing) {
                LOG.warn("cannot keep the batch in flight in {} ({}); sending it anyway: if the agent stops before it "
                        + "is acknowledged and the gateway's budget deletes its cycle meanwhile, it is reported lost "
                        + "although delivered", file, e.toString());
                failing = true;
            }
        }
    }

    /** The batch kept is acknowledged: it is not in flight any more. */
    void acknowledged() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", file, e.toString()); // keep() deletes it first; at a start it is stale
        }
    }

    /**
     * The batch that was in flight when the agent last stopped, if it belongs to this journal
     * ({@code deviceId}, {@code epoch}) and goes past {@code acknowledged}; else empty. As an item
     * of the first generation, with its first event's time (for the status's oldest pending event).
     */
    Optional<BatchPipeline.Item> unacknowledged(String deviceId, long epoch, long acknowledged) {
        byte[] gzip;
        try {
            gzip = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("cannot read the batch that was in flight from {}: {}", file, e.toString());
            return Optional.empty();
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            byte[] ndjson = in.readAllBytes(); // a batch this agent made: within its batch.maxBytes
            DecodedBatch batch = BatchDecoder.decode(new ByteArrayInputStream(ndjson), ndjson.length);
            var h = batch.header();
            if (!h.deviceId().equals(deviceId) || h.epoch() != epoch || h.lastIndex() <= acknowledged
                    || batch.events().isEmpty()) {
                return Optional.empty(); // acknowledged, or of a journal that is gone
            }
            long firstMillis = Json.mapper().readTree(batch.events().get(0).json()).path("timeMillis").asLong(0);
            return Optional.of(new BatchPipeline.Item(new EncodedBatch(h, gzip, ndjson.length), 0, firstMillis));
        } catch (IOException | BatchFormatException e) {
            LOG.warn("ignoring {}, which is not a whole batch: {}", file, e.toString());
            return Optional.empty();
        }
    }
}
