package io.outpost.gateway.pipeline;

import java.util.List;

/**
 * A route's compiled stages, in the pipeline's order, and the renderer of its local replies.
 * Empty for a route with nothing to check: such an exchange goes straight to the backend.
 */
public record RoutePipeline(List<Stage> stages, LocalReplies replies) {
    public RoutePipeline {
        stages = List.copyOf(stages);
    }

    public boolean isEmpty() {
        return stages.isEmpty();
    }
}
