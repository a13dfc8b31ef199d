package io.outpost.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The filtered build-info.properties: Maven's version, and the commit of the checkout (or "unknown" without .git). */
class BuildInfoTest {

    @Test
    void versionAndCommitAreFilteredIn() {
        assertTrue(BuildInfo.version().matches("\\d+\\.\\d+\\.\\d+.*"), BuildInfo.version());
        // Tests run from a clone: the commit is there. A tarball build says "unknown" (never a "${...}" placeholder).
        assertTrue(BuildInfo.commit().matches("[0-9a-f]{7,40}|unknown"), BuildInfo.commit());
    }

    @Test
    void oneVersionLineFormat() {
        assertEquals("outpost gateway " + BuildInfo.version() + " (commit " + BuildInfo.commit() + ")",
                BuildInfo.versionLine("gateway"));
    }
}
