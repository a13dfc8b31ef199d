package io.outpost.gateway.throttling.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.outpost.common.bundle.content.IpRange;
import io.outpost.common.yaml.ConfigException;
import io.outpost.common.yaml.ConfigReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code throttling.blocking} in gateway.yaml: the four lists, and every problem at its line with the fix. */
class BlockingSettingsTest {
    @TempDir
    Path dir;

    private record Read(BlockingSettings settings, List<String> problems) {}

    private Read read(String yaml) throws Exception {
        Path file = Files.writeString(dir.resolve("gateway.yaml"), yaml);
        ConfigReader r = ConfigReader.open(file);
        BlockingSettings settings = BlockingSettings.read(r, "/throttling", r.object("", r.root(), "throttling"));
        try {
            r.failIfProblems();
            return new Read(settings, List.of());
        } catch (ConfigException e) {
            return new Read(settings, e.problems());
        }
    }

    @Test
    void absentOrEmptyBlocksNothing() throws Exception {
        assertSame(BlockingSettings.NONE, read("listen: {port: 8080}\n").settings());
        assertSame(BlockingSettings.NONE, read("throttling: {}\n").settings());
        assertSame(BlockingSettings.NONE, read("throttling:\n  blocking: {ips: []}\n").settings());
    }

    @Test
    void theFourLists() throws Exception {
        Read read = read("""
                throttling:
                  blocking:
                    ips: [192.0.2.7, 198.51.100.0/24, "2001:db8::/32", 203.0.113.10-203.0.113.20]
                    applications: ["42", admin:Scraper]
                    users: [mallory]
                    apis: [/petstore/v1, Orders:2.1]
                """);
        assertEquals(List.of(), read.problems());
        var c = read.settings().conditions();
        assertEquals(List.of("192.0.2.7", "198.51.100.0/24", "2001:db8::/32", "203.0.113.10-203.0.113.20"),
                c.ips().stream().map(IpRange::text).toList());
        assertEquals(List.of("42", "admin:Scraper"), c.applications());
        assertEquals(List.of("mallory"), c.users());
        assertEquals(List.of("/petstore/v1", "Orders:2.1"), c.apis());
    }

    @Test
    void everyProblemIsReportedWithFileLineAndFix() throws Exception {
        Read read = read("""
                throttling:
                  blocking:
                    ips:
                      - 192.0.2.7
                      - localhost
                      - 10.0.0.1/8
                    applications: [42]
                    users: mallory
                    apis: [petstore]
                    hosts: []
                """);
        String f = dir.resolve("gateway.yaml").toString();
        assertEquals(List.of(
                f + ":10:5: throttling.blocking.hosts: unknown key; expected one of apis, applications, ips, users",
                f + ":5:9: throttling.blocking.ips[1]: 'localhost' is not an IP address (192.0.2.7, 2001:db8::7), a network "
                        + "(198.51.100.0/24, 2001:db8::/32) or a range (192.0.2.10-192.0.2.20)",
                f + ":6:9: throttling.blocking.ips[2]: '10.0.0.1/8' has host bits set; the network is 10.0.0.0/8",
                f + ":7:20: throttling.blocking.applications[0]: must be a non-empty string (got 42); quote it: \"42\"",
                f + ":8:5: throttling.blocking.users: must be a list, e.g. users: [mallory]",
                f + ":9:12: throttling.blocking.apis[0]: 'petstore' must be an API's context, e.g. /petstore/v1 (its base path), "
                        + "or its Name:Version, e.g. PetStore:1.0.0"), read.problems());
    }
}
