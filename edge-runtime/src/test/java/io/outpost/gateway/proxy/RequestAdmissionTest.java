package io.outpost.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.outpost.gateway.config.GatewayConfig;
import org.junit.jupiter.api.Test;

/** The checks before routing, on decoded heads. */
class RequestAdmissionTest {
    private static final GatewayConfig.Limits LIMITS = GatewayConfig.defaults().limits();

    private static HttpRequest get(String target, String... headers) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, target);
        for (int i = 0; i < headers.length; i += 2) {
            request.headers().add(headers[i], headers[i + 1]);
        }
        return request;
    }

    @Test
    void anOriginFormRequestIsAdmittedWithItsNormalizedPathAndHost() {
        var admitted = assertInstanceOf(RequestAdmission.Admitted.class,
                RequestAdmission.check(get("/a/./b/../c?q=1", "Host", "gw:8080"), LIMITS));
        assertEquals("gw:8080", admitted.host());
        assertEquals("q=1", admitted.path().rawQuery());
        assertEquals(-1, admitted.declaredLength());
    }

    @Test
    void absoluteFormTakesTheAuthorityAsTheHost() {
        var admitted = assertInstanceOf(RequestAdmission.Admitted.class,
                RequestAdmission.check(get("http://elsewhere:81/a/c", "Host", "gw"), LIMITS));
        assertEquals("elsewhere:81", admitted.host());
    }

    @Test
    void framingRefusalsCloseAndPathRefusalsDoNot() {
        var noHost = assertInstanceOf(RequestAdmission.Refused.class, RequestAdmission.check(get("/a"), LIMITS));
        assertEquals(400, noHost.fault().status().code());
        assertTrue(noHost.close());
        var twoHosts = assertInstanceOf(RequestAdmission.Refused.class,
                RequestAdmission.check(get("/a", "Host", "x", "Host", "y"), LIMITS));
        assertTrue(twoHosts.close());
        var badPath = assertInstanceOf(RequestAdmission.Refused.class,
                RequestAdmission.check(get("/a/%2e%2e/%2e%2e/b", "Host", "gw"), LIMITS));
        assertEquals(400, badPath.fault().status().code());
        assertFalse(badPath.close());
    }

    @Test
    void aDeclaredBodyOverTheLimitIs413() {
        var refused = assertInstanceOf(RequestAdmission.Refused.class, RequestAdmission.check(
                get("/a", "Host", "gw", "Content-Length", String.valueOf(LIMITS.maxRequestBodyBytes() + 1)), LIMITS));
        assertEquals(413, refused.fault().status().code());
    }
}
