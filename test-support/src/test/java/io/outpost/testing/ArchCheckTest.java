package io.outpost.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The guard of the emulated run (arm-test/run.sh), checked natively: a child JVM whose os.arch is not
 * the one the run expects fails at start, naming itself, instead of quietly running the host's JVM.
 */
class ArchCheckTest {
    @AfterEach
    void noArchExpected() {
        System.clearProperty("outpost.test.expectArch");
    }

    @Test
    void aChildOnAnotherArchitectureFailsAtStart() {
        System.setProperty("outpost.test.expectArch", "not-" + System.getProperty("os.arch"));
        AssertionError e = assertThrows(AssertionError.class,
                () -> JavaProcess.of("toolkit", Hello.class.getName()).start().close());
        assertTrue(e.getMessage().contains("exited with 86"), e.getMessage());
        assertTrue(e.getMessage().contains("child os.arch=" + System.getProperty("os.arch")), e.getMessage());
    }

    @Test
    void aChildOnTheExpectedArchitectureRunsItsMain() throws Exception {
        System.setProperty("outpost.test.expectArch", System.getProperty("os.arch"));
        JavaProcess.Result r = JavaProcess.of("toolkit", Hello.class.getName(), "there").run(Duration.ofSeconds(30));
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("hello there"), r.output());
    }

    /** A child main. */
    public static final class Hello {
        public static void main(String[] args) {
            System.out.println("hello " + args[0]);
        }
    }
}
