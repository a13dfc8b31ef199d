package io.outpost.journal;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A stand-in gateway for the kill -9 test: appends records whose timeMillis is their sequence
 * number, reports progress on stdout, and never exits by itself.
 *
 * <pre>
 *   burst DIR N   append N, wait until all are in the journal, print "APPENDED lastIndex N", then idle
 *   stream DIR    append without end, printing "PROGRESS appended lastIndex" every 1000 records
 * </pre>
 */
public final class AppendingMain {
    private AppendingMain() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path dir = Path.of(args[1]);
        JournalWriter writer = JournalWriter.open(JournalSettings.defaults(dir), "edge-kill");
        PacedOffers offers = new PacedOffers(writer);
        if (mode.equals("burst")) {
            int n = Integer.parseInt(args[2]);
            for (int i = 0; i < n; i++) {
                offers.offer(SampleRecords.typical(i, i));
            }
            offers.awaitAppended();
            System.out.println("APPENDED " + writer.stats().lastIndex() + " " + n);
            new CountDownLatch(1).await(); // killed from outside
        } else {
            long reported = 0;
            for (long i = 0; ; i++) {
                offers.offer(SampleRecords.typical(i, (int) i));
                JournalStats s = writer.stats();
                if (s.appended() - reported >= 1000) {
                    reported = s.appended();
                    System.out.println("PROGRESS " + s.appended() + " " + s.lastIndex());
                }
            }
        }
    }
}
