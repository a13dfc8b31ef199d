package io.outpost.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live cycle alone over maxJournalBytes (e.g. a daily roll at a high rate): it cannot be
 * deleted while it is written, so the appender stops journaling until the next cycle starts, counts
 * what it drops, and journals the count as one {@code budget} loss record first thing in the new
 * cycle. The housekeeper then deletes the full cycle like any other over the budget. Appender
 * thread only.
 */
final class BudgetPause {
    private static final Logger LOG = LoggerFactory.getLogger(BudgetPause.class);
    private static final int NONE = Integer.MIN_VALUE;

    private final RollPeriod period;
    private final long maxJournalBytes;
    private final WriterCounters counters;
    private int cycle = NONE;
    private long unjournaled;

    BudgetPause(RollPeriod period, long maxJournalBytes, WriterCounters counters) {
        this.period = period;
        this.maxJournalBytes = maxJournalBytes;
        this.counters = counters;
    }

    /** After a housekeeping pass: pauses if it found the live cycle over the budget, ends a pause the clock has left. */
    void update(Housekeeper.OverBudget over, int currentCycle) {
        if (cycle != NONE && currentCycle != cycle) {
            end();
        }
        if (over != null && cycle == NONE && over.cycle() == currentCycle) {
            cycle = over.cycle();
            counters.pausedOverBudget = true;
            LOG.warn("journal paused: the live cycle {} alone takes {} bytes, over analytics.maxJournalBytes ({}); "
                    + "exchanges are counted as lost, not journaled, until the next cycle starts. Fix: {}",
                    over.file(), over.bytes(), maxJournalBytes, fix());
        }
    }

    /** Whether a record arriving in {@code currentCycle} is dropped (and counted); a new cycle ends the pause. */
    boolean drops(int currentCycle) {
        if (cycle == NONE) {
            return false;
        }
        if (currentCycle != cycle) {
            end();
            return false;
        }
        unjournaled++;
        counters.droppedOverBudget.incrementAndGet();
        counters.lostToBudget.incrementAndGet();
        return true;
    }

    boolean active() {
        return cycle != NONE;
    }

    /** Dropped records not yet journaled as a loss record. */
    long unjournaled() {
        return unjournaled;
    }

    void journaled() {
        unjournaled = 0;
    }

    private void end() {
        LOG.info("journal resumed in a new cycle; {} exchanges were dropped over the budget", unjournaled);
        cycle = NONE;
        counters.pausedOverBudget = false;
    }

    private String fix() {
        return switch (period) {
            case DAILY -> "a shorter analytics.rollPeriod (hourly), or a larger analytics.maxJournalBytes";
            case HOURLY -> "a shorter analytics.rollPeriod (minutely), or a larger analytics.maxJournalBytes";
            default -> "a larger analytics.maxJournalBytes (one " + period.name().toLowerCase(java.util.Locale.ROOT)
                    + " cycle of this traffic does not fit)";
        };
    }
}
