package io.outpost.common.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one error format (FILE:LINE:COL: error: MESSAGE, hint line) from the problems ConfigReader records. */
class ErrorFormatTest {

    @Test
    void configReaderProblemsBecomeOneFormatLines(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("x.yaml");
        Files.writeString(file, "port: ninety\ncolour: red\n");
        ConfigReader r = ConfigReader.open(file);
        r.known("", r.root(), Set.of("port"));
        r.number("", r.root(), "port", 0, 65535, 0);
        var errors = ErrorFormat.errors(r.failure());
        assertEquals(file + ":2:1: error: colour: unknown key; expected one of port", errors.get(0));
        assertEquals(file + ":1:1: error: port: must be a whole number from 0 to 65535 (got \"ninety\")", errors.get(1));
        errors.forEach(e -> assertTrue(ErrorFormat.isFormatted(e), e));
    }

    @Test
    void fileWithoutLineAlreadyFormattedAndHint() {
        assertEquals("/etc/outpost/sync.yaml: error: configuration file not found",
                ErrorFormat.error("/etc/outpost/sync.yaml: configuration file not found"));
        assertEquals("a.conf:3:1: error: not valid TOML", ErrorFormat.error("a.conf:3:1: error: not valid TOML"));
        assertEquals("a.yaml:1:1: error: m" + System.lineSeparator() + "  hint: h", ErrorFormat.format("a.yaml:1:1", "error", "m", "h"));
        assertFalse(ErrorFormat.isFormatted("  invalid configuration:"));
    }

    @Test
    void aWarningAtItsPositionInTheOneFormatElseBehindTheProgram() {
        assertEquals("/etc/outpost/gateway.yaml:12:19: warning: security.basic.users[1].password: user 'admin' has an unsalted hash",
                ErrorFormat.warning("outpost gateway",
                        "/etc/outpost/gateway.yaml:12:19: security.basic.users[1].password: user 'admin' has an unsalted hash"));
        assertEquals("outpost gateway: warning: --dev: serving an artifact signed by untrusted key k1",
                ErrorFormat.warning("outpost gateway", "--dev: serving an artifact signed by untrusted key k1"));
        assertEquals("outpost gateway: warning: API 'ep': backend a:1: no such host",
                ErrorFormat.warning("outpost gateway", "API 'ep': backend a:1: no such host"));
        assertTrue(ErrorFormat.isFormatted(ErrorFormat.warning("p", "a.yaml:1:2: k: v")));
    }
}
