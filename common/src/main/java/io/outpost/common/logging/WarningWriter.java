package io.outpost.common.logging;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Writes an operator warning from its own thread: the warning is decided on an event loop (a backend
 * refused, a circuit opened), and stderr may be a pipe that is slow or full; the loop only offers the
 * line. Lines are rare (rate-limited), so a small queue suffices; a full one drops and counts.
 */
public final class WarningWriter {
    private static final BlockingQueue<Line> QUEUE = new ArrayBlockingQueue<>(256);
    private static final AtomicLong DROPPED = new AtomicLong();
    private static volatile Thread writer;

    private record Line(Logger log, String text) {}

    private WarningWriter() {}

    /** Writes {@code text} at warn under {@code log}, soon, on the writer thread; never blocks. */
    public static void warn(Logger log, String text) {
        if (writer == null) {
            start();
        }
        if (!QUEUE.offer(new Line(log, text))) {
            DROPPED.incrementAndGet();
        }
    }

    /** Warnings dropped because the writer could not keep up. */
    public static long dropped() {
        return DROPPED.get();
    }

    private static synchronized void start() {
        if (writer != null) {
            return;
        }
        Thread t = new Thread(WarningWriter::run, "outpost-warnings");
        t.setDaemon(true);
        t.start();
        writer = t;
    }

    private static void run() {
        while (true) {
            try {
                Line line = QUEUE.take();
                line.log().warn(line.text());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // a broken stderr: nothing to say it on; keep taking so the queue never fills for good
            }
        }
    }
}
