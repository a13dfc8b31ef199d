package io.outpost.gateway.config;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.yaml.ConfigException;
import io.outpost.journal.Acknowledgement;
import io.outpost.journal.ExchangeRecord;
import io.outpost.journal.JournalSettings;
import io.outpost.journal.JournalWriter;
import io.outpost.journal.Outcome;
import io.outpost.journal.RollPeriod;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal settings gateway.yaml refuses, each with file, line and the fix: a budget that cannot
 * hold two cycles, and a rollPeriod other than that of a journal still holding unforwarded events.
 */
class JournalConfigTest {
    @TempDir
    Path dir;

    @Test
    void aBudgetBelowTwoCyclesIsRefusedWithTheMinimum() throws Exception {
        Path yaml = write("""
                analytics:
                  maxJournalBytes: 1048576
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfigLoader.load(yaml));
        assertEquals(1, e.problems().size(), e.problems().toString());
        String problem = e.problems().get(0);
        assertTrue(problem.startsWith(yaml + ":2:3: analytics.maxJournalBytes: must hold two journal cycles"), problem);
        assertTrue(problem.contains("Fix: maxJournalBytes: 3145728 or more"), problem);

        Path enough = write("""
                analytics:
                  maxJournalBytes: 3145728
                """);
        assertEquals(JournalSettings.MIN_MAX_JOURNAL_BYTES, GatewayConfigLoader.load(enough).analytics().maxJournalBytes());
    }

    @Test
    void aChangedRollPeriodIsRefusedWhileTheJournalHoldsUnforwardedEvents() throws Exception {
        Path journal = dir.resolve("state/journal");
        long epoch;
        long last;
        try (JournalWriter w = JournalWriter.open(JournalSettings.defaults(journal).withRollPeriod(RollPeriod.HOURLY), "edge-1")) {
            for (int i = 0; i < 3; i++) {
                w.offer(ExchangeRecord.builder().timeMillis(System.currentTimeMillis()).method("GET").status(200)
                        .outcome(Outcome.COMPLETED).build());
            }
            await().until(() -> w.stats().appended() == 3);
            epoch = w.epoch();
            last = w.stats().lastIndex();
        }
        Path yaml = write("""
                stateDir: state
                analytics:
                  deviceId: edge-1
                  rollPeriod: daily
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfigLoader.load(yaml));
        String problem = e.problems().get(0);
        assertTrue(problem.startsWith(yaml + ":4:3: analytics.rollPeriod: the journal in " + journal
                + " rolls hourly and still holds 3 events not forwarded"), problem);
        assertTrue(problem.contains("Fix: keep rollPeriod: hourly until 'outpost sync status' shows an empty backlog"), problem);

        // Forwarded: the configuration is accepted, and the writer starts the journal anew with the new period.
        Acknowledgement.write(journal, epoch, last);
        assertEquals(RollPeriod.DAILY, GatewayConfigLoader.load(yaml).analytics().rollPeriod());
        Path same = write("""
                stateDir: state
                analytics: {rollPeriod: hourly}
                """);
        Acknowledgement.write(journal, epoch, last - 1);
        assertEquals(RollPeriod.HOURLY, GatewayConfigLoader.load(same).analytics().rollPeriod(), "the journal's own period");
    }

    private Path write(String yaml) throws Exception {
        return Files.writeString(dir.resolve("gateway.yaml"), yaml);
    }
}
