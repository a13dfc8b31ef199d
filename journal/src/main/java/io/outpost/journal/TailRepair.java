package io.outpost.journal;

import java.nio.file.Path;

/** Placeholder: repairs the newest cycle's tail before the writer appends (see below). */
final class TailRepair {
    private TailRepair() {}

    static void repairNewestCycle(Path directory) {}
}
