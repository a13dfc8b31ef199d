package io.outpost.gateway.pipeline;

import java.util.List;

/**
 * A route's compiled stages, in the pipeline's order, and the renderer of its local replies.
 * Empty for a route with nothing to check: such an exchange goes straight to the backend.
 *
 * @param decodesResponse whether a stage reads the response, so that it must reach the exchange as
 *                        decoded messages (else a response in the common shape goes on as bytes)
 */
public record RoutePipeline(List<Stage> stages, LocalReplies replies, boolean decodesResponse) {
    public RoutePipeline {
        stages = List.copyOf(stages);
    }

    public RoutePipeline(List<Stage> stages, LocalReplies replies) {
        this(stages, replies, stages.stream().anyMatch(Stage::readsResponse));
    }

    public boolean isEmpty() {
        return stages.isEmpty();
    }
}
