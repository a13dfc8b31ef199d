/**
 * The analytics journal: one versioned record per exchange in a Chronicle Queue (ARCHITECTURE.md
 * contract 4). The gateway writes through {@link io.outpost.journal.JournalWriter} (never blocking
 * its event loops) and alone deletes cycle files; the sync agent reads through
 * {@link io.outpost.journal.JournalReader}, sends {@link io.outpost.journal.JournalJson} lines and
 * records its progress with {@link io.outpost.journal.Acknowledgement}. See journal/README.md.
 */
package io.outpost.journal;
