package io.outpost.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceIdTest {
    @TempDir
    Path state;

    @Test
    void configuredWinsAndWritesNothing() {
        assertEquals("edge-7", DeviceId.loadOrCreate(state, "  edge-7 "));
        assertFalse(Files.exists(state.resolve("device-id")));
    }

    @Test
    void generatedOnceThenKept() throws Exception {
        String first = DeviceId.loadOrCreate(state, null);
        assertTrue(first.matches("[0-9a-f-]{36}"), first);
        assertEquals(first, Files.readString(state.resolve("device-id")).strip());
        assertEquals(first, DeviceId.loadOrCreate(state, ""));
        assertEquals(first, DeviceId.loadOrCreate(state, "   "));
    }

    @Test
    void anIdThatWouldMakeEventIdsAmbiguousIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> DeviceId.loadOrCreate(state, "a:b"));
        assertThrows(IllegalArgumentException.class, () -> DeviceId.loadOrCreate(state, "a b"));
    }
}
