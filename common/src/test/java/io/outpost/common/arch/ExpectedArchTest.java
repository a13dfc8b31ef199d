package io.outpost.common.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * common's tests cannot use test-support (it depends on common), so its ExpectedArchExtension does not
 * reach them: this test fails the emulated run (arm-test/run.sh) if common's test JVM is not on the
 * expected architecture. Natively no architecture is expected and it passes.
 */
@Tag("arm")
class ExpectedArchTest {
    @Test
    void theTestJvmRunsOnTheExpectedArchitecture() {
        String expected = System.getProperty("outpost.test.expectArch");
        if (expected != null && !expected.isBlank()) {
            assertEquals(expected, System.getProperty("os.arch"), "common's test JVM fell back to the host's?");
        }
    }
}
