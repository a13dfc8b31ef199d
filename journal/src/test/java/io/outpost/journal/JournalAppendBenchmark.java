package io.outpost.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;
import net.openhft.chronicle.wire.DocumentContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the appender thread spends per record: encoding a typical exchange and appending it to
 * Chronicle (the gateway's event loops only pay for {@link JournalWriter#offer}). Run with
 * {@code journal/jmh.sh}; built only with {@code -Pjmh}, never by {@code mvn verify}.
 */
@State(Scope.Thread)
public class JournalAppendBenchmark {
    private Path dir;
    private SingleChronicleQueue queue;
    private ExcerptAppender appender;
    private final ByteSink sink = new ByteSink(256);
    private final ExchangeRecord[] records = new ExchangeRecord[64];
    private int next;
    private long appended;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("journal-bench");
        queue = ChronicleQueues.forWriting(dir, RollPeriod.DAILY, 0);
        appender = queue.acquireAppender();
        for (int i = 0; i < records.length; i++) {
            records[i] = SampleRecords.typical(1_795_350_190_000L + i, i);
        }
    }

    @Benchmark
    public int encode() {
        RecordCodec.encode(records[next++ & 63], sink);
        return sink.size();
    }

    @Benchmark
    public long encodeAndAppend() {
        RecordCodec.encode(records[next++ & 63], sink);
        try (DocumentContext dc = appender.writingDocument()) {
            dc.wire().bytes().write(sink.array(), 0, sink.size());
        }
        appended++;
        return appender.lastIndexAppended();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        if (appended > 0) {
            SingleChronicleQueueStore store = queue.storeForCycle(queue.lastCycle(), queue.epoch(), false, null);
            long used = store.writePosition();
            queue.closeStore(store);
            // Chronicle's per-cycle index area is a fixed cost, so count it only when the cycle is large.
            System.out.printf("%n[journal] %d records, %d bytes used in the cycle file: %.1f bytes/record "
                    + "(payload %d + 4-byte header + index)%n", appended, used, (double) used / appended, sink.size());
        }
        queue.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static {
        // Keep JMH's output readable: no Chronicle chatter at INFO.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }

    /** Documentation only: the unit the numbers are in. */
    static final TimeUnit UNIT = TimeUnit.NANOSECONDS;
}
