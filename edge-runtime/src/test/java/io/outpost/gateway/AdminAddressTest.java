package io.outpost.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reload client's own reading of admin.host/port, and of the admin port's answer, without the YAML and JSON libraries. */
class AdminAddressTest {
    @TempDir
    Path dir;

    private AdminAddress plain(String yaml) throws Exception {
        Path f = dir.resolve("gateway.yaml");
        Files.writeString(f, yaml);
        return AdminAddress.plain(f);
    }

    @Test
    void readsABlockStyleAdminSectionWithCommentsAndQuotes() throws Exception {
        AdminAddress a = plain("""
                # the device's file
                listeners:
                  http:
                    port: 9090   # not this port
                admin:
                  # loopback only
                  host: "::1"
                  port: 19097 # the admin port
                stateDir: /var/lib/outpost
                """);
        assertEquals("::1", a.host());
        assertEquals(19097, a.port());
        assertEquals("::1", a.connectHost());
    }

    @Test
    void defaultsWhereTheFileSaysNothing() throws Exception {
        AdminAddress a = plain("admin:\n  host: 0.0.0.0\n");
        assertEquals(9097, a.port());
        assertEquals("127.0.0.1", a.connectHost());
        assertEquals(9097, plain("stateDir: x\n").port());
    }

    @Test
    void readsTheOneLineFlowStyleOfThePackagedFile() throws Exception {
        AdminAddress a = plain("listeners:\n  http: {host: 0.0.0.0, port: 9090}\nadmin: {host: 127.0.0.2, port: 9197}   # GET /health\n");
        assertEquals("127.0.0.2", a.host());
        assertEquals(9197, a.port());
    }

    @Test
    void leavesToTheFullLoaderWhatIsNotPlain() throws Exception {
        assertNull(plain("admin: {host: \"127.0.0.1\", port: 1}\n"));
        assertNull(plain("admin: {host: 127.0.0.1,\n  port: 1}\n"));
        assertNull(plain("admin: &a\n  port: 1\n"));
        assertNull(plain("admin:\n  port: ninety\n"));
        assertNull(plain("admin:\n  port: 1\nadmin:\n  port: 2\n"));
        assertNull(plain("admin:\n  prot: 1\n"));
        assertNull(plain("admin:\n  port: 1\n    nested: 2\n"));
        assertNull(AdminAddress.plain(dir.resolve("missing.yaml")));
    }

    @Test
    void readsTheAdminPortsFlatAnswer() {
        Map<String, String> m = FlatJson.read("{\"result\": \"refused\", \"message\": \"a \\\"b\\\"\\nc \\u00e9\", \"generation\": 2, \"x\": null}");
        assertEquals("refused", m.get("result"));
        assertEquals("a \"b\"\nc \u00e9", m.get("message"));
        assertEquals("2", m.get("generation"));
        assertEquals("null", m.get("x"));
        assertEquals(Map.of(), FlatJson.read(" {} "));
    }
}
