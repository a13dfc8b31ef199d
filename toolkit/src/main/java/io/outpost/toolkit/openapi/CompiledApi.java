package io.outpost.toolkit.openapi;

import io.outpost.common.model.ApiDefinition;
import io.outpost.common.yaml.SourcePosition;
import io.outpost.toolkit.project.ApiSource;

/**
 * One compiled definition, with what the cross-API checks need to point at.
 *
 * @param basePathAt where the base path was declared (for duplicate base path messages)
 */
public record CompiledApi(ApiSource source, ApiDefinition api, SourcePosition basePathAt) {
}
