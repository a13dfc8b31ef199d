package io.outpost.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcknowledgementTest {
    @TempDir
    Path dir;

    @Test
    void readsBackItsOwnEpochOnly() throws Exception {
        assertEquals(OptionalLong.empty(), Acknowledgement.read(dir, 5));
        Acknowledgement.write(dir, 5, 1234);
        assertEquals(OptionalLong.of(1234), Acknowledgement.read(dir, 5));
        assertEquals(OptionalLong.empty(), Acknowledgement.read(dir, 6));
        Acknowledgement.write(dir, 5, 1300);
        assertEquals(OptionalLong.of(1300), Acknowledgement.read(dir, 5));
    }

    @Test
    void aTornFileMeansNoAcknowledgement() throws Exception {
        Files.writeString(dir.resolve("acknowledged"), "5 12x");
        assertEquals(OptionalLong.empty(), Acknowledgement.read(dir, 5));
    }
}
