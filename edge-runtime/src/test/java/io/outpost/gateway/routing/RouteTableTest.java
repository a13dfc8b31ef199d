package io.outpost.gateway.routing;

import static io.outpost.gateway.TestApis.api;
import static io.outpost.gateway.TestApis.endpoint;
import static io.outpost.gateway.TestApis.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.model.SecurityRequirement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    private final RouteTable table = RouteTable.of(List.of(
            api("pets", "/petstore/v1", endpoint("http://b"), true, null, List.of(
                    resource("GET", "/pet/{petId}"),
                    resource("DELETE", "/pet/{petId}"),
                    resource("GET", "/pet/findByStatus"),
                    resource("GET", "/files/{name}.{ext}"),
                    resource("GET", "/any/*"))),
            api("nested", "/petstore/v1/admin", endpoint("http://b"), null, null, List.of(
                    resource("GET", "/users"),
                    resource("GET", "/open", null, null, List.of(), List.of()),
                    resource("GET", "/anon", null, null, List.of(new SecurityRequirement(Map.of())), List.of()),
                    resource("GET", "/off", null, true, null, List.of())))));

    private RouteTable.Lookup find(String method, String path) throws Exception {
        return table.find(method, PathNormalizer.normalize(path));
    }

    @Test
    void concretePathBeatsTemplate() throws Exception {
        var found = assertInstanceOf(RouteTable.Found.class, find("GET", "/petstore/v1/pet/findByStatus"));
        assertEquals("/pet/findByStatus", found.route().resource().path());
        var param = assertInstanceOf(RouteTable.Found.class, find("GET", "/petstore/v1/pet/42"));
        assertEquals(Map.of("petId", "42"), param.pathParameters());
    }

    @Test
    void methodIsLookedUpInTheChosenPathOnly() throws Exception {
        var notAllowed = assertInstanceOf(RouteTable.MethodNotAllowed.class, find("DELETE", "/petstore/v1/pet/findByStatus"));
        assertEquals(List.of("GET", "HEAD"), notAllowed.allowed());
        assertInstanceOf(RouteTable.Found.class, find("HEAD", "/petstore/v1/pet/7"));
    }

    @Test
    void longestBasePathWins() throws Exception {
        var found = assertInstanceOf(RouteTable.Found.class, find("GET", "/petstore/v1/admin/users"));
        assertEquals("nested", found.route().api().name());
        assertEquals(3, found.baseSegments());
    }

    @Test
    void partialTemplatesAndWildcards() throws Exception {
        var file = assertInstanceOf(RouteTable.Found.class, find("GET", "/petstore/v1/files/report.pdf"));
        assertEquals(Map.of("name", "report", "ext", "pdf"), file.pathParameters());
        assertInstanceOf(RouteTable.Found.class, find("GET", "/petstore/v1/any/deep/er"));
    }

    @Test
    void unknownApiAndResource() throws Exception {
        assertInstanceOf(RouteTable.NoApi.class, find("GET", "/nothing"));
        assertInstanceOf(RouteTable.NoApi.class, find("GET", "/petstore"));
        assertInstanceOf(RouteTable.NoResource.class, find("GET", "/petstore/v1/pet"));
        assertInstanceOf(RouteTable.NoResource.class, find("GET", "/petstore/v1/pet/1/2"));
    }

    @Test
    void securityFailsClosedUnlessExplicitlyOpen() throws Exception {
        assertTrue(((RouteTable.Found) find("GET", "/petstore/v1/admin/users")).route().secured(), "no security declared = secured");
        assertFalse(((RouteTable.Found) find("GET", "/petstore/v1/admin/open")).route().secured(), "security: [] = open");
        assertFalse(((RouteTable.Found) find("GET", "/petstore/v1/admin/anon")).route().secured(), "{} alternative = open");
        assertFalse(((RouteTable.Found) find("GET", "/petstore/v1/admin/off")).route().secured(), "disable-security");
        assertFalse(((RouteTable.Found) find("GET", "/petstore/v1/pet/1")).route().secured(), "API-level disable-security");
    }
}
