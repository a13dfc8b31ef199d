package io.outpost.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathNormalizerTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/a/b|/a/b",
            "/a/./b|/a/b",
            "/a/x/../b|/a/b",
            "/a/%2e%2e/b|/b",
            "/a/%2E%2e/b|/b",
            "/a/%2e/b|/a/b",
            "/a/b/|/a/b/",
            "/|/",
            "/a/%41bc|/a/Abc",
            "/a/caf%C3%A9|/a/caf%C3%A9",
            "/a/b%20c|/a/b%20c",
            "/a/x:y@z|/a/x:y@z",
    })
    void resolvesDotSegmentsAndReEncodesCanonically(String target, String forwarded) throws Exception {
        assertEquals(forwarded, PathNormalizer.normalize(target).encoded(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/a/%2F/b", "/a/%2f/b", "/a%2Fb", "/a/%5C/b", "/a/%5c", "/a/%00", "/a/%252e%252e/b", "/a/%25",
            "/a//b", "/a/;x=1", "/a;jsessionid=1/b", "/a/%3B", "/a\\b", "/a/%zz", "/a/%2", "/..", "/a/../..",
            "/a/%2e%2e/%2e%2e", "/a/%C3%28", "*", "http://evil/a", "/a#frag", "/a/\u00e9", "/a/%0d%0a",
            "/a/b?x=\u0001"})
    void refusesAmbiguousTargets(String target) {
        assertThrows(PathNormalizer.RejectedPath.class, () -> PathNormalizer.normalize(target));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"/a?x=1&y=%2F|x=1&y=%2F", "/a|", "/a?|''"})
    void keepsTheRawQuery(String target, String query) throws Exception {
        assertEquals(query, PathNormalizer.normalize(target).rawQuery());
    }

    @org.junit.jupiter.api.Test
    void segmentsAreDecoded() throws Exception {
        assertEquals(List.of("pet", "a b"), PathNormalizer.normalize("/pet/a%20b").segments());
    }
}
