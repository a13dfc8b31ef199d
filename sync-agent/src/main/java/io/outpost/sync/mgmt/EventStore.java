package io.outpost.sync.mgmt;

import io.outpost.sync.status.AgentLock;
import io.outpost.sync.wire.DecodedBatch;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.journal.JournalJson;
import io.outpost.journal.MetricsSnapshotRecord;
import io.outpost.common.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The reference receiver's storage: one append-only NDJSON file per device
 * ({@code <data>/events/<deviceId>.ndjson}, each event line exactly as received), fsynced before a
 * batch is answered, and an in-memory index of every event id, rebuilt from the files on start.
 * A torn last line (crash mid-write) is cut off on start; its batch was never answered, so the
 * agent sends it again. One process owns a data directory at a time ({@code .lock}).
 */
final class EventStore implements AutoCloseable {
    /**
     * Totals per device since the files began (accepted, stored bytes) or since start (duplicates,
     * batches); when it last sent (its file's time after a restart); its latest metrics snapshot, or null.
     */
    record DeviceStats(long accepted, long duplicates, long batches, long lastIndex, long epoch, long storedBytes,
                       long lastSeenMillis, MetricsSnapshotRecord snapshot) {}

    record Result(int accepted, int duplicates) {}

    private static final byte[] METRICS_TYPE = ("\"" + JournalJson.TYPE_METRICS + "\"").getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Path eventsDir;
    private final AgentLock lock;
    private final Map<String, DeviceLog> devices = new HashMap<>();

    private EventStore(Path eventsDir, AgentLock lock) {
        this.eventsDir = eventsDir;
        this.lock = lock;
    }

    /** Opens (and locks) a data directory, rebuilding the id index from the event files. */
    static EventStore open(Path dataDir) throws IOException {
        Path events = dataDir.resolve("events");
        Files.createDirectories(events);
        AgentLock lock = AgentLock.tryAcquire(dataDir.resolve(".lock"));
        if (lock == null) {
            throw new IOException(dataDir + " is in use by another outpost mgmt process (serve or import); stop it first");
        }
        EventStore store = new EventStore(events, lock);
        try (Stream<Path> files = Files.list(events)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".ndjson")).sorted().toList()) {
                String device = f.getFileName().toString();
                device = device.substring(0, device.length() - ".ndjson".length());
                store.devices.put(device, DeviceLog.recover(f));
            }
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    Path eventFile(String deviceId) {
        return eventsDir.resolve(deviceId + ".ndjson");
    }

    /** Stores the batch's new events (in order), skipping ids already stored; durable on return. */
    synchronized Result ingest(DecodedBatch batch) throws IOException {
        String device = batch.header().deviceId();
        DeviceLog log = devices.get(device);
        if (log == null) {
            log = DeviceLog.recover(eventFile(device));
            devices.put(device, log);
        }
        return log.append(batch);
    }

    synchronized Map<String, DeviceStats> stats() {
        Map<String, DeviceStats> out = new TreeMap<>();
        devices.forEach((id, log) -> out.put(id, log.stats()));
        return out;
    }

    @Override
    public synchronized void close() throws IOException {
        for (DeviceLog log : devices.values()) {
            log.channel.close();
        }
        lock.close();
    }

    /** One device's file and id index. */
    private static final class DeviceLog {
        private final FileChannel channel;
        private final Map<Long, IndexRanges> byEpoch = new HashMap<>();
        /** Ids that do not follow {@code <device>:<epoch>:<index>} (another agent's): kept as strings. */
        private final Set<String> otherIds = new HashSet<>();
        private long accepted;
        private long duplicates;
        private long batches;
        private long lastIndex = -1;
        private long lastEpoch = -1;
        private long lastSeenMillis;
        private long storedBytes;
        /** The device's newest metrics snapshot (by its time: an old stick imported late does not replace it). */
        private MetricsSnapshotRecord snapshot;
        private final Path file;

        private DeviceLog(FileChannel channel, Path file) {
            this.channel = channel;
            this.file = file;
        }

        static DeviceLog recover(Path file) throws IOException {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            DeviceLog log = new DeviceLog(ch, file);
            try {
                log.rebuild();
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw new IOException(file + ": cannot rebuild the event index: " + e.getMessage(), e);
            }
            return log;
        }

        /** Re-reads the whole file into the index, cutting off a torn last line. */
        private void rebuild() throws IOException {
            byEpoch.clear();
            otherIds.clear();
            accepted = 0;
            snapshot = null;
            long complete = 0;
            long offset = 0;
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(512);
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            channel.position(0);
            while (channel.read(buf) > 0) {
                buf.flip();
                byte[] a = buf.array();
                int from = 0;
                for (int i = 0; i < buf.limit(); i++) {
                    if (a[i] == '\n') {
                        line.write(a, from, i - from);
                        byte[] stored = line.toByteArray();
                        remember(idOf(stored));
                        keepIfSnapshot(stored);
                        accepted++;
                        line.reset();
                        complete = offset + i + 1;
                        from = i + 1;
                    }
                }
                line.write(a, from, buf.limit() - from);
                offset += buf.limit();
                buf.clear();
            }
            if (complete < channel.size()) {
                // Torn tail from a crash mid-write: that batch was never answered, so it comes again.
                channel.truncate(complete);
                channel.force(true);
            }
            channel.position(complete);
            storedBytes = complete;
            lastSeenMillis = complete == 0 ? 0 : Files.getLastModifiedTime(file).toMillis();
        }

        Result append(DecodedBatch batch) throws IOException {
            int fresh = 0;
            int dup = 0;
            ByteBuffer out = ByteBuffer.allocate(estimate(batch));
            for (DecodedBatch.EventLine e : batch.events()) {
                if (!remember(e.id())) {
                    dup++;
                    continue;
                }
                if (out.remaining() < e.json().length + 1) {
                    out = grow(out, e.json().length + 1);
                }
                out.put(e.json()).put((byte) '\n');
                fresh++;
            }
            out.flip();
            long before = channel.position();
            try {
                while (out.hasRemaining()) {
                    channel.write(out);
                }
                channel.force(false);
            } catch (IOException ex) {
                // Nothing of a failed batch may stay, or its ids would be refused as duplicates when resent.
                channel.truncate(before);
                rebuild();
                throw ex;
            }
            storedBytes += out.limit();
            for (DecodedBatch.EventLine e : batch.events()) {
                keepIfSnapshot(e.json()); // a duplicate is the same snapshot: keeping it again changes nothing
            }
            accepted += fresh;
            duplicates += dup;
            batches++;
            lastSeenMillis = System.currentTimeMillis();
            lastIndex = Math.max(lastIndex, batch.header().lastIndex());
            lastEpoch = batch.header().epoch();
            return new Result(fresh, dup);
        }

        DeviceStats stats() {
            return new DeviceStats(accepted, duplicates, batches, lastIndex, lastEpoch, storedBytes, lastSeenMillis,
                    snapshot);
        }

        /** Keeps a {@code "metrics"} event if it is the device's newest; other lines cost a byte scan. */
        private void keepIfSnapshot(byte[] line) throws IOException {
            if (!contains(line, METRICS_TYPE)) {
                return;
            }
            JsonNode node = Json.mapper().readTree(line);
            if (JournalJson.TYPE_METRICS.equals(node.path("type").asText())) {
                MetricsSnapshotRecord m = JournalJson.metrics(node);
                if (snapshot == null || m.timeMillis() >= snapshot.timeMillis()) {
                    snapshot = m;
                }
            }
        }

        private static boolean contains(byte[] line, byte[] part) {
            outer:
            for (int i = 0; i + part.length <= line.length; i++) {
                for (int j = 0; j < part.length; j++) {
                    if (line[i + j] != part[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        }

        /** Adds an id to the index; false if it was already there. */
        private boolean remember(String id) {
            int last = id.lastIndexOf(':');
            int mid = last <= 0 ? -1 : id.lastIndexOf(':', last - 1);
            if (mid > 0) {
                try {
                    long epoch = Long.parseLong(id, mid + 1, last, 10);
                    long index = Long.parseLong(id, last + 1, id.length(), 10);
                    if (index >= 0) {
                        return byEpoch.computeIfAbsent(epoch, k -> new IndexRanges()).add(index);
                    }
                } catch (NumberFormatException e) {
                    // not our id shape: fall through
                }
            }
            return otherIds.add(id);
        }

        /** The top-level id of a stored line; stops at it (our events carry it second). */
        private static String idOf(byte[] line) throws IOException {
            try (JsonParser p = Json.mapper().getFactory().createParser(line)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new IOException("stored line is not a JSON object");
                }
                for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                    String name = p.currentName();
                    p.nextToken();
                    if ("id".equals(name)) {
                        return p.getText();
                    }
                    p.skipChildren();
                }
            }
            throw new IOException("stored line has no id");
        }

        private static int estimate(DecodedBatch batch) {
            long sum = 0;
            for (DecodedBatch.EventLine e : batch.events()) {
                sum += e.json().length + 1;
            }
            return (int) Math.min(Integer.MAX_VALUE - 16, sum);
        }

        private static ByteBuffer grow(ByteBuffer b, int need) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(b.capacity() * 2, b.position() + need));
            b.flip();
            bigger.put(b);
            return bigger;
        }
    }
}
