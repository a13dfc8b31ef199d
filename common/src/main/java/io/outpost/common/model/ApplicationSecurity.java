package io.outpost.common.model;

import java.util.List;

/** {@code x-wso2-application-security}: which application-level schemes apply, and whether optional. */
public record ApplicationSecurity(List<String> securityTypes, Boolean optional) {
    public ApplicationSecurity {
        securityTypes = securityTypes == null ? List.of() : securityTypes;
    }
}
