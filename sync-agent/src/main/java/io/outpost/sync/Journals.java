package io.outpost.sync;

import io.outpost.journal.JournalReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opening the gateway's journal, which may not exist yet when the agent starts first. */
final class Journals {
    private static final Logger LOG = LoggerFactory.getLogger(Journals.class);

    private Journals() {}

    /** Opens the journal, waiting (and saying so once) until the gateway has created it. Null if stopped first. */
    static JournalReader openWhenReady(Path dir, BooleanSupplier stopping) throws InterruptedException {
        boolean said = false;
        while (!stopping.getAsBoolean()) {
            if (Files.isDirectory(dir)) {
                try {
                    return JournalReader.open(dir);
                } catch (IOException | RuntimeException e) {
                    if (!said) {
                        LOG.warn("cannot open the journal at {} yet ({}); retrying", dir, e.toString());
                        said = true;
                    }
                }
            } else if (!said) {
                LOG.info("waiting for the gateway to create its journal at {}", dir);
                said = true;
            }
            TimeUnit.SECONDS.sleep(1);
        }
        return null;
    }

    /** Opens an existing journal now, for the one-shot commands. */
    static JournalReader openExisting(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("no journal at " + dir + " (is 'journal' in sync.yaml the gateway's journal directory?)");
        }
        return JournalReader.open(dir);
    }
}
