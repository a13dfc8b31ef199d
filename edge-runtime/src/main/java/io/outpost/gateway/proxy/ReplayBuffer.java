package io.outpost.gateway.proxy;

import io.netty.handler.codec.http.HttpContent;
import java.util.ArrayList;
import java.util.List;

/**
 * The request body kept so it can be sent again on a retry or failover. Bounded: once the body
 * outgrows the limit the copies are dropped and the request counts as not replayable (a retry
 * after the first body byte went upstream is then impossible, and refused honestly).
 */
final class ReplayBuffer {
    private final long limit;
    private final List<HttpContent> held = new ArrayList<>();
    private long bytes;
    private boolean usable = true;

    ReplayBuffer(long limit) {
        this.limit = limit;
    }

    void offer(HttpContent content) {
        if (!usable) {
            return;
        }
        int n = content.content().readableBytes();
        if (bytes + n > limit) {
            discard();
            return;
        }
        bytes += n;
        held.add(content.retainedDuplicate());
    }

    /** Whether every body piece received so far is held. */
    boolean usable() {
        return usable;
    }

    /** Fresh references to the held pieces, in order, for one more attempt. */
    List<HttpContent> copies() {
        List<HttpContent> copies = new ArrayList<>(held.size());
        for (HttpContent c : held) {
            copies.add(c.retainedDuplicate());
        }
        return copies;
    }

    /** Frees the copies; no replay is possible afterwards. */
    void discard() {
        usable = false;
        for (HttpContent c : held) {
            c.release();
        }
        held.clear();
    }
}
