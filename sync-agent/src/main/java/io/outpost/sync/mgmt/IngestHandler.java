package io.outpost.sync.mgmt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.outpost.common.json.Json;
import io.outpost.sync.wire.BatchDecoder;
import io.outpost.sync.wire.BatchFormatException;
import io.outpost.sync.wire.DecodedBatch;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/ingest}: a gzip NDJSON batch in, {@code {"accepted":N,"duplicates":M}} out,
 * answered only after the events are on disk. The whole batch is checked before any of it is
 * stored, so a 400 never leaves half a batch behind.
 */
final class IngestHandler implements HttpHandler {
    /** Compressed body limit; the agent's default batches are far smaller. */
    static final long MAX_BODY_BYTES = 16L << 20;
    /** Decompressed limit (a gzip bomb stops here); also what one batch may hold in the heap. */
    static final long MAX_NDJSON_BYTES = 32L << 20;
    private static final Logger LOG = LoggerFactory.getLogger(IngestHandler.class);

    private final EventStore store;
    private final Auth auth;
    private final Faults faults;
    final LongAdder refused = new LongAdder();
    private final LongAdder bytesRead;

    /** @param bytesRead counts the request bytes read (ReceiverMetrics) */
    IngestHandler(EventStore store, Auth auth, Faults faults, LongAdder bytesRead) {
        this.bytesRead = bytesRead;
        this.store = store;
        this.auth = auth;
        this.faults = faults;
    }

    private InputStream counted(InputStream in) {
        return new java.io.FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    bytesRead.increment();
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    bytesRead.add(n);
                }
                return n;
            }
        };
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (HttpIo.refuseMethodOtherThan(ex, "POST")) {
                return;
            }
            Faults.Plan fault = faults == null ? null : faults.take();
            if (FaultResponder.apply(fault, ex)) {
                return;
            }
            if (auth.refuse(ex)) {
                return;
            }
            String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
            boolean gzip = encoding != null && encoding.trim().equalsIgnoreCase("gzip");
            if (encoding != null && !gzip && !encoding.trim().equalsIgnoreCase("identity")) {
                HttpIo.error(ex, 415, "Content-Encoding must be gzip (or identity), not " + encoding);
                return;
            }
            String type = ex.getRequestHeaders().getFirst("Content-Type");
            if (type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-ndjson")) {
                HttpIo.error(ex, 415, "Content-Type must be application/x-ndjson, not " + type);
                return;
            }
            DecodedBatch batch;
            long started = System.nanoTime();
            try {
                InputStream body = HttpIo.limited(counted(ex.getRequestBody()), MAX_BODY_BYTES);
                batch = BatchDecoder.decode(gzip ? new GZIPInputStream(body, 64 * 1024) : body, MAX_NDJSON_BYTES);
            } catch (HttpIo.TooLarge e) {
                refused.increment();
                HttpIo.error(ex, 413, e.getMessage() + "; send smaller batches");
                return;
            } catch (ZipException e) {
                refused.increment();
                HttpIo.error(ex, 400, "body is not valid gzip: " + e.getMessage());
                return;
            } catch (java.io.EOFException e) {
                refused.increment();
                HttpIo.error(ex, 400, "body ends early (truncated gzip stream)");
                return;
            } catch (BatchFormatException e) {
                refused.increment();
                HttpIo.error(ex, e.getMessage().startsWith("batch is larger") ? 413 : 400, e.getMessage());
                return;
            }
            long decoded = System.nanoTime();
            EventStore.Result r = store.ingest(batch);
            FaultResponder.afterStored(fault);
            LOG.debug("batch from {}: {} accepted, {} duplicates; read+decode {} ms, store {} ms", batch.header().deviceId(),
                    r.accepted(), r.duplicates(), (decoded - started) / 1_000_000, (System.nanoTime() - decoded) / 1_000_000);
            ObjectNode out = Json.mapper().createObjectNode();
            out.put("accepted", r.accepted());
            out.put("duplicates", r.duplicates());
            HttpIo.json(ex, 200, out);
        }
    }
}
