package io.outpost.gateway.pipeline;

import io.outpost.common.model.ApiDefinition;
import java.util.List;

/**
 * Builds a generation the way the gateway's assembly does (its stage order, local replies and
 * backend connector), off the event loops, so that a new artifact, a reload or a test can swap it
 * in through {@link Generations}.
 */
@FunctionalInterface
public interface GenerationCompiler {
    /** @throws IllegalArgumentException when the definitions' routes or endpoints cannot be built */
    Generation compile(List<ApiDefinition> apis);
}
