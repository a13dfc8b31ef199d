package io.outpost.gateway.routing;

import io.outpost.common.model.ApiDefinition;
import io.outpost.common.model.Resource;
import io.outpost.common.model.SecurityRequirement;
import java.util.List;

/**
 * Whether a resource must be authenticated. Like the WSO2 Microgateway, a resource with no
 * security declared anywhere is secured (OAuth2 by default): the gateway fails closed. It is open
 * only when {@code x-wso2-disable-security: true} applies, when the effective {@code security} is an
 * explicit empty list, or when one of its alternatives is the empty requirement {@code {}}.
 */
final class SecurityDeclaration {
    private SecurityDeclaration() {}

    static boolean declaresSecurity(ApiDefinition api, Resource resource) {
        Boolean disabled = resource.disableSecurity() != null ? resource.disableSecurity() : api.disableSecurity();
        if (Boolean.TRUE.equals(disabled)) {
            return false;
        }
        List<SecurityRequirement> requirements = resource.security() != null ? resource.security() : api.security();
        if (requirements == null) {
            return true;
        }
        if (requirements.isEmpty()) {
            return false;
        }
        return requirements.stream().noneMatch(r -> r.schemes().isEmpty());
    }
}
