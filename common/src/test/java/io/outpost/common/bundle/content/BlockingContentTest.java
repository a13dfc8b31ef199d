package io.outpost.common.bundle.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code blocking} content as the publisher and the gateway read it, and every refusal named by field. */
class BlockingContentTest {

    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text.replace('\'', '"'));
    }

    private static List<String> problems(String content) throws Exception {
        return assertThrows(InvalidContentException.class, () -> BundleContents.parse("blocking", json(content))).problems();
    }

    @Test
    void fourOptionalListsOfConditions() throws Exception {
        Blocking b = (Blocking) BundleContents.parse("blocking", json("""
                {'ips': ['192.0.2.7', '198.51.100.0/24', '2001:db8::/32', '192.0.2.10-192.0.2.20'],
                 'applications': ['42', 'admin:DefaultApplication'], 'users': ['mallory'],
                 'apis': ['/petstore/v1/', 'PetStore:1.0.0']}
                """));
        assertEquals(List.of("192.0.2.7", "198.51.100.0/24", "2001:db8::/32", "192.0.2.10-192.0.2.20"),
                b.ips().stream().map(IpRange::text).toList());
        assertEquals(List.of("42", "admin:DefaultApplication"), b.applications());
        assertEquals(List.of("mallory"), b.users());
        assertEquals(List.of("/petstore/v1", "PetStore:1.0.0"), b.apis(), "a context's trailing '/' is dropped");
        assertEquals(Blocking.NONE, BundleContents.parse("blocking", json("{}")));
        assertTrue(((Blocking) BundleContents.parse("blocking", json("{'ips': []}"))).isEmpty());
    }

    @Test
    void everyWrongEntryIsNamedByItsPlaceInTheList() throws Exception {
        List<String> p = problems("""
                {'ips': ['192.0.2.7', 42, 'gateway.example.com', '10.0.0.1/8'], 'users': [''], 'apis': ['petstore'],
                 'applications': 'app', 'hosts': []}
                """);
        assertEquals(List.of(
                "hosts: unknown field; expected one of apis, applications, ips, users",
                "ips[1]: must be a non-empty string (got number 42)",
                "ips[2]: 'gateway.example.com' is not an IP address (192.0.2.7, 2001:db8::7), a network "
                        + "(198.51.100.0/24, 2001:db8::/32) or a range (192.0.2.10-192.0.2.20)",
                "ips[3]: '10.0.0.1/8' has host bits set; the network is 10.0.0.0/8",
                "applications: must be a list (got string \"app\")",
                "users[0]: must be a non-empty string (got string \"\")",
                "apis[0]: 'petstore' must be an API's context, e.g. /petstore/v1 (its base path), or its Name:Version, "
                        + "e.g. PetStore:1.0.0"), p);
        assertEquals(List.of("(content): must be an object (got array [])"), problems("[]"));
    }

    @Test
    void aBundleAddsToTheBaselineAndNeverTakesAway() {
        Blocking yaml = new Blocking(List.of(IpRange.parse("192.0.2.7")), List.of("1"), List.of(), List.of("/a"));
        Blocking bundle = new Blocking(List.of(IpRange.parse("192.0.2.7"), IpRange.parse("10.0.0.0/8")), List.of(),
                List.of("eve"), List.of());
        Blocking both = yaml.plus(bundle);
        assertEquals(List.of(IpRange.parse("192.0.2.7"), IpRange.parse("10.0.0.0/8")), both.ips());
        assertEquals(List.of("1"), both.applications());
        assertEquals(List.of("eve"), both.users());
        assertEquals(List.of("/a"), both.apis());
        assertEquals(yaml, yaml.plus(Blocking.NONE));
    }
}
