package io.outpost.common.model;

import java.util.Map;

/**
 * One OpenAPI security requirement object: every named scheme must pass (AND), with the scopes
 * listed. A list of these is an OR. An empty requirement means "anonymous allowed".
 */
public record SecurityRequirement(Map<String, java.util.List<String>> schemes) {
    public SecurityRequirement {
        schemes = schemes == null ? Map.of() : schemes;
    }
}
